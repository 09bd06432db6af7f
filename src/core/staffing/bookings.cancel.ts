import type { Executor } from '../../db/create-db.ts';
import type { Booking, BookingListQuery } from '../../shared/contracts/staffing.ts';
import { AppError, forbidden } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { lockedForManager } from '../engagements/engagements.checks.ts';
import { visibleRecord } from '../engagements/engagements.access.ts';
import { lockedBooking } from './bookings.ts';
import { bookingsRepo, type BusyRow } from './bookings.repo.ts';
import type { StaffingDeps } from './staffing.deps.ts';
import { bookingChanged } from './staffing.notify.ts';
import { staffingPolicy } from './staffing.policy.ts';
import { assertPeriod } from './staffing.rules.ts';
import { toBookingRecord, toBookingView } from './staffing.views.ts';

const actorUserId = (ctx: Ctx): string | null => (ctx.actor.type === 'user' ? ctx.actor.userId : null);

/** Cancels one locked booking on the caller's transaction: kept (non-blocking) with SEQUENCE + 1; hook told. */
async function cancelRow(
  deps: StaffingDeps,
  trx: Executor,
  ctx: Ctx,
  row: BusyRow,
  reason: string | null,
  organizationId: string,
): Promise<void> {
  const at = deps.clock.now();
  await bookingsRepo.update(trx, row.id, {
    cancelled_at: at,
    cancelled_by: actorUserId(ctx),
    cancel_reason: reason,
    sequence: row.sequence + 1,
    revision: row.revision + 1,
    updated_at: at,
  });
  const after = (await bookingsRepo.get(trx, row.id))!;
  await deps.audit.record(trx, ctx, {
    action: 'booking.cancelled',
    entityType: 'booking',
    entityId: row.id,
    organizationId,
    before: toBookingView(row),
    after: { cancelledAt: at.toISOString(), reason },
  });
  await bookingChanged(deps, trx, ctx, toBookingRecord(after), 'cancelled');
}

/** Cancels a booking (IR managers, admins): it stops blocking, stays listed as cancelled; audited; hook told. */
export async function cancelBooking(
  deps: StaffingDeps,
  ctx: Ctx,
  engagementId: string,
  bookingId: string,
  reason?: string,
): Promise<Booking> {
  await deps.db.transaction(async (trx) => {
    const engagement = await lockedForManager(trx, ctx, engagementId, 'cancel bookings');
    const row = await lockedBooking(trx, engagementId, bookingId);
    await cancelRow(deps, trx, ctx, row, reason?.trim() || null, engagement.organization_id);
  });
  return toBookingView((await bookingsRepo.get(deps.db.kysely, bookingId))!);
}

/**
 * THE team-removal hook (engagements/team.ts calls it on its transaction before removing the member):
 * his bookings on the engagement that have not started are cancelled, a running one ends now. Each change
 * goes through bookingChanged (the invites' cancellations).
 */
export async function cancelFutureBookings(
  deps: Pick<StaffingDeps, 'clock' | 'audit' | 'outbox' | 'publicUrl'>,
  trx: Executor,
  ctx: Ctx,
  engagement: { id: string; organization_id: string },
  userId: string,
): Promise<number> {
  const now = deps.clock.now();
  const rows = await bookingsRepo.futureBookings(trx, engagement.id, userId, now);
  for (const row of rows) {
    if (row.start >= now) {
      await cancelRow(
        deps as StaffingDeps,
        trx,
        ctx,
        row,
        'Removed from the engagement team',
        engagement.organization_id,
      );
      continue;
    }
    await bookingsRepo.update(
      trx,
      row.id,
      { sequence: row.sequence + 1, revision: row.revision + 1, updated_at: now },
      { start: row.start, end: now },
    );
    const after = (await bookingsRepo.get(trx, row.id))!;
    await deps.audit.record(trx, ctx, {
      action: 'booking.updated',
      entityType: 'booking',
      entityId: row.id,
      organizationId: engagement.organization_id,
      before: toBookingView(row),
      after: { ...toBookingView(after), reason: 'Removed from the engagement team: ends now' },
    });
    await bookingChanged(deps, trx, ctx, toBookingRecord(after), 'updated');
  }
  return rows.length;
}

/**
 * Checks a consultant in at the site of an on-site booking (he has arrived): the consultant himself, IR
 * managers and admins; the time (default now, never in the future) and who are kept; audited.
 */
export async function checkIn(
  deps: StaffingDeps,
  ctx: Ctx,
  engagementId: string,
  bookingId: string,
  at?: string,
): Promise<Booking> {
  const actor = ctx.actor;
  authorize(actor, staffingPolicy.readBookings, 'Only the IR firm’s staff check in.');
  const userId = actor.userId;
  const manager = staffingPolicy.manage(actor);
  const now = deps.clock.now();
  const when = at ? new Date(at) : now;
  if (when > now)
    throw new AppError('VALIDATION_FAILED', 'The arrival time is in the future: check in when you have arrived.', {
      errors: [{ path: 'at', message: 'must not be in the future' }],
    });
  await deps.db.transaction(async (trx) => {
    const engagement = await visibleRecord(trx, actor, engagementId, { lock: true });
    const row = await lockedBooking(trx, engagementId, bookingId);
    if (!manager && row.consultant_id !== userId)
      throw forbidden('Only the booked consultant, IR managers and admins check in.');
    if (row.mode !== 'onsite')
      throw new AppError('BUSINESS_RULE', 'Only an on-site booking is checked in: this one is not on site.');
    if (row.checked_in_at)
      throw new AppError('BUSINESS_RULE', `Already checked in by ${row.checked_in_by_name ?? 'someone'}.`);
    await bookingsRepo.update(trx, bookingId, {
      checked_in_at: when,
      checked_in_by: userId,
      revision: row.revision + 1,
      updated_at: now,
    });
    await deps.audit.record(trx, ctx, {
      action: 'booking.checked_in',
      entityType: 'booking',
      entityId: bookingId,
      organizationId: engagement.organization_id,
      after: { checkedInAt: when.toISOString(), checkedInBy: userId },
    });
    // The consultant is on site: the request's "on-site arrival", if it is the first.
    await deps.requests.recordMilestoneInTx(trx, ctx, engagement.request_id, {
      kind: 'onsite_arrival',
      at: when,
      source: 'check_in',
    });
  });
  return toBookingView((await bookingsRepo.get(deps.db.kysely, bookingId))!);
}

/**
 * Bookings overlapping `[from, to)` (provider staff). Admins, IR managers and account managers read all;
 * a consultant reads his own, and those of an engagement whose team he is on.
 */
export async function listBookings(deps: StaffingDeps, ctx: Ctx, q: BookingListQuery): Promise<{ items: Booking[] }> {
  const actor = ctx.actor;
  authorize(actor, staffingPolicy.readBookings, 'Only the IR firm’s staff read bookings.');
  const userId = actor.userId;
  const from = q.from ? new Date(q.from) : undefined;
  const to = q.to ? new Date(q.to) : undefined;
  if (from && to) assertPeriod(from, to, 'to');
  const ex = deps.db.kysely;
  let consultantId = q.consultant;
  if (!staffingPolicy.readAllBookings(actor)) {
    const ownTeam = q.engagement ? await bookingsRepo.isOnTeam(ex, q.engagement, userId) : false;
    if (!ownTeam) {
      if (consultantId && consultantId !== userId)
        throw forbidden('Consultants read their own bookings and those of their engagements.');
      consultantId = userId;
    }
  }
  const rows = await bookingsRepo.list(ex, {
    kind: 'booking',
    ...(consultantId ? { consultantId } : {}),
    ...(q.engagement ? { engagementId: q.engagement } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(q.includeCancelled ? { includeCancelled: true } : {}),
  });
  return { items: rows.map(toBookingView) };
}
