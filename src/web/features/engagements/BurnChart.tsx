import { LineChart } from '../../components/Charts.tsx';
import { Card, Group, Skeleton, Text, Title } from '@mantine/core';
import { IconChartLine } from '@tabler/icons-react';
import { useMemo } from 'react';
import { formatAmount } from '../../../shared/units.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { axisTick, dayToTime, tooltipDay, valueTicks } from '../contracts/balance-series.ts';
import { burnSeries, dayTicks, lastPlannedDay } from './burn-series.ts';
import { useBurn } from './engagements.api.ts';
import { isOpenEngagement } from './engagements.labels.ts';
import type { Engagement } from './engagements.types.ts';

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/**
 * Burn vs estimate: consumption accumulated per work day (in the customer's zone) against the estimate in
 * force, with the line past which billable effort is held (estimate + the contract's tolerance).
 */
export function BurnChart({
  engagement: e,
  today,
  timeZone,
}: {
  engagement: Engagement;
  today: string | undefined;
  timeZone: string | undefined;
}) {
  const burn = useBurn(e.id);
  const unit = e.estimate.unit;
  const per = unit === 'minute' ? 60 : 100;
  const open = isOpenEngagement(e.status);
  const until = open && timeZone ? lastPlannedDay(e.plannedEnd, timeZone) : undefined;
  const points = useMemo(
    () => (burn.data ? burnSeries(burn.data.points, { today: open ? today : undefined, until }) : []),
    [burn.data, open, today, until],
  );

  let body;
  if (burn.error)
    body = <ErrorAlert error={burn.error} title="Could not load the burn chart" onRetry={() => void burn.refetch()} />;
  else if (burn.isPending) body = <Skeleton height={240} aria-label="Loading the chart" />;
  else if (points.length === 0) {
    body = (
      <EmptyState
        bare
        size="sm"
        icon={<IconChartLine size={24} stroke={1.5} aria-hidden />}
        title="Nothing consumed yet"
        description="The line grows with each day of billable effort."
      />
    );
  } else {
    const limit = e.estimateLimit.amount;
    const values = points.flatMap((p) => [p.consumed ?? 0, p.estimate]).concat(limit);
    const yTicks = valueTicks(0, Math.max(...values), per);
    const first = points[0]!.t;
    const last = points.at(-1)!.t;
    const domain: [number, number] = first === last ? [first - 86_400_000, last + 86_400_000] : [first, last];
    body = (
      <LineChart
        h={240}
        data={points}
        dataKey="t"
        curveType="stepAfter"
        withDots={points.length < 12}
        withLegend
        legendProps={{ verticalAlign: 'top', height: 36 }}
        gridAxis="y"
        series={[
          { name: 'consumed', label: 'Consumed', color: 'teal.6' },
          { name: 'estimate', label: 'Estimate', color: 'gray.6', strokeDasharray: '6 4' },
        ]}
        valueFormatter={(v) => formatAmount(v, unit)}
        xAxisProps={{
          type: 'number',
          scale: 'time',
          domain,
          ticks: dayTicks(domain[0], domain[1]),
          tickFormatter: (t: number) => (Number.isFinite(t) ? dayFormat.format(new Date(t)) : ''),
        }}
        yAxisProps={{
          ticks: yTicks.ticks,
          domain: yTicks.domain,
          tickFormatter: (v: number) => axisTick(v, unit),
          width: unit === 'minute' ? 48 : 64,
        }}
        tooltipProps={{ labelFormatter: tooltipDay }}
        referenceLines={[
          {
            y: limit,
            color: 'orange.6',
            label: `Estimate + tolerance (${e.estimateLimit.display})`,
            labelPosition: 'insideBottomLeft',
            strokeDasharray: '3 3',
          },
          ...(open && today && dayToTime(today) > first && dayToTime(today) < last
            ? [{ x: dayToTime(today), color: 'gray.5', label: 'Today', labelPosition: 'insideTopRight' as const }]
            : []),
        ]}
        aria-label={`Chart of consumption against the estimate of ${e.number}: ${e.consumed.display} consumed of ${e.estimate.display}`}
      />
    );
  }

  return (
    <Card component="section" aria-labelledby="burn-heading" h="100%">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} fz="h4" id="burn-heading">
          Burn vs estimate
        </Title>
        <Text size="sm" c="dimmed">
          <QuantityText value={burn.data?.consumed ?? e.consumed} /> of{' '}
          <QuantityText value={burn.data?.estimate ?? e.estimate} />
        </Text>
      </Group>
      {body}
      {burn.data && points.length ? (
        <Text size="xs" c="dimmed" mt="xs">
          By work date in the customer&apos;s time zone{open ? ', up to today' : ''}. Past the orange line, billable
          effort is held until a change order covers it.
        </Text>
      ) : null}
    </Card>
  );
}
