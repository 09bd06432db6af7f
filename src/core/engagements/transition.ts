import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { visibleRecord } from './engagements.access.ts';
import type { EngagementsDeps } from './engagements.deps.ts';
import { engagementsPolicy } from './engagements.policy.ts';
import { engagementsRepo } from './engagements.repo.ts';
import { assertTransition } from './engagements.rules.ts';
import type { EngagementStatus } from './engagements.tables.ts';
import { reload, toView, type EngagementView } from './engagements.views.ts';

/** Ordinary moves (start, delivering, on hold and back) by IR managers, checked by assertTransition; close and cancel have their own operations. */
export async function transitionEngagement(
  deps: Pick<EngagementsDeps, 'db' | 'clock' | 'audit' | 'ledger' | 'outbox' | 'requests'>,
  ctx: Ctx,
  id: string,
  input: { to: EngagementStatus; reason?: string | undefined },
): Promise<EngagementView> {
  await deps.db.transaction(async (trx) => {
    const engagement = await visibleRecord(trx, ctx.actor, id, { lock: true });
    authorize(ctx.actor, engagementsPolicy.manage, 'Only IR managers and admins move engagements.');
    assertTransition(engagement.status, input.to, 'transition', engagement.status_before_hold);
    const now = deps.clock.now();
    await engagementsRepo.update(trx, id, {
      status: input.to,
      status_before_hold: input.to === 'on_hold' ? engagement.status : null,
      status_reason: input.reason ?? null,
      revision: engagement.revision + 1,
      updated_at: now,
    });
    if (engagement.status === 'scheduled' && input.to === 'in_progress')
      await deps.outbox.emitWebhookEvent(trx, {
        type: 'engagement.started',
        data: {
          engagementId: id,
          number: engagement.number,
          customerId: engagement.customer_id,
          contractId: engagement.contract_id,
          requestId: engagement.request_id,
          startedAt: now.toISOString(),
        },
      });
    // Remote (or hybrid) work under way: the request's "remote work started", if it is the first.
    if (input.to === 'in_progress' && engagement.delivery_mode !== 'onsite')
      await deps.requests.recordMilestoneInTx(trx, ctx, engagement.request_id, {
        kind: 'remote_start',
        at: now,
        source: 'engagement_started',
      });
    await deps.audit.record(trx, ctx, {
      action: 'engagement.transition',
      entityType: 'engagement',
      entityId: id,
      organizationId: engagement.organization_id,
      before: { status: engagement.status },
      after: { status: input.to, ...(input.reason ? { reason: input.reason } : {}) },
    });
  });
  return toView(deps, deps.db.kysely, await reload(deps.db.kysely, id));
}
