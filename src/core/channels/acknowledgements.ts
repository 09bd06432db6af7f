/** Acknowledgements a customer expects: an emergency request received, an engagement closed (wording only). */
import type { SlaKind } from '../../shared/contracts/requests.ts';
import { label } from '../../shared/labels.ts';
import { quantity, type ContractUnit } from '../../shared/units.ts';
import { itemLink, type RecipientKind } from '../mail/links.ts';
import { renderEmail } from '../mail/templates.ts';
import { hotlineFooter } from './channels.notify.ts';
import { humanInstant } from './channels.rules.ts';

const targetLabels: Record<SlaKind, string> = {
  initial_contact: 'Initial contact by an IR responder',
  remote_start: 'Remote work started',
  onsite_arrival: 'On-site arrival',
};

const channelWords: Record<string, string> = {
  portal: 'the portal',
  api: 'the API',
  hotline: 'the hotline',
  email: 'email',
};

/** What the requester reads: severity, incident type, the SLA targets with their due times in `time_zone` (the reader's), the hotline. */
export function emergencyAcknowledgement(
  publicUrl: string,
  request: {
    id: string;
    number: string;
    severity: string | null;
    incident_type: string | null;
    channel: string;
    received_at: Date;
    time_zone: string;
    customer_name: string;
    contract_number: string;
    requester_name: string | null;
  },
  targets: { kind: SlaKind; target_minutes: number; due_at: Date }[],
  hotline: string | null,
): { subject: string; text: string; html: string } {
  const type = label('incidentType', request.incident_type ?? 'other').toLowerCase();
  const received = humanInstant(request.received_at, request.time_zone);
  const hours = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);
  const content = renderEmail({
    heading: `We received your emergency request ${request.number} (${request.severity} ${type})`,
    paragraphs: [
      `${request.requester_name ? `Hello ${request.requester_name}, ` : ''}your emergency request for ${request.customer_name} reached us through ${channelWords[request.channel] ?? request.channel} on ${received}. Our response clocks started then.`,
      targets.length
        ? 'Our response targets under your retainer are below; an IR manager confirms severity and incident type when they call you.'
        : 'An IR manager will call you to confirm severity and incident type and to agree the next steps.',
      hotline
        ? `If the situation changes or you cannot be reached, call our 24×7 hotline: ${hotline}.`
        : 'If the situation changes or you cannot be reached, call the 24×7 hotline of your incident response firm.',
    ],
    facts: [
      ['Request number', request.number],
      ['Request', `${request.severity} ${type}, received ${received}`],
      ['Retainer', request.contract_number],
      ...targets.map(
        (target) =>
          [
            targetLabels[target.kind],
            `within ${hours(target.target_minutes)}, by ${humanInstant(target.due_at, request.time_zone)}`,
          ] as [string, string],
      ),
      ...(hotline ? ([['Hotline', hotline]] as [string, string][]) : []),
    ],
    action: {
      label: 'Follow the request in the portal',
      url: itemLink(publicUrl, 'contact', { type: 'request', number: request.number }),
    },
    footer: hotlineFooter(hotline),
  });
  return {
    subject: `Emergency request ${request.number} received: ${request.severity} ${type} (${request.customer_name})`,
    ...content,
  };
}

/** What the customer and the account team read when an engagement closes: consumed, minimum true-up, released, final
 * balance, deliverables issued; the link opens the engagement on the reader's side (portal or staff). */
export function engagementClosedSummary(
  publicUrl: string,
  kind: RecipientKind,
  engagement: {
    id: string;
    number: string;
    title: string;
    customer_name: string;
    contract_number: string;
    unit: ContractUnit;
  },
  figures: { consumed: number; trueUp: number; released: number; expired: number; balance: number; available: number },
  deliverables: { title: string; version: number }[],
): { subject: string; text: string; html: string } {
  const show = (amount: number) => quantity(amount, engagement.unit).display;
  const content = renderEmail({
    heading: `Engagement ${engagement.number} is closed`,
    paragraphs: [
      `Engagement ${engagement.number}, ${engagement.title}, for ${engagement.customer_name} is closed. What it drew from retainer ${engagement.contract_number} is final, and what was reserved for it and not used is back in the available balance.`,
      deliverables.length
        ? `Deliverables issued: ${deliverables.map((deliverable) => `${deliverable.title} (version ${deliverable.version})`).join('; ')}.`
        : 'No deliverable was issued on this engagement.',
    ],
    facts: [
      ['Consumed', show(figures.consumed)],
      ['Minimum billable true-up', show(figures.trueUp)],
      ['Released to the available balance', show(figures.released)],
      ...(figures.expired > 0 ? ([['Expired with the term', show(figures.expired)]] as [string, string][]) : []),
      ['Retainer balance now', show(figures.balance)],
      ['Available now', show(figures.available)],
    ],
    action: {
      label: 'Open the engagement',
      url: itemLink(publicUrl, kind, { type: 'engagement', number: engagement.number }),
    },
  });
  return { subject: `Engagement ${engagement.number} closed: ${engagement.title}`, ...content };
}
