import { moveWindowOnApproval } from '../../staffing/schedule.ts';
import type { Executor } from '../../../db/create-db.ts';
import { AppError } from '../../../shared/errors.ts';
import { quantity } from '../../../shared/units.ts';
import type { FrozenChangeOrder } from '../../../shared/workorders.ts';
import type { Ctx } from '../../context.ts';
import { changeOrderDecisionEmail, verb } from '../approvals.notify.ts';
import { approvalsRepo } from '../approvals.repo.ts';
import { changeOrdersRepo, type ChangeOrderWithContext } from '../change-orders.repo.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { assertChangeOrderTransition, notDecidableReason } from '../workorders.lifecycle.ts';
import { notifyOutcome } from '../workorders.notify.ts';
import { toDecisionView } from '../workorders.views.ts';
import {
  assertApprover,
  assertToken,
  cardInForce,
  notApprovable,
  outcomeOf,
  recordDecision,
  withTopUp,
  type Choice,
  type Decider,
  type Shown,
} from './decision.ts';

/** Under the change order's row lock: the contact and token must still allow this decision on the content shown. */
async function lockForDecision(
  deps: WorkOrdersDeps,
  trx: Executor,
  input: { id: string; choice: Choice; who: Decider; shown: Shown },
) {
  const { id, who } = input;
  const co = await changeOrdersRepo.lock(trx, id);
  if (!co) throw new AppError('NOT_FOUND', `Change order ${id} not found.`);
  const what = `Change order ${co.number}`;
  const now = deps.clock.now();
  const token = who.tokenId ? await approvalsRepo.token(trx, who.tokenId) : undefined;
  const shownHash = input.shown.contentHash ?? token?.content_hash ?? null;
  const contact = await assertApprover(deps, trx, who.contactId, co.customer_id);
  await assertToken(
    deps,
    trx,
    who.tokenId,
    { type: 'change_order', id, versionId: null, contentHash: co.content_hash ?? '' },
    what,
  );
  const why = notDecidableReason({ status: co.status, approvalDeadline: co.approval_deadline }, now);
  if (why) throw notApprovable(what, why, { status: co.status });
  if (shownHash !== co.content_hash)
    throw notApprovable(
      what,
      'the content you were shown is not the one sent for approval (its hash differs); reload it',
      { contentHash: co.content_hash },
    );
  const decision = outcomeOf[input.choice] as 'approved' | 'declined';
  assertChangeOrderTransition(co.status, decision);
  return { co, what, now, contact, decision, frozen: co.frozen as unknown as FrozenChangeOrder };
}

/**
 * Approval's effects, in the engagements feature's lock order (the estimate first, then the ledger): the
 * estimate moves by the delta, the reservation by what that frees or takes, and held effort is posted.
 */
async function approveInTx(
  deps: WorkOrdersDeps,
  trx: Executor,
  ctx: Ctx,
  co: ChangeOrderWithContext,
  delta: number,
): Promise<number> {
  const card = cardInForce(`Change order ${co.number}`, co.rate_card, co);
  const { applied } = await deps.engagements.adjustEstimateInTx(trx, ctx, co.engagement_id, delta, {
    reason: `change order ${co.number}`,
    rateCard: { card, changeOrderId: co.id },
  });
  // A reduction releases at most what is still reserved (the rest was consumed).
  const open = applied < 0 ? await deps.ledger.openReservation(trx, co.contract_id, co.engagement_id) : 0;
  const reserved = applied < 0 ? -Math.min(-applied, open) : applied;
  if (reserved !== 0) {
    await deps.ledger.adjustReservation(trx, ctx, {
      contractId: co.contract_id,
      engagementId: co.engagement_id,
      delta: reserved,
      reference: `${co.number} approved`,
      idempotencyKey: `approval:${co.id}`,
    });
  }
  await deps.effort.postHeldEffortInTx(trx, ctx, co.engagement_id);
  // New planned dates move the approved schedule window (staffing).
  await moveWindowOnApproval(deps, trx, ctx, co);
  return reserved;
}

/**
 * Decides a sent change order the same way, under its row lock: approval changes the reservation by
 * the converted delta (refused as a whole beyond the overdraft policy), adjusts the engagement's
 * estimate and posts effort held over the old estimate.
 */
export async function decideChangeOrder(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  input: { id: string; choice: Choice; who: Decider; shown: Shown },
) {
  const { id, who } = input;
  const reason = input.shown.reason;
  if (input.choice === 'request_changes')
    throw new AppError(
      'VALIDATION_FAILED',
      'A change order is approved or declined; to change it, decline it with your reason.',
      { errors: [{ path: 'body.decision', message: 'must be approve or decline' }] },
    );
  try {
    return await deps.db.transaction(async (trx) => {
      const { co, what, now, contact, decision, frozen } = await lockForDecision(deps, trx, input);
      await changeOrdersRepo.update(
        trx,
        id,
        { status: decision, status_reason: reason, decided_at: now, updated_at: now },
        true,
      );
      const reserved =
        decision === 'approved' ? await approveInTx(deps, trx, ctx, co, frozen.delta.total.amount) : null;
      const row = await recordDecision(deps, trx, {
        subjectType: 'change_order',
        subjectId: id,
        versionId: null,
        version: null,
        decision,
        who,
        contact,
        contentHash: co.content_hash!,
        reason,
        at: now,
      });
      await deps.audit.record(trx, ctx, {
        action: `change_order.${decision}`,
        entityType: 'change_order',
        entityId: id,
        organizationId: co.organization_id,
        before: { status: 'sent' },
        after: {
          status: decision,
          contentHash: co.content_hash,
          channel: who.channel,
          contactId: contact.id,
          decisionId: row.id,
          ...(reason ? { reason } : {}),
          ...(reserved !== null ? { reservationChange: reserved, delta: frozen.delta.total.amount } : {}),
        },
      });
      const email = changeOrderDecisionEmail(deps.publicUrl, {
        co,
        frozen,
        decision,
        contactName: contact.name,
        reason,
        reserved,
        at: now,
      });
      const engagement = await changeOrdersRepo.engagement(trx, co.engagement_id);
      await notifyOutcome(deps, trx, {
        customerId: co.customer_id,
        requestId: engagement?.request_id ?? null,
        contractId: co.contract_id,
        topic: `change_order.${decision}`,
        ...email,
        dedupeKey: `change-order-decision:${id}`,
      });
      return {
        subject: 'change_order' as const,
        id,
        number: co.number,
        status: decision,
        decision: toDecisionView(row),
        engagementId: co.engagement_id,
        reserved: reserved === null ? null : quantity(reserved, co.unit),
        message: `${what} ${verb[decision]}.`,
      };
    });
  } catch (error) {
    throw await withTopUp(deps, error, input.choice, 'change_order', id);
  }
}
