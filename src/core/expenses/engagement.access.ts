import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { canSeeTenant } from '../authz.ts';
import type { Actor } from '../context.ts';
import { engagementAccessRepo, type EngagementRef } from './engagement-access.repo.ts';

export type { EngagementRef } from './engagement-access.repo.ts';

export interface EngagementScope {
  engagement: EngagementRef;
  /** The actor is on the engagement's team. */
  onTeam: boolean;
  /** The actor sees the engagement as provider staff (every status of its expenses and deliverables). */
  staff: boolean;
}

/** Provider roles that see every engagement; consultants see the ones whose team they are on. */
const seesEveryEngagement = (a: Actor): boolean =>
  a.type === 'system' || (a.type === 'user' && a.organizationKind === 'provider' && a.role !== 'consultant');

/**
 * The engagement as the actor may see it, or null when it may not see it at all: another tenant's, and for
 * a consultant one whose team they are not on (either is exactly like a missing one).
 */
export async function engagementScope(ex: Executor, actor: Actor, id: string): Promise<EngagementScope | null> {
  const engagement = await engagementAccessRepo.engagement(ex, id);
  if (!engagement || !canSeeTenant(actor, engagement.organizationId)) return null;
  const onTeam = actor.type === 'user' && (await engagementAccessRepo.isTeamMember(ex, id, actor.userId));
  const staff = actor.type === 'system' || (actor.type === 'user' && actor.organizationKind === 'provider');
  if (staff && !seesEveryEngagement(actor) && !onTeam) return null;
  return { engagement, onTeam, staff };
}

/** The engagement the actor may see, else NOT_FOUND exactly like a missing one. */
export async function visibleEngagement(ex: Executor, actor: Actor, id: string): Promise<EngagementScope> {
  const scope = await engagementScope(ex, actor, id);
  if (!scope) throw new AppError('NOT_FOUND', `Engagement ${id} not found.`);
  return scope;
}
