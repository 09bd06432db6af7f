import type { WebhookEventType } from '../../shared/webhooks.ts';
import type { AttemptRow, MessageRow, SubscriptionRow } from './webhooks.repo.ts';

/** A subscription as the API shows it: never its secret (shown once, at creation). */
export function subscriptionView(row: SubscriptionRow) {
  return {
    id: row.id,
    url: row.url,
    events: row.events as WebhookEventType[],
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at,
    consecutiveFailures: row.consecutive_failures,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
export type SubscriptionView = ReturnType<typeof subscriptionView>;

export function attemptView(a: AttemptRow) {
  return {
    attempt: a.attempt,
    status: a.status,
    responseCode: a.response_code,
    latencyMs: a.latency_ms,
    error: a.error,
    at: a.at,
  };
}

/** One event sent to one subscription, with every attempt made (the delivery log). */
export function messageView(m: MessageRow, attempts: AttemptRow[], now: Date) {
  const sending = m.status === 'pending' && m.locked_until !== null && m.locked_until > now;
  return {
    id: m.id,
    eventType: m.event_type,
    status: m.status,
    sending,
    attempts: m.attempts,
    lastError: m.last_error,
    nextAttemptAt: m.status === 'pending' && !sending ? m.next_attempt_at : null,
    createdAt: m.created_at,
    deliveredAt: m.delivered_at,
    log: attempts.map(attemptView),
  };
}
export type MessageView = ReturnType<typeof messageView>;
