import { DateTime } from 'luxon';

/**
 * When statements are due (issue 14, "Statements"), pure: the period is the calendar month in the
 * customer's time zone; a contract gets one for every month it was active in, issued on its statement day
 * at 08:00 local time in the month after, and never before the month has ended in that zone.
 */

/** The hour (local) at which the statement day's statements are issued. */
export const ISSUE_HOUR = 8;

export interface PeriodBounds {
  period: string;
  /** First and last calendar day (inclusive) in the zone. */
  firstDay: string;
  lastDay: string;
  /** Midnight at the start of the first day and of the day after the last, in the zone. */
  start: Date;
  end: Date;
}

const monthStart = (period: string, timeZone: string): DateTime => {
  const dt = DateTime.fromFormat(period, 'yyyy-MM', { zone: timeZone });
  if (!dt.isValid) throw new Error(`not a period (YYYY-MM) in ${timeZone}: ${period}`);
  return dt;
};

/** The period (YYYY-MM) an instant falls in, in the zone: an entry belongs to the period of its posting time. */
export const periodOf = (at: Date, timeZone: string): string =>
  DateTime.fromJSDate(at, { zone: timeZone }).toFormat('yyyy-MM');

/** The period of a calendar date (YYYY-MM-DD). */
export const periodOfDate = (date: string): string => date.slice(0, 7);

/** The period `n` months after `period` (before it when negative). */
export function addPeriods(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The period's first and last day, and its start and end instants in the zone (DST-aware). */
export function periodBounds(period: string, timeZone: string): PeriodBounds {
  const start = monthStart(period, timeZone);
  const next = start.plus({ months: 1 });
  return {
    period,
    firstDay: start.toISODate()!,
    lastDay: next.minus({ days: 1 }).toISODate()!,
    start: start.toJSDate(),
    end: next.toJSDate(),
  };
}

/** A period has ended once its last day is over in the customer's zone. */
export const periodEnded = (period: string, timeZone: string, now: Date): boolean =>
  now.getTime() >= periodBounds(period, timeZone).end.getTime();

/** When the statement of `period` is issued: the statement day of the next month, 08:00 local time. */
export function issueAt(period: string, statementDay: number, timeZone: string): Date {
  return monthStart(addPeriods(period, 1), timeZone).set({ day: statementDay, hour: ISSUE_HOUR }).toJSDate();
}

/** What of a contract decides its statements. */
export interface StatementContract {
  termStart: string;
  termEnd: string;
  status: 'draft' | 'active' | 'expired' | 'terminated';
  /** When a terminated contract was terminated (its last period is that month in the zone). */
  statusChangedAt: Date | null;
  timeZone: string;
  statementDay: number;
}

/** The first and last period a contract was active in, or null when it never was (a draft). */
export function activePeriods(c: StatementContract): { first: string; last: string } | null {
  if (c.status === 'draft') return null;
  let lastDay = c.termEnd;
  if (c.status === 'terminated' && c.statusChangedAt) {
    const terminated = DateTime.fromJSDate(c.statusChangedAt, { zone: c.timeZone }).toISODate()!;
    if (terminated < lastDay) lastDay = terminated;
  }
  const first = periodOfDate(c.termStart);
  const last = periodOfDate(lastDay);
  return last < first ? { first, last: first } : { first, last };
}

/**
 * The periods whose statements are due at `now` and not issued yet, oldest first (catch-up after downtime):
 * every month the contract was active in whose issue time (statement day, 08:00 local) has come.
 */
export function duePeriods(c: StatementContract, issued: ReadonlySet<string>, now: Date): string[] {
  const range = activePeriods(c);
  if (!range) return [];
  const due: string[] = [];
  for (let p = range.first; p <= range.last; p = addPeriods(p, 1)) {
    if (issueAt(p, c.statementDay, c.timeZone).getTime() > now.getTime()) break;
    if (!issued.has(p)) due.push(p);
  }
  return due;
}

/**
 * Why a contract gets no statement for `period` when an admin runs it, or null when it does: not active in
 * that month, or the month has not ended in the customer's zone.
 */
export function skipReason(c: StatementContract, period: string, now: Date): string | null {
  const range = activePeriods(c);
  if (!range) return 'the contract is a draft (never active)';
  if (period < range.first) return `the contract began in ${range.first}`;
  if (period > range.last) return `the contract ended in ${range.last}`;
  if (!periodEnded(period, c.timeZone, now)) return `${period} has not ended yet in ${c.timeZone}`;
  return null;
}

/** The statement's number customers read: STM-<period>-<contract number>. */
export const statementNumber = (period: string, contractNumber: string): string => `STM-${period}-${contractNumber}`;
