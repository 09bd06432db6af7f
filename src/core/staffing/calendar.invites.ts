import { DateTime } from 'luxon';
import type { Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { buildInvite, type InvitePerson } from '../calendar/invite.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { itemLink } from '../mail/links.ts';
import { renderEmail } from '../mail/templates.ts';

export type BookingChange = 'created' | 'changed' | 'cancelled';

/** What a booking invite says: the booking with its engagement, site and consultant, as people read them. */
export interface BookingForInvite {
  id: string;
  /** The calendar SEQUENCE: 0 when booked, raised by every change and by the cancellation. */
  sequence: number;
  start: Date;
  end: Date;
  mode: 'onsite' | 'remote' | 'travel';
  status: 'tentative' | 'confirmed';
  engagement: { id: string; number: string; title: string; customerName: string };
  site: { name: string; address: string } | null;
  consultant: { name: string; email: string };
}

export interface BookingInviteDeps {
  outbox: Outbox;
  clock: Clock;
  publicUrl: string;
  /** The firm's sending address: it takes no replies, so the invite asks for none (RSVP=FALSE). */
  organizer: InvitePerson;
}

const modeLabels = { onsite: 'on site', remote: 'remote', travel: 'travel (remote work in transit)' } as const;
const statusLabels = { tentative: 'tentative (pencilled in)', confirmed: 'confirmed' } as const;
const topics: Record<BookingChange, string> = {
  created: 'booking.invited',
  changed: 'booking.updated',
  cancelled: 'booking.cancelled',
};
const headings: Record<BookingChange, string> = {
  created: 'You are booked',
  changed: 'Your booking has changed',
  cancelled: 'Your booking is cancelled',
};
const subjectPrefixes: Record<BookingChange, string> = { created: '', changed: 'Updated: ', cancelled: 'Cancelled: ' };

/** The calendar UID of a booking: one event per booking, kept across updates and the cancellation. */
export const bookingUid = (bookingId: string, publicUrl: string): string =>
  `${bookingId}@${new URL(publicUrl).hostname || 'localhost'}`;

/** The event's title: engagement, customer and mode (the same in the invite and in the feed). */
export const bookingTitle = (booking: {
  engagement: { number: string; title: string; customerName: string };
  mode: BookingForInvite['mode'];
}): string =>
  `${booking.engagement.number}: ${booking.engagement.title} (${booking.engagement.customerName}), ${modeLabels[booking.mode]}`;

/** Messages about one booking are delivered in the order they were written (outbox ordering key). */
export const bookingOrderingKey = (bookingId: string): string => `booking:${bookingId}`;

function sentence(change: BookingChange, booking: BookingForInvite): string {
  const what = `engagement ${booking.engagement.number} (${booking.engagement.title}) for ${booking.engagement.customerName}`;
  if (change === 'cancelled') return `Your booking on ${what} is cancelled; your calendar removes the event.`;
  if (change === 'changed') return `Your booking on ${what} has changed. Your calendar updates the existing event.`;
  return `You are booked on ${what}. The attached invitation adds it to your calendar.`;
}

/**
 * Enqueues the consultant's invite for a booking on the caller's transaction: METHOD:REQUEST when booked
 * or changed, METHOD:CANCEL when cancelled, one UID per booking, SEQUENCE from the booking, no reply asked.
 * The invite and the email text are in the consultant's own zone, else the firm's (the mail audience rule).
 * Messages of one booking share an ordering key, so an update is never delivered before the original, even
 * when the original's first delivery fails.
 */
export async function enqueueBookingInvite(
  deps: BookingInviteDeps,
  trx: Executor,
  booking: BookingForInvite,
  change: BookingChange,
): Promise<void> {
  const zone = (await deps.outbox.audienceOf(trx, booking.consultant.email, { kind: 'staff' })).timeZone;
  const { engagement, site } = booking;
  const title = bookingTitle(booking);
  const where = site ? `${site.name}, ${site.address}` : undefined;
  const url = itemLink(deps.publicUrl, 'staff', { type: 'engagement', number: engagement.number });
  const method = change === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const invite = buildInvite({
    uid: bookingUid(booking.id, deps.publicUrl),
    sequence: booking.sequence,
    method,
    status: booking.status === 'tentative' ? 'TENTATIVE' : 'CONFIRMED',
    title,
    description: `Booking on engagement ${engagement.number} for ${engagement.customerName}: ${modeLabels[booking.mode]}, ${statusLabels[booking.status]}${where ? `, at ${where}` : ''}. ${url}`,
    start: booking.start,
    end: booking.end,
    timeZone: zone,
    organizer: deps.organizer,
    attendees: [{ name: booking.consultant.name, email: booking.consultant.email }],
    ...(where ? { location: where } : {}),
    stamp: deps.clock.now(),
    rsvp: false,
  });
  const local = (date: Date) => DateTime.fromJSDate(date, { zone }).toFormat('cccc d LLLL yyyy, HH:mm ZZZZ');
  const content = renderEmail({
    heading: `${headings[change]}: ${engagement.number}`,
    paragraphs: [`Hello ${booking.consultant.name},`, sentence(change, booking)],
    facts: [
      ['Starts', `${local(booking.start)} (${zone})`],
      ['Ends', `${local(booking.end)} (${zone})`],
      ['Mode', modeLabels[booking.mode]],
      ['Status', change === 'cancelled' ? 'cancelled' : statusLabels[booking.status]],
      ...(where ? ([['Site', where]] as [string, string][]) : []),
    ],
    action: { label: 'Open the engagement', url },
  });
  await deps.outbox.enqueueEmail(trx, {
    topic: topics[change],
    to: [booking.consultant.email],
    subject: `${subjectPrefixes[change]}${title}`,
    ...content,
    icalEvent: invite,
    orderingKey: bookingOrderingKey(booking.id),
  });
}
