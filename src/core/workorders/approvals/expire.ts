import { systemCtx, type Ctx } from '../../context.ts';
import { changeOrderExpiredEmail, workOrderExpiredEmail } from '../approvals.notify.ts';
import { approvalsRepo } from '../approvals.repo.ts';
import { changeOrdersRepo } from '../change-orders.repo.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { assertVersionTransition } from '../workorders.lifecycle.ts';
import { notifyOutcome } from '../workorders.notify.ts';
import { workOrdersRepo } from '../workorders.repo.ts';

/** Expires one sent EWO version whose deadline passed (false when another run or a decision got there first). */
async function expireVersion(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  due: { work_order_id: string; id: string },
  now: Date,
): Promise<boolean> {
  return deps.db.transaction(async (trx) => {
    const wo = await workOrdersRepo.lock(trx, due.work_order_id);
    const version = wo && (await workOrdersRepo.versionById(trx, due.id));
    if (
      !wo ||
      !version ||
      version.status !== 'sent' ||
      !version.approval_deadline ||
      version.approval_deadline.getTime() > now.getTime()
    )
      return false;
    assertVersionTransition(version.status, 'expired');
    await workOrdersRepo.updateVersion(trx, version.id, {
      status: 'expired',
      status_reason: 'approval deadline passed',
      decided_at: now,
      updated_at: now,
    });
    await workOrdersRepo.update(trx, wo.id, { updated_at: now }, true);
    await approvalsRepo.voidTokens(trx, 'work_order', wo.id, now);
    await deps.requests.transitionInTx(
      trx,
      ctx,
      wo.request_id,
      'expired',
      `${wo.number} version ${version.version} was not answered by ${version.approval_deadline.toISOString()}`,
    );
    await deps.audit.record(trx, ctx, {
      action: 'work_order.expired',
      entityType: 'work_order',
      entityId: wo.id,
      organizationId: wo.organization_id,
      before: { status: 'sent', version: version.version },
      after: { status: 'expired', approvalDeadline: version.approval_deadline.toISOString() },
    });
    await notifyOutcome(deps, trx, {
      customerId: wo.customer_id,
      requestId: wo.request_id,
      contractId: wo.contract_id,
      topic: 'ewo.expired',
      dedupeKey: `ewo-expired:${version.id}`,
      ...workOrderExpiredEmail(deps.publicUrl, wo, {
        version: version.version,
        approval_deadline: version.approval_deadline,
      }),
    });
    return true;
  });
}

/** Expires one sent change order whose deadline passed (false when another run or a decision got there first). */
async function expireChangeOrder(deps: WorkOrdersDeps, ctx: Ctx, id: string, now: Date): Promise<boolean> {
  return deps.db.transaction(async (trx) => {
    const co = await changeOrdersRepo.lock(trx, id);
    if (!co || co.status !== 'sent' || !co.approval_deadline || co.approval_deadline.getTime() > now.getTime())
      return false;
    await changeOrdersRepo.update(
      trx,
      co.id,
      { status: 'expired', status_reason: 'approval deadline passed', decided_at: now, updated_at: now },
      true,
    );
    await approvalsRepo.voidTokens(trx, 'change_order', co.id, now);
    await deps.audit.record(trx, ctx, {
      action: 'change_order.expired',
      entityType: 'change_order',
      entityId: co.id,
      organizationId: co.organization_id,
      before: { status: 'sent' },
      after: { status: 'expired', approvalDeadline: co.approval_deadline.toISOString() },
    });
    const engagement = await changeOrdersRepo.engagement(trx, co.engagement_id);
    await notifyOutcome(deps, trx, {
      customerId: co.customer_id,
      requestId: engagement?.request_id ?? null,
      contractId: co.contract_id,
      topic: 'change_order.expired',
      dedupeKey: `change-order-expired:${co.id}`,
      ...changeOrderExpiredEmail(deps.publicUrl, { ...co, approval_deadline: co.approval_deadline }),
    });
    return true;
  });
}

/**
 * The expiry job: every sent EWO version and change order whose deadline passed expires exactly once
 * (row lock and status re-check; a second or concurrent run finds nothing to do); the request moves
 * to expired, links stop working, and the account team, IR managers and requester are told.
 */
export async function expireDueApprovals(
  deps: WorkOrdersDeps,
): Promise<{ expired: string[]; failed: { id: string; error: string }[] }> {
  const ctx = systemCtx('approval-deadline');
  const now = deps.clock.now();
  const expired: string[] = [];
  const failed: { id: string; error: string }[] = [];
  for (const due of await workOrdersRepo.dueVersions(deps.db.kysely, now, 500)) {
    try {
      if (await expireVersion(deps, ctx, due, now)) expired.push(due.id);
    } catch (error) {
      failed.push({ id: due.id, error: (error as Error).message });
    }
  }
  for (const due of await changeOrdersRepo.due(deps.db.kysely, now, 500)) {
    try {
      if (await expireChangeOrder(deps, ctx, due.id, now)) expired.push(due.id);
    } catch (error) {
      failed.push({ id: due.id, error: (error as Error).message });
    }
  }
  return { expired, failed };
}
