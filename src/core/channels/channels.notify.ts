/** Email wording of the customer's channels: term-end reminders, balance answers, emergency mail notices. */
import type { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { Balance } from '../../shared/contracts/ledger.ts';
import { quantity } from '../../shared/units.ts';
import type { LedgerTotals } from '../ledger/ledger.rules.ts';
import type { InboundMessage } from '../inbound/inbound.types.ts';
import { itemLink, type RecipientKind } from '../mail/links.ts';
import { renderEmail, type EmailContent } from '../mail/templates.ts';
import type { ActiveContract } from './channels.repo.ts';
import {
  expiryWording,
  humanDate,
  humanInstant,
  type FittingService,
  type ReminderThreshold,
} from './channels.rules.ts';

/** The footer naming the hotline when the firm's profile has one. */
export const hotlineFooter = (hotline: string | null): string =>
  hotline ? `In an emergency, call the hotline: ${hotline}.` : 'IMR Desk: incident management retainer';

/**
 * The term-end reminder: what is left, what happens to it, and what it could still buy. A contact gets the
 * portal's links to request each service; the account team (`kind` staff) the staff contract page instead.
 */
export function reminderContent(
  publicUrl: string,
  kind: RecipientKind,
  r: {
    contract: ActiveContract;
    threshold: ReminderThreshold;
    daysLeft: number;
    totals: LedgerTotals & { balance: number; available: number };
    policy: ContractSettings['expiryPolicy'];
    hasSuccessor: boolean;
    services: FittingService[];
  },
): { subject: string; text: string; html: string } {
  const unit = r.contract.unit;
  const show = (amount: number) => quantity(amount, unit).display;
  const request = (service: FittingService) =>
    `${publicUrl}/portal/requests/new?kind=proactive&contractId=${encodeURIComponent(r.contract.id)}&catalogItemId=${encodeURIComponent(service.catalogItemId)}`;
  const subject = `Retainer ${r.contract.number}: ${show(r.totals.available)} left, term ends ${humanDate(r.contract.term_end)}`;
  const customer = kind === 'contact';
  const servicesText = r.services.length
    ? customer
      ? [
          'Proactive services the available balance could still pay for, each with its link to request it:',
          ...r.services.map((service) => `${service.name}: ${service.display}. Request it: ${request(service)}`),
        ]
      : [
          'Proactive services the available balance could still pay for (the customer can request them from the portal):',
          ...r.services.map((service) => `${service.name}: ${service.display}.`),
        ]
    : [
        'No proactive service of the catalogue has a fixed price within the available balance; your account manager can suggest work that fits.',
      ];
  const content: EmailContent = {
    heading: `Your retainer ${r.contract.number} ends in ${r.daysLeft} days`,
    paragraphs: [
      `${r.contract.customer_name}'s retainer ${r.contract.number} ends on ${humanDate(r.contract.term_end)}, in ${r.daysLeft} days, with ${show(r.totals.available)} still available.`,
      expiryWording(r.policy, r.hasSuccessor),
      ...servicesText,
    ],
    facts: [
      ['Available', show(r.totals.available)],
      ['Reserved for approved work', show(r.totals.reserved)],
      ['Balance', show(r.totals.balance)],
      ['Term ends', humanDate(r.contract.term_end)],
      ['Reminder', `${r.threshold} days before the term ends`],
    ],
    action: customer
      ? { label: 'Request a proactive service', url: `${publicUrl}/portal/requests/new?kind=proactive` }
      : { label: 'Open the retainer', url: itemLink(publicUrl, kind, { type: 'contract', id: r.contract.id }) },
  };
  return { subject, ...renderEmail(content) };
}

/** The figures of one contract in a balance answer. */
function balanceFacts(balance: Balance): [string, string][] {
  return [
    [`${balance.contractNumber}: available`, balance.available.display],
    [`${balance.contractNumber}: reserved for approved work`, balance.reserved.display],
    [`${balance.contractNumber}: balance`, balance.balance.display],
    [`${balance.contractNumber}: consumed`, `${balance.percentConsumed} %`],
    [`${balance.contractNumber}: term ends`, `${humanDate(balance.termEnd)} (${balance.daysLeft} days left)`],
  ];
}

/** The automatic answer to a balance question: every active contract of the contact's customer(s). */
export function balanceAnswer(
  publicUrl: string,
  answers: { customerName: string; balances: Balance[] }[],
  hotline: string | null,
): EmailContent {
  const paragraphs = answers.map(({ customerName, balances }) =>
    balances.length
      ? `${customerName} has ${balances.length === 1 ? 'one active retainer' : `${balances.length} active retainers`}: the figures are below, as of now.`
      : `${customerName} has no active retainer at the moment. Your account manager can tell you more.`,
  );
  return {
    heading: 'Your retainer balance',
    paragraphs,
    facts: answers.flatMap(({ balances }) => balances.flatMap(balanceFacts)),
    action: { label: 'Open the portal', url: `${publicUrl}/portal` },
    footer: hotlineFooter(hotline),
  };
}

/** To a known contact whose emergency email made no request: a responder will call. */
export function responderWillCall(hotline: string | null): EmailContent {
  return {
    heading: 'We received your emergency email',
    paragraphs: [
      'Your email reached our incident response team. An IR responder will call you shortly to take the details.',
      hotline
        ? `If you cannot wait, call our 24×7 hotline now: ${hotline}.`
        : 'If you cannot wait, call the 24×7 hotline of your incident response firm.',
    ],
    footer: hotlineFooter(hotline),
  };
}

/** The IR managers' "emergency email to triage" notice with the message itself, its time in `timeZone` (the reader's). */
export function triageNotice(
  publicUrl: string,
  msg: InboundMessage,
  why: string,
  contacts: { name: string; customer_name: string }[],
  timeZone: string,
): { subject: string; text: string; html: string } {
  const sender = contacts.length
    ? contacts.map((contact) => `${contact.name} (${contact.customer_name})`).join(', ')
    : 'not a known contact';
  const content: EmailContent = {
    heading: 'Emergency email to triage',
    paragraphs: [
      `An email to the emergency address needs a person: ${why}. No request was created; call the sender back and log the request.`,
      msg.text.length > 4000 ? `${msg.text.slice(0, 4000)}…` : msg.text || '(no text)',
    ],
    facts: [
      ['From', msg.from || '(no From address)'],
      ['Sender', sender],
      ['Subject', msg.subject || '(no subject)'],
      ['Received', humanInstant(msg.receivedAt, timeZone)],
    ],
    action: { label: 'Open the request board', url: `${publicUrl}/requests` },
  };
  return { subject: `Emergency email to triage: ${msg.subject || msg.from}`, ...renderEmail(content) };
}
