import type { ApprovalSummary, WorkOrderStatus } from '../../../shared/contracts/workorders.ts';
import { AppError } from '../../../shared/errors.ts';
import { assertTenant, authorize } from '../../authz.ts';
import { isCustomerUser, type Ctx } from '../../context.ts';
import { cursorOf, toPage } from '../../pagination.ts';
import { approvalsRepo } from '../approvals.repo.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { workOrderVersionPdf } from '../workorders.documents.ts';
import { workOrdersPolicy } from '../workorders.policy.ts';
import { workOrdersRepo } from '../workorders.repo.ts';
import { approverOf } from '../workorders.support.ts';
import { toDecisionView } from '../workorders.views.ts';
import { workOrderNotFound } from './content.ts';
import { loadWorkOrderView, shownVersion, visibleWorkOrder, workOrderSummaryOf, workOrderView } from './view.ts';

/** Pages of this list continue after the last item's id. */
const byId = cursorOf('id');

const cannotRead = 'Your role does not see work orders.';

/** One EWO: staff see the latest version (draft included), customer users the latest sent version of their own. */
export async function getWorkOrder(deps: WorkOrdersDeps, ctx: Ctx, id: string) {
  authorize(ctx.actor, workOrdersPolicy.read, cannotRead);
  return loadWorkOrderView(deps, deps.db.kysely, ctx.actor, id);
}

/** EWOs, newest first, filtered by the current version's status, customer or request; customers see their own sent ones. */
export async function listWorkOrders(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  filter: { status?: WorkOrderStatus; customerId?: string; requestId?: string; cursor?: string; limit?: number },
) {
  authorize(ctx.actor, workOrdersPolicy.read, cannotRead);
  const ex = deps.db.kysely;
  const limit = filter.limit ?? 50;
  const after = byId.decode(filter.cursor);
  const customer = isCustomerUser(ctx.actor);
  const rows = await workOrdersRepo.list(ex, {
    ...(customer ? { organizationId: ctx.actor.organizationId, customerVisible: true } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.customerId ? { customerId: filter.customerId } : {}),
    ...(filter.requestId ? { requestId: filter.requestId } : {}),
    ...(after ? { afterId: after[0] } : {}),
    limit: limit + 1,
  });
  const page = toPage(rows, limit, byId, (r) => [r.id]);
  const items = [];
  for (const wo of page.items) items.push(await workOrderView(deps, ex, wo, await shownVersion(ex, ctx.actor, wo)));
  return { items, nextCursor: page.nextCursor };
}

/** Every version of an EWO with its status, hash, deadline and decision (customers: the sent ones). */
export async function listWorkOrderVersions(deps: WorkOrdersDeps, ctx: Ctx, id: string) {
  authorize(ctx.actor, workOrdersPolicy.read, cannotRead);
  const ex = deps.db.kysely;
  const wo = await visibleWorkOrder(ex, ctx.actor, id);
  const customer = isCustomerUser(ctx.actor);
  const all = await workOrdersRepo.versions(ex, id);
  const shown = customer ? all.filter((row) => row.status !== 'draft') : all;
  if (shown.length === 0) throw workOrderNotFound(id);
  const decisions = await approvalsRepo.decisions(ex, 'work_order', [id]);
  return shown.map((row) => {
    const decision = decisions.find((decision) => decision.version_id === row.id);
    return {
      id: row.id,
      workOrderId: wo.id,
      version: row.version,
      status: row.status,
      statusReason: row.status_reason,
      contentHash: row.content_hash,
      sentAt: row.sent_at,
      sentBy: customer ? null : row.sent_by,
      approvalDeadline: row.approval_deadline,
      decidedAt: row.decided_at,
      frozen: row.frozen,
      decision: decision ? toDecisionView(decision) : null,
      pdfAvailable: row.has_pdf,
    };
  });
}

/** The PDF of a sent version (default: the latest sent one): as it was emailed, with its approval block once approved. */
export async function workOrderPdf(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  input: { id: string; version?: number | undefined },
) {
  authorize(ctx.actor, workOrdersPolicy.read, cannotRead);
  const ex = deps.db.kysely;
  const { id, version } = input;
  const wo = await visibleWorkOrder(ex, ctx.actor, id);
  const found =
    version !== undefined ? await workOrdersRepo.version(ex, id, version) : await workOrdersRepo.latestSent(ex, id);
  if (!found || (isCustomerUser(ctx.actor) && found.status === 'draft'))
    throw new AppError(
      'NOT_FOUND',
      version !== undefined
        ? `Work order ${wo.number} has no version ${version}.`
        : `Work order ${wo.number} has not been sent yet: no PDF.`,
    );
  return workOrderVersionPdf(deps, ex, wo, found);
}

/**
 * The approval page of the current sent version for the portal: what is approved, how many units, what
 * is left after. `approver.canDecide` tells a customer user whether its contact may decide.
 */
export async function workOrderApprovalSummary(deps: WorkOrdersDeps, ctx: Ctx, id: string): Promise<ApprovalSummary> {
  authorize(ctx.actor, workOrdersPolicy.read, cannotRead);
  const ex = deps.db.kysely;
  const wo = await visibleWorkOrder(ex, ctx.actor, id);
  assertTenant(ctx.actor, wo.organization_id, `Work order ${id}`);
  const sent = await workOrdersRepo.latestSent(ex, id);
  if (!sent) throw new AppError('NOT_FOUND', `Work order ${wo.number} has not been sent for approval yet.`);
  const approver = await approverOf(deps, ex, ctx.actor, wo.customer_id);
  return workOrderSummaryOf(deps, ex, wo, sent, approver);
}
