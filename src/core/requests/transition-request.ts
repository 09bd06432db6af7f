import type { Executor } from '../../db/create-db.ts';
import type { RequestStatus } from '../../shared/contracts/requests.ts';
import { stopsClocks, voidsDraftWorkOrder } from '../../shared/requests.ts';
import type { Ctx } from '../context.ts';
import type { RequestsDeps } from './requests.deps.ts';
import { notFound } from './requests.errors.ts';
import { requestsRepo, type RequestRow } from './requests.repo.ts';
import { assertTransition } from './requests.rules.ts';

/** Told, in the same transaction, that a request was withdrawn or rejected (work orders void its draft EWO). */
export type EndedListener = (trx: Executor, ctx: Ctx, requestId: string, status: RequestStatus) => Promise<void>;

/**
 * Moves a request to `to` on the caller's transaction, checked by the lifecycle (409 INVALID_TRANSITION)
 * and audited; ending it without an engagement stops its SLA clocks. The caller authorizes. Issue 5's
 * work orders call this for ewo_drafting → awaiting_approval → approved / declined / expired.
 */
export async function transitionRequestInTx(
  deps: Pick<RequestsDeps, 'clock' | 'audit' | 'endedListeners'>,
  trx: Executor,
  ctx: Ctx,
  requestId: string,
  to: RequestStatus,
  reason?: string,
): Promise<RequestRow> {
  const request = await requestsRepo.forUpdate(trx, requestId);
  if (!request) throw notFound(requestId);
  assertTransition(request.status, to);
  const at = deps.clock.now();
  const stoppedAt = stopsClocks(to) && !request.clocks_stopped_at ? at : request.clocks_stopped_at;
  await requestsRepo.update(trx, requestId, {
    status: to,
    status_reason: reason ?? null,
    status_changed_at: at,
    clocks_stopped_at: stoppedAt,
    updated_at: at,
  });
  await deps.audit.record(trx, ctx, {
    action: 'request.status_changed',
    entityType: 'service_request',
    entityId: requestId,
    organizationId: request.organization_id,
    before: { status: request.status },
    after: { status: to, ...(reason ? { reason } : {}) },
  });
  if (voidsDraftWorkOrder(to))
    for (const listener of deps.endedListeners ?? []) await listener(trx, ctx, requestId, to);
  return {
    ...request,
    status: to,
    status_reason: reason ?? null,
    status_changed_at: at,
    clocks_stopped_at: stoppedAt,
    updated_at: at,
    revision: request.revision + 1,
  };
}

/**
 * Its engagement was closed or cancelled (on the closing transaction): an approved request follows it to
 * `closed`, which stops its clocks. A request in any other state is left as it is (returns false).
 */
export async function closeWithEngagementInTx(
  deps: Pick<RequestsDeps, 'clock' | 'audit' | 'endedListeners'>,
  trx: Executor,
  ctx: Ctx,
  requestId: string,
  reason: string,
): Promise<boolean> {
  const request = await requestsRepo.forUpdate(trx, requestId);
  if (!request || request.status !== 'approved') return false;
  await transitionRequestInTx(deps, trx, ctx, requestId, 'closed', reason);
  return true;
}
