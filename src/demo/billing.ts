import { DateTime } from 'luxon';
import type { Core } from '../core/core.ts';
import { createPdf } from '../core/documents/pdf.ts';
import { engagementAccessRepo } from '../core/engagements/engagements.access.repo.ts';
import { takesEffort } from '../shared/engagements.ts';
import { demoRepo } from './demo.repo.ts';
import { userCtx } from './staff.ts';

/**
 * Last month's invoiceable T&E for the billing demo ("a finance user runs last month's billing"): on each open
 * engagement with a team, one approved hotel bill dated the 15th of last month in the customer's zone, with a
 * PDF receipt, filed and approved through the expenses service. Whatever the day the demo is loaded, last
 * month's run has lines, and a second run has none.
 */
export async function loadBillingDemo(core: Core, engagementIds: readonly string[]): Promise<{ expenses: number }> {
  const { db, services, clock } = core;
  const managers = await demoRepo.providerManagerIds(db.kysely);
  let expenses = 0;
  for (const id of engagementIds) {
    const engagement = await engagementAccessRepo.engagement(db.kysely, id);
    if (!engagement || !takesEffort(engagement.status)) continue;
    const team = await engagementAccessRepo.activeTeam(db.kysely, id);
    const filer = team.find((m) => m.role === 'consultant') ?? team[0];
    const managerId = managers.find((m) => m !== filer?.id);
    if (!filer || !managerId) continue;
    const customer = (await services.customers.customerRecord(db.kysely, engagement.customerId))!;
    const date = DateTime.fromJSDate(clock.now(), { zone: customer.timeZone })
      .startOf('month')
      .minus({ months: 1 })
      .set({ day: 15 })
      .toISODate()!;
    const receipt = await createPdf({ title: 'Hotel invoice', creationDate: clock.now() })
      .title('Harbour View Hotel')
      .facts([
        ['Guest', filer.name],
        ['Stay', `${date}, 2 nights`],
        ['Total', '389.00'],
      ])
      .toBuffer();
    const filed = await services.expenses.submit(await userCtx(db.kysely, filer.id), id, {
      date,
      category: 'lodging',
      amount: 38_900,
      currency: 'EUR',
      note: `Hotel for the on-site days of ${engagement.number}`,
      receipt: { content: receipt, name: 'harbour-view-hotel.pdf' },
    });
    await services.expenses.approve(await userCtx(db.kysely, managerId), filed.id);
    expenses++;
  }
  return { expenses };
}
