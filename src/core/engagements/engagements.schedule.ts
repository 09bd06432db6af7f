import type { Executor } from '../../db/create-db.ts';
import { buildInvite } from '../calendar/invite.ts';
import { zonedTime } from '../../shared/dates.ts';
import { itemLink } from '../mail/links.ts';
import { renderEmail } from '../mail/templates.ts';
import type { EngagementsDeps } from './engagements.deps.ts';
import { engagementsRepo, type EngagementRecord, type Person } from './engagements.repo.ts';
import { scheduleWindow } from './engagements.rules.ts';

export type ScheduleKind = 'invite' | 'update' | 'cancel';

/**
 * Who gets the engagement's schedule invitations: the customer's approving contacts and the requester
 * (decided: not every contact). Consultants get an invite per booking instead (staffing/calendar.invites.ts),
 * so the team is neither sent nor listed here.
 */
async function scheduleRecipients(
  deps: Pick<EngagementsDeps, 'customers'>,
  ex: Executor,
  engagement: EngagementRecord,
): Promise<Person[]> {
  const [approvers, requester] = await Promise.all([
    deps.customers.approvingContacts(ex, engagement.customer_id),
    engagementsRepo.requester(ex, engagement.request_id),
  ]);
  const all: Person[] = [
    ...approvers.map((contact) => ({ id: contact.id, name: contact.name, email: contact.email })),
    ...(requester ? [requester] : []),
  ];
  const seen = new Set<string>();
  return all.filter((p) => p.email && !seen.has(p.email.toLowerCase()) && seen.add(p.email.toLowerCase()));
}

const headings: Record<ScheduleKind, (number: string) => string> = {
  invite: (number) => `Scheduled: engagement ${number}`,
  update: (number) => `Rescheduled: engagement ${number}`,
  cancel: (number) => `Cancelled: engagement ${number}`,
};

/** What the email says about the event, per kind. */
function scheduleSentence(kind: ScheduleKind, engagement: EngagementRecord): string {
  const what = `engagement ${engagement.number} (${engagement.title}) for ${engagement.customer_name}`;
  if (kind === 'cancel')
    return `Engagement ${engagement.number} (${engagement.title}) for ${engagement.customer_name} is no longer planned for these dates; your calendar removes the event.`;
  if (kind === 'update') return `The dates of ${what} have changed. Your calendar updates the existing event.`;
  return `Engagement ${engagement.number} (${engagement.title}) for ${engagement.customer_name} is scheduled. The attached invitation adds it to your calendar.`;
}

const topics: Record<ScheduleKind, string> = {
  invite: 'engagement.scheduled',
  update: 'engagement.rescheduled',
  cancel: 'engagement.schedule_cancelled',
};
const subjectPrefixes: Record<ScheduleKind, string> = { invite: '', update: 'Updated: ', cancel: 'Cancelled: ' };
const modes = { onsite: 'on site', remote: 'remote', hybrid: 'on site and remote' } as const;

/**
 * One email per recipient carrying the engagement's calendar event: METHOD:REQUEST (invite or update) or
 * CANCEL, UID stable per engagement, SEQUENCE = the engagement's schedule sequence. All attendees are listed.
 */
export async function sendSchedule(
  deps: Pick<EngagementsDeps, 'customers' | 'outbox' | 'clock' | 'publicUrl' | 'organizer'>,
  trx: Executor,
  engagement: EngagementRecord,
  kind: ScheduleKind,
  only?: Person[],
): Promise<void> {
  const window = scheduleWindow(engagement.planned_start, engagement.planned_end);
  if (!window) return;
  const attendees = await scheduleRecipients(deps, trx, engagement);
  const recipients = only ?? attendees;
  if (recipients.length === 0) return;
  const sites = await engagementsRepo.sites(trx, engagement.customer_id, engagement.site_ids);
  const zone = engagement.time_zone;
  const mode = modes[engagement.delivery_mode];
  const title = `${engagement.number}: ${engagement.title} (${engagement.customer_name})`;
  const where = sites.map((site) => `${site.name}, ${site.address}`).join('; ');
  const workOrder = await engagementsRepo.workOrderNumber(trx, engagement.work_order_id);
  const host = new URL(deps.publicUrl).hostname || 'localhost';
  const invite = buildInvite({
    uid: `${engagement.id}@${host}`,
    sequence: engagement.schedule_sequence,
    method: kind === 'cancel' ? 'CANCEL' : 'REQUEST',
    title,
    description: `Engagement ${engagement.number} for ${engagement.customer_name}, ${mode}${where ? ` at ${where}` : ''}. Work order ${workOrder ?? 'on file'}.`,
    start: window.start,
    end: window.end,
    timeZone: zone,
    organizer: deps.organizer,
    attendees: (only
      ? [...attendees, ...only.filter((person) => !attendees.some((attendee) => attendee.email === person.email))]
      : attendees
    ).map((attendee) => ({ name: attendee.name, email: attendee.email })),
    ...(where ? { location: where } : {}),
    stamp: deps.clock.now(),
  });
  for (const recipient of recipients) {
    // Each reader's own zone and pages: a contact the portal's engagement, staff the staff page.
    const audience = await deps.outbox.audienceOf(trx, recipient.email, { timeZone: zone });
    const content = renderEmail({
      heading: headings[kind](engagement.number),
      paragraphs: [`Hello ${recipient.name},`, scheduleSentence(kind, engagement)],
      facts: [
        ['Starts', zonedTime(window.start, audience.timeZone)],
        ['Ends', zonedTime(window.end, audience.timeZone)],
        ['Delivery', mode],
        ...(where ? ([['Sites', where]] as [string, string][]) : []),
      ],
      action: {
        label: 'Open the engagement',
        url: itemLink(deps.publicUrl, audience.kind, { type: 'engagement', number: engagement.number }),
      },
    });
    await deps.outbox.enqueueEmail(trx, {
      topic: topics[kind],
      contractId: engagement.contract_id,
      to: [recipient.email],
      subject: `${subjectPrefixes[kind]}${title}`,
      ...content,
      icalEvent: invite,
    });
  }
}
