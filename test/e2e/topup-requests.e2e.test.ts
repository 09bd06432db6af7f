import { describe, expect, it } from 'vitest';
import { accountsRepo } from '../../src/core/accounts/accounts.repo.ts';
import { hashPassword } from '../../src/core/accounts/secrets.ts';
import { commerceRepo } from '../../src/core/commerce/commerce.repo.ts';
import { systemCtx } from '../../src/core/context.ts';
import type { Core } from '../../src/core/core.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

const PASSWORD = 'Northwind-TopUp-2026';
const seeded: { contractId?: string; packageContractId?: string } = {};

/** Northwind's CISO (an approver with a portal login), its 40-hour retainer, and its account manager. */
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
  const passwordHash = await hashPassword(PASSWORD);
  const managerId = ids.next('usr');
  await accountsRepo.insertUser(db.kysely, {
    id: managerId,
    organization_id: providerId,
    email: 'omar.haddad@irfirm.example',
    name: 'Omar Haddad',
    role: 'account_manager',
    status: 'active',
    password_hash: passwordHash,
    contact_id: null,
    created_at: at,
    updated_at: at,
  });
  const customerId = await db.transaction(async (trx) => {
    const id = await services.customers.createCustomerInTx(trx, systemCtx('e2e'), {
      name: 'Northwind Freight',
      timeZone: 'America/Chicago',
      accountTeam: [managerId],
    });
    const contactId = await services.customers.addContactInTx(trx, systemCtx('e2e'), id, {
      name: 'Dana Whitfield',
      email: 'dana.whitfield@northwind.example',
      canApprove: true,
      canRequest: true,
      receivesStatements: true,
    });
    await services.customers.inviteContactInTx(trx, systemCtx('e2e'), id, contactId, { passwordHash });
    return id;
  });
  const day = (d: number) => new Date(at.getTime() + d * 86_400_000).toISOString().slice(0, 10);
  const contract = await services.contracts.create(systemCtx('e2e'), {
    customerId,
    number: 'NW-IMR-TOPUP',
    termStart: day(-60),
    termEnd: day(300),
    unit: 'hours',
    initialAmount: 40 * 60,
  });
  seeded.contractId = contract.id;
  // A second retainer in EUR, for which the firm's 40-hour package has a price.
  const priced = await services.contracts.create(systemCtx('e2e'), {
    customerId,
    number: 'NW-IMR-PACKAGE',
    termStart: day(-60),
    termEnd: day(300),
    unit: 'hours',
    initialAmount: 10 * 60,
  });
  await commerceRepo.insertTerms(db.kysely, priced.id, {
    currency: 'EUR',
    retainer_price_minor: 150_000,
    topup_rate_minor: 16_000,
    overage_rate_minor: null,
    payment_term_days: 30,
    billing_legal_name: null,
    billing_address: null,
    tax_id: null,
    billing_contact_name: null,
    billing_contact_email: null,
    purchase_order: null,
    updated_at: at,
    updated_by: 'e2e',
  });
  await services.topUps.packages.create(systemCtx('e2e'), {
    name: '40-hour block',
    unit: 'hours',
    quantity: 40 * 60,
    prices: [{ currency: 'EUR', amountMinor: 620_000 }],
  });
  seeded.packageContractId = priced.id;
}

const t = browserSuite({ seed });

describe('customer top-up requests', () => {
  it('a customer asks for 20 hours in the portal, the account manager accepts, and the balance and the portal show it', async () => {
    const customer = await t.browser.newPage();
    await signInThroughForm(customer, t.product.url, 'dana.whitfield@northwind.example', PASSWORD);
    await customer.waitForURL((u) => u.pathname === '/portal');
    await customer.goto(`${t.product.url}/portal/contracts/${seeded.contractId}`);
    await customer.getByRole('heading', { name: 'Contract NW-IMR-TOPUP', level: 1 }).waitFor();
    await customer.getByRole('button', { name: 'Request more hours' }).click();
    const form = customer.getByRole('form', { name: 'Request more hours' });
    await form.getByLabel('Hours').fill('20h');
    await form.getByLabel('Purchase order').fill('PO-2026-118');
    await form.getByLabel('Note').fill('For the tabletop exercise in January');
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.waitFor({ state: 'detached' });
    const pendingRow = customer.getByTestId('topup-request-row').filter({ hasText: 'PO-2026-118' });
    await pendingRow.getByText('Pending').waitFor();
    expect(await pendingRow.textContent()).toContain('20h 00m');
    await snapshot(customer, 'topup-request-portal-pending');

    const staff = await t.browser.newPage();
    await signInThroughForm(staff, t.product.url, 'omar.haddad@irfirm.example', PASSWORD);
    await staff.goto(`${t.product.url}/contracts/${seeded.contractId}`);
    await staff.getByRole('heading', { name: 'Pending top-up requests' }).waitFor();
    const staffRow = staff.getByTestId('topup-request-row').filter({ hasText: 'PO-2026-118' });
    expect(await staffRow.textContent()).toContain('Dana Whitfield');
    await staffRow.getByRole('button', { name: 'Accept' }).click();
    await staff.getByText('Top-up posted').waitFor();
    // Accepted requests leave the pending list; the ledger has the top-up with its purchase order.
    await staff.getByRole('heading', { name: 'Pending top-up requests' }).waitFor({ state: 'detached' });
    await staff.getByRole('cell', { name: 'PO-2026-118' }).first().waitFor();

    // A fresh page (the browser keeps one page open at a time): the customer signs in again.
    const back = await t.browser.newPage();
    await signInThroughForm(back, t.product.url, 'dana.whitfield@northwind.example', PASSWORD);
    await back.waitForURL((u) => u.pathname === '/portal');
    await back.goto(`${t.product.url}/portal/contracts/${seeded.contractId}`);
    await back.getByTestId('topup-request-row').filter({ hasText: 'PO-2026-118' }).getByText('Accepted').waitFor();
    await back.getByText('60h 00m').first().waitFor();
    const body = (await back.locator('main').textContent()) ?? '';
    expect(body).not.toMatch(/tur_|ctr_|led_|\d{4}-\d{2}-\d{2}T\d{2}/);
    await snapshot(back, 'topup-request-portal-accepted');
  });

  it('a customer asks for a package (with its price); the account manager sees it and the catalog page lists the package', async () => {
    const customer = await t.browser.newPage();
    await signInThroughForm(customer, t.product.url, 'dana.whitfield@northwind.example', PASSWORD);
    await customer.waitForURL((u) => u.pathname === '/portal');
    await customer.goto(`${t.product.url}/portal/contracts/${seeded.packageContractId}`);
    await customer.getByRole('heading', { name: 'Contract NW-IMR-PACKAGE', level: 1 }).waitFor();
    await customer.getByRole('button', { name: 'Request more hours' }).click();
    const form = customer.getByRole('form', { name: 'Request more hours' });
    await form.getByText('A package').click();
    await form.getByLabel('40-hour block: 40h 00m for €6,200.00').check();
    await form.getByLabel('Purchase order').fill('PO-2026-PKG');
    await snapshot(customer, 'topup-request-package-form');
    await form.getByRole('button', { name: 'Send request' }).click();
    await form.waitFor({ state: 'detached' });
    const row = customer.getByTestId('topup-request-row').filter({ hasText: 'PO-2026-PKG' });
    await row.getByText('Pending').waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('40h 00m');
    expect(text).toContain('40-hour block');
    expect(text).toContain('€6,200.00');
    expect(text).not.toMatch(/pkg_|tur_/);

    const staff = await t.browser.newPage();
    await signInThroughForm(staff, t.product.url, 'omar.haddad@irfirm.example', PASSWORD);
    await staff.goto(`${t.product.url}/contracts/${seeded.packageContractId}`);
    const staffRow = staff.getByTestId('topup-request-row').filter({ hasText: 'PO-2026-PKG' });
    await staffRow.getByText('40-hour block').waitFor();
    await staff.goto(`${t.product.url}/settings/catalog`);
    await staff.getByRole('heading', { name: 'Top-up packages' }).waitFor();
    const pkgRow = staff.getByTestId('topup-package-row').filter({ hasText: '40-hour block' });
    expect(await pkgRow.textContent()).toContain('€6,200.00');
    await pkgRow.getByRole('button', { name: 'Retire' }).click();
    await pkgRow.getByText('Retired').waitFor();
    await snapshot(staff, 'topup-packages-catalog');
  });
});
