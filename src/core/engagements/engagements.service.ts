import type { Executor } from '../../db/create-db.ts';
import type { EngagementStatus } from '../../shared/contracts/engagements.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { adjustEstimateInTx } from './adjust-estimate.ts';
import { createFromApprovalInTx, type NewEngagement } from './create-from-approval.ts';
import { assertVisible, visibleRecord } from './engagements.access.ts';
import { engagementAccessRepo } from './engagements.access.repo.ts';
import type { EngagementsDeps } from './engagements.deps.ts';
import type { EngagementRecord, Person } from './engagements.repo.ts';
import { sendSchedule, type ScheduleKind } from './engagements.schedule.ts';
import { toView } from './engagements.views.ts';
import { updateEngagement, type EngagementPatch } from './plan.ts';
import { getEngagement, listEngagements, type EngagementListFilter } from './read.ts';
import { addTeamMember, removeTeamMember } from './team.ts';
import { transitionEngagement } from './transition.ts';

export type EngagementsService = ReturnType<typeof createEngagementsService>;

/** Engagements: created by an EWO approval, moved through their lifecycle, staffed, scheduled with iCalendar invitations. */
export function createEngagementsService(deps: EngagementsDeps) {
  return {
    /** Creates the engagement of an approved EWO on the approval's transaction (create-from-approval.ts). */
    createFromApprovalInTx: (trx: Executor, ctx: Ctx, input: NewEngagement) =>
      createFromApprovalInTx(deps, trx, ctx, input),
    /** Changes the estimate by `delta` under the engagement's row lock (adjust-estimate.ts). */
    adjustEstimateInTx: (
      trx: Executor,
      ctx: Ctx,
      engagementId: string,
      delta: number,
      options?: Parameters<typeof adjustEstimateInTx>[5],
    ) => adjustEstimateInTx(deps, trx, ctx, engagementId, delta, options),
    /** Whether the user is on the engagement's team (SLA milestones: members of the engagement's team may record them). */
    isTeamMember: (ex: Executor, engagementId: string, userId: string): Promise<boolean> =>
      engagementAccessRepo.isTeamMember(ex, engagementId, userId),
    /** Engagements the actor may see, newest first (read.ts). */
    list: (ctx: Ctx, filter: EngagementListFilter) => listEngagements(deps, ctx, filter),
    /** One engagement the actor may see (read.ts). */
    get: (ctx: Ctx, id: string) => getEngagement(deps, ctx, id),
    /** Ordinary lifecycle moves by IR managers (transition.ts). */
    transition: (ctx: Ctx, id: string, input: { to: EngagementStatus; reason?: string | undefined }) =>
      transitionEngagement(deps, ctx, id, input),
    /** Adds (or re-roles) a team member (team.ts). */
    addTeamMember: (ctx: Ctx, id: string, input: { userId: string; role: string }) =>
      addTeamMember(deps, ctx, id, input),
    /** Removes a team member (team.ts). */
    removeTeamMember: (ctx: Ctx, id: string, input: { userId: string }) => removeTeamMember(deps, ctx, id, input),
    /** Edits the planned dates and title with optimistic concurrency (plan.ts). */
    update: (ctx: Ctx, id: string, patch: EngagementPatch, expectedRevision?: number) =>
      updateEngagement(deps, ctx, id, patch, expectedRevision),

    // Helpers for effort and closing (no authorization beyond visibility; on the executor given).

    /** The engagement if the actor may see it (locked when asked), else NOT_FOUND. */
    visibleRecord,
    assertVisible,
    /** The response view of an engagement record. */
    toView: (ex: Executor, engagement: EngagementRecord) => toView(deps, ex, engagement),
    /** Sends the schedule invitation (or its cancellation) to everyone, or to `only`. */
    sendSchedule: (trx: Executor, engagement: EngagementRecord, kind: ScheduleKind, only?: Person[]) =>
      sendSchedule(deps, trx, engagement, kind, only),
    /** Who the actor is, for records. */
    label: (ctx: Ctx) => actorLabel(ctx.actor),
  };
}
