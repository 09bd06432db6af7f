import '@mantine/dates/styles.css';
import { Card, Group, NativeSelect, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconChartBar } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { CalendarDate } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { CardsSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { BackLink } from './FormFooter.tsx';
import { minutesText } from './format.ts';
import { useContractOptions, useSlaReport } from './requests.api.ts';
import { slaKindLabels } from './requests.labels.ts';
import type { SlaReport } from './requests.types.ts';
import { CustomerFilter } from './CustomerFilter.tsx';

function TargetCard({ t }: { t: SlaReport['targets'][number] }) {
  const decided = t.met + t.breached;
  const rate = decided ? Math.round((t.met / decided) * 100) : null;
  return (
    <Card aria-label={`${slaKindLabels[t.kind]} results`}>
      <Title order={2} fz="h4">
        {slaKindLabels[t.kind]}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t.total} target{t.total === 1 ? '' : 's'}
      </Text>
      <Group gap="xl" mb="md" wrap="wrap">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Met
          </Text>
          <Text fz={28} fw={700} c="green.8" data-testid={`met-${t.kind}`}>
            {t.met}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Breached
          </Text>
          <Text fz={28} fw={700} c={t.breached ? 'red.8' : undefined} data-testid={`breached-${t.kind}`}>
            {t.breached}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Open
          </Text>
          <Text fz={28} fw={700}>
            {t.pending + t.atRisk}
          </Text>
        </div>
      </Group>
      {rate !== null ? (
        <Progress.Root size="lg" mb={4} aria-label={`${rate}% met on time`}>
          <Progress.Section value={(t.met / decided) * 100} color="green" />
          <Progress.Section value={(t.breached / decided) * 100} color="red" />
        </Progress.Root>
      ) : null}
      <Text size="sm">
        {rate !== null ? `${rate} % met on time` : 'Nothing decided yet'}
        {t.atRisk ? ` · ${t.atRisk} at risk now` : ''}
      </Text>
      <Text size="sm" mt="xs">
        Median time to meet: <strong>{minutesText(t.medianMinutesToMeet)}</strong>
      </Text>
    </Card>
  );
}

/** Requests → SLA report: per target, how often it was met or breached and the median time to meet; per contract and period. */
export function SlaReportPage() {
  const [params, setParams] = useSearchParams();
  const customerId = params.get('customerId') ?? '';
  const contractId = params.get('contractId') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const contracts = useContractOptions(customerId || null, Boolean(customerId));
  const report = useSlaReport({ contractId: contractId || undefined, from: from || undefined, to: to || undefined });

  function set(values: Record<string, string | null>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(values)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  }

  const data = report.data;
  return (
    <>
      <BackLink to="/requests">Requests board</BackLink>
      <PageHeader
        title="SLA report"
        description="How fast emergencies were answered: per response target, met and breached counts and the median time from receipt to meeting it."
      />
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <CustomerFilter value={customerId} onChange={(v) => set({ customerId: v, contractId: null })} />
          <NativeSelect
            label="Contract"
            disabled={!customerId}
            data={[
              { value: '', label: customerId ? 'All contracts of the customer' : 'All contracts' },
              ...(contracts.data ?? []).map((c) => ({ value: c.id, label: `${c.number} (${c.status})` })),
            ]}
            value={contractId}
            onChange={(e) => set({ contractId: e.currentTarget.value })}
            w={260}
          />
          <DatePickerInput
            type="range"
            label="Received between"
            placeholder="Any time"
            clearable
            allowSingleDateInRange
            value={[from || null, to || null]}
            onChange={([a, b]) => {
              if ((a && b) || (!a && !b)) set({ from: a, to: b });
            }}
            valueFormat="D MMM YYYY"
            firstDayOfWeek={1}
            w={300}
          />
        </Group>
        {customerId && !contractId ? (
          <Text size="sm" c="dimmed">
            Choose a contract to see the figures of one retainer; without one the report covers every customer.
          </Text>
        ) : null}
        {report.error ? (
          <ErrorAlert error={report.error} title="Could not load the report" onRetry={() => void report.refetch()} />
        ) : null}
        {report.isPending ? <CardsSkeleton count={3} /> : null}
        {data ? (
          data.requests === 0 ? (
            <EmptyState
              icon={<IconChartBar size={28} stroke={1.5} aria-hidden />}
              title="No emergency requests in this selection"
              description="Change the contract or the period."
            />
          ) : (
            <>
              <Text size="sm">
                {data.requests} emergency request{data.requests === 1 ? '' : 's'}
                {data.from || data.to ? (
                  <>
                    {' '}
                    received{' '}
                    {data.from ? (
                      <>
                        from <CalendarDate value={data.from} />{' '}
                      </>
                    ) : null}
                    {data.to ? (
                      <>
                        to <CalendarDate value={data.to} />
                      </>
                    ) : null}
                  </>
                ) : (
                  ' in all'
                )}
                {data.contractId ? ` (days counted in ${data.timeZone})` : ''}.
              </Text>
              <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
                {data.targets.map((t) => (
                  <TargetCard key={t.kind} t={t} />
                ))}
              </SimpleGrid>
            </>
          )
        ) : null}
      </Stack>
    </>
  );
}
