import type { Executor } from '../../db/create-db.ts';
import type {
  ApprovalSummary,
  ChangeOrderStatus,
  CreateChangeOrderBody,
  UpdateChangeOrderBody,
} from '../../shared/contracts/workorders.ts';
import type { Actor, Ctx } from '../context.ts';
import { createChangeOrder } from './change-orders/create.ts';
import {
  changeOrderApprovalSummary,
  changeOrderDocument,
  changeOrderPdf,
  getChangeOrder,
  listChangeOrders,
} from './change-orders/read.ts';
import { sendChangeOrder } from './change-orders/send.ts';
import { updateChangeOrder } from './change-orders/update.ts';
import { changeOrderSummaryOf, visibleChangeOrder } from './change-orders/view.ts';
import type { ChangeOrderWithContext } from './change-orders.repo.ts';
import type { WorkOrdersDeps } from './workorders.deps.ts';

export type ChangeOrdersService = ReturnType<typeof createChangeOrdersService>;

/** The change-order use cases (change-orders/*) bound to their dependencies. */
export function createChangeOrdersService(deps: WorkOrdersDeps) {
  return {
    visible: (ex: Executor, actor: Actor, id: string) => visibleChangeOrder(ex, actor, id),
    summaryOf: (
      ex: Executor,
      co: ChangeOrderWithContext,
      approver: ApprovalSummary['approver'],
      notice?: string | null,
    ) => changeOrderSummaryOf(deps, ex, co, approver, notice),
    create: (ctx: Ctx, engagementId: string, input: CreateChangeOrderBody) =>
      createChangeOrder(deps, ctx, { engagementId, body: input }),
    update: (ctx: Ctx, id: string, patch: Omit<UpdateChangeOrderBody, 'revision'>, expectedRevision?: number) =>
      updateChangeOrder(deps, ctx, { id, patch, expectedRevision }),
    send: (ctx: Ctx, id: string, expectedRevision?: number) => sendChangeOrder(deps, ctx, { id, expectedRevision }),
    get: (ctx: Ctx, id: string) => getChangeOrder(deps, ctx, id),
    list: (ctx: Ctx, filter: { status?: ChangeOrderStatus; engagementId?: string; cursor?: string; limit?: number }) =>
      listChangeOrders(deps, ctx, filter),
    pdf: (ctx: Ctx, id: string) => changeOrderPdf(deps, ctx, id),
    document: (ctx: Ctx, engagementId: string, id: string) => changeOrderDocument(deps, ctx, engagementId, id),
    summary: (ctx: Ctx, id: string): Promise<ApprovalSummary> => changeOrderApprovalSummary(deps, ctx, id),
  };
}
