import type { Executor } from '../../db/create-db.ts';
import type { ContactChannel, MilestoneSource, SlaKind } from '../../shared/contracts/requests.ts';
import { actorLabel, type Ctx } from '../context.ts';
import type { RequestsDeps } from './requests.deps.ts';
import { requestsRepo } from './requests.repo.ts';

export interface MilestoneEvent {
  kind: SlaKind;
  at: Date;
  source: MilestoneSource;
  channel?: ContactChannel;
}

/**
 * Records a milestone from an event of the work (triage, a scoping call booked, the "contacted" action, the
 * engagement's start, an on-site check-in) on the caller's transaction: only for an emergency request, only
 * the FIRST event of a kind (a later one never moves it; a hand correction does), and never before the
 * request was received. Audited as `request.milestone_recorded` with its source. Returns whether it recorded.
 */
export async function recordMilestoneInTx(
  deps: Pick<RequestsDeps, 'clock' | 'ids' | 'audit'>,
  trx: Executor,
  ctx: Ctx,
  requestId: string,
  event: MilestoneEvent,
): Promise<boolean> {
  const request = await requestsRepo.forUpdate(trx, requestId);
  if (!request || request.kind !== 'emergency') return false;
  if (await requestsRepo.currentMilestone(trx, requestId, event.kind)) return false;
  const at = event.at.getTime() < request.received_at.getTime() ? request.received_at : event.at;
  const now = deps.clock.now();
  const milestoneId = deps.ids.next('mil');
  await requestsRepo.insertMilestone(trx, {
    id: milestoneId,
    request_id: requestId,
    kind: event.kind,
    at,
    reason: null,
    channel: event.channel ?? null,
    source: event.source,
    supersedes_id: null,
    recorded_by_user_id: ctx.actor.type === 'user' ? ctx.actor.userId : null,
    recorded_by_label: actorLabel(ctx.actor),
    recorded_at: now,
  });
  await requestsRepo.setTargetMet(trx, requestId, event.kind, at);
  await deps.audit.record(trx, ctx, {
    action: 'request.milestone_recorded',
    entityType: 'service_request',
    entityId: requestId,
    organizationId: request.organization_id,
    after: {
      kind: event.kind,
      at: at.toISOString(),
      milestoneId,
      source: event.source,
      ...(event.channel ? { channel: event.channel } : {}),
    },
  });
  return true;
}
