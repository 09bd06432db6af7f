import { DateTime, IANAZone } from 'luxon';
import { addDays, localDate } from '../../shared/dates.ts';
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
    `${what} must lie within the schedule the customer approved: ${w.start} to ${w.end} (${timeZone}). Move it inside these dates, or agree new dates with a change order first.`,
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

/** An instant as staff read it in a message: 2026-12-01 09:00 UTC. */
const when = (d: Date): string => DateTime.fromJSDate(d).toUTC().toFormat("yyyy-LL-dd HH:mm 'UTC'");

/** The sentence of a 409 BOOKING_CONFLICT. */
export function conflictMessage(
  who: string,
  rows: readonly { kind: 'booking' | 'time_off'; engagement_number: string | null; start: Date; end: Date }[],
  what: 'booking' | 'time off',
): string {
  const list = rows
    .map((r) =>
      r.kind === 'time_off'
        ? `time off ${when(r.start)} – ${when(r.end)}`
        : `a confirmed booking on ${r.engagement_number ?? 'another engagement'} ${when(r.start)} – ${when(r.end)}`,
    )
    .join('; ');
  return what === 'booking'
    ? `${who} is already busy then (${list || 'another confirmed booking or time off'}). Choose other times or another consultant, or book as tentative.`
    : `${who} has confirmed bookings in that period (${list || 'another booking'}): move or cancel them first, then enter the time off.`;
}
