import { AreaChart } from '../../components/Charts.tsx';
import { Card, Group, Skeleton, Text, Title } from '@mantine/core';
import { IconChartAreaLine } from '@tabler/icons-react';
import { useMemo } from 'react';
import { formatAmount, ledgerUnitOf } from '../../../shared/units.ts';
import type { Balance, Contract } from '../../api/types.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { axisTick, balanceSeries, dayIn, dayToTime, monthTicks, tooltipDay, valueTicks } from './balance-series.ts';
import { CHART_ENTRY_LIMIT, useLedgerHistory } from './contracts.api.ts';

const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });

const perWhole = (unit: Contract['unit']) => (unit === 'hours' ? 60 : 100);

/**
 * Balance over time, with what is reserved for approved work and what is left available: one step per
 * day with postings, from the ledger entries (days in the contract's time zone), up to today, on a time
 * axis that spans the term. A line marks today.
 */
export function BalanceChart({
  contract,
  balance,
}: {
  contract: Pick<Contract, 'id' | 'unit' | 'timeZone' | 'termStart' | 'termEnd' | 'number'>;
  balance: Balance | undefined;
}) {
  const history = useLedgerHistory(contract.id);
  const today = balance ? dayIn(balance.asOf, contract.timeZone) : undefined;
  const points = useMemo(
    () => (history.data ? balanceSeries(history.data.entries, contract.timeZone, today) : []),
    [history.data, contract.timeZone, today],
  );
  const unit = ledgerUnitOf(contract.unit);

  let body;
  if (history.error)
    body = (
      <ErrorAlert
        error={history.error}
        title="Could not load the ledger for the chart"
        onRetry={() => void history.refetch()}
      />
    );
  else if (history.isPending) body = <Skeleton height={260} aria-label="Loading the chart" />;
  else if (points.length === 0) {
    body = (
      <EmptyState
        bare
        size="sm"
        icon={<IconChartAreaLine size={24} stroke={1.5} aria-hidden />}
        title="Nothing posted yet"
        description="The balance appears here from the first grant or top-up."
      />
    );
  } else {
    const first = points[0]!.t;
    const last = points.at(-1)!.t;
    const domain: [number, number] = [
      Math.min(first, dayToTime(contract.termStart)),
      Math.max(last, dayToTime(contract.termEnd)),
    ];
    const values = points.flatMap((p) => [p.balance, p.available, p.reserved]);
    const yTicks = valueTicks(Math.min(...values), Math.max(...values), perWhole(contract.unit));
    body = (
      <AreaChart
        h={260}
        data={points}
        dataKey="t"
        curveType="stepAfter"
        withDots={points.length < 3}
        withLegend
        legendProps={{ verticalAlign: 'top', height: 36 }}
        fillOpacity={0.15}
        gridAxis="x"
        series={[
          { name: 'balance', label: 'Balance', color: 'brand.6' },
          { name: 'available', label: 'Available', color: 'teal.6', strokeDasharray: '5 4' },
          { name: 'reserved', label: 'Reserved', color: 'orange.6' },
        ]}
        valueFormatter={(v) => formatAmount(v, unit)}
        xAxisProps={{
          type: 'number',
          scale: 'time',
          domain,
          ticks: monthTicks(domain[0], domain[1]),
          tickFormatter: (t: number) => (Number.isFinite(t) ? monthFormat.format(new Date(t)) : ''),
          minTickGap: 16,
        }}
        yAxisProps={{
          ticks: yTicks.ticks,
          domain: yTicks.domain,
          tickFormatter: (v: number) => axisTick(v, unit),
          width: contract.unit === 'hours' ? 52 : 72,
        }}
        tooltipProps={{ labelFormatter: tooltipDay }}
        referenceLines={[
          { y: 0, color: 'gray.5' },
          ...(today
            ? [{ x: dayToTime(today), color: 'gray.6', label: 'Today', labelPosition: 'insideTopLeft' as const }]
            : []),
        ]}
        aria-label={`Chart of the balance of contract ${contract.number} over time`}
      />
    );
  }

  return (
    <Card component="section" aria-labelledby={`chart-${contract.id}`}>
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} fz="h4" id={`chart-${contract.id}`}>
          Balance over time
        </Title>
        <Text size="xs" c="dimmed">
          End of each day, {contract.timeZone}
        </Text>
      </Group>
      {body}
      {history.data?.truncated ? (
        <Text size="xs" c="dimmed" mt="xs">
          The chart shows the first {CHART_ENTRY_LIMIT.toLocaleString()} ledger entries; the balance card and the ledger
          have every entry.
        </Text>
      ) : null}
    </Card>
  );
}
