import { DateTime } from 'luxon';
import type { Executor } from '../../db/create-db.ts';
import type { FeedEvent } from '../calendar/feed.ts';
import { itemLink } from '../mail/links.ts';
import type { CalendarDeps } from './calendar.deps.ts';
import { bookingUid, bookingTitle } from './calendar.invites.ts';
import { calendarRepo, type FeedPeriodRow } from './calendar.repo.ts';

const DAY = 24 * 60 * 60 * 1000;

/** What a feed covers around now: 30 days back (recent history) to a year ahead. */
export const feedWindow = (now: Date) => ({
  from: new Date(now.getTime() - 30 * DAY),
  to: new Date(now.getTime() + 366 * DAY),
});

/** Midnight to midnight in the consultant's zone reads as whole days (all-day events), anything else as times. */
function timeOffWhen(row: FeedPeriodRow, zone: string): FeedEvent['when'] {
  const start = DateTime.fromJSDate(row.start, { zone });
  const end = DateTime.fromJSDate(row.end, { zone });
  const midnight = (at: DateTime) => at.hour === 0 && at.minute === 0 && at.second === 0 && at.millisecond === 0;
  if (start.isValid && end.isValid && midnight(start) && midnight(end))
    return { startDate: start.toISODate()!, endDateExclusive: end.toISODate()! };
  return { start: row.start, end: row.end };
}

function bookingEvent(row: FeedPeriodRow, publicUrl: string): FeedEvent {
  const where = row.site_name ? `${row.site_name}, ${row.site_address ?? ''}`.replace(/, $/, '') : undefined;
  return {
    uid: bookingUid(row.id, publicUrl),
    sequence: row.sequence,
    title: bookingTitle({
      engagement: {
        number: row.engagement_number ?? '',
        title: row.engagement_title ?? '',
        customerName: row.customer_name ?? '',
      },
      mode: row.mode ?? 'remote',
    }),
    description: `${row.status === 'tentative' ? 'Tentative booking' : 'Booking'} on engagement ${row.engagement_number}. ${itemLink(publicUrl, 'staff', { type: 'engagement', number: row.engagement_number ?? '' })}`,
    ...(where ? { location: where } : {}),
    status: row.status === 'tentative' ? 'TENTATIVE' : 'CONFIRMED',
    busyStatus: row.status === 'tentative' ? 'TENTATIVE' : 'BUSY',
    when: { start: row.start, end: row.end },
  };
}

/**
 * The events of a consultant's feed in the feed's window: bookings (not cancelled; tentative ones marked
 * so), time off as "Time off" (never its reason; whole days as all-day events) and on-call shifts (shown
 * free, as the consultant may take other work while holding the pager).
 */
export async function feedEvents(
  deps: Pick<CalendarDeps, 'publicUrl'>,
  ex: Executor,
  userId: string,
  now: Date,
): Promise<FeedEvent[]> {
  const { from, to } = feedWindow(now);
  const [rows, zone, shifts] = await Promise.all([
    calendarRepo.busyPeriods(ex, from, to, userId),
    calendarRepo.timeZoneOf(ex, userId),
    calendarRepo.onCallShifts(ex, userId, from, to),
  ]);
  const host = new URL(deps.publicUrl).hostname || 'localhost';
  const onCall = shifts.map((shift): FeedEvent => ({
    uid: `${shift.id}@${host}`,
    title: `On call: ${shift.rota_name}`,
    description: 'You hold the pager for new emergencies during this shift.',
    busyStatus: 'FREE',
    transparent: true,
    when: { start: shift.starts_at, end: shift.ends_at },
  }));
  const periods = rows.map((row): FeedEvent =>
    row.kind === 'booking'
      ? bookingEvent(row, deps.publicUrl)
      : {
          uid: `${row.id}@${host}`,
          // A time off has no invite sequence: its revision (from 1) counts its changes.
          sequence: row.revision - 1,
          title: 'Time off',
          busyStatus: 'OOF',
          when: timeOffWhen(row, zone),
        },
  );
  return [...periods, ...onCall].sort((a, b) => startOf(a) - startOf(b) || a.uid.localeCompare(b.uid));
}

const startOf = (event: FeedEvent): number =>
  'start' in event.when ? event.when.start.getTime() : Date.parse(`${event.when.startDate}T00:00:00Z`);
