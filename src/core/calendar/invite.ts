import { createEvent, type EventAttributes } from 'ics';
import { DateTime } from 'luxon';
import { icalLocal, vtimezoneLines } from './vtimezone.ts';

export interface InvitePerson {
  name: string;
  email: string;
}

export interface InviteInput {
  /** Stable for the life of the event: a reschedule or cancellation reuses it. */
  uid: string;
  /** Raised on every change of the event (0 for the first invitation). */
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  title: string;
  description?: string;
  start: Date;
  end: Date;
  /** IANA zone the event is planned in; the times are written in it with a VTIMEZONE (default UTC). */
  timeZone?: string;
  organizer: InvitePerson;
  attendees: InvitePerson[];
  location?: string;
  /** How to join (video link, dial-in): added to the description, and the location when there is none. */
  joinInfo?: string;
  /** DTSTAMP: when the invitation was made (the injected clock). */
  stamp: Date;
  /** Ask attendees to reply (default: on a REQUEST). False when the organiser's address takes no replies. */
  rsvp?: boolean;
  /** STATUS of a REQUEST (default CONFIRMED); a CANCEL is always CANCELLED. */
  status?: 'TENTATIVE' | 'CONFIRMED';
}

export interface Invite {
  content: string;
  method: 'REQUEST' | 'CANCEL';
  filename: string;
}

const CRLF = '\r\n';

/**
 * Builds an iCalendar invitation (RFC 5546 iTIP): METHOD:REQUEST to invite or update, METHOD:CANCEL to
 * cancel, one stable UID, SEQUENCE raised by the caller on every change, the organiser and attendees,
 * and the times in the event's own zone. Mail it with outbox.enqueueEmail({ icalEvent: invite }).
 */
export function buildInvite(input: InviteInput): Invite {
  const description = [input.description, input.joinInfo ? `How to join: ${input.joinInfo}` : undefined]
    .filter(Boolean)
    .join('\n\n');
  const location = input.location ?? (input.joinInfo && input.joinInfo.length <= 200 ? input.joinInfo : undefined);
  const attributes: EventAttributes & { timestamp: number } = {
    uid: input.uid,
    sequence: input.sequence,
    method: input.method,
    productId: '-//IMR Desk//Invitations//EN',
    title: input.title,
    ...(description ? { description } : {}),
    ...(location ? { location } : {}),
    start: input.start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: input.end.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: input.method === 'CANCEL' ? 'CANCELLED' : (input.status ?? 'CONFIRMED'),
    organizer: { name: input.organizer.name, email: input.organizer.email },
    attendees: input.attendees.map((attendee) => ({
      name: attendee.name,
      email: attendee.email,
      rsvp: input.method === 'REQUEST' && input.rsvp !== false,
      partstat: 'NEEDS-ACTION',
      role: 'REQ-PARTICIPANT',
    })),
    timestamp: input.stamp.getTime(),
  };
  const { error, value } = createEvent(attributes);
  if (error || !value) throw new Error(`Cannot build the invitation: ${error?.message ?? 'no output'}`);
  const zone = input.timeZone && input.timeZone !== 'UTC' && input.timeZone !== 'Etc/UTC' ? input.timeZone : undefined;
  const content = zone ? inZone(value, zone, input.start, input.end) : value;
  return { content, method: input.method, filename: input.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics' };
}

/** Rewrites the UTC start and end of `ics`'s output as local times of `zone` and adds its VTIMEZONE. */
function inZone(ics: string, zone: string, start: Date, end: Date): string {
  if (!DateTime.local().setZone(zone).isValid) throw new Error(`Unknown time zone ${zone}`);
  const local = (instant: Date) => icalLocal(instant.getTime(), DateTime.fromJSDate(instant, { zone }).offset);
  return ics
    .replace(/^DTSTART:\d{8}T\d{6}Z$/m, `DTSTART;TZID=${zone}:${local(start)}`)
    .replace(/^DTEND:\d{8}T\d{6}Z$/m, `DTEND;TZID=${zone}:${local(end)}`)
    .replace(/^BEGIN:VEVENT$/m, `${vtimezoneLines(zone, [start, end]).join(CRLF)}${CRLF}BEGIN:VEVENT`);
}
