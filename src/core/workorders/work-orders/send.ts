import { localDate } from '../../../shared/dates.ts';
import { AppError } from '../../../shared/errors.ts';
import { rateCardOf } from '../../../shared/rate-card.ts';
import { authorize } from '../../authz.ts';
import { actorLabel, type Ctx } from '../../context.ts';
import { contentHashOf } from '../../documents/canonical-hash.ts';
import { cardOf, type WorkOrdersDeps } from '../workorders.deps.ts';
import { assertVersionTransition } from '../workorders.lifecycle.ts';
import { issueApprovalRequests, workOrderApprovalRequest } from '../workorders.notify.ts';
import { renderWorkOrderPdf } from '../workorders.pdf.ts';
import { workOrdersPolicy } from '../workorders.policy.ts';
import { workOrdersRepo } from '../workorders.repo.ts';
import { assertLeadTime, defaultDeadline, estimateOf, reservationOf, sendProblems } from '../workorders.rules.ts';
import { documentParties, impactOf, letterheadOf } from '../workorders.support.ts';
import { freezeWorkOrder } from '../workorders.views.ts';
import { invalidContent, staleRevision } from './content.ts';
import { loadWorkOrderView, visibleWorkOrder } from './view.ts';

/**
 * Sends the current draft for approval (IR managers): freezes it (content hash over RFC 8785 canonical
 * JSON), renders its PDF outside any transaction, then in one transaction marks it sent with its
 * deadline, moves the request to awaiting_approval and emails every approving contact a personal link
 * and reply-to address. A draft edited meanwhile is refused (STALE_REVISION).
 */
/** The `workorder.sent` webhook event. */
const sentEvent = (
  wo: { id: string; number: string; request_id: string; customer_id: string; contract_id: string },
  version: number,
  contentHash: string,
  reservation: number,
  deadline: Date,
) => ({
  type: 'workorder.sent' as const,
  data: {
    workOrderId: wo.id,
    number: wo.number,
    version,
    requestId: wo.request_id,
    customerId: wo.customer_id,
    contractId: wo.contract_id,
    contentHash,
    reservation,
    approvalDeadline: deadline.toISOString(),
  },
});

export async function sendWorkOrder(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  input: { id: string; expectedRevision?: number | undefined },
) {
  const { db, clock, audit } = deps;
  const { id, expectedRevision } = input;
  authorize(ctx.actor, workOrdersPolicy.manage, 'Only IR managers send work orders.');
  const wo = await visibleWorkOrder(db.kysely, ctx.actor, id);
  if (expectedRevision !== undefined && expectedRevision !== wo.revision)
    throw staleRevision(id, wo.revision, expectedRevision);
  const draft = (await workOrdersRepo.version(db.kysely, id, wo.current_version))!;
  assertVersionTransition(draft.status, 'sent', `Version ${draft.version} of ${wo.number}`);
  const now = clock.now();
  const content = draft.content;
  const sites = await workOrdersRepo.sites(db.kysely, wo.customer_id);
  const problems = sendProblems(content, { timeZone: wo.time_zone, validSiteIds: sites.map((site) => site.id), now });
  if (problems.length) throw invalidContent(problems);
  assertLeadTime(
    content,
    { kind: wo.kind, earliestStart: wo.earliest_start, leadTimeDays: wo.lead_time_days, receivedAt: wo.received_at },
    wo.time_zone,
  );
  const firm = await deps.settings.firmSettings(db.kysely);
  const deadline = content.approvalDeadline ? new Date(content.approvalDeadline) : defaultDeadline(wo.kind, now, firm);
  const card = cardOf(wo);
  // The card the version is priced with: frozen with it (in the hash), and the one its work converts with once approved.
  const rateCard = rateCardOf(wo);
  const reservation = reservationOf(content, card);
  const frozen = freezeWorkOrder({
    wo,
    version: draft.version,
    content,
    catalogItemName: await workOrdersRepo.catalogItemName(db.kysely, content.catalogItemId),
    estimate: estimateOf(content.estimateLines, card),
    reservation,
    sites,
    staff: await workOrdersRepo.providerUsers(
      db.kysely,
      content.staffingPlan.map((line) => line.userId).filter((userId): userId is string => !!userId),
    ),
    travelTimeBillable: card.settings.travelTimeBillable,
    approvalDeadline: deadline,
    sentAt: now,
    rateCard,
    parties: {
      ...(await documentParties(deps, db.kysely, wo.contract_id)),
      request: { number: wo.request_number, receivedOn: localDate(wo.received_at, wo.time_zone) },
    },
    skillNames: await workOrdersRepo.skillNames(db.kysely, [
      ...new Set(content.staffingPlan.flatMap((line) => (line.skills ?? []).map((skill) => skill.skillId))),
    ]),
  });
  const hash = contentHashOf(frozen);
  const pdf = await renderWorkOrderPdf(frozen, hash, {
    letterhead: await letterheadOf(deps, db.kysely),
    replyToApprove: !!deps.inboundDomain,
  });

  await db.transaction(async (trx) => {
    const locked = await workOrdersRepo.lock(trx, id);
    const current = locked && (await workOrdersRepo.version(trx, id, locked.current_version));
    if (
      !locked ||
      !current ||
      current.id !== draft.id ||
      current.status !== 'draft' ||
      locked.revision !== wo.revision ||
      locked.contract_id !== wo.contract_id
    ) {
      throw new AppError(
        'STALE_REVISION',
        `Work order ${wo.number} changed while it was being sent: reload it and send again.`,
        { currentRevision: locked?.revision },
      );
    }
    await workOrdersRepo.updateVersion(trx, draft.id, {
      status: 'sent',
      frozen: JSON.stringify(frozen),
      content_hash: hash,
      rate_card: JSON.stringify(rateCard),
      pdf,
      sent_at: now,
      sent_by: actorLabel(ctx.actor),
      approval_deadline: deadline,
      updated_at: now,
    });
    await workOrdersRepo.update(trx, id, { contract_id: wo.contract_id, updated_at: now }, true);
    await deps.requests.transitionInTx(
      trx,
      ctx,
      wo.request_id,
      'awaiting_approval',
      `${wo.number} version ${draft.version} sent`,
    );
    const impact = await impactOf(deps, trx, wo, reservation);
    const recipients = await issueApprovalRequests(deps, trx, {
      ...workOrderApprovalRequest({ wo, version: draft, frozen, impact, deadline, contentHash: hash, pdf }),
      contractId: wo.contract_id,
    });
    await deps.outbox.emitWebhookEvent(trx, sentEvent(wo, draft.version, hash, reservation, deadline));
    await audit.record(trx, ctx, {
      action: 'work_order.sent',
      entityType: 'work_order',
      entityId: id,
      organizationId: wo.organization_id,
      after: {
        version: draft.version,
        contentHash: hash,
        approvalDeadline: deadline.toISOString(),
        reservation,
        recipients,
      },
    });
  });
  return loadWorkOrderView(deps, db.kysely, ctx.actor, id);
}
