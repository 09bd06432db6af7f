import type { UpdateChangeOrderBody } from '../../../shared/contracts/workorders.ts';
import { AppError } from '../../../shared/errors.ts';
import { authorize, canSeeTenant } from '../../authz.ts';
import { actorLabel, type Ctx } from '../../context.ts';
import { approvalsRepo } from '../approvals.repo.ts';
import { changeOrdersRepo, type ChangeOrderWithContext } from '../change-orders.repo.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { assertChangeOrderTransition } from '../workorders.lifecycle.ts';
import { workOrdersPolicy } from '../workorders.policy.ts';
import { workOrdersRepo } from '../workorders.repo.ts';
import { assertDelta, assertPlannedDates, changeOrderNotFound, invalidDeadline, loadChangeOrderView } from './view.ts';

type ChangeOrderPatch = Omit<UpdateChangeOrderBody, 'revision'>;

/** The deadline after an edit: as given, else a draft keeps its own and a revision of a sent one starts without. */
function nextDeadline(co: ChangeOrderWithContext, patch: ChangeOrderPatch): Date | null {
  if (patch.approvalDeadline === undefined) return co.status === 'draft' ? co.approval_deadline : null;
  return patch.approvalDeadline ? new Date(patch.approvalDeadline) : null;
}

/**
 * Edits a change order (IR managers) with optimistic concurrency: a draft in place; a sent one is
 * superseded (its links stop working) by a new draft that names it. Decided ones refuse.
 */
export async function updateChangeOrder(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  input: { id: string; patch: ChangeOrderPatch; expectedRevision?: number | undefined },
) {
  const { db, clock, ids, audit } = deps;
  const { id, patch, expectedRevision } = input;
  authorize(ctx.actor, workOrdersPolicy.manage, 'Only IR managers edit change orders.');
  const resultId = await db.transaction(async (trx) => {
    const co = await changeOrdersRepo.lock(trx, id);
    if (!co || !canSeeTenant(ctx.actor, co.organization_id)) throw changeOrderNotFound(id);
    if (expectedRevision !== undefined && expectedRevision !== co.revision) {
      throw new AppError(
        'STALE_REVISION',
        `Change order ${co.number} changed since you read it (revision ${co.revision}, you edited ${expectedRevision}): reload it and apply your change again.`,
        { currentRevision: co.revision },
      );
    }
    if (co.status !== 'draft' && co.status !== 'sent')
      throw new AppError(
        'CONFLICT',
        `Change order ${co.number} is ${co.status}: it cannot be edited any more. Draft a new change order.`,
        { status: co.status },
      );
    const now = clock.now();
    const lines = patch.estimateDeltaLines ?? co.delta_lines;
    await assertDelta(trx, co, co.engagement_estimate, lines);
    const deadline = nextDeadline(co, patch);
    if (deadline && deadline.getTime() <= now.getTime()) throw invalidDeadline();
    const plannedStart = patch.plannedStart === undefined ? co.planned_start : patch.plannedStart;
    const plannedEnd = patch.plannedEnd === undefined ? co.planned_end : patch.plannedEnd;
    assertPlannedDates(plannedStart, plannedEnd);
    const next = {
      reason: patch.reason ?? co.reason,
      planned_start: plannedStart,
      planned_end: plannedEnd,
      scope: patch.scope === undefined ? co.scope : patch.scope,
      delta_lines: JSON.stringify(lines),
      approval_deadline: deadline,
      updated_at: now,
    };
    if (co.status === 'draft') {
      await changeOrdersRepo.update(trx, id, next, true);
      await audit.record(trx, ctx, {
        action: 'change_order.updated',
        entityType: 'change_order',
        entityId: id,
        organizationId: co.organization_id,
        before: {
          reason: co.reason,
          scope: co.scope,
          lines: co.delta_lines,
          plannedStart: co.planned_start,
          plannedEnd: co.planned_end,
        },
        after: { reason: next.reason, scope: next.scope, lines, plannedStart, plannedEnd },
      });
      return id;
    }
    assertChangeOrderTransition(co.status, 'superseded');
    const newId = ids.next('chg');
    const number = await workOrdersRepo.nextNumber(trx, 'CO', now.getUTCFullYear());
    await changeOrdersRepo.update(
      trx,
      id,
      { status: 'superseded', status_reason: `revised as ${number}`, decided_at: now, updated_at: now },
      true,
    );
    await approvalsRepo.voidTokens(trx, 'change_order', id, now);
    await changeOrdersRepo.insert(trx, {
      ...next,
      id: newId,
      number,
      engagement_id: co.engagement_id,
      work_order_id: co.work_order_id,
      organization_id: co.organization_id,
      customer_id: co.customer_id,
      contract_id: co.contract_id,
      status: 'draft',
      status_reason: null,
      supersedes_id: id,
      frozen: null,
      content_hash: null,
      sent_at: null,
      sent_by: null,
      decided_at: null,
      created_by: actorLabel(ctx.actor),
      created_at: now,
    });
    await audit.record(trx, ctx, {
      action: 'change_order.revised',
      entityType: 'change_order',
      entityId: id,
      organizationId: co.organization_id,
      before: { status: 'sent' },
      after: { status: 'superseded', replacedBy: newId, number },
    });
    return newId;
  });
  return loadChangeOrderView(deps, db.kysely, ctx.actor, resultId);
}
