import { Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Activity } from '../../../shared/domain.ts';
import { useSession } from '../../app/session.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { TableSkeleton } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { formatDuration } from './duration.ts';
import { isDay, localToday, rowsOf, sheetTodays, weekDays, weekStart, type SheetEntry } from './sheet.ts';
import type { CellMessage } from './TimesheetCell.tsx';
import { useMyOpenEngagements, useTravelPolicies, useWeekEffort } from './timesheet.api.ts';
import { dayOf, rangeFormat, TimesheetGrid, type SheetBlock } from './TimesheetGrid.tsx';
import type { EffortEntry, EngagementSummary } from '../engagements/engagements.types.ts';
import { WeekEntries } from './WeekEntries.tsx';
import { WeekNav } from './WeekNav.tsx';

/** Minutes of the week's entries by billing status, for the summary under the grid. */
function summary(entries: SheetEntry[]) {
  const by = (matches: (e: SheetEntry) => boolean) => entries.filter(matches).reduce((s, e) => s + e.minutes, 0);
  return {
    total: by(() => true),
    billable: by((e) => e.billable),
    nonBillable: by((e) => !e.billable),
    held: by((e) => e.billingStatus === 'held'),
  };
}

/**
 * The blocks of the grid: open engagements first (newest first, as listed), then any other engagement with
 * effort this week, each with its rows, its T&E policy and its customer's today.
 */
function useSheetBlocks(
  openEngagements: EngagementSummary[] | undefined,
  weekEffort: EffortEntry[] | undefined,
  entries: SheetEntry[],
  added: Record<string, Activity[]>,
  travelPolicies: ReadonlyMap<string, boolean>,
  today: string,
): { blocks: SheetBlock[]; columnToday: string | null } {
  // Each block carries its customer's today: an entry's date is the customer's day (a later day is refused).
  return useMemo(() => {
    const ids = new Map<string, string>();
    const contractOf = new Map((openEngagements ?? []).map((e) => [e.id, e.contractId]));
    const zoneOf = new Map((openEngagements ?? []).map((e) => [e.id, e.customerTimeZone]));
    for (const e of openEngagements ?? []) ids.set(e.id, e.number);
    for (const e of weekEffort ?? []) if (!ids.has(e.engagementId)) ids.set(e.engagementId, e.engagementNumber);
    const todays = sheetTodays([...ids.keys()].map((id) => ({ id, timeZone: zoneOf.get(id) })));
    let next = 0;
    const list = [...ids].map(([id, number]) => {
      const rows = rowsOf(id, entries, added[id]);
      // The contract's T&E policy; for an engagement no longer open, what its travel entries were.
      const contractId = contractOf.get(id);
      const travel = entries.find((e) => e.engagementId === id && e.activity === 'travel_time');
      const travelBillable =
        (contractId ? travelPolicies.get(contractId) : undefined) ?? (travel ? travel.billable : undefined);
      const block = {
        id,
        number,
        rows,
        firstRow: next,
        travelBillable,
        today: todays.byEngagement.get(id) ?? today,
        timeZone: zoneOf.get(id) ?? null,
      };
      next += rows.length;
      return block;
    });
    return { blocks: list, columnToday: todays.column };
  }, [openEngagements, weekEffort, entries, added, travelPolicies, today]);
}

/**
 * The weekly timesheet of the signed-in consultant (or IR manager): one block per open engagement of
 * theirs, one row per activity, one cell per day, Monday to Sunday. Cells take durations typed fast
 * with the keyboard; every save is one request (a new entry carries an Idempotency-Key) and the server's
 * answer, refusal or warning shows on the cell's row.
 */
export function TimesheetPage() {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const today = localToday();
  const requested = params.get('week');
  const monday = weekStart(isDay(requested) ? requested : today);
  const days = weekDays(monday);
  const week = useWeekEffort(user.id, days[0]!, days[6]!);
  const open = useMyOpenEngagements();
  const travelPolicies = useTravelPolicies((open.data ?? []).map((e) => e.contractId));
  const [added, setAdded] = useState<Record<string, Activity[]>>({});
  const [messages, setMessages] = useState<Record<string, CellMessage>>({});

  const entries: SheetEntry[] = useMemo(() => (week.data ?? []).filter((e) => e.status === 'active'), [week.data]);

  const { blocks, columnToday } = useSheetBlocks(open.data, week.data, entries, added, travelPolicies, today);

  const goTo = (day: string) => {
    setMessages({});
    setParams(day === weekStart(today) ? {} : { week: day }, { replace: false });
  };
  const totals = summary(entries);
  const dayTotal = (d: string) => entries.filter((e) => e.date === d).reduce((s, e) => s + e.minutes, 0);

  let body;
  if (open.error || week.error) {
    body = (
      <ErrorAlert
        error={open.error ?? week.error}
        title="Could not load your timesheet"
        onRetry={() => {
          void open.refetch();
          void week.refetch();
        }}
      />
    );
  } else if (open.isPending || week.isPending) {
    body = <TableSkeleton rows={4} columns={9} />;
  } else if (blocks.length === 0) {
    body = (
      <EmptyState
        icon={<IconClockHour4 size={28} stroke={1.5} aria-hidden />}
        title="No open engagement of yours"
        description="Your timesheet lists the engagements whose team you are on while they are in progress, on hold or delivering. Ask the IR manager to add you to the team."
      />
    );
  } else {
    body = (
      <TimesheetGrid
        monday={monday}
        days={days}
        today={columnToday}
        blocks={blocks}
        messages={messages}
        onMessage={(cell, m) =>
          setMessages((all) => {
            const { [cell]: _old, ...rest } = all;
            return m ? { ...rest, [cell]: m } : rest;
          })
        }
        onAddRow={(id, a) => setAdded((x) => ({ ...x, [id]: [...(x[id] ?? []), a] }))}
        dayTotal={dayTotal}
        weekTotal={totals.total}
      />
    );
  }

  return (
    <>
      <PageHeader
        title="Timesheet"
        description="Type the time of each day — 1h30, 90m, 1.5 or 1:30 — and press Enter. Days are the customer's: each engagement's row marks its customer's today. Tab and the arrow keys move between cells; Escape undoes a change. For a note, after-hours work or someone else's time, log effort on the engagement's page."
        actions={<WeekNav monday={monday} today={today} goTo={goTo} />}
      />
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Text fw={600} aria-live="polite">
            <VisuallyHidden>Showing the week </VisuallyHidden>
            {rangeFormat.format(dayOf(days[0]!))} – {rangeFormat.format(dayOf(days[6]!))}
          </Text>
          {entries.length ? (
            <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatDuration(totals.billable) || '0m'} billable
              {totals.held ? (
                <Text span c="orange" fw={600}>
                  {' '}
                  ({formatDuration(totals.held)} of it held)
                </Text>
              ) : null}
              {' · '}
              {formatDuration(totals.nonBillable) || '0m'} not billable
            </Text>
          ) : null}
        </Group>
        {body}
        {entries.length ? <WeekEntries entries={week.data ?? []} /> : null}
      </Stack>
    </>
  );
}
