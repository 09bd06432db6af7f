import type { ApprovalSubject, ApprovalSummary, LinkDecisionBody } from '../../shared/contracts/workorders.ts';
import type { Ctx } from '../context.ts';
import { expireDueApprovals } from './approvals/expire.ts';
import { linkDecide, linkPdf, linkSummary, linkTopUpGrant } from './approvals/link.ts';
import { pendingApprovals } from './approvals/pending.ts';
import { decideChangeOrderInPortal, decideWorkOrderInPortal } from './approvals/portal.ts';
import { approvalReplyHandler } from './approvals/reply.ts';
import type { WorkOrdersDeps } from './workorders.deps.ts';

export type ApprovalsService = ReturnType<typeof createApprovalsService>;

/** The approval use cases (approvals/*: portal, signed link, email reply, expiry) bound to their dependencies. */
export function createApprovalsService(deps: WorkOrdersDeps) {
  return {
    replyHandler: approvalReplyHandler(deps),

    /** The customer's approver approves the current sent EWO version it was shown (by its hash), in the portal. */
    approveWorkOrder: (ctx: Ctx, id: string, contentHash: string) =>
      decideWorkOrderInPortal(deps, ctx, { id, choice: 'approve', contentHash, reason: null }),
    /** The customer's approver declines the current sent EWO version, with a reason (the request ends declined). */
    declineWorkOrder: (ctx: Ctx, id: string, contentHash: string, reason: string) =>
      decideWorkOrderInPortal(deps, ctx, { id, choice: 'decline', contentHash, reason }),
    /** The customer's approver asks for changes to the current sent version (the request goes back to drafting). */
    requestChanges: (ctx: Ctx, id: string, contentHash: string, reason: string) =>
      decideWorkOrderInPortal(deps, ctx, { id, choice: 'request_changes', contentHash, reason }),
    /** The customer's approver approves a sent change order, in the portal. */
    approveChangeOrder: (ctx: Ctx, id: string, contentHash: string) =>
      decideChangeOrderInPortal(deps, ctx, { id, choice: 'approve', contentHash, reason: null }),
    /** The customer's approver declines a sent change order, with a reason. */
    declineChangeOrder: (ctx: Ctx, id: string, contentHash: string, reason: string) =>
      decideChangeOrderInPortal(deps, ctx, { id, choice: 'decline', contentHash, reason }),

    linkSummary: (token: string): Promise<ApprovalSummary> => linkSummary(deps, token),
    linkDecide: (base: Ctx, token: string, body: LinkDecisionBody) => linkDecide(deps, base, { token, body }),
    linkPdf: (token: string) => linkPdf(deps, token),
    /** What a signed link grants its contact besides deciding: a top-up request on that contract (topups feature). */
    topUpGrant: (base: Ctx, token: string) => linkTopUpGrant(deps, base, token),
    pending: (ctx: Ctx, filter: { subject?: ApprovalSubject }) => pendingApprovals(deps, ctx, filter),
    expireDue: () => expireDueApprovals(deps),
  };
}
