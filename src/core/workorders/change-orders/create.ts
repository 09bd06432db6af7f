import type { CreateChangeOrderBody } from '../../../shared/contracts/workorders.ts';
import { AppError } from '../../../shared/errors.ts';
import { authorize, canSeeTenant } from '../../authz.ts';
import { actorLabel, type Ctx } from '../../context.ts';
import { changeOrdersRepo } from '../change-orders.repo.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { workOrdersPolicy } from '../workorders.policy.ts';
import { workOrdersRepo } from '../workorders.repo.ts';
import { assertDelta, assertPlannedDates, invalidDeadline, loadChangeOrderView } from './view.ts';

/**
 * Drafts a change order on an open engagement (IR managers): the lines are added effort (negative
 * minutes reduce it); the estimate may never drop below what was consumed.
 */
export async function createChangeOrder(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  input: { engagementId: string; body: CreateChangeOrderBody },
) {
  const { db, clock, ids, audit } = deps;
  const { engagementId, body } = input;
  authorize(ctx.actor, workOrdersPolicy.manage, 'Only IR managers draft change orders.');
  const id = ids.next('chg');
  await db.transaction(async (trx) => {
    const engagement = await changeOrdersRepo.engagement(trx, engagementId);
    if (!engagement || !canSeeTenant(ctx.actor, engagement.organization_id))
      throw new AppError('NOT_FOUND', `Engagement ${engagementId} not found.`);
    if (engagement.status === 'closed' || engagement.status === 'cancelled')
      throw new AppError(
        'CONFLICT',
        `Engagement ${engagement.number} is ${engagement.status}: it takes no change orders.`,
        { status: engagement.status },
      );
    const contract = await workOrdersRepo.contractCard(trx, engagement.contract_id);
    await assertDelta(
      trx,
      { ...contract, contract_id: engagement.contract_id, engagement_id: engagement.id },
      engagement.estimate,
      body.estimateDeltaLines,
    );
    assertPlannedDates(body.plannedStart, body.plannedEnd);
    const now = clock.now();
    if (body.approvalDeadline && Date.parse(body.approvalDeadline) <= now.getTime()) throw invalidDeadline();
    const number = await workOrdersRepo.nextNumber(trx, 'CO', now.getUTCFullYear());
    await changeOrdersRepo.insert(trx, {
      id,
      number,
      engagement_id: engagement.id,
      work_order_id: engagement.work_order_id,
      organization_id: engagement.organization_id,
      customer_id: engagement.customer_id,
      contract_id: engagement.contract_id,
      status: 'draft',
      status_reason: null,
      supersedes_id: null,
      reason: body.reason,
      scope: body.scope ?? null,
      delta_lines: JSON.stringify(body.estimateDeltaLines),
      approval_deadline: body.approvalDeadline ? new Date(body.approvalDeadline) : null,
      planned_start: body.plannedStart ?? null,
      planned_end: body.plannedEnd ?? null,
      frozen: null,
      content_hash: null,
      sent_at: null,
      sent_by: null,
      decided_at: null,
      created_by: actorLabel(ctx.actor),
      created_at: now,
      updated_at: now,
    });
    await audit.record(trx, ctx, {
      action: 'change_order.created',
      entityType: 'change_order',
      entityId: id,
      organizationId: engagement.organization_id,
      after: { number, engagementId: engagement.id, reason: body.reason, lines: body.estimateDeltaLines },
    });
  });
  return loadChangeOrderView(deps, db.kysely, ctx.actor, id);
}
