import type { Executor } from '../../db/create-db.ts';
import type { RequestStatus } from '../../shared/contracts/requests.ts';
import { stopsClocks } from '../../shared/requests.ts';
import type { Ctx } from '../context.ts';
import type { RequestsDeps } from './requests.deps.ts';
import { notFound } from './requests.errors.ts';
import { requestsRepo, type RequestRow } from './requests.repo.ts';
import { assertTransition } from './requests.rules.ts';

/**
 * Moves a request to `to` on the caller's transaction, checked by the lifecycle (409 INVALID_TRANSITION)
 * and audited; ending it without an engagement stops its SLA clocks. The caller authorizes. Issue 5's
 * work orders call this for ewo_drafting → awaiting_approval → approved / declined / expired.
 */
export async function transitionRequestInTx(
  deps: Pick<RequestsDeps, 'clock' | 'audit'>,
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
