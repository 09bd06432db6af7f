import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { requestsPolicy } from './requests.policy.ts';
import { requestsRepo } from './requests.repo.ts';
import type { ScopingDeps } from './scoping.deps.ts';
import { sendInvites } from './scoping.notify.ts';
import { scopingRepo } from './scoping.repo.ts';
import { loadCallView, lockRequestAndCall } from './scoping.support.ts';

/** IR managers cancel a call that has not been held: every attendee gets METHOD:CANCEL for the same UID with a higher SEQUENCE. */
export async function cancelScopingCall(deps: ScopingDeps, ctx: Ctx, requestId: string, callId: string) {
  authorize(ctx.actor, requestsPolicy.manage, 'Only IR managers cancel scoping calls.');
  const actor = ctx.actor;
  await deps.db.transaction(async (trx) => {
    const { request, call } = await lockRequestAndCall(deps, trx, actor, requestId, callId);
    if (call.status === 'cancelled') throw new AppError('CONFLICT', `Scoping call ${callId} is already cancelled.`);
    if (call.outcome)
      throw new AppError(
        'CONFLICT',
        `Scoping call ${callId} was held (outcome ${call.outcome}): it cannot be cancelled.`,
      );
    const at = deps.clock.now();
    await scopingRepo.update(trx, callId, {
      status: 'cancelled',
      cancelled_at: at,
      sequence: call.sequence + 1,
      updated_at: at,
    });
    await deps.audit.record(trx, ctx, {
      action: 'scoping_call.cancelled',
      entityType: 'scoping_call',
      entityId: callId,
      organizationId: request.organization_id,
      before: { status: call.status, startsAt: call.starts_at.toISOString() },
      after: { requestId, status: 'cancelled', sequence: call.sequence + 1 },
    });
    const named = (await requestsRepo.byId(trx, requestId))!;
    const cancelled = (await scopingRepo.byId(trx, callId))!;
    await sendInvites(deps, trx, named, cancelled, 'cancel', cancelled.attendees);
  });
  return loadCallView(deps, callId);
}
