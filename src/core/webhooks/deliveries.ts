import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import { webhookBody } from './emit.ts';
import type { WebhooksDeps } from './webhooks.deps.ts';
import { canManageWebhooks, forbiddenWebhooks } from './webhooks.policy.ts';
import { webhooksRepo } from './webhooks.repo.ts';
import { redeliverRefusal } from './webhooks.rules.ts';
import { subscriptionOr404 } from './subscriptions.ts';
import { messageView, type MessageView } from './webhooks.views.ts';

type Deps = Pick<WebhooksDeps, 'db' | 'clock' | 'ids' | 'audit'>;
const byId = cursorOf('id');

const assertEnabled = (sub: { enabled: boolean }, what: string): void => {
  if (!sub.enabled)
    throw new AppError('INVALID_TRANSITION', `This webhook is disabled: enable it first, then ${what}.`, {
      enabled: false,
    });
};

/**
 * Admins queue a `webhook.test` event for one enabled subscription (whatever events it asked for); the
 * worker delivers it like any other. Returns the message.
 */
export async function sendTestEvent(deps: Deps, ctx: Ctx, id: string): Promise<MessageView> {
  authorize(ctx.actor, canManageWebhooks, forbiddenWebhooks);
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const sub = await subscriptionOr404(trx, id);
    assertEnabled(sub, 'send a test event');
    const messageId = deps.ids.next('msg');
    const body = webhookBody('webhook.test', now, {
      subscriptionId: sub.id,
      message: 'A test event from IMR Desk: your receiver got it and can check its signature.',
    });
    await webhooksRepo.insertMessages(trx, [
      {
        id: messageId,
        subscription_id: sub.id,
        event_type: 'webhook.test',
        body,
        status: 'pending',
        next_attempt_at: now,
        created_at: now,
      },
    ]);
    await deps.audit.record(trx, ctx, {
      action: 'webhook.test_sent',
      entityType: 'webhook',
      entityId: sub.id,
      after: { messageId },
    });
    return messageView((await webhooksRepo.message(trx, messageId))!, [], now);
  });
}

/** Admins read a subscription's delivery log: its messages newest first, each with every attempt made. */
export async function listDeliveries(
  deps: Deps,
  ctx: Ctx,
  id: string,
  page: { cursor?: string | undefined; limit?: number | undefined },
): Promise<Page<MessageView>> {
  authorize(ctx.actor, canManageWebhooks, forbiddenWebhooks);
  const ex = deps.db.kysely;
  await subscriptionOr404(ex, id);
  const limit = page.limit ?? 50;
  const after = byId.decode(page.cursor);
  const rows = await webhooksRepo.messagesOf(ex, id, { limit: limit + 1, ...(after ? { beforeId: after[0] } : {}) });
  const paged = toPage(rows, limit, byId, (r) => [r.id]);
  const attempts = await webhooksRepo.attemptsOf(
    ex,
    paged.items.map((m) => m.id),
  );
  const now = deps.clock.now();
  return {
    ...paged,
    items: paged.items.map((m) =>
      messageView(
        m,
        attempts.filter((a) => a.message_id === m.id),
        now,
      ),
    ),
  };
}

/**
 * Admins redeliver one message of an enabled subscription: a new attempt now, with the same `webhook-id`
 * (and body) and a new timestamp and signature; whatever its state (delivered, failed or waiting), unless an
 * attempt is running right now. Audited.
 */
export async function redeliver(deps: Deps, ctx: Ctx, id: string, messageId: string): Promise<MessageView> {
  authorize(ctx.actor, canManageWebhooks, forbiddenWebhooks);
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const sub = await subscriptionOr404(trx, id);
    const m = await webhooksRepo.message(trx, messageId, true);
    if (!m || m.subscription_id !== sub.id) throw new AppError('NOT_FOUND', `Webhook message ${messageId} not found.`);
    assertEnabled(sub, 'redeliver');
    const refusal = redeliverRefusal(m, now);
    if (refusal) throw new AppError('INVALID_TRANSITION', `This message cannot be redelivered now: ${refusal}.`);
    await webhooksRepo.updateMessage(trx, m.id, { status: 'pending', next_attempt_at: now, locked_until: null });
    await deps.audit.record(trx, ctx, {
      action: 'webhook.redelivered',
      entityType: 'webhook',
      entityId: sub.id,
      before: { messageId: m.id, status: m.status, attempts: m.attempts },
      after: { messageId: m.id, status: 'pending' },
    });
    const after = (await webhooksRepo.message(trx, m.id))!;
    return messageView(after, await webhooksRepo.attemptsOf(trx, [m.id]), now);
  });
}
