import { describe, expect, it } from 'vitest';
import { accountsRepo } from '../../src/core/accounts/accounts.repo.ts';
import { hashPassword } from '../../src/core/accounts/secrets.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

const PASSWORD = 'Northwind-Portal-2026';
// Customer organisations come with the customers feature; until then the tenant and its users are
// written to the database before the server opens it.
const t = browserSuite({
  seed: async (core) => {
    const at = core.clock.now();
    const orgId = core.ids.next('org');
    await accountsRepo.insertOrganization(core.db.kysely, {
      id: orgId,
      kind: 'customer',
      name: 'Northwind Freight',
      created_at: at,
    });
    const password_hash = await hashPassword(PASSWORD);
    for (const [email, name, role] of [
      ['ciso@northwind.example', 'Dana Whitfield', 'customer_approver'],
      ['finance@northwind.example', 'Viv Okoro', 'customer_viewer'],
    ] as const) {
      await accountsRepo.insertUser(core.db.kysely, {
        id: core.ids.next('usr'),
        organization_id: orgId,
        email,
        name,
        role,
        status: 'active',
        password_hash,
        contact_id: null,
        created_at: at,
        updated_at: at,
      });
    }
  },
});

describe('customer portal', () => {
  it('a customer user lands in the portal with its organisation, not in the staff app', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, 'ciso@northwind.example', PASSWORD);
    await page.waitForURL((u) => u.pathname === '/portal');
    await page.getByRole('heading', { name: 'Welcome, Dana', level: 1 }).waitFor();
    expect(await page.getByTestId('portal-organization').textContent()).toBe('Northwind Freight');
    const nav = page.getByRole('navigation', { name: 'Portal navigation' });
    for (const item of ['Home', 'Requests', 'Engagements', 'Statements']) {
      await nav.getByRole('link', { name: item }).waitFor();
    }
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).count()).resolves.toBe(0);
    for (const staffOnly of ['Dashboard', 'Customers', 'Mailbox', 'Settings']) {
      await expect(page.getByRole('link', { name: staffOnly }).count(), staffOnly).resolves.toBe(0);
    }
    await snapshot(page, 'portal');

    await nav.getByRole('link', { name: 'Statements' }).click();
    await page.getByText('No statements yet').waitFor();

    // Staff pages send a customer back to the portal; unknown paths show the 404 inside the portal.
    await page.goto(`${t.product.url}/settings/users`);
    await page.waitForURL((u) => u.pathname === '/portal');
    await page.goto(`${t.product.url}/portal/nothing-here`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByRole('navigation', { name: 'Portal navigation' }).waitFor();
  });

  it('a customer viewer sees no Requests entry and gets "no access" on its address', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, 'finance@northwind.example', PASSWORD);
    await page.waitForURL((u) => u.pathname === '/portal');
    const nav = page.getByRole('navigation', { name: 'Portal navigation' });
    await nav.getByRole('link', { name: 'Statements' }).waitFor();
    await expect(nav.getByRole('link', { name: 'Requests' }).count()).resolves.toBe(0);
    await page.goto(`${t.product.url}/portal/requests`);
    await page.getByRole('heading', { name: 'No access to this page' }).waitFor();
  });
});
