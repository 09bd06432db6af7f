import type { ApprovalSummary, ChangeOrderStatus } from '../../../shared/contracts/workorders.ts';
import { AppError } from '../../../shared/errors.ts';
import { authorize } from '../../authz.ts';
import { isCustomerUser, type Ctx } from '../../context.ts';
import { cursorOf, toPage } from '../../pagination.ts';
import { changeOrdersRepo } from '../change-orders.repo.ts';
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

/** The PDF of a sent change order, exactly as it was emailed. */
export async function changeOrderPdf(deps: WorkOrdersDeps, ctx: Ctx, id: string) {
  authorize(ctx.actor, workOrdersPolicy.read, cannotRead);
  const ex = deps.db.kysely;
  const co = await visibleChangeOrder(ex, ctx.actor, id);
  const pdf = await changeOrdersRepo.pdf(ex, id);
  if (!pdf || !co.content_hash)
    throw new AppError('NOT_FOUND', `Change order ${co.number} is a draft: its PDF is rendered when it is sent.`);
  return { filename: `${co.number}.pdf`, content: pdf, version: null, contentHash: co.content_hash };
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
