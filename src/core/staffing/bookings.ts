import type { Executor } from '../../db/create-db.ts';
import type { Booking, CreateBookingBody, UpdateBookingBody } from '../../shared/contracts/staffing.ts';
import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import { lockedForManager } from '../engagements/engagements.checks.ts';
import type { EngagementRecord } from '../engagements/engagements.repo.ts';
import { bookingsRepo, isBusyOverlap, type BusyRow } from './bookings.repo.ts';
import { profilesRepo } from './profiles.repo.ts';
import { assertSchedulable } from './schedule.ts';
import type { StaffingDeps } from './staffing.deps.ts';
import { bookingChanged } from './staffing.notify.ts';
import { assertPeriod, conflictDetails, conflictMessage } from './staffing.rules.ts';
import { toBookingRecord, toBookingView } from './staffing.views.ts';

/** The role a consultant joins the team with when a booking adds him. */
export const BOOKED_ROLE = 'Consultant';

/**
 * Who a refused period is for, and the zone its message quotes times in: the engagement's customer's zone for
 * a booking, the consultant's home-base zone (else UTC) for time off.
 */
export interface Busy {
  id: string;
  name: string;
  timeZone: string;
}

/** 409 BOOKING_CONFLICT naming what the period runs into (read with `ex`, outside a failed transaction too). */
export async function conflictError(
  ex: Executor,
  consultant: Busy,
  period: { start: Date; end: Date },
  o: { exceptId?: string; kind?: 'booking' | 'time_off'; what: 'booking' | 'time off' },
): Promise<AppError> {
  const rows = await bookingsRepo.blockingOverlaps(ex, consultant.id, period.start, period.end, {
    ...(o.exceptId ? { exceptId: o.exceptId } : {}),
    ...(o.kind ? { kind: o.kind } : {}),
  });
  return new AppError(
    'BOOKING_CONFLICT',
    conflictMessage(consultant.name, rows, o.what, consultant.timeZone),
    conflictDetails(rows),
  );
}

/** Runs a write that may hit the exclusion constraint; a concurrent overlap becomes 409 BOOKING_CONFLICT. */
export async function guardOverlap<T>(
  deps: StaffingDeps,
  consultant: () => Promise<Busy | undefined>,
  period: () => { start: Date; end: Date } | undefined,
  o: { exceptId?: string; kind?: 'booking' | 'time_off'; what: 'booking' | 'time off' },
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const who = isBusyOverlap(e) ? await consultant() : undefined;
    const p = period();
    if (!who || !p) throw e;
    throw await conflictError(deps.db.kysely, who, p, o);
  }
}

/** The site of an on-site (or travel) booking: given and the customer's, or the engagement's only site. */
async function siteFor(
  trx: Executor,
  engagement: EngagementRecord,
  mode: Booking['mode'],
  siteId: string | null | undefined,
): Promise<string | null> {
  if (siteId) {
    if (mode === 'remote')
      throw new AppError('VALIDATION_FAILED', 'A remote booking has no site: leave siteId out or book on site.', {
        errors: [{ path: 'siteId', message: 'not for remote bookings' }],
      });
    if (!(await bookingsRepo.site(trx, engagement.customer_id, siteId)))
      throw new AppError('VALIDATION_FAILED', `Site ${siteId} is not a site of ${engagement.customer_name}.`, {
        errors: [{ path: 'siteId', message: 'not a site of the customer' }],
      });
    return siteId;
  }
  if (mode !== 'onsite') return null;
  const sites = engagement.site_ids;
  if (sites.length === 1) return sites[0]!;
  throw new AppError(
    'VALIDATION_FAILED',
    'Name the site of an on-site booking (siteId): the engagement has several or none.',
    {
      errors: [{ path: 'siteId', message: 'required for an on-site booking' }],
    },
  );
}

async function consultantFor(trx: Executor, consultantId: string): Promise<{ id: string; name: string }> {
  const user = await profilesRepo.user(trx, consultantId);
  if (!user || user.kind !== 'provider' || user.status !== 'active')
    throw new AppError(
      'BUSINESS_RULE',
      `${consultantId} is not an active consultant of the IR firm: only they are booked.`,
      {
        errors: [{ path: 'consultantId', message: 'not an active provider user' }],
      },
    );
  return { id: user.id, name: user.name };
}

/**
 * Books a consultant on an engagement (IR managers, admins): inside the approved schedule; a confirmed
 * booking never overlaps his confirmed bookings or time off (409 BOOKING_CONFLICT, nothing written);
 * tentative ones may. Adds him to the team when he is not on it; audited; the calendar hook is told.
 */
export async function createBooking(
  deps: StaffingDeps,
  ctx: Ctx,
  engagementId: string,
  input: CreateBookingBody,
): Promise<Booking> {
  const start = new Date(input.start);
  const end = new Date(input.end);
  assertPeriod(start, end);
  const id = deps.ids.next('bkg');
  let who: Busy | undefined;
  await guardOverlap(
    deps,
    async () => who,
    () => ({ start, end }),
    { what: 'booking' },
    () =>
      deps.db.transaction(async (trx) => {
        const engagement = await lockedForManager(trx, ctx, engagementId, 'book consultants');
        who = { ...(await consultantFor(trx, input.consultantId)), timeZone: engagement.time_zone };
        const siteId = await siteFor(trx, engagement, input.mode, input.siteId);
        await assertSchedulable(trx, engagement, { start, end }, 'The booking');
        if (input.status === 'confirmed') {
          const conflicts = await bookingsRepo.blockingOverlaps(trx, who.id, start, end);
          if (conflicts.length) throw await conflictError(trx, who, { start, end }, { what: 'booking' });
        }
        const at = deps.clock.now();
        const actorId = ctx.actor.type === 'user' ? ctx.actor.userId : null;
        await bookingsRepo.insert(
          trx,
          {
            id,
            consultant_id: who.id,
            kind: 'booking',
            engagement_id: engagementId,
            mode: input.mode,
            status: input.status,
            site_id: siteId,
            note: input.note ?? '',
            checked_in_at: null,
            checked_in_by: null,
            cancelled_at: null,
            cancelled_by: null,
            cancel_reason: null,
            reason: null,
            created_by: actorId,
            created_at: at,
            updated_at: at,
          },
          start,
          end,
        );
        const joined = await bookingsRepo.joinTeam(trx, engagementId, who.id, BOOKED_ROLE, at);
        if (joined)
          await deps.audit.record(trx, ctx, {
            action: 'engagement.team_added',
            entityType: 'engagement',
            entityId: engagementId,
            organizationId: engagement.organization_id,
            after: { userId: who.id, role: BOOKED_ROLE, byBooking: id },
          });
        const row = (await bookingsRepo.get(trx, id))!;
        await deps.audit.record(trx, ctx, {
          action: 'booking.created',
          entityType: 'booking',
          entityId: id,
          organizationId: engagement.organization_id,
          after: { ...toBookingView(row), joinedTeam: joined },
        });
        await bookingChanged(deps, trx, ctx, toBookingRecord(row), 'created');
      }),
  );
  return toBookingView((await bookingsRepo.get(deps.db.kysely, id))!);
}

/** The live booking of the engagement, locked (404 when it is not one of the engagement's). */
export async function lockedBooking(trx: Executor, engagementId: string, bookingId: string): Promise<BusyRow> {
  const row = await bookingsRepo.get(trx, bookingId, { lock: true });
  if (!row || row.kind !== 'booking' || row.engagement_id !== engagementId)
    throw new AppError('NOT_FOUND', `Booking ${bookingId} not found on engagement ${engagementId}.`);
  if (row.cancelled_at)
    throw new AppError('BUSINESS_RULE', `Booking ${bookingId} was cancelled: book again instead of changing it.`);
  return row;
}

/**
 * Moves or changes a booking (IR managers, admins): times, mode, status, site, note. The same rules as a new
 * booking; SEQUENCE and revision go up; audited with before and after; the calendar hook is told.
 */
export async function updateBooking(
  deps: StaffingDeps,
  ctx: Ctx,
  engagementId: string,
  bookingId: string,
  input: UpdateBookingBody,
): Promise<Booking> {
  let who: Busy | undefined;
  let period: { start: Date; end: Date } | undefined;
  await guardOverlap(
    deps,
    async () => who,
    () => period,
    { exceptId: bookingId, what: 'booking' },
    () =>
      deps.db.transaction(async (trx) => {
        const engagement = await lockedForManager(trx, ctx, engagementId, 'change bookings');
        const before = await lockedBooking(trx, engagementId, bookingId);
        if (before.revision !== input.revision)
          throw new AppError(
            'STALE_REVISION',
            'The booking changed meanwhile: reload it and apply your change again.',
            {
              currentRevision: before.revision,
            },
          );
        who = { id: before.consultant_id, name: before.consultant_name, timeZone: engagement.time_zone };
        period = {
          start: input.start ? new Date(input.start) : before.start,
          end: input.end ? new Date(input.end) : before.end,
        };
        assertPeriod(period.start, period.end);
        const mode = input.mode ?? before.mode!;
        const status = input.status ?? before.status!;
        const siteId =
          input.siteId === null
            ? await siteFor(trx, engagement, mode, null)
            : await siteFor(trx, engagement, mode, input.siteId ?? (mode === 'remote' ? null : before.site_id));
        if (input.start || input.end) await assertSchedulable(trx, engagement, period, 'The booking');
        if (status === 'confirmed') {
          const conflicts = await bookingsRepo.blockingOverlaps(trx, who.id, period.start, period.end, {
            exceptId: bookingId,
          });
          if (conflicts.length) throw await conflictError(trx, who, period, { exceptId: bookingId, what: 'booking' });
        }
        const moved = input.start !== undefined || input.end !== undefined;
        await bookingsRepo.update(
          trx,
          bookingId,
          {
            mode,
            status,
            site_id: siteId,
            ...(input.note !== undefined ? { note: input.note } : {}),
            ...(mode !== 'onsite' ? { checked_in_at: null, checked_in_by: null } : {}),
            sequence: before.sequence + 1,
            revision: before.revision + 1,
            updated_at: deps.clock.now(),
          },
          moved ? period : undefined,
        );
        const after = (await bookingsRepo.get(trx, bookingId))!;
        await deps.audit.record(trx, ctx, {
          action: 'booking.updated',
          entityType: 'booking',
          entityId: bookingId,
          organizationId: engagement.organization_id,
          before: toBookingView(before),
          after: toBookingView(after),
        });
        await bookingChanged(deps, trx, ctx, toBookingRecord(after), 'updated');
      }),
  );
  return toBookingView((await bookingsRepo.get(deps.db.kysely, bookingId))!);
}
