import { describe, expect, it } from 'vitest';
import { accountsRepo } from '../../src/core/accounts/accounts.repo.ts';
import { hashPassword } from '../../src/core/accounts/secrets.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

const PASSWORD = 'Harbour-Portal-2026';
const t = browserSuite({
  seed: async (core) => {
    const at = core.clock.now();
    const orgId = core.ids.next('org');
    await accountsRepo.insertOrganization(core.db.kysely, {
      id: orgId,
      kind: 'customer',
      name: 'Northwind',
      created_at: at,
    });
    await accountsRepo.insertUser(core.db.kysely, {
      id: core.ids.next('usr'),
      organization_id: orgId,
      email: 'ciso@northwind.example',
      name: 'Dana Whitfield',
      role: 'customer_approver',
      status: 'active',
      password_hash: await hashPassword(PASSWORD),
      contact_id: null,
      created_at: at,
      updated_at: at,
    });
  },
});

describe('the firm profile', () => {
  it('an admin edits the profile on the firm settings page; the portal home then shows the hotline', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, t.product.admin.email, t.product.admin.password);
    await page.goto(`${t.product.url}/settings/firm`);
    const form = page.getByRole('form', { name: 'Firm profile' });
    await form.getByLabel(/^Firm name/).fill('Harbour Incident Response');
    await form.getByRole('button', { name: 'Add a hotline' }).click();
    await form.getByLabel('Hotline 1 label').fill('24×7 hotline');
    await form.getByLabel('Hotline 1 number').fill('call us');
    await form.getByLabel(/^Reason for the change/).fill('Our letterhead');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.locator('.mantine-InputWrapper-error').first().waitFor();
    await form.getByLabel('Hotline 1 number').fill('+353 1 555 0100');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved').waitFor();
    const settings = await t.admin.call<{ profile: { name: string; hotlines: unknown[] } }>('GET', '/settings');
    expect(settings.body.profile).toMatchObject({
      name: 'Harbour Incident Response',
      hotlines: [{ label: '24×7 hotline', number: '+353 1 555 0100' }],
    });
    await snapshot(page, 'firm-profile');

    const portal = await t.browser.newPage();
    await signInThroughForm(portal, t.product.url, 'ciso@northwind.example', PASSWORD);
    await portal.waitForURL((u) => u.pathname === '/portal');
    const link = portal.getByRole('link', { name: '+353 1 555 0100' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('tel:+35315550100');
    await portal.getByText(/the hotline of Harbour Incident Response/).waitFor();
    await snapshot(portal, 'portal-hotline');
    expect(t.browser.problems).toEqual([]);
  });
});
