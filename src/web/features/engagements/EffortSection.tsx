import {
  ActionIcon,
  Badge,
  Card,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useSession } from '../../app/session.ts';
import { DataTable, ListStates } from '../../components/DataTable.tsx';
import { CalendarDate } from '../../components/DateTime.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { QuantityText } from '../../components/QuantityText.tsx';
import { DeleteEntryForm, EditEntryForm } from './CorrectEntryForms.tsx';
import { BillingStatusBadge } from './EngagementParts.tsx';
import { Figure } from './FiguresCard.tsx';
import { LogEffortForm } from './LogEffortForm.tsx';
import { minutesLabel } from './effort-form.ts';
import { useEngagementEffort } from './engagements.api.ts';
import { activityLabels, takesEffort } from './engagements.labels.ts';
import type { EffortEntry, EffortTotals, Engagement } from './engagements.types.ts';

function Totals({ totals: t, fixed }: { totals: EffortTotals; fixed: boolean }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="md">
      <Figure
        label="Logged"
        value={minutesLabel(t.minutes)}
        help={`${t.entries} ${t.entries === 1 ? 'entry' : 'entries'}, rounded`}
      />
      <Figure label="Consumed" value={<QuantityText value={t.consumed} />} help="Drawn from the retainer" />
      <Figure label="Held" value={<QuantityText value={t.held} />} help="Waiting for a change order" />
      <Figure label="Not billable" value={minutesLabel(t.nonBillableMinutes)} help="Scoping, internal, travel" />
      {fixed ? (
        <Figure
          label="Under the fixed price"
          value={minutesLabel(t.fixedPrice)}
          help="Recorded, not drawn: the price is consumed at close"
        />
      ) : (
        <Figure label="Written off" value={<QuantityText value={t.writtenOff} />} help="Held and never billed" />
      )}
    </SimpleGrid>
  );
}

function EntryRow({
  entry: x,
  canCorrect,
  onEdit,
  onDelete,
}: {
  entry: EffortEntry;
  canCorrect: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const corrected = x.status !== 'active';
  const what = `${minutesLabel(x.roundedMinutes)} of ${activityLabels[x.activity].toLowerCase()} on ${x.date}`;
  return (
    <Table.Tr data-effort={x.id} style={corrected ? { opacity: 0.6 } : undefined}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <CalendarDate value={x.date} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{x.userName}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{activityLabels[x.activity]}</Text>
        {x.afterHours ? (
          <Badge size="xs" variant="outline" color="grape" tt="none">
            after hours
          </Badge>
        ) : null}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text
          size="sm"
          title={
            x.minutes !== x.roundedMinutes
              ? `${x.minutes} minutes logged, rounded up to ${x.roundedMinutes}`
              : undefined
          }
        >
          {minutesLabel(x.roundedMinutes)}
        </Text>
        {x.minutes !== x.roundedMinutes ? (
          <Text size="xs" c="dimmed">
            logged {minutesLabel(x.minutes)}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <QuantityText value={x.unitsDrawn} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {corrected ? (
          <Badge color="gray" variant="outline" tt="none">
            {x.status === 'deleted' ? 'Removed' : 'Corrected'}
          </Badge>
        ) : (
          <BillingStatusBadge status={x.billingStatus} />
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" lineClamp={2}>
          {x.note || (
            <Text span c="dimmed" size="sm">
              —
            </Text>
          )}
        </Text>
        {x.correctionReason ? (
          <Text size="xs" c="dimmed">
            Correction: {x.correctionReason}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {canCorrect && !corrected ? (
          <Group gap={4} justify="flex-end" wrap="nowrap">
            <Tooltip label="Correct">
              <ActionIcon variant="subtle" color="gray" aria-label={`Correct ${what}`} onClick={onEdit}>
                <IconPencil size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Remove">
              <ActionIcon variant="subtle" color="red" aria-label={`Remove ${what}`} onClick={onDelete}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
          </Group>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The engagement's effort: totals, the quick form (team members and IR managers, while the work is under
 * way), and the entries with their billing status; corrections by reversal.
 */
export function EffortSection({ engagement: e, today }: { engagement: Engagement; today: string }) {
  const { user } = useSession();
  const [showCorrected, setShowCorrected] = useState(false);
  const effort = useEngagementEffort(e.id, showCorrected);
  const [editing, setEditing] = useState<EffortEntry | null>(null);
  const [deleting, setDeleting] = useState<EffortEntry | null>(null);
  const manager = user.role === 'admin' || user.role === 'ir_manager';
  const onTeam = e.team.some((m) => m.userId === user.id);
  const open = takesEffort(e.status);
  const mayLog = open && (manager || (user.role === 'consultant' && onTeam));
  const mayCorrect = (entry: EffortEntry) =>
    open && (manager || (user.role === 'consultant' && entry.userId === user.id));

  let notice: string | null = null;
  if (!open) {
    notice =
      e.status === 'scheduled'
        ? 'Effort is logged once work has started: an IR manager starts the engagement first.'
        : `This engagement is ${e.status === 'closed' ? 'closed' : 'cancelled'}: it takes no more effort.`;
  }

  return (
    <Card component="section" aria-labelledby="effort-heading">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} fz="h4" id="effort-heading">
          Effort
        </Title>
        <Switch
          label="Show corrected and removed entries"
          checked={showCorrected}
          onChange={(ev) => setShowCorrected(ev.currentTarget.checked)}
        />
      </Group>
      <Stack gap="md">
        {effort.totals ? <Totals totals={effort.totals} fixed={e.pricingMode === 'fixed'} /> : null}
        {mayLog ? <LogEffortForm engagement={e} today={today} canLogForOthers={manager} /> : null}
        {notice ? (
          <Text size="sm" c="dimmed">
            {notice}
          </Text>
        ) : null}
        <ListStates
          error={effort.error}
          pending={effort.isPending}
          isEmpty={effort.items.length === 0}
          errorTitle="Could not load the effort"
          onRetry={effort.refetch}
          skeleton={<TableSkeleton columns={6} rows={3} />}
          empty={
            <EmptyState
              bare
              size="sm"
              title="No effort logged yet"
              description={
                mayLog
                  ? 'Log the first hours with the form above.'
                  : 'Entries of the team appear here as they are logged.'
              }
            />
          }
        >
          <DataTable
            label="Effort entries"
            minWidth={900}
            columns={[
              'Day',
              'Who',
              'Activity',
              'Time',
              'Drawn',
              { label: 'Billing', width: 130 },
              'Note',
              { label: 'Actions', hidden: true, width: 80 },
            ]}
          >
            {effort.items.map((x) => (
              <EntryRow
                key={x.id}
                entry={x}
                canCorrect={mayCorrect(x)}
                onEdit={() => setEditing(x)}
                onDelete={() => setDeleting(x)}
              />
            ))}
          </DataTable>
        </ListStates>
        <LoadMore hasMore={effort.hasMore} loading={effort.loadingMore} onLoad={effort.loadMore} />
      </Stack>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title="Correct an effort entry" size="lg">
        {editing ? <EditEntryForm entry={editing} today={today} onClose={() => setEditing(null)} /> : null}
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Remove this effort entry?">
        {deleting ? <DeleteEntryForm entry={deleting} onClose={() => setDeleting(null)} /> : null}
      </Modal>
    </Card>
  );
}
