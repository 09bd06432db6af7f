import { describe, expect, it } from 'vitest';
import { linkPath, waitForMail } from './support/api.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

const t = browserSuite();

describe('signing in', () => {
  it('the administrator printed at first start signs in through the login form and sees the dashboard', async () => {
    expect(t.product.admin.email).toBe('admin@localhost');
    const page = await t.browser.newPage();
    await page.goto(`${t.product.url}/`);
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await snapshot(page, 'login');

    await page.getByLabel('Email').fill(t.product.admin.email);
    await page.getByLabel(/^Password/).fill(t.product.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const item of ['Dashboard', 'Customers', 'Requests', 'Engagements', 'Mailbox', 'Settings']) {
      await nav.getByText(item, { exact: true }).waitFor();
    }
    await page.getByText('Getting started').waitFor();
    await snapshot(page, 'dashboard');
  });

  it('a wrong password shows the server message and stays on /login', async () => {
    const page = await t.browser.newPage();
    await page.goto(`${t.product.url}/login`);
    await page.getByLabel('Email').fill(t.product.admin.email);
    await page.getByLabel(/^Password/).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Email or password is wrong.');
    expect(new URL(page.url()).pathname).toBe('/login');
    await snapshot(page, 'login-refused');
    // Nobody is signed in: the app still sends us to sign in.
    await page.goto(`${t.product.url}/settings/users`);
    await page.waitForURL((u) => u.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/settings/users');
  });

  it('after signing in the app returns to the page that asked for it', async () => {
    const page = await t.browser.newPage();
    await page.goto(`${t.product.url}/settings/audit`);
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByLabel('Email').fill(t.product.admin.email);
    await page.getByLabel(/^Password/).fill(t.product.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/audit');
    await page.getByRole('table', { name: 'Audit events' }).getByText('auth.login').first().waitFor();
    await page
      .getByRole('button', { name: /Show details/ })
      .first()
      .click();
    await snapshot(page, 'audit');
  });

  it('signing out returns to the login page and ends the session', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, t.product.admin.email, t.product.admin.password);
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByText('You have signed out.').waitFor();
    await page.goto(`${t.product.url}/`);
    await page.waitForURL((u) => u.pathname === '/login');
    const me = await page.request.get(`${t.product.url}/api/v1/auth/me`);
    expect(me.status()).toBe(401);
  });

  it('a session that ends while the app is open sends the user to sign in, then back', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, t.product.admin.email, t.product.admin.password);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    // End this browser's session behind the app's back (as a sign-out in another tab would).
    const me = await page.request.get(`${t.product.url}/api/v1/auth/me`);
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    expect(
      (
        await page.request.post(`${t.product.url}/api/v1/auth/logout`, { headers: { 'x-csrf-token': csrfToken } })
      ).status(),
    ).toBe(200);

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Mailbox' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/mailbox');
    await page.getByLabel('Email').fill(t.product.admin.email);
    await page.getByLabel(/^Password/).fill(t.product.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Mailbox', level: 1 }).waitFor();
  });

  it('an unknown path shows the 404 page', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, t.product.admin.email, t.product.admin.password);
    await page.goto(`${t.product.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await snapshot(page, 'not-found');
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  });
});

describe('failures', () => {
  it('a server failure shows the error page with the server message and the request id', async () => {
    const page = await t.browser.newPage();
    await page.route('**/api/v1/auth/me', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Service unavailable',
          status: 503,
          code: 'SERVICE_UNAVAILABLE',
          detail: 'The database is not reachable.',
          requestId: 'req_e2e_failure',
        }),
      }),
    );
    await page.goto(`${t.product.url}/`);
    await page.getByRole('heading', { name: 'Something went wrong' }).waitFor({ timeout: 30_000 });
    await page.getByText('The database is not reachable.').waitFor();
    await page.getByText('req_e2e_failure').waitFor();
    await snapshot(page, 'error-page');
    await page.unroute('**/api/v1/auth/me');
    await page.getByRole('button', { name: 'Reload the page' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
  });
});

describe('forgotten password', () => {
  it('asks for a link, follows it from the mailbox, refuses a weak password, sets a strong one and signs in with it', async () => {
    const email = 'forgetful@example.test';
    const created = await t.admin.call('POST', '/users', {
      email,
      name: 'Fern Forgetful',
      role: 'consultant',
      password: 'Original-Passw0rd!',
    });
    expect(created.status).toBe(201);

    const page = await t.browser.newPage();
    await page.goto(`${t.product.url}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL((u) => u.pathname === '/forgot-password');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();

    const mail = await waitForMail(t.admin, email, /Reset your IMR Desk password/);
    await page.goto(`${t.product.url}${linkPath(mail.text, '/reset-password')}`);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();

    await page.getByLabel(/^New password/).fill('short');
    await page.getByLabel('Repeat the new password').fill('short');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.getByText(/Choose a stronger password/).waitFor();
    await snapshot(page, 'reset-weak-password');
    expect(new URL(page.url()).pathname).toBe('/reset-password');

    const newPassword = 'Brand-New-Passw0rd!';
    await page.getByLabel(/^New password/).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByText('Your password has been changed').waitFor();
    expect(await page.getByLabel('Email').inputValue()).toBe(email);

    await page.getByLabel(/^Password/).fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    // A consultant's navigation: no customers, requests, mailbox, users or audit.
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByText('Engagements', { exact: true }).waitFor();
    for (const hidden of ['Customers', 'Requests', 'Mailbox'])
      await expect(nav.getByText(hidden, { exact: true }).count(), hidden).resolves.toBe(0);

    // The link worked once.
    await page.goto(`${t.product.url}${linkPath(mail.text, '/reset-password')}`);
    await page.getByLabel(/^New password/).fill('Another-Passw0rd!');
    await page.getByLabel('Repeat the new password').fill('Another-Passw0rd!');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.getByText('This link cannot be used').waitFor();
    // The old password no longer works.
    const old = await fetch(`${t.product.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'Original-Passw0rd!' }),
    });
    expect(old.status).toBe(401);
  });
});
