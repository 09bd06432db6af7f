import { DateTime } from 'luxon';
import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { bookingsRepo } from './bookings.repo.ts';
import { addDays } from '../../shared/dates.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Ctx } from '../context.ts';
import { engagementsRepo } from '../engagements/engagements.repo.ts';
import { DEFAULT_WINDOW_DAYS, assertInWindow } from './staffing.rules.ts';

/** What the schedule checks need of an engagement. */
export interface ScheduledEngagement {
  number: string;
  kind: 'emergency' | 'proactive';
  request_id: string;
  time_zone: string;
  window_start: string | null;
  window_end: string | null;
}

/**
 * The schedule follows the EWO: a period (planned dates, a booking) lies inside the approved window (the
 * EWO's proposed start to end in the customer's zone, moved by approved change orders), and a proactive
 * engagement never starts before its request's earliest allowed start (the lead time). 422 otherwise.
 */
export async function assertSchedulable(
  ex: Executor,
  engagement: ScheduledEngagement,
  period: { start: Date; end: Date },
  what: string,
): Promise<void> {
  const window =
    engagement.window_start && engagement.window_end
      ? { start: engagement.window_start, end: engagement.window_end }
      : null;
  assertInWindow(window, engagement.time_zone, period, what);
  if (engagement.kind !== 'proactive') return;
  const earliest = await bookingsRepo.requestEarliestStart(ex, engagement.request_id);
  if (!earliest) return;
  const from = DateTime.fromISO(earliest, { zone: engagement.time_zone }).startOf('day').toJSDate();
  if (period.start >= from) return;
  throw new AppError(
    'LEAD_TIME_TOO_SHORT',
    `${what} starts before ${earliest} (${engagement.time_zone}), the earliest start the lead time of ${engagement.number}'s request allows. Start on ${earliest} or later.`,
    { earliestStart: earliest, timeZone: engagement.time_zone },
  );
}

/**
 * An approved change order with new planned dates moves the engagement's approved window (dates in the
 * customer's zone; a missing one keeps the window's edge); audited. Called on the approval's transaction.
 */
export async function moveWindowOnApproval(
  deps: { audit: AuditService },
  trx: Executor,
  ctx: Ctx,
  co: {
    engagement_id: string;
    organization_id: string;
    number: string;
    planned_start: string | null;
    planned_end: string | null;
  },
): Promise<void> {
  if (!co.planned_start && !co.planned_end) return;
  const before = await engagementsRepo.record(trx, co.engagement_id);
  if (!before) return;
  const start = co.planned_start ?? before.window_start ?? co.planned_end!;
  const end = co.planned_end ?? before.window_end ?? addDays(start, DEFAULT_WINDOW_DAYS);
  if (end < start)
    throw new AppError('VALIDATION_FAILED', `Change order ${co.number}: the new planned end is before its start.`, {
      errors: [{ path: 'plannedEnd', message: 'before plannedStart' }],
    });
  await engagementsRepo.update(trx, co.engagement_id, { window_start: start, window_end: end });
  await deps.audit.record(trx, ctx, {
    action: 'engagement.window_moved',
    entityType: 'engagement',
    entityId: co.engagement_id,
    organizationId: co.organization_id,
    before: { windowStart: before.window_start, windowEnd: before.window_end },
    after: { windowStart: start, windowEnd: end, changeOrder: co.number },
  });
}
