import type { Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { FirmProfile } from '../../shared/contracts/settings.ts';
import { emailSignature } from '../documents/letterhead.ts';
import { emitWebhookEvent, type WebhookEvent } from '../webhooks/emit.ts';
import { mailRepo } from './mail.repo.ts';
import { messageIdFor } from './mail.rules.ts';
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
  return {
    /**
     * Writes a message to the outbox on the caller's transaction: it exists exactly when the change
     * that caused it commits, and the worker delivers it after commit. Returns false when the dedupe
     * key was already used (the message was enqueued before). The firm's signature (name, hotlines,
     * support) fills the footer slot of the message (see templates.ts).
     */
    async enqueueEmail(trx: Executor, email: EnqueueEmail): Promise<boolean> {
      const id = deps.ids.next('out');
      const { topic, dedupeKey, contractId, orderingKey, ...unsigned } = email;
      const firm = await firmProfile(trx);
      const payload = firm ? withFirmSignature(unsigned, emailSignature(firm)) : unsigned;
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
