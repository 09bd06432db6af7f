import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { renderEmail } from '../mail/templates.ts';
import type { InboundDeps } from './inbound.deps.ts';
import { addresses, authenticationResults, headerMap } from './inbound.parse.ts';
import { inboundRepo } from './inbound.repo.ts';
import {
  AUTO_REPLY_LIMIT,
  AUTO_REPLY_TOPIC,
  AUTO_REPLY_WINDOW_MS,
  isAutomated,
  parseRecipient,
  senderVerdict,
} from './inbound.rules.ts';
import type { HandlerResult, InboundHandler, InboundMessage } from './inbound.types.ts';

export interface Envelope {
  rcptTo: string[];
  mailFrom?: string;
}

type Verdict = ReturnType<typeof senderVerdict> | undefined;

/** Hands a stored message to the handler of its address, unless its sender is not believed; a refusal otherwise. */
async function dispatch(
  deps: InboundDeps,
  handlers: ReadonlyMap<string, InboundHandler>,
  msg: InboundMessage,
  envelope: Envelope,
  verdict: Verdict,
): Promise<{ handler: InboundHandler | undefined; result: HandlerResult }> {
  const domain = deps.domain;
  const target = domain
    ? envelope.rcptTo.map((address) => parseRecipient(address, domain)).find((recipient) => recipient !== null)
    : undefined;
  const handler = target ? handlers.get(target.tag) : undefined;
  if (verdict && !verdict.trusted) {
    // No answer: the From is not believed, and an answer would go to whoever it names (backscatter).
    if (handler?.untrusted) await handler.untrusted(msg, verdict.reason);
    return { handler, result: { outcome: 'refused', detail: `sender not authenticated: ${verdict.reason}` } };
  }
  if (!target || !handler) {
    // Strangers get no answer at all (no backscatter, no sign that an address or a customer exists).
    const known = msg.from !== '' && (await inboundRepo.isKnownContact(deps.db.kysely, msg.from));
    return {
      handler,
      result: {
        outcome: 'refused',
        detail: known ? 'no handler for this address' : 'no handler for this address; unknown sender: not answered',
        ...(known
          ? {
              reply: {
                heading: 'This address does not take messages',
                paragraphs: [
                  'Your message reached IMR Desk at an address that is not in use, so nothing was done with it.',
                  'To approve or decline a work order, reply to the approval email you received, or use the links in it.',
                ],
              },
            }
          : {}),
      },
    };
  }
  try {
    return { handler, result: await handler.handle(msg, target.token) };
  } catch (e) {
    return { handler, result: { outcome: 'refused', detail: `handler failed: ${(e as Error).message}` } };
  }
}

/** Records what was done with the message and, for mail from a person, writes one automatic answer (RFC 3834). */
async function recordOutcome(
  deps: InboundDeps,
  msg: InboundMessage,
  handler: InboundHandler | undefined,
  result: HandlerResult,
): Promise<void> {
  await deps.db.transaction(async (trx) => {
    await inboundRepo.recordOutcome(trx, msg.id, {
      handler: handler?.tag ?? null,
      outcome: result.outcome,
      detail: result.detail,
      at: deps.clock.now(),
    });
    const to = result.replyTo ?? msg.from;
    if (!result.reply || msg.automated || !to) return;
    const since = new Date(deps.clock.now().getTime() - AUTO_REPLY_WINDOW_MS);
    if ((await inboundRepo.autoRepliesSince(trx, to, AUTO_REPLY_TOPIC, since)) >= AUTO_REPLY_LIMIT) {
      await inboundRepo.recordOutcome(trx, msg.id, {
        handler: handler?.tag ?? null,
        outcome: result.outcome,
        detail: `${result.detail}; not answered: ${AUTO_REPLY_LIMIT} automatic answers to this address in the last hour`,
        at: deps.clock.now(),
      });
      return;
    }
    const content = renderEmail(result.reply);
    await deps.outbox.enqueueEmail(trx, {
      topic: AUTO_REPLY_TOPIC,
      dedupeKey: `inbound-reply:${msg.id}`,
      ...(result.contractId ? { contractId: result.contractId } : {}),
      to: [to],
      subject: msg.subject.toLowerCase().startsWith('re:') ? msg.subject : `Re: ${msg.subject}`,
      ...content,
      headers: {
        'Auto-Submitted': 'auto-replied',
        'X-Auto-Response-Suppress': 'All',
        'In-Reply-To': msg.messageId,
        References: msg.messageId,
      },
    });
  });
}

/**
 * Receives one message (from the SMTP listener): stores it with its evidence, hands it to the handler
 * of its address once (a redelivered Message-ID is not handled again), records the outcome and, for
 * mail from a person, writes one automatic answer to the outbox marked Auto-Submitted: auto-replied.
 */
export async function receive(
  deps: InboundDeps,
  handlers: ReadonlyMap<string, InboundHandler>,
  raw: Buffer,
  envelope: Envelope,
): Promise<{ id: string; outcome: string; duplicate: boolean }> {
  const parsed = await simpleParser(raw);
  const messageId = parsed.messageId ?? `<sha256-${createHash('sha256').update(raw).digest('hex')}@inbound>`;
  const existing = await inboundRepo.byMessageId(deps.db.kysely, messageId);
  if (existing) return { id: existing.id, outcome: existing.outcome ?? 'pending', duplicate: true };
  const headers = headerMap(parsed);
  const from = addresses(parsed.from)[0] ?? '';
  const automated =
    isAutomated(headers) || from === deps.ownAddress.toLowerCase() || /^(mailer-daemon|postmaster)@/i.test(from);
  const envelopeFrom = (envelope.mailFrom ?? '').trim().toLowerCase();
  const verdict = deps.authservId ? senderVerdict(authenticationResults(parsed), deps.authservId, from) : undefined;
  const msg: InboundMessage = {
    id: deps.ids.next('inb'),
    messageId,
    from,
    envelopeFrom,
    senderCheck: verdict ? `${verdict.summary ?? 'no results'} (${deps.authservId})` : null,
    to: [...new Set([...envelope.rcptTo.map((address) => address.toLowerCase()), ...addresses(parsed.to)])],
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    headers,
    automated,
    receivedAt: deps.clock.now(),
  };
  const inserted = await inboundRepo.insert(deps.db.kysely, {
    id: msg.id,
    message_id: messageId,
    from_address: from,
    envelope_from: envelopeFrom,
    to_addresses: JSON.stringify(msg.to),
    subject: msg.subject,
    text_body: msg.text,
    headers: JSON.stringify(headers),
    automated,
    received_at: msg.receivedAt,
    raw: raw.toString('utf8'),
  });
  if (!inserted) {
    const row = await inboundRepo.byMessageId(deps.db.kysely, messageId);
    return { id: row!.id, outcome: row!.outcome ?? 'pending', duplicate: true };
  }
  const { handler, result } = await dispatch(deps, handlers, msg, envelope, verdict);
  await recordOutcome(deps, msg, handler, result);
  return { id: msg.id, outcome: result.outcome, duplicate: false };
}
