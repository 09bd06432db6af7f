import { DateTime } from 'luxon';
import type { Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { buildInvite } from '../calendar/invite.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { zonedTime } from '../../shared/dates.ts';
import { label } from '../../shared/labels.ts';
import { renderEmail } from '../mail/templates.ts';
import type { RequestWithNames } from './requests.repo.ts';
import type { ScopingAttendeeRow } from './requests.tables.ts';
import type { ScopingCallRow } from './scoping.repo.ts';

export type InviteKind = 'invite' | 'update' | 'cancel';

const headings: Record<InviteKind, string> = {
  invite: 'Invitation: scoping call',
  update: 'Scoping call moved',
  cancel: 'Scoping call cancelled',
};

/** What the call is about: the incident and its severity, or the proactive service. */
const subjectOf = (request: RequestWithNames): string =>
  request.kind === 'emergency'
    ? `${label('incidentType', request.incident_type).toLowerCase()} incident (${request.severity})`
    : (request.catalog_item_name ?? 'proactive service');

/** The first sentence of the email, by what happened to the call. */
function leadOf(kind: InviteKind, what: string, customerName: string, local: string, timeZone: string): string {
  switch (kind) {
    case 'invite':
      return `You are invited to a free scoping call about ${what} for ${customerName} on ${local} (${timeZone}).`;
    case 'update':
      return `The scoping call about ${what} for ${customerName} now takes place on ${local} (${timeZone}). Your calendar updates the existing event.`;
    case 'cancel':
      return `The scoping call about ${what} for ${customerName} on ${local} (${timeZone}) is cancelled.`;
  }
}

/** One email per recipient carrying the same iCalendar event (REQUEST to invite or update, CANCEL to cancel). */
export async function sendInvites(
  deps: { clock: Clock; outbox: Outbox },
  trx: Executor,
  request: RequestWithNames,
  call: ScopingCallRow,
  kind: InviteKind,
  recipients: ScopingAttendeeRow[],
): Promise<void> {
  if (recipients.length === 0) return;
  const start = call.starts_at;
  const end = new Date(start.getTime() + call.duration_minutes * 60_000);
  const what = subjectOf(request);
  const title = `Scoping call: ${request.customer_name}, ${what}`;
  const local = (zone: string) => DateTime.fromJSDate(start, { zone }).toFormat('cccc d LLLL yyyy, HH:mm');
  const invite = buildInvite({
    uid: call.ical_uid,
    sequence: call.sequence,
    method: kind === 'cancel' ? 'CANCEL' : 'REQUEST',
    title,
    description: `Free scoping call about request ${request.id} (${what}). Scoping is never charged to your retainer.`,
    start,
    end,
    timeZone: call.time_zone,
    organizer: { name: call.organizer_name, email: call.organizer_email },
    attendees: call.attendees.map((attendee) => ({ name: attendee.name, email: attendee.email })),
    ...(call.join_info ? { joinInfo: call.join_info } : {}),
    stamp: deps.clock.now(),
  });
  for (const recipient of recipients) {
    // The time in the recipient's own zone, named (a contact without one: the customer's; staff: the firm's).
    const { timeZone } = await deps.outbox.audienceOf(trx, recipient.email, { timeZone: call.time_zone });
    const lead = leadOf(kind, what, request.customer_name, local(timeZone), timeZone);
    const content = renderEmail({
      heading: headings[kind],
      paragraphs: [
        `Hello ${recipient.name},`,
        lead,
        ...(kind === 'cancel' ? [] : ['Scoping calls are free of charge; nothing is drawn from the retainer.']),
      ],
      facts: [
        ['When', zonedTime(start, timeZone)],
        ['Duration', `${call.duration_minutes} minutes`],
        ...(call.join_info && kind !== 'cancel' ? ([['How to join', call.join_info]] as [string, string][]) : []),
        ['Organiser', `${call.organizer_name} <${call.organizer_email}>`],
      ],
    });
    await deps.outbox.enqueueEmail(trx, {
      topic: `scoping_call.${kind}`,
      to: [recipient.email],
      subject: kind === 'cancel' ? `Cancelled: ${title}` : kind === 'update' ? `Updated: ${title}` : title,
      ...content,
      icalEvent: invite,
    });
  }
}
