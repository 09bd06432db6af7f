/** Pure rules of the home pages: what is open, the triage order, the consultant's week and missing days, contract alerts. */
import { addDays, localDate } from '../../shared/dates.ts';
import type { RequestStatus, SlaStatus } from '../../shared/contracts/requests.ts';
import type { Severity } from '../../shared/domain.ts';

/** Requests waiting for triage, scoping or an approved EWO: the triage queue (the board's default view). */
export const triageStatuses = [
  'received',
  'scoping',
  'ewo_drafting',
  'awaiting_approval',
] as const satisfies readonly RequestStatus[];

/** Open requests: those of the triage queue and the approved ones, whose engagement is under way (SLA clocks may still run). */
export const openRequestStatuses = [...triageStatuses, 'approved'] as const satisfies readonly RequestStatus[];

/** Engagements a home page shows as under way. */
export const activeEngagementStatuses = 'scheduled,in_progress,on_hold,delivering';

/** Consumption within this many percentage points of an alert threshold counts as near it. */
export const THRESHOLD_NEAR_POINTS = 10;
/** A term ending within this many days counts as near (the longest term-end reminder). */
export const TERM_END_NEAR_DAYS = 90;
/** Days looked back over for days without time logged: two weeks. */
export const MISSING_DAYS_LOOKBACK = 14;

const severityRank: Record<Severity, number> = { P1: 1, P2: 2, P3: 3, P4: 4 };

interface Triageable {
  severity: Severity | null;
  nextDue: { dueAt: string } | null;
  receivedAt: string;
}

/** Triage order: severity (P1 first, none last), then the earliest SLA due time (none last), then the oldest. */
export function triageOrder(a: Triageable, b: Triageable): number {
  const rank = (r: Triageable) => (r.severity ? severityRank[r.severity] : 9);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const due = (r: Triageable) => (r.nextDue ? Date.parse(r.nextDue.dueAt) : Number.POSITIVE_INFINITY);
  if (due(a) !== due(b)) return due(a) < due(b) ? -1 : 1;
  return Date.parse(a.receivedAt) - Date.parse(b.receivedAt);
}

/** The earliest target not yet met (its kind and due time), or null. */
export function nextDue<K>(
  targets: readonly { kind: K; dueAt: string; status: SlaStatus }[],
): { kind: K; dueAt: string } | null {
  const open = targets.filter((t) => t.status !== 'met').sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const first = open[0];
  return first ? { kind: first.kind, dueAt: first.dueAt } : null;
}

/** ISO weekday of a calendar date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Days a consultant's week covers: today and the six days after it, so a Friday still shows next Monday. */
export const WEEK_DAYS = 7;

/** Whether a period `[start, end)` touches the seven days from `first` in `timeZone`. */
export function inWeek(start: Date, end: Date, first: string, timeZone: string): boolean {
  const lastDay = addDays(first, WEEK_DAYS - 1);
  const startDay = localDate(start, timeZone);
  const endDay = localDate(new Date(end.getTime() - 1), timeZone);
  return startDay <= lastDay && endDay >= first;
}

/**
 * Working days (Monday to Friday) of the last two weeks before today in `timeZone`, today excluded,
 * on which no effort was logged (`logged` holds the dates with effort), oldest first.
 */
export function daysWithoutTime(now: Date, timeZone: string, logged: ReadonlySet<string>): string[] {
  const today = localDate(now, timeZone);
  const days: string[] = [];
  for (let back = MISSING_DAYS_LOOKBACK; back >= 1; back--) {
    const day = addDays(today, -back);
    if (isoWeekday(day) <= 5 && !logged.has(day)) days.push(day);
  }
  return days;
}

/**
 * The alert threshold a contract is near: the last one once reached; else the next one within
 * THRESHOLD_NEAR_POINTS above consumption; else the one crossed less than THRESHOLD_NEAR_POINTS ago; else null.
 */
export function thresholdNear(percentConsumed: number, thresholds: readonly number[]): number | null {
  const sorted = [...thresholds].sort((a, b) => a - b);
  const last = sorted.at(-1);
  if (last === undefined) return null;
  if (percentConsumed >= last) return last;
  const next = sorted.find((t) => percentConsumed < t);
  if (next !== undefined && next - percentConsumed <= THRESHOLD_NEAR_POINTS) return next;
  const reached = sorted.filter((t) => percentConsumed >= t).at(-1);
  if (reached !== undefined && percentConsumed - reached < THRESHOLD_NEAR_POINTS) return reached;
  return null;
}

/** A term ending within TERM_END_NEAR_DAYS days (the last day included). */
export const termEndNear = (daysLeft: number): boolean => daysLeft <= TERM_END_NEAR_DAYS;
