import fs from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, envSchema, loadConfig } from '../src/config/config.ts';
import { openApiDocument } from '../src/server/openapi.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(async () => t.close());

describe('OpenAPI document', () => {
  it('passes an OpenAPI 3 validator', async () => {
    const doc = (await call(t.app, null, 'GET', '/api/openapi.json')).json();
    const validator = new Validator();
    const res = await validator.validate(doc);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1/);
  });

  it('lists every API route with its request and response schemas', async () => {
    const doc = (await call(t.app, null, 'GET', '/api/openapi.json')).json();
    const routes = t.app.printRoutes({ commonPrefix: false });
    expect(routes).toContain('/api/v1/auth/login');
    const ops = Object.entries(
      doc.paths as Record<
        string,
        Record<string, { responses: Record<string, { content?: unknown }>; requestBody?: unknown }>
      >,
    ).flatMap(([p, methods]) => Object.entries(methods).map(([m, op]) => ({ p, m, op })));
    expect(ops.length).toBeGreaterThan(10);
    for (const { p, m, op } of ops) {
      expect(p.startsWith('/api/v1/'), p).toBe(true);
      const success = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
      expect(success.length, `${m} ${p} has a success response`).toBeGreaterThan(0);
      for (const [s, r] of success) if (s !== '204') expect(r.content, `${m} ${p} ${s} has a schema`).toBeDefined();
      expect(op.responses['400'], `${m} ${p} documents its problems`).toBeDefined();
      if (['post', 'put', 'patch'].includes(m) && !p.endsWith('/logout')) {
        const hasBody = op.requestBody !== undefined;
        const noBodyActions =
          /\/(activate|send|issue|accept|approve|reject|kickoff|invite|withdraw|renew|retry|logout|revoke-all|backup|calendar-feed|test|redeliver)$/.test(
            p,
          );
        if (!noBodyActions) expect(hasBody, `${m} ${p} documents its body`).toBe(true);
      }
    }
  });

  it('matches the committed docs/openapi.json (run `npm run openapi` after changing the API)', async () => {
    const committed = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../docs/openapi.json'), 'utf8'));
    const current = await openApiDocument(t.app);
    expect(current).toEqual(committed);
  });
});

describe('platform', () => {
  it('answers /healthz and /readyz (database reachable, migrations current)', async () => {
    expect((await call(t.app, null, 'GET', '/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await call(t.app, null, 'GET', '/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ready: true, database: 'ok', migrations: 'current' });
  });

  it('echoes a sane X-Request-Id and makes one otherwise; problems carry it', async () => {
    const r = await call(t.app, null, 'GET', '/api/v1/nope', undefined, { 'x-request-id': 'trace-123' });
    expect(r.headers['x-request-id']).toBe('trace-123');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
      requestId: 'trace-123',
      instance: '/api/v1/nope',
    });
    const made = await call(t.app, null, 'GET', '/healthz', undefined, { 'x-request-id': 'bad id with spaces' });
    expect(made.headers['x-request-id']).toMatch(/^req_/);
  });

  it('sets secure headers', async () => {
    const r = await call(t.app, null, 'GET', '/healthz');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('answers malformed JSON with a 400 problem, not a 500', async () => {
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { authorization: `Bearer ${admin.auth.token}`, 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json().code).toBe('BAD_REQUEST');
  });
});

describe('audit', () => {
  it('records state changes with actor, channel and request id, and refuses UPDATE and DELETE at the database level', async () => {
    const admin = await makeUserWithToken(t, { role: 'admin' });
    await call(
      t.app,
      admin.auth,
      'POST',
      '/api/v1/users',
      { email: 'audited@example.test', name: 'Audited', role: 'consultant' },
      { 'x-request-id': 'audit-req-1' },
    );
    const page = (await call(t.app, admin.auth, 'GET', '/api/v1/audit?action=user.created&limit=5')).json();
    const ev = page.items.find((e: { requestId: string }) => e.requestId === 'audit-req-1');
    expect(ev).toMatchObject({
      actorId: admin.id,
      actorType: 'user',
      channel: 'api',
      entityType: 'user',
      after: { email: 'audited@example.test' },
    });
    await expect(sql`UPDATE audit_events SET action = 'tampered'`.execute(t.db.kysely)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events`.execute(t.db.kysely)).rejects.toThrow(/append-only/);
    const still = (await call(t.app, admin.auth, 'GET', '/api/v1/audit?action=user.created&limit=200')).json();
    expect(still.items.some((e: { requestId: string }) => e.requestId === 'audit-req-1')).toBe(true);
    const irm = await makeUserWithToken(t, { role: 'ir_manager' });
    expect((await call(t.app, irm.auth, 'GET', '/api/v1/audit')).statusCode).toBe(403);
  });

  it('paginates with a cursor', async () => {
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const first = (await call(t.app, admin.auth, 'GET', '/api/v1/audit?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = (await call(t.app, admin.auth, 'GET', `/api/v1/audit?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].seq).toBeLessThan(first.items[1].seq);
  });
});

describe('transactions', () => {
  it('refuses the root executor inside a transaction instead of hanging', async () => {
    await expect(
      t.db.transaction(async () => {
        await t.db.kysely.selectFrom('users').select('id').execute();
      }),
    ).rejects.toThrow(/inside a transaction/);
    // The database still answers afterwards.
    expect((await t.db.kysely.selectFrom('users').select('id').limit(1).execute()).length).toBeGreaterThanOrEqual(0);
  });
});

describe('configuration', () => {
  it('lists every problem of a bad environment at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail', SMTP_IN_PORT: '2525' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('PORT');
    expect(problems).toContain('DATABASE_URL');
    expect(problems).toContain('SMTP_URL');
    expect(problems).toContain('MAIL_IN_DOMAIN');
  });

  it('documents every setting in .env.example', () => {
    const example = fs.readFileSync(path.resolve(import.meta.dirname, '../.env.example'), 'utf8');
    for (const key of Object.keys(envSchema.shape)) expect(example, key).toMatch(new RegExp(`^${key}=`, 'm'));
  });

  it('single sign-on: all three settings or none, https only, plain http refused in production', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (e) {
        return (e as ConfigError).problems.join('\n');
      }
    };
    expect(problems({ OIDC_ISSUER: 'https://id.example.com' })).toContain('OIDC_CLIENT_ID, OIDC_CLIENT_SECRET');
    const sso = { OIDC_ISSUER: 'http://127.0.0.1:9', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' };
    expect(problems(sso)).toContain('OIDC_ISSUER: must be an https URL');
    expect(problems({ ...sso, OIDC_ALLOW_HTTP: '1' })).toBe('');
    expect(problems({ ...sso, OIDC_ALLOW_HTTP: '1', NODE_ENV: 'production' })).toContain(
      'OIDC_ALLOW_HTTP: plain http to the OpenID provider is for tests only',
    );
    expect(problems({ ...sso, OIDC_ALLOW_HTTP: '1', OIDC_GROUP_ROLES: 'Finance=customer_viewer' })).toContain(
      'OIDC_GROUP_ROLES',
    );
    expect(loadConfig({ ...sso, OIDC_ALLOW_HTTP: '1', PUBLIC_URL: 'https://imr.example.com' }).sso?.redirectUri).toBe(
      'https://imr.example.com/api/v1/auth/oidc/callback',
    );
  });

  it('defaults PUBLIC_URL to http://HOST:PORT', () => {
    expect(loadConfig({ HOST: '127.0.0.1', PORT: '4000' }).publicUrl).toBe('http://127.0.0.1:4000');
    expect(loadConfig({ PUBLIC_URL: 'https://imr.example.com/' }).publicUrl).toBe('https://imr.example.com');
  });
});
