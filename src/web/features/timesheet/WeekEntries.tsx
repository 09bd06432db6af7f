import { Anchor, Badge, Button, Card, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from 'react-router';
import { DataTable } from '../../components/DataTable.tsx';
import { CalendarDate } from '../../components/DateTime.tsx';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { useCorrectEffort } from '../engagements/engagements.api.ts';
import { BillingStatusBadge } from '../engagements/EngagementParts.tsx';
import { activityLabels } from '../engagements/engagements.labels.ts';
import type { EffortEntry } from '../engagements/engagements.types.ts';
import { formatDuration } from './duration.ts';

/** The week's entries one by one: what each was rounded to, what it drew, whether it is held; remove one. */
export function WeekEntries({ entries }: { entries: EffortEntry[] }) {
  const correct = useCorrectEffort();
  const active = entries
    .filter((e) => e.status === 'active')
    .sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt));

  function remove(entry: EffortEntry) {
    correct.mutate(
      { entryId: entry.id, change: null, reason: 'Removed in the timesheet' },
      {
        onSuccess: () =>
          notifications.show({
            color: 'green',
            title: 'Entry removed',
            message: `${formatDuration(entry.minutes)} of ${activityLabels[entry.activity].toLowerCase()} on ${entry.engagementNumber}; the ledger keeps the reversal.`,
          }),
        onError: (err) =>
          notifications.show({ color: 'red', title: 'Could not remove the entry', message: errorMessage(err) }),
      },
    );
  }

  return (
    <Card component="section" aria-labelledby="week-entries-heading">
      <Title order={2} fz="h4" id="week-entries-heading" mb="xs">
        Entries this week
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Each entry is rounded up to its contract&apos;s increment and converted with its multipliers; a correction
        reverses it on the ledger.
      </Text>
      <DataTable
        label="Effort entries of the week"
        minWidth={760}
        columns={[
          'Day',
          'Engagement',
          'Activity',
          'Logged',
          'Drawn',
          'Billing',
          'Note',
          { label: 'Actions', hidden: true },
        ]}
      >
        {active.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Td>
              <Text size="sm">
                <CalendarDate value={e.date} />
              </Text>
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/engagements/${e.engagementId}`} size="sm">
                {e.engagementNumber}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                {activityLabels[e.activity]}
                {e.afterHours ? (
                  <Badge ml={6} size="xs" variant="outline" tt="none">
                    after hours
                  </Badge>
                ) : null}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatDuration(e.minutes)}
              </Text>
              {e.roundedMinutes !== e.minutes ? (
                <Text size="xs" c="dimmed">
                  rounded to {formatDuration(e.roundedMinutes)}
                </Text>
              ) : null}
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
              <Text size="xs" c="dimmed" lineClamp={2}>
                {e.note}
              </Text>
            </Table.Td>
            <Table.Td ta="right">
              <Button
                size="compact-sm"
                variant="subtle"
                color="red"
                loading={correct.isPending && correct.variables?.entryId === e.id}
                onClick={() => remove(e)}
                aria-label={`Remove ${formatDuration(e.minutes)} of ${activityLabels[e.activity]} on ${e.engagementNumber}, ${e.date}`}
              >
                Remove
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Card>
  );
}
