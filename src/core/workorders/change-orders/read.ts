import type { ApprovalSummary, ChangeOrderStatus } from '../../../shared/contracts/workorders.ts';
import { AppError } from '../../../shared/errors.ts';
import { authorize } from '../../authz.ts';
import { isCustomerUser, type Ctx } from '../../context.ts';
import { cursorOf, toPage } from '../../pagination.ts';
import { approvalsRepo } from '../approvals.repo.ts';
import { changeOrdersRepo } from '../change-orders.repo.ts';
import { changeOrderDocumentPdf } from '../workorders.documents.ts';
import { toDecisionView } from '../workorders.views.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { workOrdersPolicy } from '../workorders.policy.ts';
import { approverOf } from '../workorders.support.ts';
import { changeOrderSummaryOf, changeOrderView, loadChangeOrderView, visibleChangeOrder } from './view.ts';

/** Pages of this list continue after the last item's id. */
const byId = cursorOf('id');

const cannotRead = 'Your role does not see change orders.';

/** One change order (customers: sent ones of their own organisation). */
export async function getChangeOrder(deps: WorkOrdersDeps, ctx: Ctx, id: string) {
  authorize(ctx.actor, workOrdersPolicy.read, cannotRead);
  return loadChangeOrderView(deps, deps.db.kysely, ctx.actor, id);
}

/** Change orders, newest first, by engagement and status (customers: their own, sent ones). */
export async function listChangeOrders(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  filter: { status?: ChangeOrderStatus; engagementId?: string; cursor?: string; limit?: number },
) {
  authorize(ctx.actor, workOrdersPolicy.read, cannotRead);
  const ex = deps.db.kysely;
  const limit = filter.limit ?? 50;
  const after = byId.decode(filter.cursor);
  const customer = isCustomerUser(ctx.actor);
  const rows = await changeOrdersRepo.list(ex, {
    ...(customer ? { organizationId: ctx.actor.organizationId, customerVisible: true } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.engagementId ? { engagementId: filter.engagementId } : {}),
    ...(after ? { afterId: after[0] } : {}),
    limit: limit + 1,
  });
  const page = toPage(rows, limit, byId, (r) => [r.id]);
  const items = [];
  for (const co of page.items) items.push(await changeOrderView(deps, ex, co));
  return { items, nextCursor: page.nextCursor };
}

/** The PDF of a sent change order: as it was emailed, with its approval block once approved. */
export async function changeOrderPdf(deps: WorkOrdersDeps, ctx: Ctx, id: string) {
  authorize(ctx.actor, workOrdersPolicy.read, cannotRead);
  const ex = deps.db.kysely;
  return changeOrderDocumentPdf(deps, ex, await visibleChangeOrder(ex, ctx.actor, id));
}

/**
 * The frozen document of a sent change order, exactly what its content hash covers (recompute it with the
 * hash rule: SHA-256 of the RFC 8785 canonical JSON of `frozen`), with its status and decision. The
 * engagement in the path must be the change order's.
 */
export async function changeOrderDocument(deps: WorkOrdersDeps, ctx: Ctx, engagementId: string, id: string) {
  authorize(ctx.actor, workOrdersPolicy.read, cannotRead);
  const ex = deps.db.kysely;
  const co = await visibleChangeOrder(ex, ctx.actor, id);
  if (co.engagement_id !== engagementId)
    throw new AppError('NOT_FOUND', `Change order ${co.number} is not a change order of that engagement.`);
  if (co.status === 'draft' || !co.frozen || !co.content_hash)
    throw new AppError(
      'NOT_FOUND',
      `Change order ${co.number} is a draft: its document is frozen when it is sent. Send it first.`,
    );
  const [decision] = await approvalsRepo.decisions(ex, 'change_order', [co.id]);
  return {
    id: co.id,
    number: co.number,
    engagementId: co.engagement_id,
    engagementNumber: co.engagement_number,
    status: co.status,
    statusReason: co.status_reason,
    contentHash: co.content_hash,
    sentAt: co.sent_at,
    approvalDeadline: co.approval_deadline,
    decidedAt: co.decided_at,
    frozen: co.frozen as Record<string, unknown>,
    decision: decision ? toDecisionView(decision) : null,
    pdfAvailable: true,
  };
}

/** The approval page of a sent change order for the portal. */
export async function changeOrderApprovalSummary(deps: WorkOrdersDeps, ctx: Ctx, id: string): Promise<ApprovalSummary> {
  authorize(ctx.actor, workOrdersPolicy.read, cannotRead);
  const ex = deps.db.kysely;
  const co = await visibleChangeOrder(ex, ctx.actor, id);
  if (co.status === 'draft')
    throw new AppError('NOT_FOUND', `Change order ${co.number} has not been sent for approval yet.`);
  const approver = await approverOf(deps, ex, ctx.actor, co.customer_id);
  return changeOrderSummaryOf(deps, ex, co, approver);
}
