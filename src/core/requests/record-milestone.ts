import type { SlaKind } from '../../shared/contracts/requests.ts';
import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { lockedVisible } from './requests.access.ts';
import type { RequestsDeps } from './requests.deps.ts';
import { invalid } from './requests.errors.ts';
import { requestsPolicy } from './requests.policy.ts';
import { requestsRepo, type RequestRow } from './requests.repo.ts';
import { toMilestoneView } from './requests.views.ts';
import { loadRequestView } from './read-requests.ts';

/** A milestone belongs to an emergency request and lies between its receipt and now. */
function assertMilestoneTime(request: RequestRow, id: string, at: Date, now: Date): void {
  if (request.kind !== 'emergency')
    throw new AppError('BUSINESS_RULE', `Request ${id} is proactive: SLA milestones apply to emergency requests only.`);
  if (at.getTime() > now.getTime())
    throw invalid('body.at', 'Give a time that has come: it must not be in the future', `now is ${now.toISOString()}`);
  if (at.getTime() < request.received_at.getTime())
    throw invalid(
      'body.at',
      'Give a time after the request was received',
      `received at ${request.received_at.toISOString()}`,
    );
}

/**
 * Records when an SLA target of an emergency request was met: once per kind, at a time not in the
 * future and not before receivedAt; a correction is a new record with a reason (the old one stays).
 */
export async function recordMilestone(
  deps: RequestsDeps,
  ctx: Ctx,
  id: string,
  input: { kind: SlaKind; at?: string; reason?: string },
) {
  authorize(ctx.actor, requestsPolicy.manage, 'Only IR managers record SLA milestones.');
  const actor = ctx.actor;
  const now = deps.clock.now();
  const at = input.at ? new Date(input.at) : now;
  const milestoneId = deps.ids.next('mil');
  await deps.db.transaction(async (trx) => {
    const request = await lockedVisible(trx, actor, id);
    assertMilestoneTime(request, id, at, now);
    const current = await requestsRepo.currentMilestone(trx, id, input.kind);
    if (current && !input.reason) {
      throw new AppError(
        'CONFLICT',
        `${input.kind} was already recorded at ${current.at.toISOString()}. To correct it, send the corrected time with a reason.`,
        { milestoneId: current.id, at: current.at.toISOString() },
      );
    }
    await requestsRepo.insertMilestone(trx, {
      id: milestoneId,
      request_id: id,
      kind: input.kind,
      at,
      reason: input.reason ?? null,
      supersedes_id: current?.id ?? null,
      recorded_by_user_id: actor.userId,
      recorded_by_label: actorLabel(actor),
      recorded_at: now,
    });
    await requestsRepo.setTargetMet(trx, id, input.kind, at);
    await deps.audit.record(trx, ctx, {
      action: current ? 'request.milestone_corrected' : 'request.milestone_recorded',
      entityType: 'service_request',
      entityId: id,
      organizationId: request.organization_id,
      ...(current ? { before: { kind: input.kind, at: current.at.toISOString() } } : {}),
      after: { kind: input.kind, at: at.toISOString(), milestoneId, ...(input.reason ? { reason: input.reason } : {}) },
    });
  });
  const milestones = await requestsRepo.milestones(deps.db.kysely, id);
  return {
    milestone: toMilestoneView(
      milestones.find((milestone) => milestone.id === milestoneId)!,
      milestones,
    ),
    request: await loadRequestView(deps, deps.db.kysely, id),
  };
}
