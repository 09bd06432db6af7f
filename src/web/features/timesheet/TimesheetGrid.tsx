import { Paper, Table, Text } from '@mantine/core';
import type { Activity } from '../../../shared/domain.ts';
import { formatDuration } from './duration.ts';
import { EngagementRows } from './EngagementRows.tsx';
import type { rowsOf } from './sheet.ts';
import type { CellMessage } from './TimesheetCell.tsx';

const headDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' });
const headDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
export const rangeFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
export const dayOf = (d: string) => new Date(`${d}T00:00:00Z`);

/** One engagement's block of the grid: its rows and where they start (for keyboard moves), its T&E policy. */
export interface SheetBlock {
  id: string;
  number: string;
  rows: ReturnType<typeof rowsOf>;
  firstRow: number;
  travelBillable: boolean | undefined;
  /** The customer's today: entries are dated in the customer's day. */
  today: string;
  /** The customer's time zone, when known. */
  timeZone: string | null;
}

/**
 * The week's grid: a column per day, a block of rows per engagement (each marking its customer's today),
 * the day and week totals. The column heading says "Today" only when every engagement shares that day.
 */
export function TimesheetGrid({
  monday,
  days,
  today,
  blocks,
  messages,
  onMessage,
  onAddRow,
  dayTotal,
  weekTotal,
}: {
  monday: string;
  days: string[];
  /** The day every engagement shown calls today, or null when their customers' days differ. */
  today: string | null;
  blocks: SheetBlock[];
  messages: Record<string, CellMessage>;
  onMessage: (cell: string, message: CellMessage | null) => void;
  onAddRow: (engagementId: string, activity: Activity) => void;
  dayTotal: (day: string) => number;
  weekTotal: number;
}) {
  return (
    <Paper withBorder>
      <Table.ScrollContainer minWidth={900}>
        <Table
          aria-label={`Timesheet for the week of ${rangeFormat.format(dayOf(monday))}`}
          verticalSpacing={4}
          withColumnBorders={false}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={240}>Engagement and activity</Table.Th>
              {days.map((d) => (
                <Table.Th
                  key={d}
                  ta="right"
                  bg={d === today ? 'var(--mantine-color-brand-0)' : undefined}
                  aria-label={`${headDay.format(dayOf(d))} ${headDate.format(dayOf(d))}${d === today ? ', today' : today && d > today ? ', future' : ''}`}
                >
                  <Text size="xs" fw={700} c={today && d > today ? 'dimmed' : d === today ? 'brand.8' : undefined}>
                    {headDay.format(dayOf(d))}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {d === today ? 'Today' : headDate.format(dayOf(d))}
                  </Text>
                </Table.Th>
              ))}
              <Table.Th ta="right" w={80}>
                Week
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {blocks.map((b) => (
              <EngagementRows
                key={b.id}
                engagementId={b.id}
                fallbackTitle={b.number}
                rows={b.rows}
                firstRow={b.firstRow}
                days={days}
                today={b.today}
                timeZone={b.timeZone}
                travelBillable={b.travelBillable}
                messages={messages}
                onMessage={onMessage}
                onAddRow={(a) => onAddRow(b.id, a)}
              />
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th scope="row">Day total</Table.Th>
              {days.map((d) => (
                <Table.Td key={d} ta="right">
                  <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {formatDuration(dayTotal(d)) || '–'}
                  </Text>
                </Table.Td>
              ))}
              <Table.Td ta="right">
                <Text size="sm" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatDuration(weekTotal) || '–'}
                </Text>
              </Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
