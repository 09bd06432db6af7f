import { AppError } from '../../shared/errors.ts';
import type { WebhookEventType } from '../../shared/webhooks.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import type { WebhooksDeps } from './webhooks.deps.ts';
import { canManageWebhooks, forbiddenWebhooks } from './webhooks.policy.ts';
import { webhooksRepo, type SubscriptionRow } from './webhooks.repo.ts';
import { newWebhookSecret } from './webhooks.sign.ts';
import { urlRefusal } from './webhooks.ssrf.ts';
import { subscriptionView, type SubscriptionView } from './webhooks.views.ts';

type Deps = Pick<WebhooksDeps, 'db' | 'clock' | 'ids' | 'audit' | 'targets'>;

function assertUrl(deps: Pick<WebhooksDeps, 'targets'>, url: string): void {
  const refusal = urlRefusal(url, deps.targets);
  if (refusal) throw new AppError('WEBHOOK_URL_REFUSED', refusal, { url });
}

/** The same events once each, in the catalogue's order. */
const distinct = (events: WebhookEventType[]): WebhookEventType[] => [...new Set(events)];

/** A subscription, or NOT_FOUND. */
export async function subscriptionOr404(
  ex: Parameters<typeof webhooksRepo.subscription>[0],
  id: string,
  lock = false,
): Promise<SubscriptionRow> {
  const row = await webhooksRepo.subscription(ex, id, lock);
  if (!row) throw new AppError('NOT_FOUND', `Webhook ${id} not found.`);
  return row;
}

/**
 * Admins subscribe a URL to events; the URL must be allowed (https when the product is, never a private or
 * loopback IP literal unless WEBHOOKS_ALLOW_PRIVATE). Returns the signing secret, shown this once; audited
 * without it.
 */
export async function createSubscription(
  deps: Deps,
  ctx: Ctx,
  input: { url: string; events: WebhookEventType[] },
): Promise<SubscriptionView & { secret: string }> {
  authorize(ctx.actor, canManageWebhooks, forbiddenWebhooks);
  assertUrl(deps, input.url);
  const actor = ctx.actor;
  const now = deps.clock.now();
  const id = deps.ids.next('whk');
  const secret = newWebhookSecret();
  const events = distinct(input.events);
  return deps.db.transaction(async (trx) => {
    await webhooksRepo.insertSubscription(trx, {
      id,
      url: input.url,
      events: JSON.stringify(events),
      secret,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await deps.audit.record(trx, ctx, {
      action: 'webhook.created',
      entityType: 'webhook',
      entityId: id,
      after: { url: input.url, events },
    });
    return { ...subscriptionView((await webhooksRepo.subscription(trx, id))!), secret };
  });
}

/** Admins list every subscription (never a secret). */
export async function listSubscriptions(deps: Deps, ctx: Ctx): Promise<SubscriptionView[]> {
  authorize(ctx.actor, canManageWebhooks, forbiddenWebhooks);
  return (await webhooksRepo.listSubscriptions(deps.db.kysely)).map(subscriptionView);
}

/** Admins read one subscription (never its secret). */
export async function getSubscription(deps: Deps, ctx: Ctx, id: string): Promise<SubscriptionView> {
  authorize(ctx.actor, canManageWebhooks, forbiddenWebhooks);
  return subscriptionView(await subscriptionOr404(deps.db.kysely, id));
}

/**
 * Admins change the URL, the events or whether it is enabled; enabling a disabled subscription clears its
 * failures, and its pending messages are delivered again. Audited.
 */
export async function updateSubscription(
  deps: Deps,
  ctx: Ctx,
  id: string,
  input: { url?: string | undefined; events?: WebhookEventType[] | undefined; enabled?: boolean | undefined },
): Promise<SubscriptionView> {
  authorize(ctx.actor, canManageWebhooks, forbiddenWebhooks);
  if (input.url !== undefined) assertUrl(deps, input.url);
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const before = await subscriptionOr404(trx, id, true);
    const enabling = input.enabled === true && !before.enabled;
    await webhooksRepo.updateSubscription(trx, id, {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.events !== undefined ? { events: JSON.stringify(distinct(input.events)) } : {}),
      ...(input.enabled === false && before.enabled
        ? { enabled: false, disabled_at: now, disabled_reason: 'disabled by an administrator' }
        : {}),
      ...(enabling
        ? { enabled: true, disabled_at: null, disabled_reason: null, consecutive_failures: 0, failing_since: null }
        : {}),
      updated_at: now,
    });
    const after = (await webhooksRepo.subscription(trx, id))!;
    await deps.audit.record(trx, ctx, {
      action: 'webhook.updated',
      entityType: 'webhook',
      entityId: id,
      before: { url: before.url, events: before.events, enabled: before.enabled },
      after: { url: after.url, events: after.events, enabled: after.enabled },
    });
    return subscriptionView(after);
  });
}

/** Admins delete a subscription with its queued messages and delivery log. Audited. */
export async function deleteSubscription(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  authorize(ctx.actor, canManageWebhooks, forbiddenWebhooks);
  await deps.db.transaction(async (trx) => {
    const before = await subscriptionOr404(trx, id, true);
    await webhooksRepo.deleteSubscription(trx, id);
    await deps.audit.record(trx, ctx, {
      action: 'webhook.deleted',
      entityType: 'webhook',
      entityId: id,
      before: { url: before.url, events: before.events, enabled: before.enabled },
    });
  });
}
