import type { Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { WebhookEventType, WebhookMessageType } from '../../shared/webhooks.ts';
import { webhooksRepo } from './webhooks.repo.ts';

/** An event as a feature emits it: its type and its data (ids, numbers, states: what a receiver acts on). */
export interface WebhookEvent {
  type: WebhookEventType;
  data: Record<string, unknown>;
  /** Makes the event once-only per subscription (e.g. `sla:req_…:remote_start:breached`). */
  dedupeKey?: string;
  /** When it happened (default: now); subscriptions made after it do not get it. */
  at?: Date;
}

export interface EmitDeps {
  clock: Clock;
  ids: IdGenerator;
}

/** The body every attempt sends and signs (Standard Webhooks' suggested shape). */
export const webhookBody = (type: WebhookMessageType, at: Date, data: Record<string, unknown>): string =>
  JSON.stringify({ type, timestamp: at.toISOString(), data });

/**
 * Writes one webhook message per enabled subscription of the event's type on the caller's transaction:
 * the messages exist exactly when the change that caused them commits, and the worker delivers them after
 * commit. Costs one small query when nobody subscribes. Returns how many messages were written.
 */
export async function emitWebhookEvent(trx: Executor, deps: EmitDeps, event: WebhookEvent): Promise<number> {
  const subscribers = await webhooksRepo.subscribersOf(trx, event.type);
  if (subscribers.length === 0) return 0;
  const now = deps.clock.now();
  const at = event.at ?? now;
  const body = webhookBody(event.type, at, event.data);
  return webhooksRepo.insertMessages(
    trx,
    subscribers
      .filter((s) => s.created_at <= at)
      .map((s) => ({
        id: deps.ids.next('msg'),
        subscription_id: s.id,
        event_type: event.type,
        body,
        status: 'pending' as const,
        next_attempt_at: now,
        dedupe_key: event.dedupeKey ? `${event.dedupeKey}:${s.id}` : null,
        created_at: now,
      })),
  );
}
