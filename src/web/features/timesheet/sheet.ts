/**
 * The week of a timesheet and its grid, as pure functions: weeks run Monday to Sunday (calendar dates,
 * no time zone), rows are engagement × activity, a cell is the active effort of one user on one day.
 */
import { addDays } from '../../../shared/dates.ts';
import { isBillableActivity } from '../../../shared/billing.ts';
import { activities, type Activity } from '../../../shared/domain.ts';

const toDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const toTime = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** A calendar date shifted by whole days (the ledger's own date arithmetic). */
export { addDays };

/** The Monday of the week that holds `day`. */
export function weekStart(day: string): string {
  const dow = new Date(toTime(day)).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

/** The seven days of the week starting on `monday`. */
export const weekDays = (monday: string): string[] => Array.from({ length: 7 }, (_, i) => addDays(monday, i));

/** Is `s` a real calendar date written YYYY-MM-DD? */
export const isDay = (s: string | null | undefined): s is string =>
  !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && toDay(toTime(s)) === s;

/** The effort of a timesheet as the grid needs it (a subset of the API's entry). */
export interface SheetEntry {
  id: string;
  engagementId: string;
  date: string;
  minutes: number;
  activity: Activity;
  billable: boolean;
  billingStatus: string;
  status: string;
}

export interface SheetRow {
  engagementId: string;
  activity: Activity;
  /** Active entries by day. */
  cells: Record<string, SheetEntry[]>;
  minutes: number;
}

export const cellMinutes = (entries: readonly SheetEntry[] | undefined): number =>
  (entries ?? []).reduce((s, e) => s + e.minutes, 0);

/**
 * The rows of one engagement: every activity with effort this week, plus the rows the user added, in
 * the order of the activity list (billable work first, then travel, scoping, internal). An engagement
 * with neither gets one row of analysis, the most common work, ready to type in.
 */
export function rowsOf(
  engagementId: string,
  entries: readonly SheetEntry[],
  added: readonly Activity[] = [],
): SheetRow[] {
  const mine = entries.filter((e) => e.engagementId === engagementId && e.status === 'active');
  const used = new Set<Activity>([...mine.map((e) => e.activity), ...added]);
  if (used.size === 0) used.add('analysis');
  return activities
    .filter((a) => used.has(a))
    .map((activity) => {
      const cells: Record<string, SheetEntry[]> = {};
      for (const e of mine) if (e.activity === activity) (cells[e.date] ??= []).push(e);
      return { engagementId, activity, cells, minutes: cellMinutes(mine.filter((e) => e.activity === activity)) };
    });
}

/** What saving a cell means, given its active entries and the total typed. */
export type CellAction =
  | { kind: 'none' }
  | { kind: 'create'; minutes: number }
  | { kind: 'update'; entryId: string; minutes: number }
  | { kind: 'delete'; entryId: string }
  | { kind: 'several'; count: number };

/**
 * A cell holds the day's total: an empty cell gets a new entry; a cell with one entry corrects it (a
 * reversal and a new entry on the server) or removes it when cleared; a cell with several entries is
 * corrected entry by entry in the week's list, never guessed at.
 */
export function cellAction(entries: readonly SheetEntry[], minutes: number): CellAction {
  const total = cellMinutes(entries);
  if (minutes === total) return { kind: 'none' };
  if (entries.length === 0) return { kind: 'create', minutes };
  if (entries.length > 1) return { kind: 'several', count: entries.length };
  const only = entries[0]!;
  return minutes === 0 ? { kind: 'delete', entryId: only.id } : { kind: 'update', entryId: only.id, minutes };
}

export type RowBilling = 'billable' | 'fixed_price' | 'not_billable' | 'per_contract';

/**
 * Whether a row draws the retainer down, by the server's own rule (`isBillableActivity`): scoping and
 * internal never do; travel time follows the contract's T&E policy ('per_contract' while it is not known);
 * the rest is billable, or covered by the fixed price on fixed-price engagements.
 */
export function rowBilling(
  activity: Activity,
  pricingMode: 'time_and_materials' | 'fixed',
  travelBillable: boolean | undefined,
): RowBilling {
  if (activity === 'travel_time' && travelBillable === undefined) return 'per_contract';
  if (!isBillableActivity(activity, { travelTimeBillable: travelBillable ?? false })) return 'not_billable';
  return pricingMode === 'fixed' ? 'fixed_price' : 'billable';
}

/** Today as a calendar date where the browser is. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** Today as a calendar date in a time zone (an effort entry's date is the customer's day). */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Where "today" is marked. Each engagement's row gets its customer's today (the day the server accepts
 * as today for an entry; a later day is refused as future). The column heading says "Today" only when
 * every engagement shown shares that day (with none, the browser's): otherwise no column is marked for all.
 */
export function sheetTodays(
  engagements: readonly { id: string; timeZone: string | undefined }[],
  now = new Date(),
): { column: string | null; byEngagement: Map<string, string> } {
  const local = localToday(now);
  const byEngagement = new Map(engagements.map((e) => [e.id, e.timeZone ? todayIn(e.timeZone, now) : local]));
  const days = new Set(byEngagement.values());
  const column = days.size === 0 ? local : days.size === 1 ? [...days][0]! : null;
  return { column, byEngagement };
}
