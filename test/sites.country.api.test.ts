import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUserWithToken, type TestUser } from './support/factories.ts';
import { call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let admin: TestUser & { auth: Auth & { token: string } };
let customerId: string;

beforeAll(async () => {
  t = await createTestEnv();
  admin = await makeUserWithToken(t, { role: 'admin' });
  const c = await call(t.app, admin.auth, 'POST', '/api/v1/customers', {
    name: 'Country Test GmbH',
    timeZone: 'Europe/Berlin',
  });
  expect(c.statusCode, c.body).toBe(201);
  customerId = c.json().id;
});
afterAll(async () => t.close());

const sites = () => t.db.kysely.selectFrom('sites').selectAll().where('customer_id', '=', customerId).execute();
const audits = () => t.db.kysely.selectFrom('audit_events').select('id').execute();

describe('sites: country (ISO 3166-1 alpha-2) and business hours', () => {
  it('stores a country with the business hours, shows and edits them, and audits the change', async () => {
    const r = await call(t.app, admin.auth, 'POST', `/api/v1/customers/${customerId}/sites`, {
      name: 'Munich plant',
      country: 'DE',
      businessHours: { start: '07:30', end: '16:00' },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ country: 'DE', businessHours: { start: '07:30', end: '16:00' } });
    const id = r.json().id;
    const moved = await call(t.app, admin.auth, 'PATCH', `/api/v1/customers/${customerId}/sites/${id}`, {
      country: 'AT',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ country: 'AT', businessHours: { start: '07:30', end: '16:00' } });
    const ev = await t.db.kysely
      .selectFrom('audit_events')
      .select(['before', 'after'])
      .where('entity_id', '=', id)
      .where('action', '=', 'site.updated')
      .executeTakeFirstOrThrow();
    expect(ev.before).toEqual({ country: 'DE' });
    expect(ev.after).toEqual({ country: 'AT' });
    const cleared = await call(t.app, admin.auth, 'PATCH', `/api/v1/customers/${customerId}/sites/${id}`, {
      country: null,
    });
    expect(cleared.json().country).toBeNull();
    const bare = await call(t.app, admin.auth, 'POST', `/api/v1/customers/${customerId}/sites`, { name: 'No country' });
    expect(bare.json().country).toBeNull();
  });

  it.each([
    ['a lower-case code', 'de'],
    ['an unassigned code', 'XX'],
    ['a reserved code that is not a country', 'UK'],
    ['a grouping', 'EU'],
    ['a country name', 'Germany'],
    ['an alpha-3 code', 'DEU'],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_what, country) => {
    const [beforeSites, beforeAudit] = [await sites(), (await audits()).length];
    const r = await call(t.app, admin.auth, 'POST', `/api/v1/customers/${customerId}/sites`, {
      name: 'Refused site',
      country,
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(r.json().errors)).toContain('country');
    expect(r.json().detail ?? '').not.toMatch(/regex|invalid_string/i);
    const target = beforeSites[0]!;
    const p = await call(t.app, admin.auth, 'PATCH', `/api/v1/customers/${customerId}/sites/${target.id}`, {
      country,
    });
    expect(p.statusCode, p.body).toBe(400);
    expect(await sites()).toEqual(beforeSites);
    expect((await audits()).length).toBe(beforeAudit);
  });
});
