import type { Core } from '../core/core.ts';
import { loadContractsDemo } from './contracts.ts';
import { loadCustomersDemo } from './customers.ts';
import { loadEngagementsDemo } from './engagements.ts';
import { loadExpensesDemo } from './expenses.ts';
import { loadBillingDemo } from './billing.ts';
import { loadRequestsDemo } from './requests.ts';
import { loadStatementsDemo } from './statements.ts';
import { loadWorkOrdersDemo } from './workorders.ts';
import { settingsRepo } from '../core/settings/settings.repo.ts';
import { demoRepo } from './demo.repo.ts';
import { loadFirmDemo } from './firm.ts';
import { DEMO_PASSWORD, loadStaffDemo, providerStaff } from './staff.ts';
import { loadStaffingDemo } from './staffing.ts';
import { loadTopUpsDemo } from './topups.ts';

/**
 * Loads a realistic demo data set once (a marker in settings makes a second run a no-op). Each feature
 * extends it; every demo user signs in with DEMO_PASSWORD.
 */
export async function loadDemoData(core: Core): Promise<{ loaded: boolean; summary: string }> {
  const { db, services, clock } = core;
  if (await settingsRepo.get(db.kysely, 'demo.loaded')) return { loaded: false, summary: '' };
  const passwordHash = await services.accounts.preparePassword(DEMO_PASSWORD, 'visitor@example.invalid');
  await loadStaffDemo(core, { passwordHash });
  await loadFirmDemo(core);
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
  const engagementIds = await demoRepo.engagementIds(db.kysely);
  const effort = await loadEngagementsDemo(core, { engagementIds });
  const expenses = await loadExpensesDemo(core, { engagements: engagementIds });
  const billing = await loadBillingDemo(core, engagementIds);
  const statements = await loadStatementsDemo(core);
  // Journey 3: Litware's term ends in 58 days with balance left; the reminder job itself tells its contacts.
  const reminders = await services.channels.sendTermEndReminders();
  const staffing = await loadStaffingDemo(core, { passwordHash, onsiteArrival: workOrders.onsiteArrival });
  const topUps = await loadTopUpsDemo(core, withContracts[2]!);
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
      `${billing.expenses} approved hotel bill(s) of last month to invoice`,
      `monthly statements of ${statements.statements} contracts, issued by the statements job`,
      `${reminders.sent.length} term-end reminder(s)`,
      `${staffing.consultants} consultant profiles, ${staffing.timeOff} periods of time off, ${staffing.bookings} bookings, ${staffing.oncallShifts} on-call shifts (follow the sun)`,
      topUps.summary,
    ].join('; '),
  };
}
