import { DateTime, IANAZone } from 'luxon';
import { addDays, dayLabel, localDate, zonedPeriod } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import type { BusyConflict } from '../../shared/contracts/staffing.ts';

/** Without a proposed end, the approved window runs this many days from the proposed start. */
export const DEFAULT_WINDOW_DAYS = 90;
/** The longest single booking or time-off period. */
export const MAX_PERIOD_DAYS = 366;

/** An approved schedule window: calendar dates (inclusive) in the customer's zone. */
export interface ScheduleWindow {
  start: string;
  end: string;
}

export const isTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);

/**
 * The approved window of an EWO's proposed start and end (instants, the end exclusive as planned dates are
 * stored): from the start's date to the end's last date in the customer's zone; without an end, start + 90 days.
 * Null without a start.
 */
export function approvedWindow(start: Date | null, end: Date | null, timeZone: string): ScheduleWindow | null {
  if (!start) return null;
  const first = localDate(start, timeZone);
  const last = end ? localDate(new Date(Math.max(end.getTime() - 1, start.getTime())), timeZone) : null;
  return { start: first, end: last ?? addDays(first, DEFAULT_WINDOW_DAYS) };
}

/** The window as instants `[from, to)`: from 00:00 of its first day to 00:00 after its last, in the zone. */
export function windowInstants(w: ScheduleWindow, timeZone: string): { from: Date; to: Date } {
  return {
    from: DateTime.fromISO(w.start, { zone: timeZone }).startOf('day').toJSDate(),
    to: DateTime.fromISO(addDays(w.end, 1), { zone: timeZone }).startOf('day').toJSDate(),
  };
}

/** Refuses a period outside the approved window (422 OUTSIDE_SCHEDULE_WINDOW), naming the window's dates. */
export function assertInWindow(
  w: ScheduleWindow | null,
  timeZone: string,
  period: { start: Date; end: Date },
  what: string,
): void {
  if (!w) return;
  const { from, to } = windowInstants(w, timeZone);
  if (period.start >= from && period.end <= to) return;
  throw new AppError(
    'OUTSIDE_SCHEDULE_WINDOW',
    `${what}, ${zonedPeriod(period.start, period.end, timeZone)}, must lie within the schedule the customer approved: ` +
      `${dayLabel(w.start)} to ${dayLabel(w.end)} (${timeZone}). Move it inside these dates, or agree new dates with a change order first.`,
    { windowStart: w.start, windowEnd: w.end, timeZone },
  );
}

/** Refuses an empty, inverted or over-long period (400 VALIDATION_FAILED on `end`). */
export function assertPeriod(start: Date, end: Date, path = 'end'): void {
  if (end <= start)
    throw new AppError('VALIDATION_FAILED', 'The end must be after the start.', {
      errors: [{ path, message: 'must be after start' }],
    });
  if (end.getTime() - start.getTime() > MAX_PERIOD_DAYS * 86_400_000)
    throw new AppError('VALIDATION_FAILED', `A period may last at most ${MAX_PERIOD_DAYS} days: split it.`, {
      errors: [{ path, message: `at most ${MAX_PERIOD_DAYS} days after start` }],
    });
}

/** A date (YYYY-MM-DD) or an instant as the start or (date inclusive) end of a period in a zone. */
export function edgeOf(v: string, edge: 'start' | 'end', timeZone: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const day = DateTime.fromISO(v, { zone: timeZone }).startOf('day');
    return (edge === 'start' ? day : day.plus({ days: 1 })).toJSDate();
  }
  return new Date(v);
}

/** The conflicts of a refused period as `details` (what the manager must move first). */
export function conflictDetails(
  rows: readonly {
    kind: 'booking' | 'time_off';
    id: string;
    start: Date;
    end: Date;
    engagement_id: string | null;
    engagement_number: string | null;
    status: 'tentative' | 'confirmed' | null;
  }[],
): { conflicts: BusyConflict[] } {
  return {
    conflicts: rows.map((r) => ({
      kind: r.kind,
      id: r.id,
      start: r.start.toISOString(),
      end: r.end.toISOString(),
      engagementId: r.engagement_id,
      engagementNumber: r.engagement_number,
      status: r.status,
    })),
  };
}

/**
 * The sentence of a 409 BOOKING_CONFLICT, times as people write them in `timeZone` (the engagement's customer's
 * zone for a booking, the consultant's home-base zone for time off), the zone named: "Ana Silva is already
 * booked on ENG-2026-0012 from Tue 8 Dec 09:00 to 17:00 (Europe/Berlin)". The instants stay in `details`.
 */
export function conflictMessage(
  who: string,
  rows: readonly { kind: 'booking' | 'time_off'; engagement_number: string | null; start: Date; end: Date }[],
  what: 'booking' | 'time off',
  timeZone: string,
): string {
  const period = (r: { start: Date; end: Date }) => {
    const text = zonedPeriod(r.start, r.end, timeZone);
    return text.includes(' to ') ? `from ${text}` : `on ${text}`;
  };
  const item = (r: (typeof rows)[number]) =>
    r.kind === 'time_off'
      ? `time off ${period(r)}`
      : `a confirmed booking on ${r.engagement_number ?? 'another engagement'} ${period(r)}`;
  if (what === 'time off')
    return `${who} has confirmed bookings in that period (${rows.map(item).join('; ') || 'another booking'}): move or cancel them first, then enter the time off.`;
  const [first, ...rest] = rows;
  const lead = !first
    ? `${who} is already busy then (another confirmed booking or time off)`
    : first.kind === 'time_off'
      ? `${who} has time off ${period(first)}`
      : `${who} is already booked on ${first.engagement_number ?? 'another engagement'} ${period(first)}`;
  const more = rest.length ? `; also ${rest.map(item).join('; ')}` : '';
  return `${lead}${more}. Choose other times or another consultant, or book as tentative.`;
}
