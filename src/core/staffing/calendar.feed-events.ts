import type { Executor } from '../../db/create-db.ts';
import type { FeedEvent } from '../calendar/feed.ts';
import type { CalendarDeps } from './calendar.deps.ts';

const DAY = 24 * 60 * 60 * 1000;
/** What a feed covers around now. */
export const feedWindow = (now: Date) => ({
  from: new Date(now.getTime() - 30 * DAY),
  to: new Date(now.getTime() + 366 * DAY),
});

/** The events of a consultant's feed: bookings, on-call shifts and time off in the feed's window. */
export async function feedEvents(
  _deps: Pick<CalendarDeps, 'publicUrl'>,
  _ex: Executor,
  _userId: string,
  now: Date,
): Promise<FeedEvent[]> {
  feedWindow(now);
  return [];
}
