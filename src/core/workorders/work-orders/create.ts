import type { CreateWorkOrderBody, WorkOrderContent } from '../../../shared/contracts/workorders.ts';
import { AppError } from '../../../shared/errors.ts';
import { authorize } from '../../authz.ts';
import { catalogRepo } from '../../catalog/catalog.repo.ts';
import { actorLabel, type Ctx } from '../../context.ts';
import { cardOf, type WorkOrdersDeps } from '../workorders.deps.ts';
import { workOrdersPolicy } from '../workorders.policy.ts';
import { workOrdersRepo } from '../workorders.repo.ts';
import { dueDateProblems } from '../workorders.rules.ts';
import { draftTemplate } from '../workorders.template.ts';
import { assertContent, mergeContent } from './content.ts';
import { loadWorkOrderView } from './view.ts';

/**
 * Drafts the EWO of a request (IR managers), prefilled from the request, its catalog item (emergency IR
 * has its own template) and the contract; given fields override the prefill. One EWO per request; the
 * request moves to ewo_drafting. Proactive dates respect the request's lead time.
 */
export async function createWorkOrder(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  input: { requestId: string; body: CreateWorkOrderBody },
) {
  const { db, clock, ids, audit } = deps;
  const { requestId } = input;
  authorize(ctx.actor, workOrdersPolicy.manage, 'Only IR managers draft work orders.');
  const id = ids.next('ewo');
  await db.transaction(async (trx) => {
    const request = await deps.requests.requestForUpdate(trx, requestId);
    if (!request) throw new AppError('NOT_FOUND', `Request ${requestId} not found.`);
    const existing = await workOrdersRepo.byRequest(trx, requestId);
    if (existing)
      throw new AppError(
        'CONFLICT',
        `Request ${requestId} already has work order ${existing.number} (${existing.id}): edit that one.`,
        { workOrderId: existing.id },
      );
    if (request.status !== 'ewo_drafting')
      await deps.requests.transitionInTx(trx, ctx, requestId, 'ewo_drafting', 'work order drafted');
    const contract = await workOrdersRepo.contractCard(trx, request.contract_id);
    const timeZone = await workOrdersRepo.customerTimeZone(trx, request.customer_id);
    const item = request.catalog_item_id ? await catalogRepo.byId(trx, request.catalog_item_id) : undefined;
    const now = clock.now();
    const template = draftTemplate({
      request: {
        kind: request.kind,
        description: request.description,
        incidentType: request.incident_type,
        severity: request.severity,
        onsiteRequired: request.onsite_required,
        desiredStart: request.desired_start,
        receivedAt: request.received_at,
      },
      timeZone,
      item: item
        ? {
            id: item.id,
            name: item.name,
            description: item.description,
            sizes: item.sizes,
            deliverables: item.deliverables,
            minimumBillableMinutes: item.minimum_billable_minutes,
          }
        : null,
      card: cardOf(contract),
      now,
    });
    const merged = mergeContent(template, input.body);
    // The template's due dates follow its own start: under a start given instead, one that would fall before it is left to be agreed.
    const content =
      input.body.deliverables === undefined ? { ...merged, deliverables: agreeLater(merged, timeZone) } : merged;
    await assertContent(
      trx,
      {
        customer_id: request.customer_id,
        kind: request.kind,
        earliest_start: request.earliest_start,
        lead_time_days: request.lead_time_days,
        received_at: request.received_at,
        time_zone: timeZone,
      },
      content,
    );
    const number = await workOrdersRepo.nextNumber(trx, 'EWO', now.getUTCFullYear());
    await workOrdersRepo.insertWorkOrder(trx, {
      id,
      number,
      request_id: requestId,
      organization_id: request.organization_id,
      customer_id: request.customer_id,
      contract_id: request.contract_id,
      kind: request.kind,
      engagement_id: null,
      created_by: actorLabel(ctx.actor),
      created_at: now,
      updated_at: now,
    });
    await workOrdersRepo.insertVersion(trx, draftVersionRow(ids.next('ewv'), id, 1, content, now));
    await audit.record(trx, ctx, {
      action: 'work_order.created',
      entityType: 'work_order',
      entityId: id,
      organizationId: request.organization_id,
      after: { number, requestId, version: 1, title: content.title },
    });
  });
  return loadWorkOrderView(deps, db.kysely, ctx.actor, id);
}

/** The row of a new draft version (nothing frozen, sent or decided yet). */
export function draftVersionRow(id: string, workOrderId: string, version: number, content: unknown, now: Date) {
  return {
    id,
    work_order_id: workOrderId,
    version,
    status: 'draft' as const,
    status_reason: null,
    content: JSON.stringify(content),
    approval_deadline: null,
    frozen: null,
    content_hash: null,
    sent_at: null,
    sent_by: null,
    decided_at: null,
    created_at: now,
    updated_at: now,
  };
}

/** The deliverables of a merged draft with each due date before its proposed start cleared ("to be agreed"). */
function agreeLater(content: WorkOrderContent, timeZone: string): WorkOrderContent['deliverables'] {
  const early = new Set(dueDateProblems(content, timeZone).map((problem) => Number(problem.path.split('.')[1])));
  return content.deliverables.map((deliverable, n) => (early.has(n) ? { ...deliverable, dueDate: null } : deliverable));
}
