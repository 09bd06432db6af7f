import type { Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { FirmProfile } from '../../shared/contracts/settings.ts';
import { emailSignature } from '../documents/letterhead.ts';
import { emitWebhookEvent, type WebhookEvent } from '../webhooks/emit.ts';
import { mailRepo } from './mail.repo.ts';
import { audienceOf, messageIdFor, type Audience } from './mail.rules.ts';
import type { EmailPayload } from './mail.tables.ts';
import { withFirmSignature } from './templates.ts';

export interface EnqueueEmail extends EmailPayload {
  /** What the message is about, for listings: 'user.invited', 'ewo.sent', … */
  topic: string;
  /** A key that makes the message once-only (e.g. 'sla-breach:req_…:remote_start'); a second enqueue is ignored. */
  dedupeKey?: string;
  /** The contract the message is about, so the contract page lists it with its delivery state. */
  contractId?: string;
  /**
   * Messages with the same key are delivered in the order they were enqueued: a message waits while an
   * earlier one of its key is undelivered (pending or retrying); a permanently failed one no longer holds it.
   */
  orderingKey?: string;
}

export type Outbox = ReturnType<typeof createOutbox>;

/** A message for one audience: everything but its recipients. */
export type EmailFor = Omit<EnqueueEmail, 'to' | 'cc'>;

/**
 * RFC 3834: every message the product writes by itself says so, so that auto-responders do not answer it and
 * mail clients may treat it as such; a message that sets its own Auto-Submitted (an auto-reply) keeps it.
 */
export function withAutoSubmitted(headers: Record<string, string> | undefined): Record<string, string> {
  const own = Object.keys(headers ?? {}).some((k) => k.toLowerCase() === 'auto-submitted');
  return own ? { ...headers } : { 'Auto-Submitted': 'auto-generated', ...headers };
}

export function createOutbox(deps: {
  clock: Clock;
  ids: IdGenerator;
  publicUrl: string;
  /** The firm's profile on the caller's transaction: its signature fills every message's footer slot. */
  firmProfile?: (ex: Executor) => Promise<FirmProfile>;
}) {
  // The profile read once per transaction: a use case that writes several messages (a statement to each
  // recipient) signs them all from one read, on the transaction that sees its own writes.
  const profiles = new WeakMap<Executor, Promise<FirmProfile>>();
  const firmProfile = (trx: Executor): Promise<FirmProfile> | undefined => {
    if (!deps.firmProfile) return undefined;
    if (!trx.isTransaction) return deps.firmProfile(trx);
    let p = profiles.get(trx);
    if (!p) profiles.set(trx, (p = deps.firmProfile(trx)));
    return p;
  };
  /**
   * Writes a message to the outbox on the caller's transaction: it exists exactly when the change
   * that caused it commits, and the worker delivers it after commit. Returns false when the dedupe
   * key was already used (the message was enqueued before). The firm's signature (name, hotlines,
   * support) fills the footer slot of the message (see templates.ts); it is marked Auto-Submitted.
   */
  const enqueueEmail = async (trx: Executor, email: EnqueueEmail): Promise<boolean> => {
    const id = deps.ids.next('out');
    const { topic, dedupeKey, contractId, orderingKey, ...unsigned } = email;
    const firm = await firmProfile(trx);
    const signed = firm ? withFirmSignature(unsigned, emailSignature(firm)) : unsigned;
    const payload = { ...signed, headers: withAutoSubmitted(signed.headers) };
    return mailRepo.insertOutbox(trx, {
      id,
      channel: 'email',
      topic,
      payload: JSON.stringify(payload),
      message_id: messageIdFor(id, deps.publicUrl),
      dedupe_key: dedupeKey ?? null,
      contract_id: contractId ?? null,
      ordering_key: orderingKey ?? null,
      status: 'pending',
      next_attempt_at: deps.clock.now(),
      created_at: deps.clock.now(),
    });
  };

  /** The audience of each address (lower-cased, in order, once each), read on the caller's transaction. */
  const audiences = async (
    trx: Executor,
    addresses: readonly string[],
    unknown?: Partial<Audience>,
  ): Promise<Map<string, { address: string; audience: Audience }>> => {
    const firmZone = (await firmProfile(trx))?.timeZone ?? 'UTC';
    const fallback: Audience = { kind: unknown?.kind ?? 'contact', timeZone: unknown?.timeZone ?? firmZone };
    const byLower = new Map<string, string>();
    for (const a of addresses) if (!byLower.has(a.toLowerCase())) byLower.set(a.toLowerCase(), a);
    const rows = await mailRepo.recipientsByEmail(trx, [...byLower.keys()]);
    const result = new Map<string, { address: string; audience: Audience }>();
    for (const [lower, address] of byLower) {
      const mine = rows.filter((r) => r.email === lower);
      result.set(lower, { address, audience: audienceOf(mine, firmZone, fallback) });
    }
    return result;
  };

  return {
    enqueueEmail,

    /** How each address reads its mail: staff or customer pages, and the time zone (see `audienceOf`). */
    async audienceOf(trx: Executor, address: string, unknown?: Partial<Audience>): Promise<Audience> {
      return (await audiences(trx, [address], unknown)).get(address.toLowerCase())!.audience;
    },

    /**
     * Writes one message per audience among `to` (staff or customer, and time zone), each built for its
     * readers by `build`: links to their pages, times in their zone. With a dedupe key the first message keeps
     * it and the others add their audience to it; a key already used writes nothing. An address nobody has
     * reads as `unknown` (default: a customer's reader in the firm's zone). Returns whether anything was written.
     */
    async enqueueForRecipients(
      trx: Executor,
      to: readonly string[],
      build: (audience: Audience) => EmailFor,
      unknown?: Partial<Audience>,
    ): Promise<boolean> {
      const groups = new Map<string, { audience: Audience; to: string[] }>();
      for (const { address, audience } of (await audiences(trx, to, unknown)).values()) {
        const key = `${audience.kind} ${audience.timeZone}`;
        const group = groups.get(key);
        if (group) group.to.push(address);
        else groups.set(key, { audience, to: [address] });
      }
      let first = true;
      let wrote = false;
      for (const [key, group] of groups) {
        const email = build(group.audience);
        const dedupeKey =
          email.dedupeKey === undefined ? undefined : first ? email.dedupeKey : `${email.dedupeKey}#${key}`;
        const written = await enqueueEmail(trx, { ...email, to: group.to, ...(dedupeKey ? { dedupeKey } : {}) });
        if (first && !written && email.dedupeKey !== undefined) return false;
        wrote ||= written;
        first = false;
      }
      return wrote;
    },

    /**
     * Writes a webhook event (one message per subscription of its type) on the caller's transaction, like
     * a message: delivered after commit by the worker, signed (core/webhooks). Returns how many were written.
     */
    emitWebhookEvent(trx: Executor, event: WebhookEvent): Promise<number> {
      return emitWebhookEvent(trx, deps, event);
    },
  };
}
