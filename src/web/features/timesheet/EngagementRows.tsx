import { Anchor, Badge, Group, NativeSelect, Progress, Skeleton, Table, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { activities, type Activity } from '../../../shared/domain.ts';
import { quantity } from '../../../shared/units.ts';
import { QuantityText } from '../../components/QuantityText.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useEngagement } from '../engagements/engagements.api.ts';
import {
  activityLabels,
  consumedShare,
  engagementStatusColors,
  engagementStatusLabels,
  shareColor,
} from '../engagements/engagements.labels.ts';
import type { Engagement } from '../engagements/engagements.types.ts';
import { formatDuration } from './duration.ts';
import { rowBilling, type RowBilling, type SheetEntry, type SheetRow } from './sheet.ts';
import { cellId, TimesheetCell, type CellMessage } from './TimesheetCell.tsx';

const dayName = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
const shortDay = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const dayOf = (d: string) => new Date(`${d}T00:00:00Z`);

const billingBadge: Record<RowBilling, { label: string; color: string; help: string }> = {
  billable: {
    label: 'Billable',
    color: 'teal',
    help: 'Draws the retainer down as it is logged (past the estimate plus tolerance it is held until a change order covers it).',
  },
  fixed_price: {
    label: 'Fixed price',
    color: 'indigo',
    help: 'Recorded for the record; the fixed price is consumed when the engagement closes.',
  },
  not_billable: { label: 'Not billable', color: 'gray', help: 'Recorded, never drawn from the retainer.' },
  per_contract: {
    label: 'Per contract',
    color: 'gray',
    help: "Travel time is billable only when the contract's T&E policy says so, and that policy could not be read here.",
  },
};

/** Estimate, consumed, what is left and what is held, from GET /engagements/{id}. */
function EstimateLine({ e }: { e: Engagement }) {
  const left = e.estimate.amount - e.consumed.amount;
  if (e.pricingMode === 'fixed') {
    return (
      <Text size="xs" c="dimmed">
        Fixed price <QuantityText value={e.fixedPrice ?? e.estimate} />: effort is recorded and the price is consumed at
        close.
      </Text>
    );
  }
  return (
    <Group gap="md" wrap="wrap" align="center">
      <Text size="xs" c="dimmed">
        Estimate <QuantityText value={e.estimate} /> · consumed <QuantityText value={e.consumed} />
      </Text>
      <Text size="sm" fw={700} c={left < 0 ? 'red' : undefined} data-testid={`left-${e.id}`}>
        {left < 0 ? (
          <>Over by {quantity(-left, e.estimate.unit).display}</>
        ) : (
          <>{quantity(left, e.estimate.unit).display} left</>
        )}
      </Text>
      {e.held.amount > 0 ? (
        <Tooltip
          label="Billable effort past the estimate plus tolerance: recorded, not drawn, until the IR manager's change order covers it."
          multiline
          w={280}
        >
          <Badge color="orange" variant="light" tt="none">
            {e.held.display} held
          </Badge>
        </Tooltip>
      ) : null}
      <Progress
        value={consumedShare(e.consumed.amount, e.estimate.amount)}
        color={shareColor(e.consumed.amount, e.estimate.amount)}
        w={120}
        size="sm"
        aria-label={`${e.percentOfEstimate}% of the estimate consumed`}
      />
    </Group>
  );
}

/** One activity of the engagement: its cells for the week, the week's total, and the messages of its cells under it. */
function ActivityRow({
  engagementId,
  title,
  r,
  rowIndex,
  days,
  today,
  columns,
  pricingMode,
  travelBillable,
  messages,
  onMessage,
}: {
  engagementId: string;
  title: string;
  r: SheetRow;
  rowIndex: number;
  days: string[];
  today: string;
  columns: number;
  pricingMode: Engagement['pricingMode'];
  travelBillable: boolean | undefined;
  messages: Record<string, CellMessage>;
  onMessage: (cell: string, message: CellMessage | null) => void;
}) {
  const billing = rowBilling(r.activity, pricingMode, travelBillable);
  const badge = billingBadge[billing];
  const rowMessages = days.map((d) => ({ d, m: messages[cellId(engagementId, r.activity, d)] })).filter((x) => x.m);
  return (
    <>
      <Table.Tr>
        <Table.Th scope="row" fw={400}>
          <Group gap={6} wrap="nowrap">
            <Text size="sm">{activityLabels[r.activity]}</Text>
            {/* Not a tab stop: Tab goes from cell to cell. The label says it; the tooltip explains it on hover. */}
            <Tooltip label={badge.help} multiline w={260}>
              <Badge size="xs" variant="light" color={badge.color} tt="none">
                {badge.label}
              </Badge>
            </Tooltip>
          </Group>
        </Table.Th>
        {days.map((d, col) => {
          const entries: SheetEntry[] = r.cells[d] ?? [];
          return (
            <Table.Td key={d} px={4} bg={d === today ? 'var(--mantine-color-brand-0)' : undefined}>
              <TimesheetCell
                engagementId={engagementId}
                activity={r.activity}
                date={d}
                entries={entries}
                row={rowIndex}
                col={col}
                label={`${activityLabels[r.activity]} on ${title}, ${dayName.format(dayOf(d))}${d === today ? " (the customer's today)" : d > today ? ' (future)' : ''}`}
                held={entries.some((x) => x.billingStatus === 'held')}
                message={messages[cellId(engagementId, r.activity, d)]}
                onMessage={(m) => onMessage(cellId(engagementId, r.activity, d), m)}
              />
            </Table.Td>
          );
        })}
        <Table.Td ta="right">
          <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatDuration(r.minutes) || '–'}
          </Text>
        </Table.Td>
      </Table.Tr>
      {rowMessages.length ? (
        <Table.Tr>
          <Table.Td colSpan={columns} py={4}>
            {rowMessages.map(({ d, m }) => (
              <Text
                key={d}
                id={`${cellId(engagementId, r.activity, d)}-msg`}
                size="xs"
                c={m!.tone === 'error' ? 'red' : m!.tone === 'warning' ? 'orange' : 'teal'}
                role={m!.tone === 'saved' ? 'status' : 'alert'}
              >
                {shortDay.format(dayOf(d))}, {activityLabels[r.activity]}: {m!.text}
              </Text>
            ))}
          </Table.Td>
        </Table.Tr>
      ) : null}
    </>
  );
}

/**
 * The rows of one engagement in the week: a heading row (number, title, customer, status, what is left
 * of the estimate), a row per activity with a cell per day and the week's total, and a picker that adds
 * a row for another activity.
 */
export function EngagementRows({
  engagementId,
  fallbackTitle,
  rows,
  firstRow,
  days,
  today,
  timeZone,
  travelBillable,
  messages,
  onMessage,
  onAddRow,
}: {
  engagementId: string;
  fallbackTitle: string;
  rows: SheetRow[];
  /** The grid index of this block's first activity row (arrow keys move across blocks). */
  firstRow: number;
  days: string[];
  /** The customer's today (entries are dated in the customer's day). */
  today: string;
  timeZone: string | null;
  travelBillable: boolean | undefined;
  messages: Record<string, CellMessage>;
  onMessage: (cell: string, message: CellMessage | null) => void;
  onAddRow: (activity: Activity) => void;
}) {
  const query = useEngagement(engagementId);
  const engagement = query.data;
  const unused = activities.filter((a) => !rows.some((r) => r.activity === a));
  const columns = days.length + 2;
  return (
    <>
      <Table.Tr bg="var(--mantine-color-gray-0)">
        <Table.Th colSpan={columns} scope="colgroup" fw={400}>
          <Group justify="space-between" wrap="wrap" gap="xs" py={4}>
            <Group gap="xs" wrap="wrap">
              <Anchor component={Link} to={`/engagements/${engagementId}`} fw={700} size="sm">
                {engagement?.number ?? fallbackTitle}
              </Anchor>
              {engagement ? (
                <Text size="sm">
                  {engagement.title} · {engagement.customerName}
                </Text>
              ) : null}
              {engagement ? (
                <StatusBadge
                  status={engagement.status}
                  colors={engagementStatusColors}
                  label={engagementStatusLabels[engagement.status]}
                />
              ) : null}
              <Text size="xs" c="dimmed" data-testid={`today-${engagementId}`}>
                Customer's today: {shortDay.format(dayOf(today))}
                {timeZone ? ` (${timeZone})` : ''}
              </Text>
            </Group>
            {engagement ? (
              <EstimateLine e={engagement} />
            ) : query.error ? (
              <Text size="xs" c="red.8">
                Figures could not be loaded.
              </Text>
            ) : (
              <Skeleton height={14} width={260} />
            )}
          </Group>
        </Table.Th>
      </Table.Tr>
      {rows.map((r, i) => (
        <ActivityRow
          key={r.activity}
          engagementId={engagementId}
          title={engagement?.number ?? fallbackTitle}
          r={r}
          rowIndex={firstRow + i}
          days={days}
          today={today}
          columns={columns}
          pricingMode={engagement?.pricingMode ?? 'time_and_materials'}
          travelBillable={travelBillable}
          messages={messages}
          onMessage={onMessage}
        />
      ))}
      {unused.length ? (
        <Table.Tr>
          <Table.Td colSpan={columns} py={4}>
            <NativeSelect
              size="xs"
              w={260}
              aria-label={`Add a row for another activity on ${engagement?.number ?? fallbackTitle}`}
              value=""
              data={[
                { value: '', label: '+ Add an activity…' },
                ...unused.map((a) => ({ value: a, label: activityLabels[a] })),
              ]}
              onChange={(ev) => ev.currentTarget.value && onAddRow(ev.currentTarget.value as Activity)}
            />
          </Table.Td>
        </Table.Tr>
      ) : null}
    </>
  );
}
