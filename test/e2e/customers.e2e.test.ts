import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiSignIn, linkPath, waitForMail, type ApiSession } from './support/api.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

// One product for the whole journey: the tests run in order and build on each other.
const t = browserSuite();

const AM = { email: 'ava.morgan@irfirm.example', name: 'Ava Morgan', password: 'Account-Manager-2026!' };
const CONTACT = { email: 'ciso@tailspin.example', name: 'Rita Tailspin' };
const CUSTOMER_PASSWORD = 'Tailspin-Portal-2026!';

interface Entry {
  kind: string;
  amount: { amount: number };
  reference: string | null;
  idempotencyKey: string | null;
}
interface Balance {
  available: { display: string };
  balance: { amount: number };
  entries: number;
}

const state = { customerId: '', contractId: '', contractNumber: 'TT-2026-01' };

async function ledgerOf(s: ApiSession, contractId: string): Promise<Entry[]> {
  const r = await s.call<{ items: Entry[] }>('GET', `/contracts/${contractId}/ledger?limit=200`);
  expect(r.status).toBe(200);
  return r.body.items;
}

async function balanceOf(s: ApiSession, contractId: string): Promise<Balance> {
  const r = await s.call<Balance>('GET', `/contracts/${contractId}/balance`);
  expect(r.status).toBe(200);
  return r.body;
}

const dialog = (page: Page) => page.getByRole('dialog');

describe('customers and retainer contracts in the browser', () => {
  it('an account manager creates a customer, adds a contact and invites it to the portal', async () => {
    const created = await t.admin.call('POST', '/users', {
      email: AM.email,
      name: AM.name,
      role: 'account_manager',
      password: AM.password,
    });
    expect(created.status).toBe(201);

    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, AM.email, AM.password);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await page.getByText('No customers yet').waitFor();

    await page.getByRole('button', { name: 'New customer' }).first().click();
    await dialog(page).getByLabel('Name').fill('Tailspin Toys');
    await dialog(page).getByRole('combobox', { name: 'Time zone' }).fill('America/Denv');
    await page.getByRole('option', { name: 'America/Denver' }).click();
    await dialog(page).getByRole('button', { name: 'Create customer' }).click();

    await page.waitForURL((u) => /^\/customers\/cus_/.test(u.pathname));
    state.customerId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: 'Tailspin Toys', level: 1 }).waitFor();
    await page.getByText('America/Denver · Account team: Ava Morgan').waitFor();

    await page.getByRole('tab', { name: 'Contacts' }).click();
    await page.getByText('No contacts yet').waitFor();
    await page.getByRole('button', { name: 'Add contact' }).click();
    await dialog(page).getByLabel('Name').fill(CONTACT.name);
    await dialog(page).getByRole('textbox', { name: 'Email' }).fill(CONTACT.email);
    await dialog(page)
      .getByRole('checkbox', { name: /Can approve/ })
      .check();
    await dialog(page).getByText('Approver (point of contact)').waitFor();
    await dialog(page).getByRole('button', { name: 'Add contact' }).click();

    const row = page.getByRole('table', { name: 'Contacts' }).getByRole('row', { name: new RegExp(CONTACT.name) });
    await row.getByText('Approves').waitFor();
    await row.getByText('No login').waitFor();
    await row.getByRole('button', { name: `Invite ${CONTACT.name} to the portal` }).click();
    // An account manager cannot choose a password for somebody else: the contact gets an email.
    await expect(dialog(page).getByRole('checkbox', { name: 'Set a password now' }).count()).resolves.toBe(0);
    await dialog(page).getByRole('button', { name: 'Send invitation' }).click();
    await row.getByText('Invited').waitFor();
    await row.getByText('Approver (point of contact)').waitFor();
    await snapshot(page, 'customer-contacts');
  });

  it('creates a 40h contract and tops it up by 10h once, even when the first answer is lost and the button is clicked twice', async () => {
    const am = await apiSignIn(t.product.url, AM.email, AM.password);
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, AM.email, AM.password);
    await page.goto(`${t.product.url}/customers/${state.customerId}?tab=contracts`);
    await page.getByText('No contracts yet').waitFor();
    await page.getByRole('button', { name: 'New contract' }).first().click();
    await dialog(page).getByLabel('Contract number').fill(state.contractNumber);
    await dialog(page).getByLabel('Initial amount').fill('40h');
    await dialog(page).getByText('= 40h 00m').waitFor();
    await dialog(page).getByRole('button', { name: 'Create contract' }).click();

    await page.waitForURL((u) => /^\/contracts\/ctr_/.test(u.pathname));
    state.contractId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: `Contract ${state.contractNumber}`, level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('balance-available').textContent()).toBe('40h 00m');

    // The first top-up reaches the server but its answer is lost on the way back; the retry (and a
    // double click) carry the same Idempotency-Key, so the server answers with the first posting.
    const keys: string[] = [];
    let lost = false;
    await page.route('**/api/v1/contracts/*/top-ups', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '(none)');
      if (!lost) {
        lost = true;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await page.getByRole('button', { name: 'Top up' }).click();
    await dialog(page).getByLabel('Amount').fill('10h');
    await dialog(page).getByText('= 10h 00m').waitFor();
    await dialog(page).getByLabel('Reference').fill('PO-1001');
    await dialog(page).getByRole('button', { name: 'Post top-up' }).click();
    await dialog(page).getByText('Cannot reach the IMR Desk server').waitFor();
    await dialog(page).getByRole('button', { name: 'Post top-up' }).dblclick();
    await dialog(page).waitFor({ state: 'detached' });
    await page.unroute('**/api/v1/contracts/*/top-ups');

    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^web-/);
    await expect.poll(() => page.getByTestId('balance-available').textContent()).toBe('50h 00m');
    const entries = await ledgerOf(am, state.contractId);
    expect(entries.map((e) => [e.kind, e.amount.amount, e.reference])).toEqual([
      ['grant', 2400, `contract ${state.contractNumber}`],
      ['top_up', 600, 'PO-1001'],
    ]);

    const ledger = page.getByRole('table', { name: 'Ledger entries' });
    await ledger.getByRole('row', { name: /Grant/ }).getByText('+40h 00m').waitFor();
    const topUp = ledger.getByRole('row', { name: /Top-up/ });
    await topUp.getByText('+10h 00m').waitFor();
    await topUp.getByText('PO-1001').waitFor();
    await topUp.getByText('Ava Morgan').waitFor();
    await topUp.getByText('50h 00m').waitFor();
    await snapshot(page, 'contract');
  });

  it('the invited contact chooses a password from the email, signs in and sees the balance first on the portal home', async () => {
    const mail = await waitForMail(t.admin, CONTACT.email, /choose a password/);
    const page = await t.browser.newPage();
    await page.goto(`${t.product.url}${linkPath(mail.text, '/set-password')}`);
    await page.getByLabel(/^New password/).fill(CUSTOMER_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(CUSTOMER_PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByLabel(/^Password/).fill(CUSTOMER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/portal');

    const card = page.getByRole('region', { name: `Balance of contract ${state.contractNumber}` });
    await card.getByRole('heading', { name: `Retainer ${state.contractNumber}` }).waitFor();
    await expect.poll(() => card.getByTestId('balance-available').textContent()).toBe('50h 00m');
    expect(await card.getByTestId('balance-days-left').textContent()).toMatch(/^\d+ days left$|^Last day of the term$/);
    await page.getByRole('heading', { name: 'Balance over time' }).waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await snapshot(page, 'portal-home-balance');

    await card.getByRole('link', { name: 'View the ledger' }).click();
    await page.waitForURL((u) => u.pathname === `/portal/contracts/${state.contractId}`);
    await page.getByRole('table', { name: 'Ledger entries' }).getByText('PO-1001').waitFor();
    // Read-only: no postings offered to the customer.
    await expect(page.getByRole('button', { name: 'Top up' }).count()).resolves.toBe(0);
  });

  it('a top-up refused by the server (contract no longer active) shows its message and changes nothing', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, t.product.admin.email, t.product.admin.password);
    await page.goto(`${t.product.url}/contracts/${state.contractId}`);
    await expect.poll(() => page.getByTestId('balance-available').textContent()).toBe('50h 00m');
    const before = {
      entries: await ledgerOf(t.admin, state.contractId),
      balance: await balanceOf(t.admin, state.contractId),
    };

    await page.getByRole('button', { name: 'Top up' }).click();
    await dialog(page).getByLabel('Amount').fill('5h');
    await dialog(page).getByLabel('Reference').fill('PO-1002');
    // Meanwhile somebody terminates the contract: the page still offers the top-up.
    const ended = await t.admin.call('POST', `/contracts/${state.contractId}/terminate`, {
      reason: 'Customer left the programme',
    });
    expect(ended.status).toBe(200);
    await dialog(page).getByRole('button', { name: 'Post top-up' }).click();

    const alert = dialog(page).getByRole('alert');
    await alert.getByText('The top-up was refused').waitFor();
    await alert
      .getByText(new RegExp(`Contract ${state.contractNumber} is terminated .*need an active contract`))
      .waitFor();
    await snapshot(page, 'top-up-refused');
    expect(await ledgerOf(t.admin, state.contractId)).toEqual(before.entries);
    expect((await balanceOf(t.admin, state.contractId)).balance).toEqual(before.balance.balance);

    await dialog(page).getByRole('button', { name: 'Cancel' }).click();
    await page.reload();
    await page.getByText('Customer left the programme').waitFor();
    await expect(page.getByRole('button', { name: 'Top up' }).count()).resolves.toBe(0);
  });

  it('an edit of a customer someone else changed first is refused with a clear message and a reload', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, t.product.admin.email, t.product.admin.password);
    await page.goto(`${t.product.url}/customers/${state.customerId}`);
    await page.getByRole('button', { name: 'Edit customer' }).click();
    await dialog(page).getByLabel('Name').fill('Tailspin Toys Inc.');
    const other = await t.admin.call<{ revision: number }>('PATCH', `/customers/${state.customerId}`, {
      name: 'Tailspin Toys Ltd',
    });
    expect(other.status).toBe(200);
    await dialog(page).getByRole('button', { name: 'Save' }).click();

    await dialog(page).getByText('This customer was changed by someone else').waitFor();
    const current = await t.admin.call<{ name: string; revision: number }>('GET', `/customers/${state.customerId}`);
    expect(current.body).toMatchObject({ name: 'Tailspin Toys Ltd', revision: other.body.revision });

    await dialog(page).getByRole('button', { name: 'Reload the customer' }).click();
    await expect.poll(() => dialog(page).getByLabel('Name').inputValue()).toBe('Tailspin Toys Ltd');
    await dialog(page).getByLabel('Name').fill('Tailspin Toys Inc.');
    await dialog(page).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Tailspin Toys Inc.', level: 1 }).waitFor();
  });
});
