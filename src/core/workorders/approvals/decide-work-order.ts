import type { Executor } from '../../../db/create-db.ts';
import { AppError } from '../../../shared/errors.ts';
import { quantity } from '../../../shared/units.ts';
import type { FrozenWorkOrder } from '../../../shared/workorders.ts';
import type { Ctx } from '../../context.ts';
import { verb, workOrderDecisionEmail } from '../approvals.notify.ts';
import { approvalsRepo } from '../approvals.repo.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { assertVersionTransition, notDecidableReason } from '../workorders.lifecycle.ts';
import { notifyOutcome } from '../workorders.notify.ts';
import { workOrdersRepo, type VersionRow, type WorkOrderWithContext } from '../workorders.repo.ts';
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

/**
 * Under the EWO's row lock: the current version, the approving contact and the token must still allow
 * this decision on exactly the content the decider was shown.
 */
async function lockForDecision(
  deps: WorkOrdersDeps,
  trx: Executor,
  input: { id: string; choice: Choice; who: Decider; shown: Shown },
) {
  const { id, who } = input;
  const wo = await workOrdersRepo.lock(trx, id);
  if (!wo) throw new AppError('NOT_FOUND', `Work order ${id} not found.`);
  const sent = (await workOrdersRepo.version(trx, id, wo.current_version))!;
  const what = `${wo.number} version ${sent.version}`;
  const now = deps.clock.now();
  const token = who.tokenId ? await approvalsRepo.token(trx, who.tokenId) : undefined;
  const shownHash = input.shown.contentHash ?? token?.content_hash ?? null;
  const contact = await assertApprover(deps, trx, who.contactId, wo.customer_id);
  await assertToken(
    deps,
    trx,
    who.tokenId,
    { type: 'work_order', id, versionId: sent.id, contentHash: sent.content_hash ?? '' },
    what,
  );
  const why = notDecidableReason({ status: sent.status, approvalDeadline: sent.approval_deadline }, now);
  if (why) throw notApprovable(what, why, { status: sent.status, version: sent.version });
  if (shownHash !== sent.content_hash)
    throw notApprovable(
      what,
      'the content you were shown is not the current sent version (its hash differs); reload it',
      { contentHash: sent.content_hash, version: sent.version },
    );
  const decision = outcomeOf[input.choice];
  assertVersionTransition(sent.status, decision, `Version ${sent.version} of ${wo.number}`);
  const frozen = sent.frozen as unknown as FrozenWorkOrder;
  if (frozen.contract.id !== wo.contract_id) {
    throw notApprovable(
      what,
      `the request moved to another retainer contract after this version was sent; the firm sends a revised version`,
      { contractId: wo.contract_id },
    );
  }
  return { wo, sent, what, now, contact, decision, frozen };
}

/** Approval's effects: the request moves to approved, the engagement is created and the reservation posted. */
async function approveInTx(
  deps: WorkOrdersDeps,
  trx: Executor,
  ctx: Ctx,
  approval: { wo: WorkOrderWithContext; sent: VersionRow; what: string; frozen: FrozenWorkOrder; contactName: string },
) {
  const { wo, sent, frozen } = approval;
  const rateCard = cardInForce(approval.what, sent.rate_card, wo);
  await deps.requests.transitionInTx(
    trx,
    ctx,
    wo.request_id,
    'approved',
    `${approval.what} approved by ${approval.contactName}`,
  );
  const engagement = await deps.engagements.createFromApprovalInTx(trx, ctx, {
    customerId: wo.customer_id,
    contractId: wo.contract_id,
    requestId: wo.request_id,
    workOrderId: wo.id,
    title: frozen.title,
    kind: wo.kind,
    deliveryMode: frozen.deliveryMode,
    siteIds: frozen.sites.map((site) => site.id),
    pricingMode: frozen.pricingMode,
    estimate: frozen.estimate.total.amount,
    fixedPrice: frozen.fixedPrice?.amount ?? null,
    minimumBillable: frozen.minimumBillable.amount,
    plannedStart: frozen.proposedStart,
    plannedEnd: frozen.proposedEnd,
    team: frozen.staffingPlan.filter((line) => line.userId).map((line) => ({ userId: line.userId!, role: line.role })),
    rateCard,
  });
  await workOrdersRepo.update(trx, wo.id, { engagement_id: engagement.id });
  const reserved = frozen.reservation.amount;
  if (reserved > 0) {
    await deps.ledger.reserve(trx, ctx, {
      contractId: wo.contract_id,
      engagementId: engagement.id,
      amount: reserved,
      reference: `${wo.number} v${sent.version} approved`,
      idempotencyKey: `approval:${sent.id}`,
    });
  }
  return { engagement, reserved };
}

/**
 * Decides the current sent version of an EWO, in one transaction under the EWO's row lock (of two racing
 * decisions exactly one wins; the other finds it decided: 409). Approval: the version is approved, the
 * request moves to approved, the engagement is created and the reservation posted (refused as a whole
 * beyond the overdraft policy, with the account team asked for a top-up), audited and notified.
 */
export async function decideWorkOrder(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  input: { id: string; choice: Choice; who: Decider; shown: Shown },
) {
  const { id, who } = input;
  const reason = input.shown.reason;
  try {
    return await deps.db.transaction(async (trx) => {
      const { wo, sent, what, now, contact, decision, frozen } = await lockForDecision(deps, trx, input);
      await workOrdersRepo.updateVersion(trx, sent.id, {
        status: decision,
        status_reason: reason,
        decided_at: now,
        updated_at: now,
      });
      await workOrdersRepo.update(trx, id, { updated_at: now }, true);
      let engagement: { id: string; number: string } | null = null;
      let reserved: number | null = null;
      if (decision === 'approved') {
        ({ engagement, reserved } = await approveInTx(deps, trx, ctx, {
          wo,
          sent,
          what,
          frozen,
          contactName: contact.name,
        }));
      } else {
        await deps.requests.transitionInTx(
          trx,
          ctx,
          wo.request_id,
          decision === 'declined' ? 'declined' : 'ewo_drafting',
          `${what} ${verb[decision]} by ${contact.name}${reason ? `: ${reason}` : ''}`,
        );
      }
      const row = await recordDecision(deps, trx, {
        subjectType: 'work_order',
        subjectId: id,
        versionId: sent.id,
        version: sent.version,
        decision,
        who,
        contact,
        contentHash: sent.content_hash!,
        reason,
        at: now,
      });
      if (decision === 'approved' || decision === 'declined')
        await deps.outbox.emitWebhookEvent(trx, {
          type: decision === 'approved' ? 'workorder.approved' : 'workorder.declined',
          data: {
            workOrderId: id,
            number: wo.number,
            version: sent.version,
            requestId: wo.request_id,
            customerId: wo.customer_id,
            contractId: wo.contract_id,
            contentHash: sent.content_hash,
            channel: who.channel,
            decidedAt: now.toISOString(),
            ...(engagement ? { engagementId: engagement.id, engagementNumber: engagement.number, reserved } : {}),
          },
        });
      await deps.audit.record(trx, ctx, {
        action: `work_order.${decision}`,
        entityType: 'work_order',
        entityId: id,
        organizationId: wo.organization_id,
        before: { status: 'sent', version: sent.version },
        after: {
          status: decision,
          version: sent.version,
          contentHash: sent.content_hash,
          channel: who.channel,
          contactId: contact.id,
          decisionId: row.id,
          ...(reason ? { reason } : {}),
          ...(engagement ? { engagementId: engagement.id, reserved } : {}),
        },
      });
      const email = workOrderDecisionEmail(deps.publicUrl, {
        wo,
        version: sent,
        frozen,
        decision,
        channel: who.channel,
        contactName: contact.name,
        reason,
        engagement,
        at: now,
      });
      await notifyOutcome(deps, trx, {
        customerId: wo.customer_id,
        requestId: wo.request_id,
        contractId: wo.contract_id,
        topic: `ewo.${decision}`,
        ...email,
        dedupeKey: `ewo-decision:${sent.id}`,
      });
      return {
        subject: 'work_order' as const,
        id,
        number: wo.number,
        status: decision,
        decision: toDecisionView(row),
        engagementId: engagement?.id ?? null,
        reserved: reserved === null ? null : quantity(reserved, wo.unit),
        message: `${what} ${verb[decision]}.${engagement ? ` Engagement ${engagement.number} created; ${frozen.reservation.display} reserved.` : ''}`,
      };
    });
  } catch (error) {
    throw await withTopUp(deps, error, input.choice, 'work_order', id);
  }
}
