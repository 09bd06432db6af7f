import type { Executor } from '../../../db/create-db.ts';
import type { RequestStatus } from '../../../shared/contracts/requests.ts';
import type { Ctx } from '../../context.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { assertVersionTransition } from '../workorders.lifecycle.ts';
import { workOrdersRepo } from '../workorders.repo.ts';

/**
 * Its request was withdrawn or rejected (on that transaction): the request's EWO, if its latest version is a
 * draft, becomes `void` (domain.md), audited. Sent or decided versions are left as they are.
 */
export async function voidDraftWorkOrder(
  deps: Pick<WorkOrdersDeps, 'clock' | 'audit'>,
  trx: Executor,
  ctx: Ctx,
  requestId: string,
  requestStatus: RequestStatus,
): Promise<void> {
  const found = await workOrdersRepo.byRequest(trx, requestId);
  if (!found) return;
  const wo = (await workOrdersRepo.lock(trx, found.id))!;
  const version = await workOrdersRepo.version(trx, wo.id, wo.current_version);
  if (!version || version.status !== 'draft') return;
  assertVersionTransition('draft', 'void');
  const now = deps.clock.now();
  const reason = `request ${requestStatus}`;
  await workOrdersRepo.updateVersion(trx, version.id, { status: 'void', status_reason: reason, updated_at: now });
  await workOrdersRepo.update(trx, wo.id, { updated_at: now }, true);
  await deps.audit.record(trx, ctx, {
    action: 'work_order.voided',
    entityType: 'work_order',
    entityId: wo.id,
    organizationId: wo.organization_id,
    before: { version: version.version, status: 'draft' },
    after: { version: version.version, status: 'void', reason },
  });
}
