import { DateTime } from 'luxon';
import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { bookingsRepo } from './bookings.repo.ts';
import { assertInWindow } from './staffing.rules.ts';

/** What the schedule checks need of an engagement. */
export interface ScheduledEngagement {
  number: string;
  kind: 'emergency' | 'proactive';
  request_id: string;
  time_zone: string;
  window_start: string | null;
  window_end: string | null;
}

/**
 * The schedule follows the EWO: a period (planned dates, a booking) lies inside the approved window (the
 * EWO's proposed start to end in the customer's zone, moved by approved change orders), and a proactive
 * engagement never starts before its request's earliest allowed start (the lead time). 422 otherwise.
 */
export async function assertSchedulable(
  ex: Executor,
  engagement: ScheduledEngagement,
  period: { start: Date; end: Date },
  what: string,
): Promise<void> {
  const window =
    engagement.window_start && engagement.window_end
      ? { start: engagement.window_start, end: engagement.window_end }
      : null;
  assertInWindow(window, engagement.time_zone, period, what);
  if (engagement.kind !== 'proactive') return;
  const earliest = await bookingsRepo.requestEarliestStart(ex, engagement.request_id);
  if (!earliest) return;
  const from = DateTime.fromISO(earliest, { zone: engagement.time_zone }).startOf('day').toJSDate();
  if (period.start >= from) return;
  throw new AppError(
    'LEAD_TIME_TOO_SHORT',
    `${what} starts before ${earliest} (${engagement.time_zone}), the earliest start the lead time of ${engagement.number}'s request allows. Start on ${earliest} or later.`,
    { earliestStart: earliest, timeZone: engagement.time_zone },
  );
}
