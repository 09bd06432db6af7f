import type { Core } from './core.ts';
import { systemCtx } from '../core/context.ts';
import { loadContractsDemo } from '../core/contracts/contracts.demo.ts';
import { loadCustomersDemo } from '../core/customers/customers.demo.ts';
import { loadEngagementsDemo } from '../core/engagements/engagements.demo.ts';
import { loadExpensesDemo } from '../core/expenses/expenses.demo.ts';
import { loadRequestsDemo } from '../core/requests/requests.demo.ts';
import { loadWorkOrdersDemo } from '../core/workorders/workorders.demo.ts';
import { settingsRepo } from '../core/settings/settings.repo.ts';

/** The password of every demo user, so a visitor can sign in as any role. */
export const DEMO_PASSWORD = 'Demo-Password-2026';

const providerStaff = [
  { email: 'maria.keller@irfirm.example', name: 'Maria Keller', role: 'ir_manager' },
  { email: 'james.okafor@irfirm.example', name: 'James Okafor', role: 'ir_manager' },
  { email: 'lena.fischer@irfirm.example', name: 'Lena Fischer', role: 'consultant' },
  { email: 'sean.murphy@irfirm.example', name: 'Seán Murphy', role: 'consultant' },
  { email: 'priya.raman@irfirm.example', name: 'Priya Raman', role: 'consultant' },
  { email: 'tom.becker@irfirm.example', name: 'Tom Becker', role: 'account_manager' },
] as const;

/**
 * Loads a realistic demo data set once (a marker in settings makes a second run a no-op). Each feature
 * extends it; every demo user signs in with DEMO_PASSWORD.
 */
export async function loadDemoData(core: Core): Promise<{ loaded: boolean; summary: string }> {
  const { db, services, clock } = core;
  if (await settingsRepo.get(db.kysely, 'demo.loaded')) return { loaded: false, summary: '' };
  const ctx = systemCtx('demo');
  const provider = await db.kysely
    .selectFrom('organizations')
    .select('id')
    .where('kind', '=', 'provider')
    .executeTakeFirstOrThrow();
  const passwordHash = await services.accounts.preparePassword(DEMO_PASSWORD, 'visitor@example.invalid');
  await db.transaction(async (trx) => {
    for (const u of providerStaff) {
      await services.accounts.createUserInTx(trx, ctx, {
        organizationId: provider.id,
        email: u.email,
        name: u.name,
        role: u.role,
        passwordHash,
      });
    }
  });
  const customers = await loadCustomersDemo(core, { passwordHash });
  const contracts = await loadContractsDemo(core, customers);
  const active = contracts.contracts;
  const withContracts = [
    { ...customers.northwind, contractId: active['NW-IMR-2026']! },
    { ...customers.contoso, contractId: active['CH-SU-2026']! },
    { ...customers.fabrikam, contractId: active['FB-IMR-2026']! },
    { ...customers.litware, contractId: active['LW-IMR-2026']! },
  ];
  const requests = await loadRequestsDemo(core, withContracts);
  const workOrders = await loadWorkOrdersDemo(core, { customers: withContracts, requests: requests.requests });
  const engagementIds = (await db.kysely.selectFrom('engagements').select('id').orderBy('id').execute()).map(
    (e) => e.id,
  );
  const effort = await loadEngagementsDemo(core, { engagementIds });
  const expenses = await loadExpensesDemo(core, { engagements: engagementIds });
  await settingsRepo.put(db.kysely, 'demo.loaded', { at: clock.now().toISOString() }, null, clock.now());
  return {
    loaded: true,
    summary: [
      `${providerStaff.length} provider staff, ${Object.keys(customers).length} customers with contacts and portal logins (password ${DEMO_PASSWORD})`,
      contracts.summary,
      requests.summary,
      workOrders.summary,
      effort.summary,
      `${expenses.expenses} expenses and ${expenses.deliverables} deliverables`,
    ].join('; '),
  };
}
