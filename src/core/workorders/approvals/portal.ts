import { AppError } from '../../../shared/errors.ts';
import { authorize } from '../../authz.ts';
import type { Ctx } from '../../context.ts';
import { changeOrderApprovalSummary } from '../change-orders/read.ts';
import { workOrderApprovalSummary } from '../work-orders/read.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { workOrdersPolicy } from '../workorders.policy.ts';
import { decideChangeOrder } from './decide-change-order.ts';
import { decideWorkOrder } from './decide-work-order.ts';
import type { Choice, Decider } from './decision.ts';

/** A portal decider: a customer user of the EWO's tenant (else 404), acting through its contact; provider users are refused (403). */
function portalDecider(ctx: Ctx): Decider {
  authorize(
    ctx.actor,
    workOrdersPolicy.decide,
    "A provider user can never approve or decline on the customer's behalf: the customer's point of contact decides in the portal, by the emailed link or by reply.",
  );
  const actor = ctx.actor;
  if (!actor.contactId)
    throw new AppError(
      'FORBIDDEN',
      'Your login is not linked to a contact of your organisation, so it cannot approve. Ask your IR firm to link it.',
    );
  return {
    contactId: actor.contactId,
    userId: actor.userId,
    channel: 'portal',
    tokenId: null,
    evidence: { ip: ctx.ip ?? null, userAgent: ctx.userAgent ?? null, requestId: ctx.requestId ?? null },
  };
}

/**
 * The customer's approver decides the current sent EWO version it was shown (by its hash) in the portal:
 * approve, decline with a reason (the request ends declined) or ask for changes (back to drafting).
 */
export async function decideWorkOrderInPortal(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  input: { id: string; choice: Choice; contentHash: string; reason: string | null },
) {
  await workOrderApprovalSummary(deps, ctx, input.id);
  return decideWorkOrder(deps, ctx, {
    id: input.id,
    choice: input.choice,
    who: portalDecider(ctx),
    shown: { contentHash: input.contentHash, reason: input.reason },
  });
}

/** The customer's approver approves or declines (with a reason) a sent change order in the portal. */
export async function decideChangeOrderInPortal(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  input: { id: string; choice: 'approve' | 'decline'; contentHash: string; reason: string | null },
) {
  await changeOrderApprovalSummary(deps, ctx, input.id);
  return decideChangeOrder(deps, ctx, {
    id: input.id,
    choice: input.choice,
    who: portalDecider(ctx),
    shown: { contentHash: input.contentHash, reason: input.reason },
  });
}
