import type { ApprovalSubject, ApprovalSummary } from '../../../shared/contracts/workorders.ts';
import { authorize } from '../../authz.ts';
import { isCustomerUser, type Ctx } from '../../context.ts';
import { changeOrderApprovalSummary } from '../change-orders/read.ts';
import { changeOrdersRepo } from '../change-orders.repo.ts';
import { workOrderApprovalSummary } from '../work-orders/read.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { workOrdersPolicy } from '../workorders.policy.ts';
import { workOrdersRepo } from '../workorders.repo.ts';

/** What awaits a decision: customer users see their own organisation's, provider staff everything. */
export async function pendingApprovals(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  filter: { subject?: ApprovalSubject },
): Promise<ApprovalSummary[]> {
  authorize(ctx.actor, workOrdersPolicy.read, 'Your role does not see approvals.');
  const ex = deps.db.kysely;
  const org = isCustomerUser(ctx.actor) ? { organizationId: ctx.actor.organizationId } : {};
  const out: ApprovalSummary[] = [];
  if (filter.subject !== 'change_order') {
    for (const wo of await workOrdersRepo.list(ex, { ...org, status: 'sent', limit: 200 }))
      out.push(await workOrderApprovalSummary(deps, ctx, wo.id));
  }
  if (filter.subject !== 'work_order') {
    for (const co of await changeOrdersRepo.list(ex, { ...org, status: 'sent', limit: 200 }))
      out.push(await changeOrderApprovalSummary(deps, ctx, co.id));
  }
  return out.sort((a, b) => (a.approvalDeadline ?? '').localeCompare(b.approvalDeadline ?? ''));
}
