import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.ts';
import { makeUser, TEST_PASSWORD } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

// docs/security.md: login throttling and trusted proxies.

const PROXY = '10.9.0.1';
let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv({ env: { TRUST_PROXY: `${PROXY}, 10.8.0.0/16` } });
});
afterAll(async () => t.close());

const login = (email: string, password: string, o: { from?: string; forwardedFor?: string } = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: o.from ?? '192.0.2.10',
    ...(o.forwardedFor ? { headers: { 'x-forwarded-for': o.forwardedFor } } : {}),
  });

const attemptsOf = async (email: string) =>
  t.db.kysely
    .selectFrom('login_attempts')
    .select(['ip', 'succeeded'])
    .where('email_lower', '=', email.toLowerCase())
    .orderBy('id')
    .execute();

const countRows = async (table: 'sessions' | 'audit_events') =>
  Number(
    (
      await t.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('TRUST_PROXY: a list of proxies, not a switch', () => {
  it('believes X-Forwarded-For only from a listed proxy; from anyone else the socket address counts', async () => {
    const u = await makeUser(t);
    expect((await login(u.email, 'wrong-password-1', { from: PROXY, forwardedFor: '203.0.113.5' })).statusCode).toBe(
      401,
    );
    expect(
      (await login(u.email, 'wrong-password-2', { from: '10.8.3.4', forwardedFor: '203.0.113.6' })).statusCode,
    ).toBe(401);
    expect(
      (await login(u.email, 'wrong-password-3', { from: '198.51.100.7', forwardedFor: '203.0.113.7' })).statusCode,
    ).toBe(401);
    expect((await attemptsOf(u.email)).map((a) => a.ip)).toEqual(['203.0.113.5', '203.0.113.6', '198.51.100.7']);

    const ok = await login(u.email, TEST_PASSWORD, { from: '198.51.100.8', forwardedFor: '203.0.113.8' });
    expect(ok.statusCode).toBe(200);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select('ip')
      .where('action', '=', 'auth.login')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.ip).toBe('198.51.100.8');
  });

  it('refuses TRUST_PROXY=1 at start, telling to list the proxies; accepts names, addresses and ranges', () => {
    for (const bad of ['1', 'true', 'yes', '10.0.0.300', 'proxy.example.com']) {
      let error: unknown;
      try {
        loadConfig({ TRUST_PROXY: bad });
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join('\n')).toMatch(
        /TRUST_PROXY: .*list the addresses of your reverse prox/,
      );
    }
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,2001:db8::1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '2001:db8::1',
    ]);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toEqual([]);
    expect(loadConfig({}).trustProxy).toEqual([]);
  });

  it('reads MAIL_IN_AUTHSERV_ID as a host-name-like id, case-insensitively', () => {
    expect(
      loadConfig({ SMTP_IN_PORT: '2525', MAIL_IN_DOMAIN: 'in.example.test', MAIL_IN_AUTHSERV_ID: 'MX.Example.test' })
        .inboundMail?.authservId,
    ).toBe('mx.example.test');
    expect(() => loadConfig({ MAIL_IN_AUTHSERV_ID: 'mx.example.test; dmarc=pass' })).toThrow(
      /MAIL_IN_AUTHSERV_ID: must be the authserv-id/,
    );
  });
});

describe('login throttling: per email and address, and per account', () => {
  it('the right password from a fresh address passes while the attacked address is throttled (429 with Retry-After)', async () => {
    const u = await makeUser(t);
    for (let i = 0; i < 10; i++)
      expect((await login(u.email, `wrong-${i}-password`, { from: '198.51.100.20' })).statusCode).toBe(401);
    const blocked = await login(u.email, TEST_PASSWORD, { from: '198.51.100.20' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    expect(blocked.json().code).toBe('RATE_LIMITED');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    const sessions = await countRows('sessions');
    const fresh = await login(u.email, TEST_PASSWORD, { from: '198.51.100.21' });
    expect(fresh.statusCode).toBe(200);
    expect(await countRows('sessions')).toBe(sessions + 1);
    // Still throttled where the failures came from, until the window has passed.
    expect((await login(u.email, TEST_PASSWORD, { from: '198.51.100.20' })).statusCode).toBe(429);
    t.clock.advance(15 * 60 * 1000 + 1000);
    expect((await login(u.email, TEST_PASSWORD, { from: '198.51.100.20' })).statusCode).toBe(200);
  });

  it('a refused (429) attempt is not checked and creates no session, whatever the password', async () => {
    const u = await makeUser(t);
    for (let i = 0; i < 10; i++) await login(u.email, `wrong-${i}-password`, { from: '198.51.100.30' });
    const sessions = await countRows('sessions');
    const audit = await countRows('audit_events');
    const attempts = (await attemptsOf(u.email)).length;
    expect((await login(u.email, TEST_PASSWORD, { from: '198.51.100.30' })).statusCode).toBe(429);
    expect((await login(u.email, 'wrong-again-password', { from: '198.51.100.30' })).statusCode).toBe(429);
    expect(await countRows('sessions')).toBe(sessions);
    expect(await countRows('audit_events')).toBe(audit);
    expect((await attemptsOf(u.email)).length).toBe(attempts);
  });

  it('throttles an account after 100 failures within an hour from any addresses, then lets it in after the hour', async () => {
    const u = await makeUser(t);
    const at = t.clock.now().getTime();
    // 100 failures spread over 50 minutes from 100 addresses: no address reaches its own limit.
    await t.db.kysely
      .insertInto('login_attempts')
      .values(
        Array.from({ length: 100 }, (_, i) => ({
          email_lower: u.email.toLowerCase(),
          ip: `203.0.113.${i + 1}`,
          succeeded: false,
          at: new Date(at - 50 * 60_000 + i * 30_000),
        })),
      )
      .execute();
    const blocked = await login(u.email, TEST_PASSWORD, { from: '198.51.100.40' });
    expect(blocked.statusCode).toBe(429);
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(9 * 60);
    expect(retryAfter).toBeLessThanOrEqual(10 * 60 + 1);
    t.clock.advance(retryAfter * 1000);
    expect((await login(u.email, TEST_PASSWORD, { from: '198.51.100.40' })).statusCode).toBe(200);
  });

  it('does not count 99 failures within an hour against the account', async () => {
    const u = await makeUser(t);
    const at = t.clock.now().getTime();
    await t.db.kysely
      .insertInto('login_attempts')
      .values(
        Array.from({ length: 99 }, (_, i) => ({
          email_lower: u.email.toLowerCase(),
          ip: `203.0.113.${i + 1}`,
          succeeded: false,
          at: new Date(at - 50 * 60_000 + i * 30_000),
        })),
      )
      .execute();
    expect((await login(u.email, TEST_PASSWORD, { from: '198.51.100.41' })).statusCode).toBe(200);
  });

  it('throttles one address spraying many accounts (50 failures in 15 minutes) without blocking the accounts elsewhere', async () => {
    const sprayer = '198.51.100.50';
    await t.db.kysely
      .insertInto('login_attempts')
      .values(
        Array.from({ length: 50 }, (_, i) => ({
          email_lower: `spray-${i}@example.test`,
          ip: sprayer,
          succeeded: false,
          at: new Date(t.clock.now().getTime() - 60_000),
        })),
      )
      .execute();
    const u = await makeUser(t);
    expect((await login(u.email, TEST_PASSWORD, { from: sprayer })).statusCode).toBe(429);
    expect((await login(u.email, TEST_PASSWORD, { from: '198.51.100.51' })).statusCode).toBe(200);
  });
});

const linkIn = async (topic: 'user.password_reset' | 'user.invited', to: string) => {
  const rows = await t.db.kysely
    .selectFrom('outbox')
    .selectAll()
    .where('topic', '=', topic)
    .orderBy('id', 'desc')
    .execute();
  const msg = rows.find((m) => (m.payload as { to: string[] }).to.includes(to))!;
  const text = (msg.payload as { text: string }).text;
  return { text, token: decodeURIComponent(/(?:reset|set)-password\?token=([\w%-]+)/.exec(text)![1]!) };
};

const confirm = (token: string, password = 'Fresh-Start-Pass-99') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password } });

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('password reset links and API tokens', () => {
  it('a newer reset link voids the older one', async () => {
    const u = await makeUser(t, { role: 'consultant' });
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: u.email } });
    const first = await linkIn('user.password_reset', u.email);
    t.clock.advance(60_000);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: u.email } });
    const second = await linkIn('user.password_reset', u.email);
    expect(second.token).not.toBe(first.token);
    const old = await confirm(first.token, 'Old-Link-Password-77');
    expect(old.statusCode).toBe(422);
    expect(old.json().code).toBe('TOKEN_INVALID');
    expect((await login(u.email, TEST_PASSWORD, { from: '198.51.100.60' })).statusCode).toBe(200);
    expect((await confirm(second.token)).statusCode).toBe(200);
  });

  it('a reset email speaks of API tokens only to a user who has live ones', async () => {
    const u = await makeUser(t, { role: 'consultant' });
    const revoked = await t.core.services.accounts.createApiToken(u.ctx, { name: 'old script' });
    await t.core.services.accounts.revokeApiToken(u.ctx, revoked.id);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: u.email } });
    const reset = await linkIn('user.password_reset', u.email);
    expect(reset.text).toMatch(/signs you out everywhere/);
    expect(reset.text).not.toMatch(/API token/);
  });

  it('a reset link voids an unused set-password link of the same user', async () => {
    const admin = await makeUser(t);
    const adminToken = (await t.core.services.accounts.createApiToken(admin.ctx, { name: 'admin script' })).token;
    const email = 'invited-reset@example.test';
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(adminToken),
      payload: { email, name: 'Invited Person', role: 'consultant' },
    });
    expect(created.statusCode).toBe(201);
    const invite = await linkIn('user.invited', email);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email } });
    const reset = await linkIn('user.password_reset', email);
    expect((await confirm(invite.token, 'Invite-Link-Password-77')).statusCode).toBe(422);
    expect((await confirm(reset.token)).statusCode).toBe(200);
  });

  it('using a reset link ends every session but keeps API tokens working, and the email says so', async () => {
    const u = await makeUser(t, { role: 'consultant' });
    const { token: apiToken } = await t.core.services.accounts.createApiToken(u.ctx, { name: 'nightly export' });
    const signedIn = await login(u.email, TEST_PASSWORD, { from: '198.51.100.61' });
    const cookie = `imr_session=${signedIn.cookies.find((c) => c.name === 'imr_session')!.value}`;
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: u.email } });
    const reset = await linkIn('user.password_reset', u.email);
    expect(reset.text).toMatch(/Your API token keeps working/);
    expect((await confirm(reset.token)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(apiToken) })).statusCode).toBe(
      200,
    );
  });

  it("revoke-all revokes every one of the user's own tokens at once, and nobody else's", async () => {
    const u = await makeUser(t, { role: 'consultant' });
    const other = await makeUser(t, { role: 'consultant' });
    const mine = await Promise.all(
      ['a', 'b', 'c'].map((name) => t.core.services.accounts.createApiToken(u.ctx, { name })),
    );
    const theirs = await t.core.services.accounts.createApiToken(other.ctx, { name: 'theirs' });
    await t.core.services.accounts.revokeApiToken(u.ctx, mine[2]!.id);
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/tokens/revoke-all', headers: bearer(mine[0]!.token) });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ revoked: 2 });
    for (const m of mine)
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(m.token) })).statusCode).toBe(
        401,
      );
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(theirs.token) })).statusCode,
    ).toBe(200);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'token.revoked_all')
      .where('actor_id', '=', u.id)
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('revoke-all needs a signed-in user (401) and changes nothing', async () => {
    const u = await makeUser(t, { role: 'consultant' });
    const { token } = await t.core.services.accounts.createApiToken(u.ctx, { name: 'kept' });
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/tokens/revoke-all' });
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) })).statusCode).toBe(
      200,
    );
  });
});
