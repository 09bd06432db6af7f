import { describe, expect, it } from 'vitest';
import { linkPath, waitForMail } from './support/api.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

const t = browserSuite();

describe('Settings → Users', () => {
  it('an admin creates a user who gets an invitation, chooses a password from it and signs in', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, t.product.admin.email, t.product.admin.password);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByText('Settings', { exact: true }).click();
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Users' });
    await table.getByText(t.product.admin.email).waitFor();

    await page.getByRole('button', { name: 'Create user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create user' });
    await dialog.getByLabel('Name').fill('Maria Keller');
    await dialog.getByLabel('Email').fill('not-an-email');
    await dialog.getByLabel('Role').selectOption({ label: 'IR manager' });
    await dialog.getByRole('button', { name: 'Create user' }).click();
    // The server's validation message lands on the field.
    const emailError = dialog.locator('.mantine-InputWrapper-error');
    await emailError.waitFor();
    expect(await emailError.textContent()).toMatch(/email/i);
    expect(await dialog.getByLabel(/^Email/).getAttribute('aria-invalid')).toBe('true');
    await snapshot(page, 'create-user-invalid');
    const before = await t.admin.call<{ items: unknown[] }>('GET', '/users');

    await dialog.getByLabel('Email').fill('maria.keller@irfirm.example');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = table.getByRole('row').filter({ hasText: 'maria.keller@irfirm.example' });
    await row.waitFor();
    expect(await row.textContent()).toContain('IR manager');
    expect(await row.textContent()).toContain('Invited');
    const after = await t.admin.call<{ items: { email: string; role: string; status: string }[] }>('GET', '/users');
    expect(after.body.items.length).toBe(before.body.items.length + 1);
    expect(after.body.items.find((u) => u.email === 'maria.keller@irfirm.example')).toMatchObject({
      role: 'ir_manager',
      status: 'invited',
    });
    await snapshot(page, 'users');

    // The same address again: the server's EMAIL_TAKEN message on the email field.
    await page.getByRole('button', { name: 'Create user' }).click();
    await dialog.getByLabel('Name').fill('Maria Again');
    await dialog.getByLabel('Email').fill('maria.keller@irfirm.example');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.getByText('maria.keller@irfirm.example is already a user').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The invitation arrives in the mailbox; its link sets the password.
    const mail = await waitForMail(t.admin, 'maria.keller@irfirm.example', /choose a password/);
    const invitee = await t.browser.newPage();
    await invitee.goto(`${t.product.url}${linkPath(mail.text, '/set-password')}`);
    await invitee.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await invitee.getByLabel(/^New password/).fill('Keller-Incident-2026');
    await invitee.getByLabel('Repeat the new password').fill('Keller-Incident-2026');
    await invitee.getByRole('button', { name: 'Set password' }).click();
    await invitee.waitForURL((u) => u.pathname === '/login');
    await invitee.getByLabel(/^Password/).fill('Keller-Incident-2026');
    await invitee.getByRole('button', { name: 'Sign in' }).click();
    await invitee.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const nav = invitee.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByText('Customers', { exact: true }).waitFor();
    await expect(nav.getByText('Mailbox', { exact: true }).count()).resolves.toBe(0);
    // An IR manager is not an admin: the users page says so instead of failing.
    await invitee.goto(`${t.product.url}/settings/users`);
    await invitee.getByRole('heading', { name: 'No access to this page' }).waitFor();
  });

  it('an admin disables a user after confirming, and enables them again', async () => {
    const created = await t.admin.call<{ id: string }>('POST', '/users', {
      email: 'leaving@example.test',
      name: 'Lee Leaving',
      role: 'consultant',
      password: 'Goodbye-Passw0rd!',
    });
    expect(created.status).toBe(201);
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, t.product.admin.email, t.product.admin.password);
    await page.goto(`${t.product.url}/settings/users`);
    await page.getByRole('button', { name: 'Disable Lee Leaving' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disable Lee Leaving?' });
    await dialog.getByRole('button', { name: 'Disable user' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Enable Lee Leaving' }).waitFor();
    expect((await t.admin.call<{ status: string }>('GET', `/users/${created.body.id}`)).body.status).toBe('disabled');
    await page.getByRole('button', { name: 'Enable Lee Leaving' }).click();
    await page.getByRole('button', { name: 'Disable Lee Leaving' }).waitFor();
    expect((await t.admin.call<{ status: string }>('GET', `/users/${created.body.id}`)).body.status).toBe('active');
  });
});

describe('Mailbox', () => {
  it('lists the messages and shows one with its headers, sandboxed HTML, text and raw source link', async () => {
    await t.admin.call('POST', '/users', {
      email: 'mail.reader@example.test',
      name: 'Mel Reader',
      role: 'account_manager',
    });
    await waitForMail(t.admin, 'mail.reader@example.test', /choose a password/);
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, t.product.admin.email, t.product.admin.password);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Mailbox' }).click();
    await page.getByRole('heading', { name: 'Mailbox', level: 1 }).waitFor();
    const row = page
      .getByRole('table', { name: 'Messages' })
      .getByRole('row')
      .filter({ hasText: 'mail.reader@example.test' });
    await row.waitFor();
    await snapshot(page, 'mailbox');
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Your IMR Desk account: choose a password', level: 1 }).waitFor();
    const frame = page.locator('iframe.imr-mail-frame');
    expect(await frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    await page.frameLocator('iframe.imr-mail-frame').getByRole('link', { name: 'Choose your password' }).waitFor();
    await snapshot(page, 'mail-message');
    await page.getByRole('tab', { name: 'Plain text' }).click();
    expect(await page.getByTestId('mail-text').textContent()).toContain('/set-password?token=');
    const raw = page.getByRole('link', { name: 'View raw source' });
    const href = await raw.getAttribute('href');
    const source = await page.request.get(`${t.product.url}${href}`);
    expect(source.status()).toBe(200);
    expect(await source.text()).toMatch(/^Subject: Your IMR Desk account: choose a password/m);
  });

  it('an unknown message id shows the not-found page', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, t.product.admin.email, t.product.admin.password);
    await page.goto(`${t.product.url}/mailbox/mbx_doesnotexist`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  });
});

describe('API tokens', () => {
  it('creates a token shown once, which works as a bearer token, and revokes it', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, t.product.admin.email, t.product.admin.password);
    await page.goto(`${t.product.url}/settings/tokens`);
    await page.getByText('No API tokens yet').waitFor();
    await page.getByLabel('Token name').fill('Nightly export');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.getByTestId('new-token').textContent())!.trim();
    expect(secret).toMatch(/^imr_/);
    await snapshot(page, 'token-created');
    const asToken = await fetch(`${t.product.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(asToken.status).toBe(200);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('table', { name: 'API tokens' }).getByText('Nightly export').waitFor();
    await expect(page.getByText(secret).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Revoke Nightly export' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await page.getByRole('table', { name: 'API tokens' }).getByText('Revoked').waitFor();
    const revoked = await fetch(`${t.product.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(revoked.status).toBe(401);
  });

  it('revokes every token of the signed-in user at once, after saying what that does', async () => {
    const email = 'script.owner@irfirm.example';
    const password = 'Script-Owner-Password-26';
    const created = await t.admin.call('POST', '/users', { email, name: 'Sam Script', role: 'consultant', password });
    expect(created.status).toBe(201);
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, email, password);
    await page.goto(`${t.product.url}/settings/tokens`);
    await page.getByText(/Tokens keep working after a password reset/).waitFor();
    const secrets: string[] = [];
    for (const name of ['Export A', 'Export B']) {
      await page.getByLabel('Token name').fill(name);
      await page.getByRole('button', { name: 'Create token' }).click();
      secrets.push((await page.getByTestId('new-token').textContent())!.trim());
      await page.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('table', { name: 'API tokens' }).getByText(name).waitFor();
    }
    await page.getByRole('button', { name: 'Revoke all tokens' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke all your tokens?' });
    await dialog.getByText(/stops working at once/).waitFor();
    await snapshot(page, 'tokens-revoke-all');
    await dialog.getByRole('button', { name: 'Revoke all tokens' }).click();
    await page.getByText('2 tokens no longer work.').waitFor();
    await expect(page.getByRole('table', { name: 'API tokens' }).getByText('Revoked').count()).resolves.toBe(2);
    for (const secret of secrets) {
      expect(
        (await fetch(`${t.product.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } })).status,
      ).toBe(401);
    }
    // The admin's own tokens are untouched.
    expect((await t.admin.call('GET', '/auth/me')).status).toBe(200);
  });
});
