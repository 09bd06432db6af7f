import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type TestIdp } from '../support/oidc-idp.ts';
import { snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';

/** A port free now, so the product's address (the provider's redirect URI) is known before either starts. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// The provider starts first (registered before the suite's hooks), then the product pointed at it.
const options: { env: Record<string, string> } = { env: {} };
let idp: TestIdp;
beforeAll(async () => {
  const port = await freePort();
  idp = await startIdp({ redirectUri: `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`, people: {} });
  Object.assign(options.env, { PORT: String(port), ...idp.env() });
});
afterAll(async () => idp?.stop());
const t = browserSuite(options);

/** Clicks "Sign in with Contoso ID" and signs in at the provider's own login form as `login`. */
async function signInThroughProvider(login: string) {
  const page = await t.browser.newPage();
  await page.goto(`${t.product.url}/login`);
  await page.getByRole('link', { name: 'Sign in with Contoso ID' }).click();
  await page.waitForURL((u) => u.origin === idp.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('the provider checks this, not IMR Desk');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.waitForURL((u) => u.origin === t.product.url);
  return page;
}

describe('single sign-on in the browser', () => {
  it('a staff member signs in through the OpenID provider and lands on the dashboard', async () => {
    const made = await t.admin.call('POST', '/users', {
      email: 'irma.manager@firm.test',
      name: 'Irma Manager',
      role: 'ir_manager',
      password: 'Irma-Password-2026!',
    });
    expect(made.status).toBe(201);
    idp.people['irma'] = { email: 'irma.manager@firm.test', email_verified: true, name: 'Irma Manager' };

    const page = await t.browser.newPage();
    await page.goto(`${t.product.url}/login`);
    await page.getByRole('link', { name: 'Sign in with Contoso ID' }).waitFor();
    await snapshot(page, 'sso-login');
    const signedIn = await signInThroughProvider('irma');
    await signedIn.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(new URL(signedIn.url()).pathname).toBe('/');
    await snapshot(signedIn, 'sso-dashboard');
    const me = await signedIn.evaluate(async () => (await fetch('/api/v1/auth/me')).json());
    expect(me.user).toMatchObject({ email: 'irma.manager@firm.test', role: 'ir_manager' });
  });

  it('an unknown user and a disabled one are refused with a page that says why, and stay signed out', async () => {
    idp.people['stranger'] = { email: 'stranger@elsewhere.test', email_verified: true };
    const page = await signInThroughProvider('stranger');
    await page.waitForURL((u) => u.pathname === '/login');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'There is no staff account here for the email your identity provider gave',
    );
    expect(await alert.textContent()).not.toMatch(/usr_|unknown_user|SSO_REFUSED/);
    await snapshot(page, 'sso-unknown-user');
    expect(await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)).toBe(401);

    const made = await t.admin.call<{ id: string }>('POST', '/users', {
      email: 'gone@firm.test',
      name: 'Gone Consultant',
      role: 'consultant',
      password: 'Quiet-Harbour-2026!',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const disabling = await t.admin.call('PATCH', `/users/${made.body.id}`, { status: 'disabled' });
    expect(disabling.status, JSON.stringify(disabling.body)).toBe(200);
    idp.people['gone'] = { email: 'gone@firm.test', email_verified: true };
    const disabled = await signInThroughProvider('gone');
    await disabled.waitForURL((u) => u.pathname === '/login');
    await disabled.getByRole('alert').waitFor();
    expect(await disabled.getByRole('alert').textContent()).toContain('Your account here is disabled');
  });
});
