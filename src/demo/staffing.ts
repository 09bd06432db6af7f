import type { Core } from '../core/core.ts';
import { accountsRepo } from '../core/accounts/accounts.repo.ts';
import { systemCtx, type Ctx } from '../core/context.ts';
import type { PatchConsultantBody } from '../shared/contracts/staffing.ts';
import { AppError } from '../shared/errors.ts';
import { demoRepo } from './demo.repo.ts';
import { actingManager } from './staff.ts';
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
  options: { passwordHash: string },
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
  let bookings = 0;
  const engagementIds = await demoRepo.engagementIds(db.kysely);
  for (const [k, engagementId] of engagementIds.entries()) {
    for (let j = 0; j < 2; j++) {
      const c = consultants[(k * 2 + j * 5) % consultants.length]!;
      // A realistic week or two: the lead works ten working days from tomorrow, the second five days from
      // the third day; every day a booking of eight hours (13:00–21:00 UTC), some tentative.
      const first = 1 + j * 2 + (k % 3);
      for (let d = 0; d < (j === 0 ? 14 : 7); d++) {
        const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + first + d));
        if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
        const body = {
          consultantId: ids.get(c.email)!,
          start: at(now, first + d, 13),
          end: at(now, first + d, 21),
          mode: j === 0 || d > 0 ? ('remote' as const) : ('travel' as const),
          status: (k + j) % 3 === 2 ? ('tentative' as const) : ('confirmed' as const),
        };
        try {
          await services.staffing.createBooking(ctx, engagementId, body);
          bookings++;
        } catch (e) {
          // A closed engagement, a window that ended, or a conflict: the demo skips that booking.
          if (!(e instanceof AppError)) throw e;
        }
      }
    }
  }
  const oncall = await loadOncallDemo(core, ctx, ids, now);
  return { consultants: consultants.length, timeOff, bookings, oncallShifts: oncall };
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
