/** The staffing demo: about twenty consultants on three continents and several zones, time off and bookings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../src/demo/index.ts';
import { makeProvider } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { DEMO_PASSWORD } from '../src/demo/staff.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
  await makeProvider(t);
  const r = await loadDemoData(t.core);
  expect(r.loaded).toBe(true);
});
afterAll(async () => t.close());

describe('staffing demo data', () => {
  it('has ~20 consultant profiles over ≥4 zones and ≥3 continents, with skills, certifications, time off and bookings', async () => {
    const login = await call(t.app, null, 'POST', '/api/v1/auth/login', {
      email: 'maria.keller@irfirm.example',
      password: DEMO_PASSWORD,
    });
    const cookie = login.headers['set-cookie'];
    const auth = {
      cookie: String(Array.isArray(cookie) ? cookie[0] : cookie).split(';')[0]!,
      csrf: login.json().csrfToken,
    };
    const list = await call(t.app, auth, 'GET', '/api/v1/consultants');
    expect(list.statusCode, list.body).toBe(200);
    const items: { timeZone: string; skills: unknown[]; certifications: unknown[]; hasProfile: boolean }[] =
      list.json().items;
    expect(items.length).toBeGreaterThanOrEqual(18);
    expect(items.every((c) => c.hasProfile && c.skills.length > 0)).toBe(true);
    const zones = new Set(items.map((c) => c.timeZone));
    expect(zones.size).toBeGreaterThanOrEqual(4);
    const continents = new Set([...zones].map((z) => z.split('/')[0]));
    expect(continents.size).toBeGreaterThanOrEqual(3);
    const busy = await t.db.kysely.selectFrom('busy_periods').select(['kind', 'status']).execute();
    expect(busy.filter((b) => b.kind === 'time_off').length).toBeGreaterThan(0);
    // Every open engagement is staffed inside its approved window (the demo loader refuses nothing).
    const staffed = await t.db.kysely
      .selectFrom('engagements')
      .leftJoin('busy_periods', 'busy_periods.engagement_id', 'engagements.id')
      .select(['engagements.number', (eb) => eb.fn.count<string>('busy_periods.id').as('bookings')])
      .where('engagements.status', 'in', ['scheduled', 'in_progress', 'on_hold', 'delivering'])
      .groupBy('engagements.number')
      .execute();
    expect(staffed.length).toBeGreaterThanOrEqual(3);
    // All but one: the newest engagement not started yet waits for its team (the managers' home card shows it).
    expect(staffed.filter((row) => Number(row.bookings) === 0)).toHaveLength(1);
    for (const row of staffed.filter((r) => Number(r.bookings) > 0))
      expect(Number(row.bookings), row.number).toBeGreaterThanOrEqual(3);
    expect(busy.filter((b) => b.kind === 'booking').length).toBeGreaterThanOrEqual(10);
    const chicago = await call(
      t.app,
      auth,
      'GET',
      '/api/v1/consultants?timeZone=America%2FChicago&skill=windows_forensics&minLevel=4',
    );
    expect(chicago.json().items.map((c: { name: string }) => c.name)).toContain('Marcus Hill');
  });

  it('has a follow-the-sun on-call rota that covers the next 14 days without gaps, in three regions', async () => {
    const login = await call(t.app, null, 'POST', '/api/v1/auth/login', {
      email: 'maria.keller@irfirm.example',
      password: DEMO_PASSWORD,
    });
    const cookie = login.headers['set-cookie'];
    const auth = {
      cookie: String(Array.isArray(cookie) ? cookie[0] : cookie).split(';')[0]!,
      csrf: login.json().csrfToken,
    };
    const now = await call(t.app, auth, 'GET', '/api/v1/oncall/now');
    expect(now.statusCode, now.body).toBe(200);
    const view = now.json();
    expect(view.current.length).toBe(1);
    expect(view.next).not.toBeNull();
    expect(view.coverage.gaps).toEqual([]);
    expect(new Date(view.coverage.to).getTime() - new Date(view.coverage.from).getTime()).toBeGreaterThanOrEqual(
      14 * 86_400_000,
    );
    const shifts = await t.db.kysely
      .selectFrom('oncall_shifts')
      .innerJoin('consultant_profiles as p', 'p.user_id', 'oncall_shifts.user_id')
      .select(['p.time_zone', 'p.on_call_eligible'])
      .execute();
    expect(shifts.length).toBeGreaterThanOrEqual(42);
    expect(shifts.every((s) => s.on_call_eligible)).toBe(true);
    const continents = new Set(shifts.map((s) => s.time_zone.split('/')[0]));
    expect(continents.size).toBeGreaterThanOrEqual(3);
  });
});
