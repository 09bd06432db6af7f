import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { authorize, providerWith } from '../authz.ts';
import type { Ctx } from '../context.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { renderEmail, type EmailContent } from '../mail/templates.ts';
import { cursorOf, toPage } from '../pagination.ts';
import { inboundRepo } from './inbound.repo.ts';
import { isAutomated, parseRecipient, senderVerdict } from './inbound.rules.ts';

/** Pages of this list continue after the last item's sequence number. */
const bySeq = cursorOf('seq');

/** A received message as handlers see it. */
export interface InboundMessage {
  id: string;
  messageId: string;
  /** The From address, lower-cased (compare with a contact's email). */
  from: string;
  /** The SMTP envelope sender (MAIL FROM), lower-cased; '' for a null reverse-path. Evidence only. */
  envelopeFrom: string;
  /** What our mail server's Authentication-Results said (e.g. `dmarc=pass spf=pass`), when MAIL_IN_AUTHSERV_ID is set. */
  senderCheck: string | null;
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
  automated: boolean;
  receivedAt: Date;
}

export interface HandlerResult {
  outcome: 'applied' | 'refused' | 'ignored';
  detail: string;
  /** An automatic answer (sent only when the message is not automated, RFC 3834). */
  reply?: EmailContent;
}

/**
 * A feature's handler for mail to `<tag>[+token]@MAIL_IN_DOMAIN` (e.g. `ewo+TOKEN@…` for approval by
 * reply, `balance@…` for balance questions). It runs its own transaction(s).
 */
export interface InboundHandler {
  tag: string;
  handle(msg: InboundMessage, token: string | null): Promise<HandlerResult>;
}

export type InboundService = ReturnType<typeof createInboundService>;

const EVIDENCE_HEADERS = [
  'date',
  'from',
  'to',
  'reply-to',
  'message-id',
  'in-reply-to',
  'references',
  'received',
  'return-path',
  'auto-submitted',
  'precedence',
  'list-id',
  'list-unsubscribe',
  'list-post',
  'authentication-results',
  'received-spf',
  'dkim-signature',
  'x-auto-response-suppress',
  'x-autoreply',
  'x-autorespond',
];

function headerMap(parsed: ParsedMail): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of parsed.headerLines) {
    const key = line.key.toLowerCase();
    if (!EVIDENCE_HEADERS.includes(key)) continue;
    const value = line.line
      .slice(line.line.indexOf(':') + 1)
      .replace(/\r?\n\s+/g, ' ')
      .trim();
    out[key] = out[key] ? `${out[key]}\n${value}` : value;
  }
  return out;
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : [])
    .flatMap((x) => x.value.map((v) => (v.address ?? '').toLowerCase()))
    .filter(Boolean);

/** The Authentication-Results header values, top first (the receiving server adds its own on top). */
const authenticationResults = (parsed: ParsedMail): string[] =>
  parsed.headerLines
    .filter((l) => l.key.toLowerCase() === 'authentication-results')
    .map((l) => l.line.slice(l.line.indexOf(':') + 1).trim());

/**
 * `authservId`: the deployment's own mail server (MAIL_IN_AUTHSERV_ID). When set, only its
 * Authentication-Results count, and a message whose From they do not vouch for reaches no handler.
 */
export function createInboundService(deps: {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  outbox: Outbox;
  domain: string | undefined;
  authservId?: string | undefined;
  ownAddress: string;
}) {
  const handlers = new Map<string, InboundHandler>();

  return {
    /** Features register their handler for one address tag at composition time. */
    register(handler: InboundHandler): void {
      handlers.set(handler.tag.toLowerCase(), handler);
    },

    /**
     * Receives one message (from the SMTP listener): stores it with its evidence, hands it to the handler
     * of its address once (a redelivered Message-ID is not handled again), records the outcome and, for
     * mail from a person, writes one automatic answer to the outbox marked Auto-Submitted: auto-replied.
     */
    async receive(
      raw: Buffer,
      envelope: { rcptTo: string[]; mailFrom?: string },
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
        to: [...new Set([...envelope.rcptTo.map((a) => a.toLowerCase()), ...addresses(parsed.to)])],
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

      const target = deps.domain
        ? envelope.rcptTo.map((a) => parseRecipient(a, deps.domain!)).find((r) => r !== null)
        : undefined;
      const handler = target ? handlers.get(target.tag) : undefined;
      let result: HandlerResult;
      if (verdict && !verdict.trusted) {
        // No answer: the From is not believed, and an answer would go to whoever it names (backscatter).
        result = { outcome: 'refused', detail: `sender not authenticated: ${verdict.reason}` };
      } else if (!target || !handler) {
        result = {
          outcome: 'refused',
          detail: 'no handler for this address',
          reply: {
            heading: 'This address does not take messages',
            paragraphs: [
              'Your message reached IMR Desk at an address that is not in use, so nothing was done with it.',
              'To approve or decline a work order, reply to the approval email you received, or use the links in it.',
            ],
          },
        };
      } else {
        try {
          result = await handler.handle(msg, target.token);
        } catch (e) {
          result = { outcome: 'refused', detail: `handler failed: ${(e as Error).message}` };
        }
      }
      await deps.db.transaction(async (trx) => {
        await inboundRepo.recordOutcome(trx, msg.id, {
          handler: handler?.tag ?? null,
          outcome: result.outcome,
          detail: result.detail,
          at: deps.clock.now(),
        });
        if (result.reply && !msg.automated && msg.from) {
          const content = renderEmail(result.reply);
          await deps.outbox.enqueueEmail(trx, {
            topic: 'inbound.auto_reply',
            dedupeKey: `inbound-reply:${msg.id}`,
            to: [msg.from],
            subject: msg.subject.toLowerCase().startsWith('re:') ? msg.subject : `Re: ${msg.subject}`,
            ...content,
            headers: {
              'Auto-Submitted': 'auto-replied',
              'X-Auto-Response-Suppress': 'All',
              'In-Reply-To': messageId,
              References: messageId,
            },
          });
        }
      });
      return { id: msg.id, outcome: result.outcome, duplicate: false };
    },

    /** Admins read what arrived and what was done with it, newest first. */
    async list(ctx: Ctx, f: { cursor?: string; limit?: number }) {
      authorize(ctx.actor, providerWith('admin'), 'Only administrators read inbound mail.');
      const limit = f.limit ?? 50;
      const before = bySeq.decode(f.cursor);
      const rows = await inboundRepo.list(deps.db.kysely, {
        ...(before ? { beforeSeq: before[0] } : {}),
        limit: limit + 1,
      });
      return toPage(rows, limit, bySeq, (r) => [Number(r.seq)]);
    },
  };
}
