import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsRepo } from '../src/core/accounts/accounts.repo.ts';
import { makeCustomerOrg, makeUser, makeUserWithToken, signIn, TEST_PASSWORD } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(async () => t.close());

const countRows = async (table: 'sessions' | 'users' | 'api_tokens' | 'audit_events' | 'outbox') =>
  Number(
    (
      await t.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('login', () => {
  it('signs in, sets an HttpOnly SameSite cookie and returns the CSRF token; /auth/me answers with the user', async () => {
    const u = await makeUser(t, { role: 'ir_manager' });
    const r = await call(t.app, null, 'POST', '/api/v1/auth/login', {
      email: u.email.toUpperCase(),
      password: TEST_PASSWORD,
    });
    expect(r.statusCode).toBe(200);
    const cookie = r.cookies.find((c) => c.name === 'imr_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const body = r.json();
    expect(body.user).toMatchObject({ id: u.id, role: 'ir_manager', organizationKind: 'provider' });
    const me = await call(
      t.app,
      { cookie: `imr_session=${cookie.value}`, csrf: body.csrfToken },
      'GET',
      '/api/v1/auth/me',
    );
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: u.id, email: u.email }, csrfToken: body.csrfToken });
  });

  it('answers 401 with one message for an unknown user and a wrong password', async () => {
    const u = await makeUser(t);
    const unknown = await call(t.app, null, 'POST', '/api/v1/auth/login', {
      email: 'nobody@example.test',
      password: 'whatever-123',
    });
    const wrong = await call(t.app, null, 'POST', '/api/v1/auth/login', {
      email: u.email,
      password: 'wrong-password-1',
    });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('refuses disabled and invited users with the same 401', async () => {
    const disabled = await makeUser(t, { status: 'disabled' });
    const r = await call(t.app, null, 'POST', '/api/v1/auth/login', { email: disabled.email, password: TEST_PASSWORD });
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('INVALID_CREDENTIALS');
  });

  it('answers 429 with Retry-After after 10 failures for one email from one address within 15 minutes, then lets the right password in after the window', async () => {
    const u = await makeUser(t);
    for (let i = 0; i < 10; i++) {
      const r = await call(t.app, null, 'POST', '/api/v1/auth/login', {
        email: u.email,
        password: `wrong-${i}-password`,
      });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await call(t.app, null, 'POST', '/api/v1/auth/login', { email: u.email, password: TEST_PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('RATE_LIMITED');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const sessionsBefore = await countRows('sessions');
    t.clock.advance(15 * 60 * 1000 + 1000);
    const ok = await call(t.app, null, 'POST', '/api/v1/auth/login', { email: u.email, password: TEST_PASSWORD });
    expect(ok.statusCode).toBe(200);
    expect(await countRows('sessions')).toBe(sessionsBefore + 1);
  });

  it('answers 429 after 50 failures from one IP, whatever the email', async () => {
    const ip = '192.0.2.77';
    t.clock.advance(60 * 60 * 1000);
    await t.db.kysely
      .insertInto('login_attempts')
      .values(
        Array.from({ length: 50 }, (_, i) => ({
          email_lower: `spray-${i}@example.test`,
          ip,
          succeeded: false,
          at: new Date(t.clock.now().getTime() - 60_000),
        })),
      )
      .execute();
    const u = await makeUser(t);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: u.email, password: TEST_PASSWORD },
      remoteAddress: ip,
    });
    expect(r.statusCode).toBe(429);
    expect(r.headers['retry-after']).toBeDefined();
  });

  it('rejects malformed bodies with 400 and the offending fields', async () => {
    const r = await call(t.app, null, 'POST', '/api/v1/auth/login', { email: 'x' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('VALIDATION_FAILED');
    expect(r.json().errors.map((e: { path: string }) => e.path)).toContain('body.password');
  });
});

describe('CSRF and sessions', () => {
  it('refuses a cookie-authenticated write without X-CSRF-Token (403) and changes nothing', async () => {
    const u = await makeUser(t);
    const s = await signIn(t, u.email);
    const before = await countRows('api_tokens');
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: s.cookie },
      payload: { name: 'x' },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('CSRF_TOKEN_MISSING');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: s.cookie, 'x-csrf-token': 'nope' },
      payload: { name: 'x' },
    });
    expect(wrong.statusCode).toBe(403);
    expect(await countRows('api_tokens')).toBe(before);
    const ok = await call(t.app, s, 'POST', '/api/v1/tokens', { name: 'x' });
    expect(ok.statusCode).toBe(201);
  });

  it('logout ends the session', async () => {
    const u = await makeUser(t);
    const s = await signIn(t, u.email);
    expect((await call(t.app, s, 'POST', '/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await call(t.app, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('expires an idle session', async () => {
    const u = await makeUser(t);
    const s = await signIn(t, u.email);
    t.clock.advance(t.config.session.idleMinutes * 60 * 1000 + 1000);
    expect((await call(t.app, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('answers 401 without credentials and with an unknown bearer token', async () => {
    expect((await call(t.app, null, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    const r = await call(t.app, { token: 'imr_bogus' }, 'GET', '/api/v1/auth/me');
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('UNAUTHENTICATED');
  });
});

describe('API tokens', () => {
  it('creates a token shown once, lists it without the secret, and revoking it stops it at once', async () => {
    const u = await makeUser(t, { role: 'consultant' });
    const s = await signIn(t, u.email);
    const created = (await call(t.app, s, 'POST', '/api/v1/tokens', { name: 'ci script' })).json();
    expect(created.token).toMatch(/^imr_/);
    const bearer = { token: created.token as string };
    expect((await call(t.app, bearer, 'GET', '/api/v1/auth/me')).json().user.id).toBe(u.id);
    const list = (await call(t.app, bearer, 'GET', '/api/v1/tokens')).json();
    expect(JSON.stringify(list)).not.toContain(created.token);
    expect(list.items.find((x: { id: string }) => x.id === created.id)).toMatchObject({
      name: 'ci script',
      revokedAt: null,
    });
    expect((await call(t.app, bearer, 'DELETE', `/api/v1/tokens/${created.id}`)).statusCode).toBe(204);
    expect((await call(t.app, bearer, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it("answers 404 for another user's token and leaves it working", async () => {
    const a = await makeUserWithToken(t, { role: 'consultant' });
    const b = await makeUserWithToken(t, { role: 'consultant' });
    const tokenB = (await call(t.app, b.auth, 'GET', '/api/v1/tokens')).json().items[0].id;
    expect((await call(t.app, a.auth, 'DELETE', `/api/v1/tokens/${tokenB}`)).statusCode).toBe(404);
    expect((await call(t.app, b.auth, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
  });
});

describe('users (admin)', () => {
  it('creates a provider user with a set-password email; the link sets the password once and signs in', async () => {
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const r = await call(t.app, admin.auth, 'POST', '/api/v1/users', {
      email: 'New.Analyst@Example.test',
      name: 'New Analyst',
      role: 'consultant',
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ status: 'invited', role: 'consultant' });
    const out = await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'user.invited')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(out.payload.to).toEqual(['New.Analyst@Example.test']);
    const token = /set-password\?token=([\w%-]+)/.exec(out.payload.text)![1]!;
    const weak = await call(t.app, null, 'POST', '/api/v1/auth/password-reset/confirm', {
      token: decodeURIComponent(token),
      password: 'short',
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('WEAK_PASSWORD');
    const set = await call(t.app, null, 'POST', '/api/v1/auth/password-reset/confirm', {
      token: decodeURIComponent(token),
      password: 'A-Much-Better-Pass-42',
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().user.status).toBe('active');
    const again = await call(t.app, null, 'POST', '/api/v1/auth/password-reset/confirm', {
      token: decodeURIComponent(token),
      password: 'Another-Good-Pass-43',
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().code).toBe('TOKEN_INVALID');
    expect(
      (
        await call(t.app, null, 'POST', '/api/v1/auth/login', {
          email: 'new.analyst@example.test',
          password: 'A-Much-Better-Pass-42',
        })
      ).statusCode,
    ).toBe(200);
  });

  it('creates a user with a strong password usable at once; refuses a weak one and a taken email, creating nothing', async () => {
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const before = await countRows('users');
    const weak = await call(t.app, admin.auth, 'POST', '/api/v1/users', {
      email: 'weak@example.test',
      name: 'W',
      role: 'consultant',
      password: 'password',
    });
    expect(weak.statusCode).toBe(422);
    const taken = await call(t.app, admin.auth, 'POST', '/api/v1/users', {
      email: admin.email.toUpperCase(),
      name: 'Dup',
      role: 'consultant',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('EMAIL_TAKEN');
    const customerRole = await call(t.app, admin.auth, 'POST', '/api/v1/users', {
      email: 'c@example.test',
      name: 'C',
      role: 'customer_viewer',
    });
    expect(customerRole.statusCode).toBe(400);
    expect(await countRows('users')).toBe(before);
    const ok = await call(t.app, admin.auth, 'POST', '/api/v1/users', {
      email: 'ready@example.test',
      name: 'Ready',
      role: 'account_manager',
      password: 'Set-To-Go-2026!x',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().status).toBe('active');
    expect(
      (
        await call(t.app, null, 'POST', '/api/v1/auth/login', {
          email: 'ready@example.test',
          password: 'Set-To-Go-2026!x',
        })
      ).statusCode,
    ).toBe(200);
  });

  it('forbids non-admins (403) inside the provider and customer users alike', async () => {
    const irm = await makeUserWithToken(t, { role: 'ir_manager' });
    const cust = await makeUserWithToken(t, { role: 'customer_approver' });
    expect((await call(t.app, irm.auth, 'GET', '/api/v1/users')).statusCode).toBe(403);
    expect(
      (await call(t.app, cust.auth, 'POST', '/api/v1/users', { email: 'z@example.test', name: 'Z', role: 'admin' }))
        .statusCode,
    ).toBe(403);
  });

  it('disabling a user ends its sessions and revokes its tokens at once', async () => {
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const victim = await makeUserWithToken(t, { role: 'consultant' });
    const session = await signIn(t, victim.email);
    expect((await call(t.app, session, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    const r = await call(t.app, admin.auth, 'PATCH', `/api/v1/users/${victim.id}`, { status: 'disabled' });
    expect(r.statusCode).toBe(200);
    expect(r.json().status).toBe('disabled');
    expect((await call(t.app, session, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await call(t.app, victim.auth, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    const tokens = await accountsRepo.listApiTokens(t.db.kysely, victim.id);
    expect(tokens.every((x) => x.revoked_at !== null)).toBe(true);
  });

  it('refuses to disable the last administrator', async () => {
    await t.db.kysely.updateTable('users').set({ status: 'disabled' }).where('role', '=', 'admin').execute();
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const r = await call(t.app, admin.auth, 'PATCH', `/api/v1/users/${admin.id}`, { status: 'disabled' });
    expect(r.statusCode).toBe(422);
    expect((await call(t.app, admin.auth, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
  });
});

describe('password reset', () => {
  it('always answers 202; a real account gets a single-use link that ends its other sessions', async () => {
    const u = await makeUser(t, { role: 'consultant' });
    const s = await signIn(t, u.email);
    const outBefore = await countRows('outbox');
    const unknown = await call(t.app, null, 'POST', '/api/v1/auth/password-reset', { email: 'ghost@example.test' });
    expect(unknown.statusCode).toBe(202);
    expect(await countRows('outbox')).toBe(outBefore);
    const real = await call(t.app, null, 'POST', '/api/v1/auth/password-reset', { email: u.email });
    expect(real.statusCode).toBe(202);
    const msg = await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'user.password_reset')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(msg.payload.to).toEqual([u.email]);
    const token = decodeURIComponent(/reset-password\?token=([\w%-]+)/.exec(msg.payload.text)![1]!);
    const r = await call(t.app, null, 'POST', '/api/v1/auth/password-reset/confirm', {
      token,
      password: 'Fresh-Start-Pass-99',
    });
    expect(r.statusCode).toBe(200);
    expect((await call(t.app, s, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect(
      (await call(t.app, null, 'POST', '/api/v1/auth/login', { email: u.email, password: TEST_PASSWORD })).statusCode,
    ).toBe(401);
    expect(
      (await call(t.app, null, 'POST', '/api/v1/auth/login', { email: u.email, password: 'Fresh-Start-Pass-99' }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses an expired link', async () => {
    const u = await makeUser(t, { role: 'consultant' });
    await call(t.app, null, 'POST', '/api/v1/auth/password-reset', { email: u.email });
    const msg = await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'user.password_reset')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const token = decodeURIComponent(/reset-password\?token=([\w%-]+)/.exec(msg.payload.text)![1]!);
    t.clock.advance(61 * 60 * 1000);
    const r = await call(t.app, null, 'POST', '/api/v1/auth/password-reset/confirm', {
      token,
      password: 'Fresh-Start-Pass-99',
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('TOKEN_INVALID');
  });
});

describe('tenants', () => {
  it("a customer user reads its own organisation and gets 404 for another tenant's, exactly like a missing one", async () => {
    const orgA = await makeCustomerOrg(t, 'Tenant A');
    const orgB = await makeCustomerOrg(t, 'Tenant B');
    const a = await makeUserWithToken(t, { role: 'customer_viewer', organizationId: orgA });
    const own = await call(t.app, a.auth, 'GET', `/api/v1/organizations/${orgA}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: orgA, name: 'Tenant A', kind: 'customer' });
    const other = await call(t.app, a.auth, 'GET', `/api/v1/organizations/${orgB}`);
    const missing = await call(t.app, a.auth, 'GET', '/api/v1/organizations/org_doesnotexist');
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(other.json().detail.replace(orgB, 'X')).toBe(missing.json().detail.replace('org_doesnotexist', 'X'));
    const staff = await makeUserWithToken(t, { role: 'account_manager' });
    expect((await call(t.app, staff.auth, 'GET', `/api/v1/organizations/${orgB}`)).statusCode).toBe(200);
  });
});

describe('staff directory', () => {
  it('lists active provider staff to every provider user, and to no customer user', async () => {
    const irm = await makeUserWithToken(t, { role: 'ir_manager' });
    const consultant = await makeUser(t, { role: 'consultant', name: 'Directory Consultant' });
    await makeUser(t, { role: 'consultant', name: 'Gone Consultant', status: 'disabled' });
    const r = await call(t.app, irm.auth, 'GET', '/api/v1/staff?role=consultant');
    expect(r.statusCode).toBe(200);
    const names = r.json().items.map((u: { name: string }) => u.name);
    expect(names).toContain('Directory Consultant');
    expect(names).not.toContain('Gone Consultant');
    expect(r.json().items.every((u: { role: string }) => u.role === 'consultant')).toBe(true);
    expect(r.json().items.find((u: { id: string }) => u.id === consultant.id)).toEqual({
      id: consultant.id,
      name: 'Directory Consultant',
      email: consultant.email,
      role: 'consultant',
    });
    const customer = await makeUserWithToken(t, { role: 'customer_approver' });
    expect((await call(t.app, customer.auth, 'GET', '/api/v1/staff')).statusCode).toBe(403);
  });
});
