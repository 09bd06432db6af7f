import { describe, expect, it } from 'vitest';
import { accountsRepo } from '../../src/core/accounts/accounts.repo.ts';
import { toActor } from '../../src/core/accounts/accounts.views.ts';
import { hashPassword } from '../../src/core/accounts/secrets.ts';
import { systemCtx, type Ctx } from '../../src/core/context.ts';
import type { Core } from '../../src/core/core.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

const PASSWORD = 'Northwind-Approver-2026';
const seeded: { linkToken?: string; portalWorkOrder?: string } = {};

/** Journey 1 at 3 a.m.: Northwind's ransomware EWO sent to the CISO (with a portal login), and a second one for the portal. */
async function seed(core: Core): Promise<void> {
  const { db, services, ids, clock } = core;
  const at = clock.now();
  const providerId = ids.next('org');
  await accountsRepo.insertOrganization(db.kysely, {
    id: providerId,
    kind: 'provider',
    name: 'Test IR Firm',
    created_at: at,
  });
  const managerId = ids.next('usr');
  await accountsRepo.insertUser(db.kysely, {
    id: managerId,
    organization_id: providerId,
    email: 'maria.keller@irfirm.example',
    name: 'Maria Keller',
    role: 'ir_manager',
    status: 'active',
    password_hash: await hashPassword(PASSWORD),
    contact_id: null,
    created_at: at,
    updated_at: at,
  });
  const staff: Ctx = { actor: toActor((await accountsRepo.userById(db.kysely, managerId))!), channel: 'web' };
  const passwordHash = await hashPassword(PASSWORD);
  const customerId = await db.transaction(async (trx) => {
    const id = await services.customers.createCustomerInTx(trx, systemCtx('e2e'), {
      name: 'Northwind Freight',
      timeZone: 'America/Chicago',
    });
    const contactId = await services.customers.addContactInTx(trx, systemCtx('e2e'), id, {
      name: 'Dana Whitfield',
      email: 'dana.whitfield@northwind.example',
      canApprove: true,
      canRequest: true,
    });
    await services.customers.inviteContactInTx(trx, systemCtx('e2e'), id, contactId, { passwordHash });
    return id;
  });
  const day = (d: number) => new Date(at.getTime() + d * 86_400_000).toISOString().slice(0, 10);
  const contract = await services.contracts.create(systemCtx('e2e'), {
    customerId,
    number: 'NW-IMR-E2E',
    termStart: day(-60),
    termEnd: day(300),
    unit: 'hours',
    initialAmount: 120 * 60,
  });
  const ewo = async () => {
    const r = await services.requests.create(staff, {
      kind: 'emergency',
      contractId: contract.id,
      incidentType: 'ransomware',
      severity: 'P1',
      onsiteRequired: false,
      description: 'File servers encrypted; ransom note on every share.',
      channel: 'hotline',
    });
    const w = await services.workOrders.create(staff, r.id, {});
    await services.workOrders.send(staff, w.id);
    return w.id;
  };
  await ewo();
  const rows = await db.kysely.selectFrom('outbox').select('payload').where('topic', '=', 'ewo.sent').execute();
  seeded.linkToken = /\/approve\/([A-Za-z0-9_-]+)/.exec(rows[0]!.payload.text)![1];
  seeded.portalWorkOrder = await ewo();
}

const t = browserSuite({ seed });

describe('approving a work order', () => {
  it('from the emailed link: the page shows what, how many units and what is left; only an explicit click approves', async () => {
    const page = await t.browser.newPage();
    await page.setViewportSize({ width: 414, height: 896 });
    await page.goto(`${t.product.url}/approve/${seeded.linkToken}`);
    await page.getByRole('heading', { name: 'Emergency incident response: P1 ransomware', level: 1 }).waitFor();
    await page.getByText('Awaiting your decision').waitFor();
    for (const figure of ['40h 00m', '120h 00m', '80h 00m'])
      await page.getByText(figure, { exact: true }).first().waitFor();
    await snapshot(page, 'approval-link');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: 'Approved' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Approved' }).textContent()).toContain('40h 00m reserved');
    await snapshot(page, 'approval-link-approved');
    await page.reload();
    await page.getByText('No decision can be taken here').waitFor();
    await expect(page.getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0);
  });

  it('in the portal: the approver lists what awaits and declines with a reason', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, 'dana.whitfield@northwind.example', PASSWORD);
    await page.waitForURL((u) => u.pathname === '/portal');
    await page.getByRole('navigation', { name: 'Portal navigation' }).getByRole('link', { name: 'Approvals' }).click();
    await page.getByRole('link', { name: 'Emergency incident response: P1 ransomware' }).click();
    await page.waitForURL((u) => u.pathname === `/portal/approvals/work_order/${seeded.portalWorkOrder}`);
    await page.getByRole('button', { name: 'Decline' }).click();
    await page.getByRole('button', { name: /^Decline EWO-/ }).click();
    await page.getByText('Say briefly why you decline.').waitFor();
    await page.getByLabel(/Why do you decline/).fill('Our insurer appointed another firm.');
    await page.getByRole('button', { name: /^Decline EWO-/ }).click();
    await page.getByRole('status').filter({ hasText: 'Declined' }).waitFor();
    await snapshot(page, 'approval-portal-declined');
  });
});
