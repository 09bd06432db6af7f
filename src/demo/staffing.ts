import type { Core } from '../core/core.ts';
import { accountsRepo } from '../core/accounts/accounts.repo.ts';
import { systemCtx } from '../core/context.ts';
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
): Promise<{ consultants: number; timeOff: number; bookings: number }> {
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
      const body = {
        consultantId: ids.get(c.email)!,
        start: at(now, 1 + j * 2 + (k % 3), 13),
        end: at(now, 1 + j * 2 + (k % 3), 21),
        mode: j === 0 ? ('remote' as const) : ('travel' as const),
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
  return { consultants: consultants.length, timeOff, bookings };
}
