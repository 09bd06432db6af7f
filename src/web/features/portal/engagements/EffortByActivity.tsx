import { Alert, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { DataTable } from '../../../components/DataTable.tsx';
import { CalendarDate } from '../../../components/DateTime.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { TableSkeleton } from '../../../components/Loading.tsx';
import { LoadMore } from '../../../components/LoadMore.tsx';
import { QuantityText } from '../../../components/QuantityText.tsx';
import { BillingStatusBadge } from '../../engagements/EngagementParts.tsx';
import { useEngagementEffort } from '../../engagements/engagements.api.ts';
import { activityLabels } from '../../engagements/engagements.labels.ts';
import { SectionCard } from '../../expenses/SectionCard.tsx';
import type { CustomerEffortEntry } from '../../engagements/engagements.types.ts';
import { formatAmount } from '../../../../shared/units.ts';

/** Minutes of work as the server writes hours ("10h 30m"), whatever the contract's unit. */
const hours = (minutes: number) => formatAmount(minutes, 'minute');

function Figure({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700}>{children}</Text>
    </Stack>
  );
}

/** One effort entry as the customer may see it: day, who, activity, time, units drawn, billing, note. */
function EntryRow({ e }: { e: CustomerEffortEntry }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm">
          <CalendarDate value={e.date} />
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{e.userName}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{activityLabels[e.activity]}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {hours(e.roundedMinutes)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          <QuantityText value={e.unitsDrawn} />
        </Text>
      </Table.Td>
      <Table.Td>
        <BillingStatusBadge status={e.billingStatus} />
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed" lineClamp={3}>
          {e.note}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The customer's view of an engagement's effort: totals by activity (what was drawn from the retainer
 * and what was free), and the individual entries with names and notes only when the contract lets the
 * customer see them (the server decides: `detail`).
 */
export function EffortByActivity({ engagementId }: { engagementId: string }) {
  const query = useEngagementEffort(engagementId, false);
  const totals = query.totals;
  let body;
  if (query.error) body = <ErrorAlert error={query.error} title="Could not load the effort" onRetry={query.refetch} />;
  else if (query.isPending || !totals) body = <TableSkeleton columns={4} rows={3} />;
  else if (totals.entries === 0)
    body = (
      <EmptyState
        bare
        size="sm"
        title="No effort logged yet"
        description="Time appears here as the team logs it, by activity."
      />
    );
  else {
    const entries: CustomerEffortEntry[] = query.items;
    body = (
      <Stack gap="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
          <Figure label="Drawn from the retainer">
            <QuantityText value={totals.consumed} />
          </Figure>
          <Figure label="Time logged">{hours(totals.minutes)}</Figure>
          <Figure label="Not billable">{hours(totals.nonBillableMinutes)}</Figure>
          {totals.held.amount > 0 ? (
            <Figure label="Held for a change order">
              <QuantityText value={totals.held} />
            </Figure>
          ) : totals.fixedPrice > 0 ? (
            <Figure label="Under the fixed price">{hours(totals.fixedPrice)}</Figure>
          ) : null}
        </SimpleGrid>
        <DataTable label="Effort by activity" minWidth={520} columns={['Activity', 'Entries', 'Time', 'Drawn']}>
          {totals.byActivity.map((a) => (
            <Table.Tr key={a.activity}>
              <Table.Td>
                <Text size="sm">{activityLabels[a.activity]}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{a.entries}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {hours(a.minutes)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  <QuantityText value={a.units} />
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
        {query.detail ? (
          <Stack gap="xs">
            <Title order={3} fz="h5">
              Entries
            </Title>
            <DataTable
              label="Effort entries"
              minWidth={720}
              columns={['Day', 'Who', 'Activity', 'Time', 'Drawn', 'Billing', 'Note']}
            >
              {entries.map((e) => (
                <EntryRow key={e.id} e={e} />
              ))}
            </DataTable>
            <LoadMore hasMore={query.hasMore} loading={query.loadingMore} onLoad={query.loadMore} />
          </Stack>
        ) : (
          <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden />} p="xs">
            <Text size="sm">
              Your retainer shows effort as totals by activity. Individual entries, with who worked and their notes, are
              shown when your contract provides for it: ask your account manager.
            </Text>
          </Alert>
        )}
      </Stack>
    );
  }
  return (
    <SectionCard
      title="Effort by activity"
      description="Time as the team logged it, rounded up as your contract says, and what it drew from your retainer."
    >
      {body}
    </SectionCard>
  );
}
