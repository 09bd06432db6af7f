/**
 * The world of the timesheet, expense and portal-engagement browser tests (seeded before the server
 * opens the database): an IR firm with an IR manager and a consultant, a customer in the browser's time
 * zone (Europe/London, so "today" is the same day for the browser and the customer) with a portal
 * approver, a 120 h retainer, and engagements approved `approvedDaysAgo` days ago with the consultant
 * on the team.
 */
import { accountsRepo } from '../../src/core/accounts/accounts.repo.ts';
import { toActor } from '../../src/core/accounts/accounts.views.ts';
import { systemCtx, type Ctx } from '../../src/core/context.ts';
import type { Core } from '../../src/core/core.ts';
import { makeEngagement } from '../support/engagement-factories.ts';
import type { TestEnv } from '../support/harness.ts';

export const PASSWORD = 'Northwind-Journey-2026';
export const people = {
  manager: { email: 'maria.keller@irfirm.example', name: 'Maria Keller' },
  consultant: { email: 'lena.fischer@irfirm.example', name: 'Lena Fischer' },
  approver: { email: 'dana.whitfield@northwind.example', name: 'Dana Whitfield' },
} as const;

export interface World {
  engagementId: string;
  number: string;
  /** A second engagement with a 1 h estimate: billable effort past it is held. */
  smallId: string;
  smallNumber: string;
  manager: Ctx;
  consultant: Ctx;
}

export const dayOffset = (core: Core, days: number): string =>
  new Date(core.clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);

export async function seedWorld(
  core: Core,
  o: { approvedDaysAgo?: number; customerSeesEffortDetail?: boolean } = {},
): Promise<World> {
  const { db, services, ids, clock } = core;
  const ctx = systemCtx('e2e');
  const passwordHash = await services.accounts.preparePassword(PASSWORD, 'e2e@example.invalid');
  const providerId = ids.next('org');
  await accountsRepo.insertOrganization(db.kysely, {
    id: providerId,
    kind: 'provider',
    name: 'Test IR Firm',
    created_at: clock.now(),
  });
  const { managerId, consultantId, customerId } = await db.transaction(async (trx) => {
    const managerId = await services.accounts.createUserInTx(trx, ctx, {
      organizationId: providerId,
      ...people.manager,
      role: 'ir_manager',
      passwordHash,
    });
    const consultantId = await services.accounts.createUserInTx(trx, ctx, {
      organizationId: providerId,
      ...people.consultant,
      role: 'consultant',
      passwordHash,
    });
    const customerId = await services.customers.createCustomerInTx(trx, ctx, {
      name: 'Northwind Freight',
      timeZone: 'Europe/London',
    });
    const contactId = await services.customers.addContactInTx(trx, ctx, customerId, {
      name: people.approver.name,
      email: people.approver.email,
      canApprove: true,
      canRequest: true,
    });
    await services.customers.inviteContactInTx(trx, ctx, customerId, contactId, { passwordHash });
    return { managerId, consultantId, customerId };
  });
  const contract = await services.contracts.create(ctx, {
    customerId,
    number: 'NW-IMR-E2E',
    termStart: dayOffset(core, -90),
    termEnd: dayOffset(core, 270),
    unit: 'hours',
    initialAmount: 120 * 60,
    ...(o.customerSeesEffortDetail ? { settings: { customerSeesEffortDetail: true } } : {}),
  });
  const t = { core, db, clock } as unknown as TestEnv;
  const team = [
    { userId: consultantId, role: 'forensic analyst' },
    { userId: managerId, role: 'lead' },
  ];
  const main = await makeEngagement(t, { contract, estimate: 40 * 60, team });
  const small = await makeEngagement(t, { contract, estimate: 60, team });
  const days = o.approvedDaysAgo ?? 0;
  if (days) {
    // Approved some days ago, so that effort may be dated back (the approval day is the engagement's creation day).
    const at = new Date(clock.now().getTime() - days * 86_400_000);
    for (const id of [main.id, small.id]) {
      await db.kysely.updateTable('engagements').set({ created_at: at }).where('id', '=', id).execute();
      await db.kysely.updateTable('engagement_estimates').set({ at }).where('engagement_id', '=', id).execute();
    }
  }
  const asUser = async (id: string): Promise<Ctx> => ({
    actor: toActor((await accountsRepo.userById(db.kysely, id))!),
    channel: 'web',
  });
  await db.kysely
    .updateTable('engagements')
    .set({ title: 'Ransomware response: file servers' })
    .where('id', '=', main.id)
    .execute();
  await db.kysely.updateTable('engagements').set({ title: 'Phishing triage' }).where('id', '=', small.id).execute();
  return {
    engagementId: main.id,
    number: main.number,
    smallId: small.id,
    smallNumber: small.number,
    manager: await asUser(managerId),
    consultant: await asUser(consultantId),
  };
}
