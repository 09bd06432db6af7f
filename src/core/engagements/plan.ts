import type { z } from 'zod';
import type { UpdateEngagementBody } from '../../shared/contracts/engagements.ts';
import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import { assertPlannedOrder, lockedForManager } from './engagements.checks.ts';
import type { EngagementsDeps } from './engagements.deps.ts';
import { engagementsRepo } from './engagements.repo.ts';
import { plannedInstant } from './engagements.rules.ts';
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
    const e = await lockedForManager(trx, ctx, id, 'plan engagements');
    if (expectedRevision !== undefined && expectedRevision !== e.revision) {
      throw new AppError(
        'STALE_REVISION',
        `Engagement ${e.number} changed since you loaded it (revision ${e.revision}, yours ${expectedRevision}). Reload it and apply your change again.`,
        { revision: e.revision },
      );
    }
    const start =
      patch.plannedStart === undefined ? e.planned_start : plannedInstant(patch.plannedStart, 'start', e.time_zone);
    const end = patch.plannedEnd === undefined ? e.planned_end : plannedInstant(patch.plannedEnd, 'end', e.time_zone);
    assertPlannedOrder(start, end, 'body.plannedEnd');
    const datesChanged = iso(start) !== iso(e.planned_start) || iso(end) !== iso(e.planned_end);
    const invitedBefore = e.planned_start !== null || e.schedule_sequence > 0;
    const sequence = datesChanged && invitedBefore ? e.schedule_sequence + 1 : e.schedule_sequence;
    await engagementsRepo.update(trx, id, {
      planned_start: start,
      planned_end: end,
      schedule_sequence: sequence,
      ...(patch.title ? { title: patch.title } : {}),
      revision: e.revision + 1,
      updated_at: deps.clock.now(),
    });
    await deps.audit.record(trx, ctx, {
      action: datesChanged ? 'engagement.rescheduled' : 'engagement.updated',
      entityType: 'engagement',
      entityId: id,
      organizationId: e.organization_id,
      before: { plannedStart: iso(e.planned_start), plannedEnd: iso(e.planned_end), title: e.title },
      after: {
        plannedStart: iso(start),
        plannedEnd: iso(end),
        title: patch.title ?? e.title,
        scheduleSequence: sequence,
      },
    });
    if (!datesChanged) return;
    const updated = await reload(trx, id);
    if (start) await sendSchedule(deps, trx, updated, e.planned_start ? 'update' : 'invite');
    else
      await sendSchedule(
        deps,
        trx,
        { ...updated, planned_start: e.planned_start, planned_end: e.planned_end },
        'cancel',
      );
  });
  return toView(deps, deps.db.kysely, await reload(deps.db.kysely, id));
}
