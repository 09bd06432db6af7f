import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEngagement } from './support/engagement-factories.ts';
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

  it('lists bookings (tentative marked, cancelled gone), time off without its reason and on-call shifts, parsed by ical.js', async () => {
    const ines = await makeUserWithToken(t, {
      role: 'consultant',
      organizationId: admin.organizationId,
      name: 'Ines Q',
    });
    const at = t.clock.now();
    await t.db.kysely
      .insertInto('consultant_profiles')
      .values({
        user_id: ines.id,
        languages: JSON.stringify(['en']),
        home_city: 'Lisbon',
        home_country: 'PT',
        home_latitude: 38.72,
        home_longitude: -9.14,
        time_zone: 'Europe/Lisbon',
        working_hours: JSON.stringify({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }),
        created_at: at,
        updated_at: at,
      })
      .execute();
    const e = await makeEngagement(t, { team: [{ userId: ines.id, role: 'lead' }] });
    const ids = { confirmed: 'bkg_feedconfirmed', tentative: 'bkg_feedtentative', cancelled: 'bkg_feedcancelled' };
    const booking = (id: string, start: string, end: string, status: 'confirmed' | 'tentative', cancelled = false) => ({
      id,
      consultant_id: ines.id,
      kind: 'booking' as const,
      period: `[${start},${end})`,
      engagement_id: e.id,
      mode: 'remote' as const,
      status,
      sequence: cancelled ? 2 : 1,
      cancelled_at: cancelled ? at : null,
      cancelled_by: cancelled ? admin.id : null,
      created_at: at,
      updated_at: at,
    });
    await t.db.kysely
      .insertInto('busy_periods')
      .values([
        booking(ids.confirmed, '2026-11-09T09:00:00Z', '2026-11-09T17:00:00Z', 'confirmed'),
        booking(ids.tentative, '2026-11-09T12:00:00Z', '2026-11-10T17:00:00Z', 'tentative'),
        booking(ids.cancelled, '2026-11-12T09:00:00Z', '2026-11-12T17:00:00Z', 'confirmed', true),
        {
          id: 'bkg_feedtimeoff',
          consultant_id: ines.id,
          kind: 'time_off',
          // 16–18 November, whole days in Lisbon (UTC+0 in winter)
          period: '[2026-11-16T00:00:00Z,2026-11-19T00:00:00Z)',
          reason: 'Surgery follow-up, confidential',
          created_at: at,
          updated_at: at,
        },
        {
          id: 'bkg_feedtimeoff2',
          consultant_id: ines.id,
          kind: 'time_off',
          period: '[2026-11-20T13:00:00Z,2026-11-20T17:00:00Z)',
          reason: 'Dentist',
          created_at: at,
          updated_at: at,
        },
      ])
      .execute();
    await t.db.kysely
      .insertInto('oncall_rotas')
      .values({ id: 'rot_feed', name: 'EMEA follow-the-sun', created_at: at, updated_at: at })
      .execute();
    await t.db.kysely
      .insertInto('oncall_shifts')
      .values({
        id: 'shf_feed',
        rota_id: 'rot_feed',
        user_id: ines.id,
        starts_at: new Date('2026-11-21T08:00:00Z'),
        ends_at: new Date('2026-11-21T20:00:00Z'),
        created_at: at,
        updated_at: at,
      })
      .execute();
    const url = (await api(ines, 'POST', `/api/v1/consultants/${ines.id}/calendar-feed`)).json().url;
    const feed = await call(t.app, null, 'GET', pathOf(url));
    expect(feed.statusCode).toBe(200);
    expect(feed.body).not.toMatch(/Surgery|confidential|Dentist/);

    const cal = new ICAL.Component(ICAL.parse(feed.body));
    const events = cal.getAllSubcomponents('vevent').map((v) => {
      const ev = new ICAL.Event(v);
      return {
        uid: ev.uid,
        sequence: ev.sequence,
        summary: ev.summary,
        status: v.getFirstPropertyValue('status'),
        allDay: ev.startDate.isDate,
        start: ev.startDate.isDate ? ev.startDate.toString() : ev.startDate.toJSDate().toISOString(),
        end: ev.endDate.isDate ? ev.endDate.toString() : ev.endDate.toJSDate().toISOString(),
        stamp: v.getFirstPropertyValue('dtstamp') !== null,
      };
    });
    expect(events).toEqual([
      {
        uid: `${ids.confirmed}@imr.test`,
        sequence: 1,
        summary: `${e.number}: ${(await t.db.kysely.selectFrom('engagements').select('title').where('id', '=', e.id).executeTakeFirstOrThrow()).title} (${(await t.db.kysely.selectFrom('customers').select('name').where('id', '=', e.customerId).executeTakeFirstOrThrow()).name}), remote`,
        status: 'CONFIRMED',
        allDay: false,
        start: '2026-11-09T09:00:00.000Z',
        end: '2026-11-09T17:00:00.000Z',
        stamp: true,
      },
      expect.objectContaining({ uid: `${ids.tentative}@imr.test`, status: 'TENTATIVE', allDay: false }),
      {
        uid: 'bkg_feedtimeoff@imr.test',
        sequence: 0,
        summary: 'Time off',
        status: null,
        allDay: true,
        start: '2026-11-16',
        end: '2026-11-19',
        stamp: true,
      },
      expect.objectContaining({
        uid: 'bkg_feedtimeoff2@imr.test',
        summary: 'Time off',
        allDay: false,
        start: '2026-11-20T13:00:00.000Z',
      }),
      expect.objectContaining({
        uid: 'shf_feed@imr.test',
        summary: 'On call: EMEA follow-the-sun',
        allDay: false,
        start: '2026-11-21T08:00:00.000Z',
        end: '2026-11-21T20:00:00.000Z',
      }),
    ]);
  });
});
