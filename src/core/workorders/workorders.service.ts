import type { Executor } from '../../db/create-db.ts';
import type {
  ApprovalSummary,
  CreateWorkOrderBody,
  UpdateWorkOrderBody,
  WorkOrderStatus,
} from '../../shared/contracts/workorders.ts';
import type { Actor, Ctx } from '../context.ts';
import { createWorkOrder } from './work-orders/create.ts';
import {
  getWorkOrder,
  listWorkOrders,
  listWorkOrderVersions,
  workOrderApprovalSummary,
  workOrderPdf,
} from './work-orders/read.ts';
import { sendWorkOrder } from './work-orders/send.ts';
import { updateWorkOrder } from './work-orders/update.ts';
import { voidDraftWorkOrder } from './work-orders/void.ts';
import type { RequestStatus } from '../../shared/contracts/requests.ts';
import { visibleWorkOrder, workOrderSummaryOf, workOrderView } from './work-orders/view.ts';
import type { WorkOrdersDeps } from './workorders.deps.ts';
import type { VersionRow, WorkOrderWithContext } from './workorders.repo.ts';

export type WorkOrdersService = ReturnType<typeof createWorkOrdersService>;

/** The EWO use cases (work-orders/*) bound to their dependencies. */
export function createWorkOrdersService(deps: WorkOrdersDeps) {
  return {
    visible: (ex: Executor, actor: Actor, id: string) => visibleWorkOrder(ex, actor, id),
    viewOf: (ex: Executor, wo: WorkOrderWithContext, version: VersionRow) => workOrderView(deps, ex, wo, version),
    summaryOf: (
      ex: Executor,
      wo: WorkOrderWithContext,
      v: VersionRow,
      approver: ApprovalSummary['approver'],
      notice?: string | null,
    ) => workOrderSummaryOf(deps, ex, wo, v, approver, notice),
    create: (ctx: Ctx, requestId: string, input: CreateWorkOrderBody) =>
      createWorkOrder(deps, ctx, { requestId, body: input }),
    update: (ctx: Ctx, id: string, patch: Omit<UpdateWorkOrderBody, 'revision'>, expectedRevision?: number) =>
      updateWorkOrder(deps, ctx, { id, patch, expectedRevision }),
    send: (ctx: Ctx, id: string, expectedRevision?: number) => sendWorkOrder(deps, ctx, { id, expectedRevision }),
    get: (ctx: Ctx, id: string) => getWorkOrder(deps, ctx, id),
    list: (
      ctx: Ctx,
      filter: { status?: WorkOrderStatus; customerId?: string; requestId?: string; cursor?: string; limit?: number },
    ) => listWorkOrders(deps, ctx, filter),
    versions: (ctx: Ctx, id: string) => listWorkOrderVersions(deps, ctx, id),
    pdf: (ctx: Ctx, id: string, version?: number) => workOrderPdf(deps, ctx, { id, version }),
    summary: (ctx: Ctx, id: string): Promise<ApprovalSummary> => workOrderApprovalSummary(deps, ctx, id),
    /** Its request was withdrawn or rejected: a draft latest version becomes void (same transaction). */
    voidDraftInTx: (trx: Executor, ctx: Ctx, requestId: string, status: RequestStatus) =>
      voidDraftWorkOrder(deps, trx, ctx, requestId, status),
  };
}
