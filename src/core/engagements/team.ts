import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import { assertTeamCandidates, lockedForManager } from './engagements.checks.ts';
import type { EngagementsDeps } from './engagements.deps.ts';
import { engagementsRepo } from './engagements.repo.ts';
import { cancelFutureBookings } from '../staffing/bookings.cancel.ts';
import { reload, toView, type EngagementView } from './engagements.views.ts';

/** Adds (or re-roles) an active provider user on the team (IR managers); his calendar invites come with his bookings. */
export async function addTeamMember(
  deps: EngagementsDeps,
  ctx: Ctx,
  id: string,
  input: { userId: string; role: string },
): Promise<EngagementView> {
  await deps.db.transaction(async (trx) => {
    const engagement = await lockedForManager(trx, ctx, id, 'staff engagements');
    await assertTeamCandidates(trx, [input]);
    const existing = await engagementsRepo.teamMember(trx, id, input.userId);
    if (existing?.role === input.role) return;
    await engagementsRepo.upsertTeamMember(trx, {
      engagement_id: id,
      user_id: input.userId,
      role: input.role,
      added_at: deps.clock.now(),
    });
    await engagementsRepo.update(trx, id, { revision: engagement.revision + 1, updated_at: deps.clock.now() });
    await deps.audit.record(trx, ctx, {
      action: existing ? 'engagement.team_role_changed' : 'engagement.team_added',
      entityType: 'engagement',
      entityId: id,
      organizationId: engagement.organization_id,
      ...(existing ? { before: { userId: input.userId, role: existing.role } } : {}),
      after: { userId: input.userId, role: input.role },
    });
  });
  return toView(deps, deps.db.kysely, await reload(deps.db.kysely, id));
}

/** Removes a member from the team (IR managers); their effort stays. */
export async function removeTeamMember(
  deps: EngagementsDeps,
  ctx: Ctx,
  id: string,
  input: { userId: string },
): Promise<EngagementView> {
  await deps.db.transaction(async (trx) => {
    const engagement = await lockedForManager(trx, ctx, id, 'staff engagements');
    const existing = await engagementsRepo.teamMember(trx, id, input.userId);
    if (!existing)
      throw new AppError('NOT_FOUND', `User ${input.userId} is not on the team of engagement ${engagement.number}.`);
    // Bookings and the team are one thing: leaving the team cancels his future bookings (staffing), whose
    // invites' cancellations tell his calendar.
    await cancelFutureBookings(deps, trx, ctx, engagement, input.userId);
    await engagementsRepo.removeTeamMember(trx, id, input.userId);
    await engagementsRepo.update(trx, id, { revision: engagement.revision + 1, updated_at: deps.clock.now() });
    await deps.audit.record(trx, ctx, {
      action: 'engagement.team_removed',
      entityType: 'engagement',
      entityId: id,
      organizationId: engagement.organization_id,
      before: { userId: input.userId, role: existing.role },
    });
  });
  return toView(deps, deps.db.kysely, await reload(deps.db.kysely, id));
}
