import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { isProvider, type Actor } from '../context.ts';
import { engagementAccessRepo, type EngagementRef } from './engagements.access.repo.ts';
import { engagementsPolicy } from './engagements.policy.ts';
import { engagementsRepo, type EngagementRecord } from './engagements.repo.ts';

/**
 * Who may see an engagement, defined once. Services ask `canSeeEngagement`; repositories filter lists
 * with `visibleTo` (engagements.access.repo.ts); both read `engagementVisibility`, and
 * test/engagements.access.test.ts fails if the two forms disagree. Anything the actor may not see answers
 * NOT_FOUND, exactly like a missing engagement.
 */
export type EngagementVisibility =
  /** The product itself, and provider staff who read all (admins, IR managers, account managers). */
  | { kind: 'every' }
  /** Customer users and contacts: the engagements of their own organisation. */
  | { kind: 'organization'; organizationId: string }
  /** Consultants: the engagements whose team they are on. */
  | { kind: 'team'; userId: string }
  /** Any other provider role. */
  | { kind: 'none' };

/** Which engagements the actor sees (the one rule behind the predicate and the SQL filter). */
export function engagementVisibility(actor: Actor): EngagementVisibility {
  if (actor.type === 'system') return { kind: 'every' };
  if (actor.type === 'contact' || actor.organizationKind === 'customer')
    return { kind: 'organization', organizationId: actor.organizationId };
  if (actor.role === 'consultant') return { kind: 'team', userId: actor.userId };
  return engagementsPolicy.readAll(actor) ? { kind: 'every' } : { kind: 'none' };
}

/** What deciding visibility needs to know of one engagement. */
export interface EngagementFacts {
  /** The customer's organisation (the tenant). */
  organizationId: string;
  /** Whether the actor is on the engagement's team (read only for actors who see by team). */
  actorOnTeam: boolean;
}

function admits(visibility: EngagementVisibility, engagement: EngagementFacts): boolean {
  switch (visibility.kind) {
    case 'every':
      return true;
    case 'none':
      return false;
    case 'organization':
      return visibility.organizationId === engagement.organizationId;
    case 'team':
      return engagement.actorOnTeam;
  }
}

/** Whether the actor may see an engagement with these facts. */
export const canSeeEngagement = (actor: Actor, engagement: EngagementFacts): boolean =>
  admits(engagementVisibility(actor), engagement);

/**
 * Whether the actor sees the engagement; team membership is read from the database only when it decides
 * (consultants), and not at all when the caller already knows it (`actorOnTeam`).
 */
export async function seesEngagement(
  ex: Executor,
  actor: Actor,
  engagement: { id: string; organizationId: string },
  actorOnTeam?: boolean,
): Promise<boolean> {
  const visibility = engagementVisibility(actor);
  const onTeam =
    visibility.kind === 'team'
      ? (actorOnTeam ?? (await engagementAccessRepo.isTeamMember(ex, engagement.id, visibility.userId)))
      : false;
  return admits(visibility, { organizationId: engagement.organizationId, actorOnTeam: onTeam });
}

export const engagementNotFound = (id: string): AppError => new AppError('NOT_FOUND', `Engagement ${id} not found.`);

/** NOT_FOUND unless the actor may see this engagement; `actorIsMember`, when the caller knows it, saves a query. */
export async function assertVisible(
  ex: Executor,
  actor: Actor,
  engagement: Pick<EngagementRecord, 'id' | 'organization_id'>,
  actorIsMember?: boolean,
): Promise<void> {
  const facts = { id: engagement.id, organizationId: engagement.organization_id };
  if (!(await seesEngagement(ex, actor, facts, actorIsMember))) throw engagementNotFound(engagement.id);
}

/** The engagement (locked when asked) if the actor may see it; NOT_FOUND otherwise, exactly like a missing one. */
export async function visibleRecord(
  ex: Executor,
  actor: Actor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<EngagementRecord> {
  const record = options.lock ? await engagementsRepo.recordForUpdate(ex, id) : await engagementsRepo.record(ex, id);
  if (!record || !(await seesEngagement(ex, actor, { id, organizationId: record.organization_id })))
    throw engagementNotFound(id);
  return record;
}

/** An engagement as expenses and deliverables see it, with the actor's standing on it. */
export interface EngagementScope {
  engagement: EngagementRef;
  /** The actor is on the engagement's team. */
  onTeam: boolean;
  /** The actor sees the engagement as provider staff (every status of its expenses and deliverables). */
  staff: boolean;
}

/** The engagement as the actor may see it, or null when it may not see it at all (exactly like a missing one). */
export async function engagementScope(ex: Executor, actor: Actor, id: string): Promise<EngagementScope | null> {
  const engagement = await engagementAccessRepo.engagement(ex, id);
  if (!engagement) return null;
  const onTeam = actor.type === 'user' && (await engagementAccessRepo.isTeamMember(ex, id, actor.userId));
  if (!canSeeEngagement(actor, { organizationId: engagement.organizationId, actorOnTeam: onTeam })) return null;
  return { engagement, onTeam, staff: actor.type === 'system' || isProvider(actor) };
}

/** The engagement the actor may see, else NOT_FOUND exactly like a missing one. */
export async function visibleEngagement(ex: Executor, actor: Actor, id: string): Promise<EngagementScope> {
  const scope = await engagementScope(ex, actor, id);
  if (!scope) throw engagementNotFound(id);
  return scope;
}
