import { AppError } from '../../../shared/errors.ts';
import { rateCardOf } from '../../../shared/rate-card.ts';
import { authorize } from '../../authz.ts';
import { actorLabel, type Ctx } from '../../context.ts';
import { contentHashOf } from '../../documents/canonical-hash.ts';
import { changeOrdersRepo } from '../change-orders.repo.ts';
import { cardOf, type WorkOrdersDeps } from '../workorders.deps.ts';
import { assertChangeOrderTransition } from '../workorders.lifecycle.ts';
import { changeOrderApprovalRequest, issueApprovalRequests } from '../workorders.notify.ts';
import { renderChangeOrderPdf } from '../workorders.pdf.ts';
import { workOrdersPolicy } from '../workorders.policy.ts';
import { defaultDeadline, deltaOf } from '../workorders.rules.ts';
import { documentParties, impactOf, letterheadOf } from '../workorders.support.ts';
import { freezeChangeOrder } from '../workorders.views.ts';
import { assertDelta, invalidDeadline, loadChangeOrderView, visibleChangeOrder } from './view.ts';

/**
 * Sends a draft change order for approval (IR managers): freezes it with its converted delta and
 * content hash, renders its PDF outside the transaction, and emails every approving contact a personal
 * link and reply-to address, like an EWO version.
 */
export async function sendChangeOrder(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  input: { id: string; expectedRevision?: number | undefined },
) {
  const { db, clock, audit } = deps;
  const { id, expectedRevision } = input;
  authorize(ctx.actor, workOrdersPolicy.manage, 'Only IR managers send change orders.');
  const co = await visibleChangeOrder(db.kysely, ctx.actor, id);
  if (expectedRevision !== undefined && expectedRevision !== co.revision) {
    throw new AppError(
      'STALE_REVISION',
      `Change order ${co.number} changed since you read it (revision ${co.revision}, you edited ${expectedRevision}): reload it and send again.`,
      { currentRevision: co.revision },
    );
  }
  assertChangeOrderTransition(co.status, 'sent');
  if (co.engagement_status === 'closed' || co.engagement_status === 'cancelled')
    throw new AppError(
      'CONFLICT',
      `Engagement ${co.engagement_number} is ${co.engagement_status}: it takes no change orders.`,
    );
  const now = clock.now();
  if (co.approval_deadline && co.approval_deadline.getTime() <= now.getTime()) throw invalidDeadline();
  await assertDelta(db.kysely, co, co.engagement_estimate, co.delta_lines);
  const firm = await deps.settings.firmSettings(db.kysely);
  const deadline = co.approval_deadline ?? defaultDeadline(co.kind, now, firm);
  const delta = deltaOf(co.delta_lines, cardOf(co));
  // The card the delta is priced with: frozen with it (in the hash); approval refuses it once the contract's card changed.
  const rateCard = rateCardOf(co);
  const frozen = freezeChangeOrder({
    co,
    delta,
    approvalDeadline: deadline,
    sentAt: now,
    rateCard,
    parties: await documentParties(deps, db.kysely, co.contract_id),
  });
  const hash = contentHashOf(frozen);
  const pdf = await renderChangeOrderPdf(frozen, hash, {
    letterhead: await letterheadOf(deps, db.kysely),
    replyToApprove: !!deps.inboundDomain,
  });
  await db.transaction(async (trx) => {
    const locked = await changeOrdersRepo.lock(trx, id);
    if (
      !locked ||
      locked.status !== 'draft' ||
      locked.revision !== co.revision ||
      locked.engagement_estimate !== co.engagement_estimate
    ) {
      throw new AppError(
        'STALE_REVISION',
        `Change order ${co.number} or its engagement changed while it was being sent: reload it and send again.`,
        { currentRevision: locked?.revision },
      );
    }
    await changeOrdersRepo.update(
      trx,
      id,
      {
        status: 'sent',
        frozen: JSON.stringify(frozen),
        content_hash: hash,
        rate_card: JSON.stringify(rateCard),
        pdf,
        sent_at: now,
        sent_by: actorLabel(ctx.actor),
        approval_deadline: deadline,
        updated_at: now,
      },
      true,
    );
    const impact = await impactOf(deps, trx, co, delta.total);
    const recipients = await issueApprovalRequests(deps, trx, {
      ...changeOrderApprovalRequest({ co, frozen, impact, deadline, contentHash: hash, pdf }),
      contractId: co.contract_id,
    });
    await audit.record(trx, ctx, {
      action: 'change_order.sent',
      entityType: 'change_order',
      entityId: id,
      organizationId: co.organization_id,
      after: { contentHash: hash, delta: delta.total, approvalDeadline: deadline.toISOString(), recipients },
    });
  });
  return loadChangeOrderView(deps, db.kysely, ctx.actor, id);
}
