import type { Core } from '../core/core.ts';
import { accountsRepo } from '../core/accounts/accounts.repo.ts';
import { systemCtx, type Ctx } from '../core/context.ts';
import type { PatchConsultantBody } from '../shared/contracts/staffing.ts';
import { DateTime } from 'luxon';
import { AppError } from '../shared/errors.ts';
import { demoRepo } from './demo.repo.ts';
import { actingManager, userCtx } from './staff.ts';
import { consultants } from './staffing.data.ts';

const certExpiry = (i: number, j: number): string =>
  `${2026 + ((i + j) % 3)}-${String(((i * 5 + j) % 12) + 1).padStart(2, '0')}-28`;

/** The instant `days` from now at `hour`:00 UTC. */
const at = (now: Date, days: number, hour: number): string => {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour));
  return d.toISOString();
};

/**
 * Consultant profiles (skills, certifications, home bases), the new consultants, some time off, and
 * bookings on the open engagements, through the staffing service (audited as the acting IR manager).
 */
export async function loadStaffingDemo(
  core: Core,
  options: { passwordHash: string; onsiteArrival?: OnsiteArrival | null },
): Promise<{ consultants: number; timeOff: number; bookings: number; oncallShifts: number }> {
  const { db, services, clock } = core;
  const provider = await accountsRepo.providerOrganization(db.kysely);
  if (!provider) throw new Error('the demo needs the provider organization');
  const ids = new Map<string, string>();
  await db.transaction(async (trx) => {
    for (const c of consultants) {
      const user = await accountsRepo.userByEmail(trx, c.email);
      if (user) {
        ids.set(c.email, user.id);
        continue;
      }
      const id = await services.accounts.createUserInTx(trx, systemCtx('demo'), {
        organizationId: provider.id,
        email: c.email,
        name: c.name,
        role: 'consultant',
        passwordHash: options.passwordHash,
      });
      ids.set(c.email, id);
    }
  });
  const { ctx } = await actingManager(db.kysely);
  for (const [i, c] of consultants.entries()) {
    const profile: PatchConsultantBody = {
      title: c.title,
      languages: c.languages,
      homeBase: { city: c.city, country: c.country, latitude: c.lat, longitude: c.lon, timeZone: c.zone },
      workingHours: { days: [1, 2, 3, 4, 5], start: c.hours?.[0] ?? '09:00', end: c.hours?.[1] ?? '17:00' },
      travelReadiness: c.travel,
      travelDocuments: c.travel === 'international' ? 'Passport valid; visa-free travel to the EU and US' : '',
      onCallEligible: c.onCall,
      skills: c.skills.map(([skillId, level]) => ({ skillId, level })),
      certifications: c.certs.map((certificationId, j) => ({ certificationId, expiresOn: certExpiry(i, j) })),
      revision: 0,
    };
    await services.staffing.patchConsultant(ctx, ids.get(c.email)!, profile);
  }
  const now = clock.now();
  let timeOff = 0;
  for (const [i, c] of consultants.entries()) {
    if (i % 4 !== 1) continue;
    const userId = ids.get(c.email)!;
    const start = at(now, 10 + i, 0).slice(0, 10);
    const end = at(now, 14 + i, 0).slice(0, 10);
    await services.staffing.createTimeOff(ctx, userId, {
      start,
      end,
      reason: i % 8 === 1 ? 'Annual leave' : 'Training course',
    });
    timeOff++;
  }
  const arrived = options.onsiteArrival ? await loadOnsiteArrivalDemo(core, ctx, ids, options.onsiteArrival) : 0;
  const bookings = arrived + (await loadBookingsDemo(core, ctx, ids, now));
  const oncall = await loadOncallDemo(core, ctx, ids, now);
  return { consultants: consultants.length, timeOff, bookings, oncallShifts: oncall };
}

/** Journey 1's first arrival on site: the engagement and when its consultant checks in (the work-order demo says). */
export interface OnsiteArrival {
  engagementId: string;
  at: string;
}

/** Journey 1's forensic lead in Chicago (the first consultant on site). */
const ONSITE_LEAD = 'marcus.hill@irfirm.example';

/**
 * Journey 1's on-site arrival as real work records it: the IR manager books the forensic lead on site from the
 * time he is due there, and he checks in through the staffing service when he arrives; the check-in records the
 * request's on-site arrival milestone (source `check_in`). Returns the bookings made (one).
 */
async function loadOnsiteArrivalDemo(
  core: Core,
  ctx: Ctx,
  ids: Map<string, string>,
  arrival: OnsiteArrival,
): Promise<number> {
  const consultantId = ids.get(ONSITE_LEAD)!;
  const arrivedAt = new Date(arrival.at);
  const booking = await core.services.staffing.createBooking(ctx, arrival.engagementId, {
    consultantId,
    start: new Date(arrivedAt.getTime() - 30 * 60_000).toISOString(),
    end: new Date(arrivedAt.getTime() + 8 * 3_600_000).toISOString(),
    mode: 'onsite',
    status: 'confirmed',
    note: 'First responder on site: imaging of the encrypted file servers.',
  });
  await core.services.staffing.checkIn(
    await userCtx(core.db.kysely, consultantId),
    arrival.engagementId,
    booking.id,
    arrival.at,
  );
  return 1;
}

/** Working days the demo books per consultant on one engagement. */
const DEMO_BOOKING_DAYS = 10;

/**
 * Bookings on every open engagement but the newest one not started, inside its approved window (the customer's business day, 09:00–17:00 in
 * the customer's zone): a lead for up to ten working days, from today when the window is under way, and a second
 * consultant from the lead's second day, travelling to the site on his first. Every third pair is tentative.
 */
async function loadBookingsDemo(core: Core, ctx: Ctx, ids: Map<string, string>, now: Date): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  let bookings = 0;
  const open = await demoRepo.openEngagementWindows(core.db.kysely);
  // The newest engagement not yet started waits for its team: the IR managers' "without a booking" card.
  const waiting = open.filter((e) => e.status === 'scheduled').at(-1)?.id;
  for (const [k, engagement] of open.filter((e) => e.id !== waiting).entries()) {
    const first = engagement.windowEnd >= today && engagement.windowStart < today ? today : engagement.windowStart;
    const days = workingDays(first, engagement.windowEnd, engagement.timeZone).slice(0, DEMO_BOOKING_DAYS);
    for (let j = 0; j < 2; j++) {
      const c = consultants[(k * 2 + j * 5) % consultants.length]!;
      for (const [d, day] of days.slice(j).entries()) {
        const local = DateTime.fromISO(day, { zone: engagement.timeZone });
        const body = {
          consultantId: ids.get(c.email)!,
          start: local.set({ hour: 9 }).toUTC().toISO()!,
          end: local.set({ hour: 17 }).toUTC().toISO()!,
          mode: j === 1 && d === 0 ? ('travel' as const) : ('remote' as const),
          status: (k + j) % 3 === 2 ? ('tentative' as const) : ('confirmed' as const),
        };
        try {
          await core.services.staffing.createBooking(ctx, engagement.id, body);
          bookings++;
        } catch (e) {
          // The demo's time off moves with the day it is loaded: a consultant away that day is not booked.
          if (!(e instanceof AppError && e.code === 'BOOKING_CONFLICT')) throw e;
        }
      }
    }
  }
  return bookings;
}

/** The Monday–Friday dates from `from` to `to` (inclusive), as the customer's calendar has them. */
function workingDays(from: string, to: string, timeZone: string): string[] {
  const out: string[] = [];
  for (let day = DateTime.fromISO(from, { zone: timeZone }); day.toISODate()! <= to; day = day.plus({ days: 1 })) {
    if (day.weekday <= 5) out.push(day.toISODate()!);
  }
  return out;
}

/** Follow the sun: three regions hand the pager over at 00:00, 08:00 and 16:00 UTC (each region's daytime). */
const oncallRegions: { hourUtc: number; region: string; zones: string[] }[] = [
  { hourUtc: 0, region: 'Asia-Pacific', zones: ['Asia/Singapore', 'Asia/Tokyo', 'Australia/Sydney', 'Asia/Kolkata'] },
  { hourUtc: 8, region: 'Europe', zones: ['Europe/Berlin', 'Europe/Dublin', 'Europe/London', 'Europe/Paris'] },
  { hourUtc: 16, region: 'Americas', zones: ['America/Chicago', 'America/New_York', 'America/Sao_Paulo'] },
];
/** Days of rota the demo lays out: the 14 the dashboard checks, and a day more so the horizon stays covered. */
export const DEMO_ONCALL_DAYS = 15;

/**
 * A follow-the-sun on-call rota through the on-call service: eight-hour shifts from the start of today's
 * current shift for 15 days, no gaps, each taken in turn by an on-call eligible consultant of the region
 * whose daytime it is. `/oncall/now` and the IR manager's dashboard then show who holds the pager.
 */
async function loadOncallDemo(core: Core, ctx: Ctx, ids: Map<string, string>, now: Date): Promise<number> {
  const rota = await core.services.oncall.createRota(ctx, {
    name: 'Follow the sun',
    description: 'Asia-Pacific 00:00–08:00 UTC, Europe 08:00–16:00 UTC, Americas 16:00–24:00 UTC.',
  });
  const eligible = (zones: string[]) =>
    consultants.filter((c) => c.onCall && zones.includes(c.zone)).map((c) => ids.get(c.email)!);
  const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  let shifts = 0;
  for (let d = 0; d < DEMO_ONCALL_DAYS; d++) {
    for (const [r, region] of oncallRegions.entries()) {
      const people = eligible(region.zones);
      if (people.length === 0) throw new Error(`the demo has nobody on call in ${region.region}`);
      const start = new Date(dayStart + d * 86_400_000 + region.hourUtc * 3_600_000);
      const end = new Date(start.getTime() + 8 * 3_600_000);
      await core.services.oncall.addShift(ctx, rota.id, {
        userId: people[(d + r) % people.length]!,
        start: start.toISOString(),
        end: end.toISOString(),
        note: `${region.region} shift`,
      });
      shifts++;
    }
  }
  return shifts;
}
