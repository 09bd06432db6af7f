import { createEvents, type DateArray, type EventAttributes } from 'ics';

/** One event of a subscribed calendar: timed (instants, written in UTC) or all-day (calendar dates). */
export interface FeedEvent {
  /** Stable for the life of the thing it shows, so a client updates the event in place. */
  uid: string;
  /** Raised on every change of the thing (clients use it with DTSTAMP to replace their copy). */
  sequence?: number;
  title: string;
  description?: string;
  location?: string;
  status?: 'TENTATIVE' | 'CONFIRMED';
  /** Busy (OPAQUE, the default) or shown but not blocking (TRANSPARENT). */
  transparent?: boolean;
  /** Outlook's free/busy colour: OOF for time off. */
  busyStatus?: 'BUSY' | 'TENTATIVE' | 'OOF' | 'FREE';
  when: { start: Date; end: Date } | { startDate: string; endDateExclusive: string };
}

export interface FeedInput {
  /** X-WR-CALNAME: the name a calendar client shows for the subscription. */
  name: string;
  events: FeedEvent[];
  /** DTSTAMP of every event: when the feed was generated (the injected clock). */
  stamp: Date;
}

const CRLF = '\r\n';

const dateArray = (date: string): DateArray => {
  const [year, month, day] = date.split('-').map(Number);
  return [year!, month!, day!];
};

function attributesOf(event: FeedEvent, stamp: Date): EventAttributes & { timestamp: number } {
  const when =
    'start' in event.when
      ? {
          start: event.when.start.getTime(),
          startInputType: 'utc' as const,
          startOutputType: 'utc' as const,
          end: event.when.end.getTime(),
          endInputType: 'utc' as const,
          endOutputType: 'utc' as const,
        }
      : { start: dateArray(event.when.startDate), end: dateArray(event.when.endDateExclusive) };
  return {
    uid: event.uid,
    ...(event.sequence !== undefined ? { sequence: event.sequence } : {}),
    title: event.title,
    ...(event.description ? { description: event.description } : {}),
    ...(event.location ? { location: event.location } : {}),
    ...(event.status ? { status: event.status } : {}),
    ...(event.busyStatus ? { busyStatus: event.busyStatus } : {}),
    transp: event.transparent ? 'TRANSPARENT' : 'OPAQUE',
    ...when,
    timestamp: stamp.getTime(),
  };
}

/**
 * A subscribable calendar (RFC 5545, METHOD:PUBLISH) as Google Calendar and Outlook read it: PRODID, a
 * name, a refresh hint of one hour, one VEVENT per event with a stable UID and DTSTAMP; timed events in
 * UTC (no VTIMEZONE needed), all-day events as DATE values.
 */
export function buildFeed(input: FeedInput): string {
  const { error, value } = createEvents(
    input.events.map((event) => attributesOf(event, input.stamp)),
    { productId: '-//IMR Desk//Calendar feed//EN', method: 'PUBLISH', calName: input.name },
  );
  if (error || !value) throw new Error(`Cannot build the calendar feed: ${error?.message ?? 'no output'}`);
  return value.replace(/^X-PUBLISHED-TTL:.*$/m, `X-PUBLISHED-TTL:PT1H${CRLF}REFRESH-INTERVAL;VALUE=DURATION:PT1H`);
}
