import { isAppError } from '../../shared/errors.ts';
import type { Balance } from '../../shared/contracts/ledger.ts';
import { systemCtx, type Ctx } from '../context.ts';
import type { HandlerResult, InboundHandler, InboundMessage } from '../inbound/inbound.types.ts';
import { requestsRepo } from '../requests/requests.repo.ts';
import type { ChannelsDeps } from './channels.deps.ts';
import { balanceAnswer, responderWillCall, triageNotice } from './channels.notify.ts';
import { channelsRepo, type SenderContact } from './channels.repo.ts';
import { firmHotline } from './hotline.ts';
import { emailDescription, emergencyFromSubject, mailCommand } from './channels.rules.ts';

const automated: HandlerResult = {
  outcome: 'ignored',
  detail: 'automated message (RFC 3834): never acted on, never answered',
};

/** The hotline to name in answers (the firm's profile), or null before one is set. */
const hotlineOf = (deps: ChannelsDeps): Promise<string | null> => firmHotline(deps.settings, deps.db.kysely);

/**
 * A balance question by email: a known contact (its stored address, compared lower-cased; the sender
 * check of core/inbound already ran) gets the figures of every active contract of its customer, at its
 * stored address. An unknown sender gets nothing at all; the message stays in the inbound log.
 */
export async function answerBalance(deps: ChannelsDeps, msg: InboundMessage): Promise<HandlerResult> {
  if (msg.automated) return automated;
  const contacts = await channelsRepo.contactsByEmail(deps.db.kysely, msg.from);
  if (contacts.length === 0)
    return { outcome: 'ignored', detail: 'balance question from an unknown sender: not answered' };
  const ctx = systemCtx('inbound-balance');
  const answers: { customerName: string; balances: Balance[] }[] = [];
  for (const customerId of [...new Set(contacts.map((contact) => contact.customer_id))]) {
    const contracts = await channelsRepo.activeContractsOf(deps.db.kysely, customerId);
    const balances: Balance[] = [];
    for (const contract of contracts) balances.push(await deps.ledger.balance(ctx, contract.id));
    answers.push({
      customerName: contacts.find((contact) => contact.customer_id === customerId)!.customer_name,
      balances,
    });
  }
  const all = answers.flatMap((answer) => answer.balances);
  return {
    outcome: 'applied',
    detail: `balance of ${all.length} active contract(s) sent to ${contacts[0]!.name}`,
    reply: balanceAnswer(deps.publicUrl, answers, await hotlineOf(deps)),
    replyTo: contacts[0]!.email,
    ...(all.length === 1 ? { contractId: all[0]!.contractId } : {}),
  };
}

/** Why an emergency email made no request, or the contact and contract it is made on. */
async function emergencyTarget(
  deps: ChannelsDeps,
  contacts: SenderContact[],
): Promise<{ contact: SenderContact; contractId: string } | { why: string }> {
  const requesters = contacts.filter((contact) => contact.can_request);
  if (contacts.length === 0) return { why: 'the sender is not a known contact' };
  if (requesters.length === 0) return { why: 'the sender is a contact who may not request services' };
  if (requesters.length > 1) return { why: 'the address is a requesting contact of several customers' };
  const contact = requesters[0]!;
  const contracts = await channelsRepo.activeContractsOf(deps.db.kysely, contact.customer_id);
  if (contracts.length === 0) return { why: `${contact.customer_name} has no active retainer` };
  if (contracts.length > 1)
    return {
      why: `${contact.customer_name} has ${contracts.length} active retainers: which one is for a person to decide`,
    };
  return { contact, contractId: contracts[0]!.id };
}

/** IR managers hear at once about an emergency email nobody could turn into a request. */
async function noticeToTriage(deps: ChannelsDeps, msg: InboundMessage, why: string, contacts: SenderContact[]) {
  await deps.db.transaction(async (trx) => {
    const to = (await requestsRepo.providerRecipients(trx, ['ir_manager'])).map((user) => user.email);
    if (to.length === 0) return;
    // Each manager reads the time received in his own zone (the mail audience rule).
    await deps.outbox.enqueueForRecipients(
      trx,
      to,
      ({ timeZone }) => ({
        topic: 'request.emergency_email_triage',
        dedupeKey: `emergency-triage:${msg.id}`,
        ...triageNotice(deps.publicUrl, msg, why, contacts, timeZone),
      }),
      { kind: 'staff' },
    );
  });
}

/**
 * An emergency by email: from a contact with canRequest whose customer has exactly one active contract,
 * an emergency request on it (channel email, received when our server accepted the message; the requests
 * service acknowledges it to the requester). Otherwise no request: the IR managers get the message to
 * triage at once, and a known contact is told a responder will call.
 */
export async function receiveEmergency(deps: ChannelsDeps, msg: InboundMessage): Promise<HandlerResult> {
  if (msg.automated) return automated;
  const contacts = await channelsRepo.contactsByEmail(deps.db.kysely, msg.from);
  let target = await emergencyTarget(deps, contacts);
  if ('contact' in target) {
    const { contact, contractId } = target;
    const { severity, incidentType } = emergencyFromSubject(msg.subject);
    const ctx: Ctx = { actor: systemCtx('inbound-emergency').actor, channel: 'email', requestId: msg.id };
    try {
      const request = await deps.requests.create(ctx, {
        kind: 'emergency',
        contractId,
        channel: 'email',
        receivedAt: msg.receivedAt.toISOString(),
        requesterContactId: contact.id,
        description: emailDescription(msg.subject, msg.text),
        incidentType,
        severity,
        onsiteRequired: false,
      });
      return {
        outcome: 'applied',
        detail: `emergency request ${request.id} (${severity} ${incidentType}) for ${contact.name}`,
      };
    } catch (error) {
      if (!isAppError(error)) throw error;
      target = { why: `the request was refused: ${error.message}` };
    }
  }
  await noticeToTriage(deps, msg, target.why, contacts);
  const known = contacts[0];
  return {
    outcome: 'refused',
    detail: `no request (${target.why}); IR managers notified${known ? ', the contact told a responder will call' : ''}`,
    ...(known ? { reply: responderWillCall(await hotlineOf(deps)), replyTo: known.email } : {}),
  };
}

/** The inbound handlers of `balance@` and `emergency@` (registered by main/core.ts). */
export const channelHandlers = (deps: ChannelsDeps): InboundHandler[] => [
  { tag: 'balance', handle: (msg) => answerBalance(deps, msg) },
  {
    tag: 'emergency',
    handle: (msg) =>
      mailCommand('emergency', msg.subject, msg.text) === 'balance'
        ? answerBalance(deps, msg)
        : receiveEmergency(deps, msg),
    // A sender our mail server does not vouch for: no request, no answer, but the IR managers see it.
    untrusted: async (msg, reason) => {
      if (msg.automated || mailCommand('emergency', msg.subject, msg.text) === 'balance') return;
      await noticeToTriage(deps, msg, `the sender could not be authenticated (${reason})`, []);
    },
  },
];
