import type { z } from 'zod';
import type { UpdateEngagementBody } from '../../shared/contracts/engagements.ts';
import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import { assertPlannedOrder, lockedForManager } from './engagements.checks.ts';
import type { EngagementsDeps } from './engagements.deps.ts';
import { engagementsRepo } from './engagements.repo.ts';
import { plannedInstant } from './engagements.rules.ts';
import { assertSchedulable } from '../staffing/schedule.ts';
import { sendSchedule } from './engagements.schedule.ts';
import { iso, reload, toView, type EngagementView } from './engagements.views.ts';

export type EngagementPatch = Omit<z.output<typeof UpdateEngagementBody>, 'revision'>;

/**
 * IR managers edit the planned dates (and title) with optimistic concurrency. Setting or changing the
 * dates sends the customer's approving and requesting contacts and the team an invitation with the
 * engagement's UID and a raised SEQUENCE; clearing them sends a cancellation.
 */
export async function updateEngagement(
  deps: EngagementsDeps,
  ctx: Ctx,
  id: string,
  patch: EngagementPatch,
  expectedRevision?: number,
): Promise<EngagementView> {
  await deps.db.transaction(async (trx) => {
    const engagement = await lockedForManager(trx, ctx, id, 'plan engagements');
    if (expectedRevision !== undefined && expectedRevision !== engagement.revision) {
      throw new AppError(
        'STALE_REVISION',
        `Engagement ${engagement.number} changed since you loaded it (revision ${engagement.revision}, yours ${expectedRevision}). Reload it and apply your change again.`,
        { revision: engagement.revision },
      );
    }
    const start =
      patch.plannedStart === undefined
        ? engagement.planned_start
        : plannedInstant(patch.plannedStart, 'start', engagement.time_zone);
    const end =
      patch.plannedEnd === undefined
        ? engagement.planned_end
        : plannedInstant(patch.plannedEnd, 'end', engagement.time_zone);
    assertPlannedOrder(start, end, 'body.plannedEnd');
    const datesChanged = iso(start) !== iso(engagement.planned_start) || iso(end) !== iso(engagement.planned_end);
    // The planned dates stay inside the approved window and after a proactive request's earliest start.
    if (datesChanged && start)
      await assertSchedulable(trx, engagement, { start, end: end ?? start }, 'The planned dates');
    const invitedBefore = engagement.planned_start !== null || engagement.schedule_sequence > 0;
    const sequence = datesChanged && invitedBefore ? engagement.schedule_sequence + 1 : engagement.schedule_sequence;
    await engagementsRepo.update(trx, id, {
      planned_start: start,
      planned_end: end,
      schedule_sequence: sequence,
      ...(patch.title ? { title: patch.title } : {}),
      revision: engagement.revision + 1,
      updated_at: deps.clock.now(),
    });
    await deps.audit.record(trx, ctx, {
      action: datesChanged ? 'engagement.rescheduled' : 'engagement.updated',
      entityType: 'engagement',
      entityId: id,
      organizationId: engagement.organization_id,
      before: {
        plannedStart: iso(engagement.planned_start),
        plannedEnd: iso(engagement.planned_end),
        title: engagement.title,
      },
      after: {
        plannedStart: iso(start),
        plannedEnd: iso(end),
        title: patch.title ?? engagement.title,
        scheduleSequence: sequence,
      },
    });
    if (!datesChanged) return;
    const updated = await reload(trx, id);
    if (start) await sendSchedule(deps, trx, updated, engagement.planned_start ? 'update' : 'invite');
    else
      await sendSchedule(
        deps,
        trx,
        { ...updated, planned_start: engagement.planned_start, planned_end: engagement.planned_end },
        'cancel',
      );
  });
  return toView(deps, deps.db.kysely, await reload(deps.db.kysely, id));
}
