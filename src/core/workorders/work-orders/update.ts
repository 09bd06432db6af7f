import type { UpdateWorkOrderBody, WorkOrderContent } from '../../../shared/contracts/workorders.ts';
import { AppError } from '../../../shared/errors.ts';
import { editEffect } from '../../../shared/workorders.ts';
import { authorize, canSeeTenant } from '../../authz.ts';
import type { Ctx } from '../../context.ts';
import { approvalsRepo } from '../approvals.repo.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { assertVersionTransition } from '../workorders.lifecycle.ts';
import { workOrdersPolicy } from '../workorders.policy.ts';
import { workOrdersRepo } from '../workorders.repo.ts';
import { assertContent, mergeContent, staleRevision, workOrderNotFound } from './content.ts';
import { draftVersionRow } from './create.ts';
import { loadWorkOrderView } from './view.ts';

/**
 * Edits an EWO (IR managers) with optimistic concurrency. A draft is edited in place; editing a sent
 * version supersedes it (its links stop working, the request goes back to ewo_drafting) and starts the
 * next version as a draft, as does editing after the customer asked for changes. Decided EWOs refuse.
 */
export async function updateWorkOrder(
  deps: WorkOrdersDeps,
  ctx: Ctx,
  input: { id: string; patch: Omit<UpdateWorkOrderBody, 'revision'>; expectedRevision?: number | undefined },
) {
  const { db, clock, ids, audit } = deps;
  const { id, patch, expectedRevision } = input;
  authorize(ctx.actor, workOrdersPolicy.manage, 'Only IR managers edit work orders.');
  await db.transaction(async (trx) => {
    const wo = await workOrdersRepo.lock(trx, id);
    if (!wo || !canSeeTenant(ctx.actor, wo.organization_id)) throw workOrderNotFound(id);
    if (expectedRevision !== undefined && expectedRevision !== wo.revision)
      throw staleRevision(id, wo.revision, expectedRevision);
    const latest = (await workOrdersRepo.version(trx, id, wo.current_version))!;
    const effect = editEffect(latest.status);
    if (effect === 'refuse') {
      throw new AppError(
        'CONFLICT',
        `Work order ${wo.number} is ${latest.status}: it cannot be edited any more.${latest.status === 'approved' ? ' Change the approved work with a change order on its engagement.' : ''}`,
        { status: latest.status },
      );
    }
    const now = clock.now();
    if (effect === 'edit_draft') {
      const content = mergeContent(latest.content, patch);
      await assertContent(trx, wo, content);
      await workOrdersRepo.updateVersion(trx, latest.id, {
        content: JSON.stringify(content),
        approval_deadline: null,
        updated_at: now,
      });
      await workOrdersRepo.update(trx, id, { updated_at: now }, true);
      const changed = Object.keys(patch).filter((key) => patch[key as keyof typeof patch] !== undefined);
      await audit.record(trx, ctx, {
        action: 'work_order.updated',
        entityType: 'work_order',
        entityId: id,
        organizationId: wo.organization_id,
        before: Object.fromEntries(changed.map((key) => [key, latest.content[key as keyof WorkOrderContent]])),
        after: {
          version: latest.version,
          ...Object.fromEntries(changed.map((key) => [key, content[key as keyof WorkOrderContent]])),
        },
      });
      return;
    }
    // A new version: the deadline of the old one does not carry over.
    const content = mergeContent({ ...latest.content, approvalDeadline: null }, patch);
    await assertContent(trx, wo, content);
    if (latest.status === 'sent') {
      assertVersionTransition(latest.status, 'superseded');
      await workOrdersRepo.updateVersion(trx, latest.id, {
        status: 'superseded',
        status_reason: `revised as version ${latest.version + 1}`,
        decided_at: now,
        updated_at: now,
      });
      await approvalsRepo.voidTokens(trx, 'work_order', id, now);
      await deps.requests.transitionInTx(trx, ctx, wo.request_id, 'ewo_drafting', `the firm revised ${wo.number}`);
    }
    await workOrdersRepo.insertVersion(trx, draftVersionRow(ids.next('ewv'), id, latest.version + 1, content, now));
    await workOrdersRepo.update(trx, id, { current_version: latest.version + 1, updated_at: now }, true);
    await audit.record(trx, ctx, {
      action: 'work_order.revised',
      entityType: 'work_order',
      entityId: id,
      organizationId: wo.organization_id,
      before: { version: latest.version, status: latest.status },
      after: {
        version: latest.version + 1,
        status: 'draft',
        previous: latest.status === 'sent' ? 'superseded' : latest.status,
      },
    });
  });
  return loadWorkOrderView(deps, db.kysely, ctx.actor, id);
}
