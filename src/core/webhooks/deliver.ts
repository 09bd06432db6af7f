import type { Logger } from 'pino';
import type { Executor } from '../../db/create-db.ts';
import type { SendOutcome } from './webhooks.http.ts';
import type { WebhooksDeps } from './webhooks.deps.ts';
import { notifyDisabled } from './webhooks.notify.ts';
import { webhooksRepo, type ClaimedMessage } from './webhooks.repo.ts';
import { responseOutcome, shouldDisable, WEBHOOK_MAX_ATTEMPTS, webhookRetryDelayMs } from './webhooks.rules.ts';
import { webhookHeaders } from './webhooks.sign.ts';

export type DeliveryLog = Pick<Logger, 'warn' | 'error'>;
const silent = { warn: () => undefined, error: () => undefined } as unknown as DeliveryLog;

/** Records one attempt, the message's new state and the subscription's run of failures, in one transaction. */
async function record(
  deps: WebhooksDeps,
  trx: Executor,
  m: ClaimedMessage,
  outcome: SendOutcome,
  log: DeliveryLog,
): Promise<boolean> {
  const now = deps.clock.now();
  const verdict =
    outcome.status === null ? { delivered: false, error: outcome.error } : responseOutcome(outcome.status);
  const error = verdict.delivered ? null : (verdict.error ?? outcome.error ?? 'delivery failed');
  await webhooksRepo.insertAttempt(trx, {
    id: deps.ids.next('wha'),
    message_id: m.id,
    attempt: m.attempts,
    status: verdict.delivered ? 'delivered' : 'failed',
    response_code: outcome.status,
    latency_ms: outcome.latencyMs,
    error,
    at: now,
  });
  if (verdict.delivered) {
    await webhooksRepo.updateMessage(trx, m.id, {
      status: 'delivered',
      delivered_at: now,
      locked_until: null,
      last_error: null,
    });
    await webhooksRepo.noteSuccess(trx, m.subscription_id);
    return true;
  }
  const givesUp = m.attempts >= WEBHOOK_MAX_ATTEMPTS;
  const nextAttemptAt = new Date(now.getTime() + webhookRetryDelayMs(m.attempts));
  await webhooksRepo.updateMessage(trx, m.id, {
    locked_until: null,
    last_error: error,
    next_attempt_at: nextAttemptAt,
    ...(givesUp ? { status: 'failed' as const } : {}),
  });
  log.warn(
    {
      webhookMessageId: m.id,
      subscriptionId: m.subscription_id,
      attempt: m.attempts,
      status: outcome.status,
      error,
      givesUp,
    },
    'webhook delivery failed',
  );
  const run = await webhooksRepo.noteFailure(trx, m.subscription_id, now);
  if (
    run?.enabled &&
    shouldDisable(
      { consecutiveFailures: run.consecutive_failures, failingSince: run.failing_since },
      deps.disableRule,
      now,
    )
  ) {
    const sub = await webhooksRepo.subscription(trx, m.subscription_id, true);
    if (sub?.enabled) {
      await webhooksRepo.updateSubscription(trx, sub.id, {
        enabled: false,
        disabled_at: now,
        disabled_reason: `disabled after ${run.consecutive_failures} failed attempts in a row; last: ${error}`,
        updated_at: now,
      });
      await notifyDisabled(deps, trx, sub, run.consecutive_failures, error ?? 'delivery failed');
      log.error({ subscriptionId: sub.id, failures: run.consecutive_failures }, 'webhook subscription disabled');
    }
  }
  return false;
}

/**
 * Delivers due webhook messages: claim (short transaction, a claim that expires), POST signed with no
 * transaction open, then record the attempt. At least once: a crash after the receiver's answer and before
 * the record sends the message again with the same `webhook-id`, which receivers use to drop duplicates.
 * A failure is retried with backoff (`webhookRetryDelayMs`); a subscription failing by the disable rule is
 * disabled and its owner told by email.
 */
export async function deliverDueWebhooks(
  deps: WebhooksDeps,
  limit = 20,
  log: DeliveryLog = silent,
): Promise<{ delivered: number; failed: number }> {
  const claimed = await webhooksRepo.claimDue(deps.db.kysely, deps.clock.now(), deps.claimMs, limit);
  let delivered = 0;
  let failed = 0;
  for (const m of claimed) {
    const headers = webhookHeaders(m.secret, m.id, deps.clock.now(), m.body);
    const outcome = await deps.send({ url: m.url, headers, body: m.body });
    const ok = await deps.db.transaction((trx) => record(deps, trx, m, outcome, log));
    if (ok) delivered++;
    else failed++;
  }
  return { delivered, failed };
}
