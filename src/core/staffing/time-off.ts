import type { z } from 'zod';
import type { Executor } from '../../db/create-db.ts';
import type { CreateTimeOffBody, TimeOff, UpdateTimeOffBody } from '../../shared/contracts/staffing.ts';
import { AppError, forbidden } from '../../shared/errors.ts';
import type { Actor, Ctx } from '../context.ts';
import { conflictError, guardOverlap } from './bookings.ts';
import { bookingsRepo } from './bookings.repo.ts';
import { profilesRepo } from './profiles.repo.ts';
import type { StaffingDeps } from './staffing.deps.ts';
import { staffingPolicy } from './staffing.policy.ts';
import { assertPeriod, edgeOf } from './staffing.rules.ts';
import { toTimeOffView } from './staffing.views.ts';

const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found.`);

/** Managers and the consultant himself see the reason; other staff see the period only; customers nothing. */
const seesReason = (actor: Actor, userId: string): boolean =>
  staffingPolicy.manage(actor) || staffingPolicy.isSelf(actor, userId);

function assertMayChange(actor: Actor, userId: string): void {
  if (!staffingPolicy.readDirectory(actor)) throw notFound(`Consultant ${userId}`);
  if (!seesReason(actor, userId))
    throw forbidden('Only IR managers, admins and the consultant himself enter time off.');
}

async function consultantOf(ex: Executor, userId: string): Promise<{ id: string; name: string; timeZone: string }> {
  const [row] = await profilesRepo.consultants(ex, { userIds: [userId] });
  if (!row) throw notFound(`Consultant ${userId}`);
  return { id: row.id, name: row.name, timeZone: row.profile?.time_zone ?? 'UTC' };
}

/** A consultant's time off overlapping `[from, to)` (provider staff; customers never see it). */
export async function listTimeOff(
  deps: StaffingDeps,
  ctx: Ctx,
  userId: string,
  q: { from?: string; to?: string },
): Promise<{ items: TimeOff[] }> {
  if (!staffingPolicy.readDirectory(ctx.actor)) throw notFound(`Consultant ${userId}`);
  await consultantOf(deps.db.kysely, userId);
  const rows = await bookingsRepo.list(deps.db.kysely, {
    kind: 'time_off',
    consultantId: userId,
    ...(q.from ? { from: new Date(q.from) } : {}),
    ...(q.to ? { to: new Date(q.to) } : {}),
  });
  const reason = seesReason(ctx.actor, userId);
  return { items: rows.map((r) => toTimeOffView(r, reason)) };
}

/**
 * Enters time off (IR managers, admins, the consultant himself): dates are whole days in the consultant's
 * zone (the end date included). Over his confirmed bookings or other time off: 409 BOOKING_CONFLICT listing
 * them (move them first); nothing written.
 */
export async function createTimeOff(
  deps: StaffingDeps,
  ctx: Ctx,
  userId: string,
  input: z.infer<typeof CreateTimeOffBody>,
): Promise<TimeOff> {
  assertMayChange(ctx.actor, userId);
  const id = deps.ids.next('tof');
  let who: { id: string; name: string; timeZone: string } | undefined;
  let period: { start: Date; end: Date } | undefined;
  await guardOverlap(
    deps,
    async () => who,
    () => period,
    { what: 'time off' },
    () =>
      deps.db.transaction(async (trx) => {
        who = await consultantOf(trx, userId);
        period = { start: edgeOf(input.start, 'start', who.timeZone), end: edgeOf(input.end, 'end', who.timeZone) };
        assertPeriod(period.start, period.end);
        if ((await bookingsRepo.blockingOverlaps(trx, userId, period.start, period.end)).length)
          throw await conflictError(trx, who, period, { what: 'time off' });
        const at = deps.clock.now();
        await bookingsRepo.insert(
          trx,
          {
            id,
            consultant_id: userId,
            kind: 'time_off',
            engagement_id: null,
            mode: null,
            status: null,
            site_id: null,
            checked_in_at: null,
            checked_in_by: null,
            cancelled_at: null,
            cancelled_by: null,
            cancel_reason: null,
            reason: input.reason?.trim() ?? '',
            created_by: ctx.actor.type === 'user' ? ctx.actor.userId : null,
            created_at: at,
            updated_at: at,
          },
          period.start,
          period.end,
        );
        await deps.audit.record(trx, ctx, {
          action: 'time_off.created',
          entityType: 'time_off',
          entityId: id,
          after: { consultantId: userId, start: period.start.toISOString(), end: period.end.toISOString() },
        });
      }),
  );
  return toTimeOffView((await bookingsRepo.get(deps.db.kysely, id))!, true);
}

async function lockedTimeOff(trx: Executor, id: string) {
  const row = await bookingsRepo.get(trx, id, { lock: true });
  if (!row || row.kind !== 'time_off') throw notFound(`Time off ${id}`);
  return row;
}

/** Moves time off or changes its reason (the same people and rules as entering it). */
export async function updateTimeOff(
  deps: StaffingDeps,
  ctx: Ctx,
  id: string,
  input: z.infer<typeof UpdateTimeOffBody>,
): Promise<TimeOff> {
  let who: { id: string; name: string; timeZone: string } | undefined;
  let period: { start: Date; end: Date } | undefined;
  await guardOverlap(
    deps,
    async () => who,
    () => period,
    { exceptId: id, what: 'time off' },
    () =>
      deps.db.transaction(async (trx) => {
        const before = await lockedTimeOff(trx, id);
        if (!staffingPolicy.readDirectory(ctx.actor)) throw notFound(`Time off ${id}`);
        assertMayChange(ctx.actor, before.consultant_id);
        if (before.revision !== input.revision)
          throw new AppError('STALE_REVISION', 'The time off changed meanwhile: reload it.', {
            currentRevision: before.revision,
          });
        who = await consultantOf(trx, before.consultant_id);
        period = {
          start: input.start ? edgeOf(input.start, 'start', who.timeZone) : before.start,
          end: input.end ? edgeOf(input.end, 'end', who.timeZone) : before.end,
        };
        assertPeriod(period.start, period.end);
        if ((await bookingsRepo.blockingOverlaps(trx, who.id, period.start, period.end, { exceptId: id })).length)
          throw await conflictError(trx, who, period, { exceptId: id, what: 'time off' });
        await bookingsRepo.update(
          trx,
          id,
          {
            ...(input.reason !== undefined ? { reason: input.reason.trim() } : {}),
            revision: before.revision + 1,
            updated_at: deps.clock.now(),
          },
          period,
        );
        await deps.audit.record(trx, ctx, {
          action: 'time_off.updated',
          entityType: 'time_off',
          entityId: id,
          before: { start: before.start.toISOString(), end: before.end.toISOString() },
          after: { start: period.start.toISOString(), end: period.end.toISOString() },
        });
      }),
  );
  return toTimeOffView((await bookingsRepo.get(deps.db.kysely, id))!, true);
}

/** Deletes time off (the same people as entering it); audited. */
export async function deleteTimeOff(deps: StaffingDeps, ctx: Ctx, id: string): Promise<{ ok: true }> {
  await deps.db.transaction(async (trx) => {
    const before = await lockedTimeOff(trx, id);
    if (!staffingPolicy.readDirectory(ctx.actor)) throw notFound(`Time off ${id}`);
    assertMayChange(ctx.actor, before.consultant_id);
    await bookingsRepo.remove(trx, id);
    await deps.audit.record(trx, ctx, {
      action: 'time_off.deleted',
      entityType: 'time_off',
      entityId: id,
      before: { consultantId: before.consultant_id, start: before.start.toISOString(), end: before.end.toISOString() },
    });
  });
  return { ok: true };
}
