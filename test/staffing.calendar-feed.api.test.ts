import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, TEST_PUBLIC_URL, type TestEnv } from './support/harness.ts';

let t: TestEnv;
type U = Awaited<ReturnType<typeof makeUserWithToken>>;
let admin: U, irm: U, am: U, consultant: U, other: U, customer: U;

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:00:00Z' });
  admin = await makeUserWithToken(t, { role: 'admin' });
  irm = await makeUserWithToken(t, { role: 'ir_manager', organizationId: admin.organizationId });
  am = await makeUserWithToken(t, { role: 'account_manager', organizationId: admin.organizationId });
  consultant = await makeUserWithToken(t, {
    role: 'consultant',
    organizationId: admin.organizationId,
    name: 'Ines Duarte',
  });
  other = await makeUserWithToken(t, { role: 'consultant', organizationId: admin.organizationId });
  customer = await makeUserWithToken(t, { role: 'customer_approver' });
});
afterAll(async () => t.close());

const api = (u: U | null, method: 'GET' | 'POST', url: string, body?: unknown) =>
  call(t.app, u?.auth ?? null, method, url, body);
/** The path of a feed URL, as the harness serves it (PUBLIC_URL is not listening). */
const pathOf = (url: string) => url.slice(TEST_PUBLIC_URL.length);
const feedRows = () => t.db.kysely.selectFrom('calendar_feeds').selectAll().execute();

describe('personal calendar feed', () => {
  it('gives the consultant a secret URL serving an RFC 5545 calendar a parser reads', async () => {
    const r = await api(consultant, 'POST', `/api/v1/consultants/${consultant.id}/calendar-feed`);
    expect(r.statusCode).toBe(201);
    const { url } = r.json() as { url: string };
    expect(url).toMatch(new RegExp(`^${TEST_PUBLIC_URL}/api/v1/calendar-feeds/[A-Za-z0-9_-]{43}\\.ics$`));
    const token = /calendar-feeds\/([^.]+)\.ics$/.exec(url)![1]!;
    // Only the hash is kept.
    const rows = await feedRows();
    expect(rows.find((row) => row.user_id === consultant.id)!.token_hash).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(token);

    const feed = await call(t.app, null, 'GET', pathOf(url));
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const cal = new ICAL.Component(ICAL.parse(feed.body));
    expect(cal.name).toBe('vcalendar');
    expect(cal.getFirstPropertyValue('prodid')).toBe('-//IMR Desk//Calendar feed//EN');
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('IMR Desk: Ines Duarte');
    // Also without the .ics suffix.
    expect((await call(t.app, null, 'GET', pathOf(url).replace(/\.ics$/, ''))).statusCode).toBe(200);
  });

  it('replaces the previous URL: the old one answers 404, the new one works', async () => {
    const first = (await api(consultant, 'POST', `/api/v1/consultants/${consultant.id}/calendar-feed`)).json().url;
    const second = (await api(irm, 'POST', `/api/v1/consultants/${consultant.id}/calendar-feed`)).json().url;
    expect(second).not.toBe(first);
    const old = await call(t.app, null, 'GET', pathOf(first));
    expect(old.statusCode).toBe(404);
    expect(old.json().code).toBe('NOT_FOUND');
    expect((await call(t.app, null, 'GET', pathOf(second))).statusCode).toBe(200);
    const third = (await api(admin, 'POST', `/api/v1/consultants/${consultant.id}/calendar-feed`)).json().url;
    expect((await call(t.app, null, 'GET', pathOf(second))).statusCode).toBe(404);
    expect((await call(t.app, null, 'GET', pathOf(third))).statusCode).toBe(200);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select(['action', 'after'])
      .where('entity_id', '=', consultant.id)
      .where('action', '=', 'calendar_feed.created')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(audit)).not.toMatch(/calendar-feeds\//);
  });

  it('refuses other consultants and account managers (403), customers and unknown users (404), and writes nothing', async () => {
    await api(other, 'POST', `/api/v1/consultants/${other.id}/calendar-feed`);
    const before = await feedRows();
    const auditBefore = await t.db.kysely.selectFrom('audit_events').select('id').execute();
    for (const [u, target, status, code] of [
      [other, consultant.id, 403, 'FORBIDDEN'],
      [am, consultant.id, 403, 'FORBIDDEN'],
      [customer, consultant.id, 404, 'NOT_FOUND'],
      [admin, 'usr_nobody', 404, 'NOT_FOUND'],
      [admin, customer.id, 404, 'NOT_FOUND'],
      [null, consultant.id, 401, 'UNAUTHENTICATED'],
    ] as const) {
      const r = await api(u, 'POST', `/api/v1/consultants/${target}/calendar-feed`);
      expect([r.statusCode, r.json().code]).toEqual([status, code]);
    }
    expect(await feedRows()).toEqual(before);
    expect((await t.db.kysely.selectFrom('audit_events').select('id').execute()).length).toBe(auditBefore.length);
  });

  it('answers 404 for a made-up token and for a disabled consultant', async () => {
    expect(
      (await call(t.app, null, 'GET', '/api/v1/calendar-feeds/not-a-real-token-000000000000.ics')).statusCode,
    ).toBe(404);
    const leaving = await makeUserWithToken(t, { role: 'consultant', organizationId: admin.organizationId });
    const url = (await api(admin, 'POST', `/api/v1/consultants/${leaving.id}/calendar-feed`)).json().url;
    expect((await call(t.app, null, 'GET', pathOf(url))).statusCode).toBe(200);
    await t.db.kysely.updateTable('users').set({ status: 'disabled' }).where('id', '=', leaving.id).execute();
    expect((await call(t.app, null, 'GET', pathOf(url))).statusCode).toBe(404);
  });
});
