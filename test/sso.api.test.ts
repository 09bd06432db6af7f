import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { systemCtx } from '../src/core/context.ts';
import { makeUser, signIn, TEST_PASSWORD } from './support/factories.ts';
import { call, createTestEnv, TEST_PUBLIC_URL, type TestEnv } from './support/harness.ts';
import { signInAtIdp, startIdp, type TestIdp } from './support/oidc-idp.ts';

const REDIRECT_URI = `${TEST_PUBLIC_URL}/api/v1/auth/oidc/callback`;

let idp: TestIdp;
let t: TestEnv;
beforeAll(async () => {
  idp = await startIdp({ redirectUri: REDIRECT_URI, people: {} });
  t = await createTestEnv({ env: idp.env() });
});
afterAll(async () => {
  await t?.close();
  await idp?.stop();
});

const count = async (table: 'sessions' | 'users' | 'sso_pending_logins') =>
  Number(
    (
      await t.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** GET /auth/oidc/start as a browser: the provider URL it is sent to and the handle cookie it gets. */
async function start(app: FastifyInstance, next?: string) {
  const r = await app.inject({
    method: 'GET',
    url: `/api/v1/auth/oidc/start${next ? `?next=${encodeURIComponent(next)}` : ''}`,
  });
  expect(r.statusCode).toBe(302);
  const cookie = r.cookies.find((c) => c.name === 'imr_sso')!;
  return { authorizationUrl: new URL(r.headers.location as string), cookie };
}

/** The provider's redirect back, delivered to the product as the browser would (with or without its cookie). */
async function callback(app: FastifyInstance, url: URL, handle: string | undefined) {
  const r = await app.inject({
    method: 'GET',
    url: `${url.pathname}${url.search}`,
    ...(handle ? { cookies: { imr_sso: handle } } : {}),
  });
  expect(r.statusCode).toBe(302);
  const session = r.cookies.find((c) => c.name === 'imr_session' && c.value);
  return { location: r.headers.location as string, session };
}

/** A whole sign-in as `login` at the provider; `tamper` changes the authorisation URL first. */
async function ssoAs(login: string, o: { app?: FastifyInstance; tamper?: (u: URL) => void; next?: string } = {}) {
  const app = o.app ?? t.app;
  const { authorizationUrl, cookie } = await start(app, o.next);
  o.tamper?.(authorizationUrl);
  const back = await signInAtIdp(authorizationUrl.href, login, REDIRECT_URI);
  return { ...(await callback(app, back, cookie.value)), back, handle: cookie.value };
}

/** Why the service refused an answer (the route only logs it): proves which check caught it. */
async function refusalOf(login: string, tamper: (u: URL) => void, tamperBack: (u: URL) => void = () => {}) {
  const { authorizationUrl, cookie } = await start(t.app);
  tamper(authorizationUrl);
  const back = await signInAtIdp(authorizationUrl.href, login, REDIRECT_URI);
  tamperBack(back);
  const error = await t.core.services
    .sso!.complete(
      { actor: { type: 'system', label: 'test' }, channel: 'web' },
      { handle: cookie.value, callbackUrl: back },
    )
    .then(
      () => undefined,
      (e: unknown) => e as { code: string; details: { reason: string; why: string } },
    );
  return error;
}

describe('single sign-on through a real OpenID provider', () => {
  it('tells the login page about the provider', async () => {
    const r = await call(t.app, null, 'GET', '/api/v1/auth/methods');
    expect(r.json()).toEqual({ password: true, sso: { name: 'Contoso ID' } });
  });

  it('sends the browser with PKCE (S256), state and nonce, and keeps the checks server-side behind an HttpOnly cookie', async () => {
    const { authorizationUrl, cookie } = await start(t.app);
    expect(authorizationUrl.origin).toBe(idp.issuer);
    const p = authorizationUrl.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(p.get('state')).toBeTruthy();
    expect(p.get('nonce')).toBeTruthy();
    expect(p.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/v1/auth/oidc' });
    expect(authorizationUrl.href).not.toContain(cookie.value);
  });

  it('signs a staff member in by verified email: the same session as a password, audited with the method', async () => {
    const u = await makeUser(t, { role: 'ir_manager' });
    idp.people['irm'] = { email: u.email.toUpperCase(), email_verified: true, name: 'Irma Manager' };
    const r = await ssoAs('irm', { next: '/engagements' });
    expect(r.location).toBe('/engagements');
    expect(r.session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await call(t.app, { cookie: `imr_session=${r.session!.value}`, csrf: '' }, 'GET', '/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ id: u.id, role: 'ir_manager' });
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.login')
      .where('actor_id', '=', u.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toEqual({ method: 'oidc' });
  });

  it('accepts an answer once: the same callback again is refused and opens no session', async () => {
    const u = await makeUser(t, { role: 'consultant' });
    idp.people['replay'] = { email: u.email, email_verified: true };
    const first = await ssoAs('replay');
    expect(first.session).toBeDefined();
    const sessions = await count('sessions');
    const again = await callback(t.app, first.back, first.handle);
    expect(again.location).toBe('/login?sso_error=expired');
    expect(again.session).toBeUndefined();
    expect(await count('sessions')).toBe(sessions);
  });

  it('refuses a callback whose state differs, and one from a browser without the sign-in cookie', async () => {
    const u = await makeUser(t, { role: 'consultant' });
    idp.people['state'] = { email: u.email, email_verified: true };
    const sessions = await count('sessions');

    const { authorizationUrl, cookie } = await start(t.app);
    const back = await signInAtIdp(authorizationUrl.href, 'state', REDIRECT_URI);
    const forged = new URL(back);
    forged.searchParams.set('state', 'attacker-chosen-state');
    const wrongState = await callback(t.app, forged, cookie.value);
    expect(wrongState.location).toBe('/login?sso_error=failed');
    expect(wrongState.session).toBeUndefined();
    const why = await refusalOf(
      'state',
      () => {},
      (b) => b.searchParams.set('state', 'attacker-chosen-state'),
    );
    expect(why!.details.why).toMatch(/state/i);

    const other = await start(t.app);
    const back2 = await signInAtIdp(other.authorizationUrl.href, 'state', REDIRECT_URI);
    const noCookie = await callback(t.app, back2, undefined);
    expect(noCookie.location).toBe('/login?sso_error=expired');
    // Another browser's handle does not fit this answer either.
    const crossed = await callback(t.app, back2, cookie.value);
    expect(crossed.location).toMatch(/sso_error=(expired|failed)/);
    expect(await count('sessions')).toBe(sessions);
  });

  it('refuses an ID token whose nonce is not the one sent (a tampered authorisation request)', async () => {
    const u = await makeUser(t, { role: 'consultant' });
    idp.people['nonce'] = { email: u.email, email_verified: true };
    const sessions = await count('sessions');
    const r = await ssoAs('nonce', { tamper: (url) => url.searchParams.set('nonce', 'replayed-nonce-of-another') });
    expect(r.location).toBe('/login?sso_error=failed');
    expect(r.session).toBeUndefined();
    expect(await count('sessions')).toBe(sessions);
    const why = await refusalOf('nonce', (url) => url.searchParams.set('nonce', 'another-nonce'));
    expect(why).toMatchObject({ code: 'SSO_REFUSED', details: { reason: 'failed' } });
    expect(why!.details.why).toMatch(/nonce/i);
  });

  it('refuses a code issued for another PKCE challenge (the verifier does not fit)', async () => {
    const u = await makeUser(t, { role: 'consultant' });
    idp.people['pkce'] = { email: u.email, email_verified: true };
    const sessions = await count('sessions');
    const r = await ssoAs('pkce', {
      tamper: (url) => url.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'),
    });
    expect(r.location).toBe('/login?sso_error=failed');
    expect(r.session).toBeUndefined();
    expect(await count('sessions')).toBe(sessions);
    const why = await refusalOf('pkce', (url) =>
      url.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'),
    );
    expect(why!.details.why).toMatch(/invalid_grant|PKCE|code_verifier/i);
  });

  it('refuses an email the provider has not verified, an unknown one, a disabled user and a customer contact', async () => {
    const staff = await makeUser(t, { role: 'consultant' });
    const disabled = await makeUser(t, { role: 'consultant', status: 'disabled' });
    const customer = await makeUser(t, { role: 'customer_approver' });
    idp.people['unverified'] = { email: staff.email, email_verified: false };
    idp.people['stranger'] = { email: 'stranger@elsewhere.test', email_verified: true, groups: ['IR-Admins'] };
    idp.people['disabled'] = { email: disabled.email, email_verified: true };
    idp.people['customer'] = { email: customer.email, email_verified: true };
    const users = await count('users');
    const sessions = await count('sessions');
    expect((await ssoAs('unverified')).location).toBe('/login?sso_error=unverified_email');
    expect((await ssoAs('stranger')).location).toBe('/login?sso_error=unknown_user');
    expect((await ssoAs('disabled')).location).toBe('/login?sso_error=disabled');
    expect((await ssoAs('customer')).location).toBe('/login?sso_error=unknown_user');
    expect(await count('users')).toBe(users);
    expect(await count('sessions')).toBe(sessions);
    // The customer keeps the password.
    expect(
      (await call(t.app, null, 'POST', '/api/v1/auth/login', { email: customer.email, password: TEST_PASSWORD }))
        .statusCode,
    ).toBe(200);
  });

  it('an invited staff member who signs in through the provider becomes active', async () => {
    const u = await makeUser(t, { role: 'account_manager', status: 'invited' });
    idp.people['invited'] = { email: u.email, email_verified: 'true' };
    const r = await ssoAs('invited');
    expect(r.session).toBeDefined();
    const row = await t.db.kysely.selectFrom('users').select('status').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
  });
});

describe('creating staff from the group mapping (when turned on)', () => {
  let creating: TestEnv;
  beforeAll(async () => {
    creating = await createTestEnv({
      db: t.db,
      env: { ...idp.env(), OIDC_CREATE_USERS: '1', OIDC_GROUP_ROLES: 'IR-Admins=admin,IR-Consultants=consultant' },
    });
  });
  afterAll(async () => {
    await creating.app.close();
    await creating.core.close();
  });

  it('creates an unknown staff member with the role of its most trusted mapped group, active and without a password', async () => {
    idp.people['newbie'] = {
      email: 'new.consultant@firm.test',
      email_verified: true,
      name: 'Nia Newcomer',
      groups: ['Everyone', 'IR-Consultants'],
    };
    const r = await ssoAs('newbie', { app: creating.app });
    expect(r.location).toBe('/');
    expect(r.session).toBeDefined();
    const row = await t.db.kysely
      .selectFrom('users')
      .select(['role', 'status', 'name', 'password_hash'])
      .where('email_lower', '=', 'new.consultant@firm.test')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'consultant', status: 'active', name: 'Nia Newcomer', password_hash: null });
  });

  it('creates one account when the same new person signs in twice at once; both sign in', async () => {
    const identity = {
      subject: 'twice',
      email: 'twice.at.once@firm.test',
      emailVerified: true,
      name: 'Tess Twice',
      groups: ['IR-Consultants'],
    };
    await makeUser(creating, { role: 'admin' }); // the firm exists (when run alone)
    const ctx = systemCtx('sso test');
    const both = await Promise.all([
      creating.core.services.accounts.signInWithSso(ctx, identity),
      creating.core.services.accounts.signInWithSso(ctx, identity),
    ]);
    expect(both.every((s) => typeof s.sessionToken === 'string')).toBe(true);
    const rows = await t.db.kysely
      .selectFrom('users')
      .select('id')
      .where('email_lower', '=', 'twice.at.once@firm.test')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('still refuses an unknown user none of whose groups maps to a role, and creates nothing', async () => {
    idp.people['outsider'] = { email: 'outsider@firm.test', email_verified: true, groups: ['Finance'] };
    const users = await count('users');
    expect((await ssoAs('outsider', { app: creating.app })).location).toBe('/login?sso_error=unknown_user');
    expect(await count('users')).toBe(users);
  });
});

describe('turning staff passwords off', () => {
  it('refuses non-admins, refuses turning it on without single sign-on, then refuses password sign-in for staff other than admins', async () => {
    const admin = await makeUser(t, { role: 'admin' });
    const consultant = await makeUser(t, { role: 'consultant' });
    const customer = await makeUser(t, { role: 'customer_requester' });
    const adminAuth = await signIn(t, admin.email);
    const consultantAuth = await signIn(t, consultant.email);
    const body = { staffPasswords: 'admins_only', reason: 'Everyone signs in through Contoso ID now' };

    const notAdmin = await call(t.app, consultantAuth, 'PUT', '/api/v1/auth/sign-in-policy', body);
    expect(notAdmin.statusCode).toBe(403);

    // A server without single sign-on refuses, and nothing changes.
    const plain = await createTestEnv({ db: t.db });
    try {
      const plainAdmin = await signIn(plain, admin.email);
      const refused = await call(plain.app, plainAdmin, 'PUT', '/api/v1/auth/sign-in-policy', body);
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'SSO_NOT_CONFIGURED' });
      expect(refused.json().detail).toContain('OIDC_ISSUER');
      expect((await call(plain.app, plainAdmin, 'GET', '/api/v1/auth/sign-in-policy')).json()).toMatchObject({
        staffPasswords: 'allowed',
        sso: null,
      });
      expect((await call(plain.app, null, 'GET', '/api/v1/auth/methods')).json()).toEqual({
        password: true,
        sso: null,
      });
    } finally {
      await plain.app.close();
      await plain.core.close();
    }

    const on = await call(t.app, adminAuth, 'PUT', '/api/v1/auth/sign-in-policy', body);
    expect(on.statusCode).toBe(200);
    expect(on.json()).toMatchObject({ staffPasswords: 'admins_only', sso: { name: 'Contoso ID' } });

    const sessions = await count('sessions');
    const refused = await call(t.app, null, 'POST', '/api/v1/auth/login', {
      email: consultant.email,
      password: TEST_PASSWORD,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'PASSWORD_LOGIN_DISABLED' });
    expect(refused.json().detail).toContain('Sign in with Contoso ID');
    expect(await count('sessions')).toBe(sessions);
    // A wrong password still gets the one answer for every failure (nothing told about the account).
    const wrong = await call(t.app, null, 'POST', '/api/v1/auth/login', {
      email: consultant.email,
      password: 'nope-nope-nope',
    });
    expect(wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });

    // Admins and customers keep their passwords; the consultant signs in through the provider.
    expect(
      (await call(t.app, null, 'POST', '/api/v1/auth/login', { email: admin.email, password: TEST_PASSWORD }))
        .statusCode,
    ).toBe(200);
    expect(
      (await call(t.app, null, 'POST', '/api/v1/auth/login', { email: customer.email, password: TEST_PASSWORD }))
        .statusCode,
    ).toBe(200);
    idp.people['passwordless'] = { email: consultant.email, email_verified: true };
    expect((await ssoAs('passwordless')).session).toBeDefined();

    const back = await call(t.app, adminAuth, 'PUT', '/api/v1/auth/sign-in-policy', {
      staffPasswords: 'allowed',
      reason: 'The provider is being replaced',
    });
    expect(back.json()).toMatchObject({ staffPasswords: 'allowed' });
    expect(
      (await call(t.app, null, 'POST', '/api/v1/auth/login', { email: consultant.email, password: TEST_PASSWORD }))
        .statusCode,
    ).toBe(200);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select(['after'])
      .where('entity_type', '=', 'settings')
      .where('entity_id', '=', 'sign-in')
      .execute();
    expect(audit.map((a) => (a.after as { staffPasswords: string }).staffPasswords)).toEqual([
      'admins_only',
      'allowed',
    ]);
  });
});
