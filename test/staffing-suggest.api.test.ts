import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImrWith } from './support/cli-runner.ts';
import { makeUser, tokenFor } from './support/factories.ts';
import { makeEngagement } from './support/engagement-factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { expectRefused } from './support/request-factories.ts';
import { draft, makeRequest, makeWorkOrderWorld, type WorkOrderWorld } from './support/workorder-world.ts';

let t: TestEnv;
let w: WorkOrderWorld;
let requestId: string;
let engagementId: string;
let engagementNumber: string;
const ids: Record<string, string> = {};

interface Person {
  name: string;
  zone: string;
  city: string;
  country: string;
  lat: number;
  lon: number;
  skills: [string, number][];
  certs: string[];
}

async function consultant(p: Person): Promise<string> {
  const u = await makeUser(t, { role: 'consultant', name: p.name });
  const at = t.clock.now();
  await t.db.kysely
    .insertInto('consultant_profiles')
    .values({
      user_id: u.id,
      languages: '["en"]',
      home_city: p.city,
      home_country: p.country,
      home_latitude: p.lat,
      home_longitude: p.lon,
      time_zone: p.zone,
      working_hours: JSON.stringify({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }),
      travel_readiness: 'international',
      on_call_eligible: true,
      created_at: at,
      updated_at: at,
    })
    .execute();
  for (const [skill_id, level] of p.skills)
    await t.db.kysely.insertInto('consultant_skills').values({ user_id: u.id, skill_id, level }).execute();
  for (const certification_id of p.certs)
    await t.db.kysely
      .insertInto('consultant_certifications')
      .values({ user_id: u.id, certification_id, obtained_on: null, expires_on: null })
      .execute();
  return u.id;
}

async function busy(userId: string, kind: 'booking' | 'time_off', start: string, end: string, engagement?: string) {
  const at = t.clock.now();
  await t.db.kysely
    .insertInto('busy_periods')
    .values({
      id: t.core.ids.next('bkg'),
      consultant_id: userId,
      kind,
      period: `[${start},${end})`,
      engagement_id: engagement ?? null,
      mode: kind === 'booking' ? 'remote' : null,
      status: kind === 'booking' ? 'confirmed' : null,
      site_id: null,
      checked_in_at: null,
      checked_in_by: null,
      cancelled_at: null,
      cancelled_by: null,
      cancel_reason: null,
      reason: kind === 'time_off' ? 'Family' : null,
      created_by: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

const NY = { zone: 'America/New_York', city: 'New York', country: 'US', lat: 40.7128, lon: -74.006 };
const all = (level: number): [string, number][] => [
  ['incident_handling', level],
  ['windows_forensics', level],
  ['containment', level],
];

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-12-28T12:00:00Z' });
  w = await makeWorkOrderWorld(t, { timeZone: 'America/New_York' });
  await t.db.kysely
    .updateTable('sites')
    .set({ latitude: 40.7128, longitude: -74.006 })
    .where('id', '=', w.siteId)
    .execute();
  requestId = await makeRequest(t, w); // P1 ransomware: incident handling, Windows forensics, containment ≥ 3; GCFA, GCIH
  ids.ada = await consultant({ name: 'Ada Lovelace', ...NY, skills: all(5), certs: ['gcfa', 'gcih'] });
  ids.ben = await consultant({
    name: 'Ben Berger',
    zone: 'Europe/Berlin',
    city: 'Berlin',
    country: 'DE',
    lat: 52.52,
    lon: 13.405,
    skills: all(4),
    certs: ['gcfa'],
  });
  ids.cy = await consultant({ name: 'Cy Young', ...NY, skills: all(4), certs: [] });
  ids.dee = await consultant({
    name: 'Dee Dee',
    ...NY,
    skills: [
      ['incident_handling', 5],
      ['windows_forensics', 2],
      ['containment', 5],
    ],
    certs: [],
  });
  ids.eve = await consultant({ name: 'Eve Off', ...NY, skills: all(5), certs: [] });
  const other = await makeEngagement(t, { contract: undefined });
  await busy(ids.cy, 'booking', '2027-01-05T00:00:00Z', '2027-01-07T00:00:00Z', other.id);
  await busy(ids.eve, 'time_off', '2027-01-01T05:00:00Z', '2027-01-06T05:00:00Z');
  const e = await makeEngagement(t, {
    plannedStart: '2027-01-04T05:00:00Z',
    plannedEnd: '2027-01-09T05:00:00Z',
  });
  await t.db.kysely
    .updateTable('engagements')
    .set({ request_id: requestId, customer_id: w.customer.customerId, site_ids: JSON.stringify([w.siteId]) })
    .where('id', '=', e.id)
    .execute();
  engagementId = e.id;
  engagementNumber = e.number;
});
afterAll(async () => t.close());

type Result = {
  suggestions: {
    consultantId: string;
    name: string;
    score: number;
    criteria: { key: string; value: number; sentence: string }[];
  }[];
  excluded: { consultantId: string; reason: string; sentence: string }[];
};
const crit = (r: Result, id: string, key: string) =>
  r.suggestions.find((s) => s.consultantId === id)!.criteria.find((c) => c.key === key)!;

describe('staffing suggestions', () => {
  it('ranks an engagement by skills, zone, load and certifications, with sentences, and lists who cannot serve', async () => {
    const r = await call(t.app, w.irManager.auth, 'GET', `/api/v1/engagements/${engagementId}/staffing-suggestions`);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as Result & { window: unknown; requiredSkills: unknown; mode: string };
    expect(body.mode).toBe('remote');
    expect(body.window).toEqual({ start: '2027-01-04T05:00:00.000Z', end: '2027-01-09T05:00:00.000Z' });
    expect(body.suggestions.map((s) => [s.name, s.score])).toEqual([
      ['Ada Lovelace', 100],
      ['Ben Berger', 78],
      ['Cy Young', 68],
    ]);
    expect(crit(body, ids.ada!, 'skills').sentence).toBe(
      'Covers all 3 required skills: Containment 5/5 (needs 3), Incident handling 5/5 (needs 3) and Windows forensics 5/5 (needs 3).',
    );
    expect(crit(body, ids.ben!, 'timeZone')).toMatchObject({
      value: 25,
      sentence:
        "Works 09:00–17:00 Europe/Berlin; overlaps the site's business hours (09:00–17:00 America/New_York) by 2 h a day.",
    });
    expect(crit(body, ids.ben!, 'certifications').sentence).toBe('Holds 1 of 2 preferred certifications (GCFA).');
    expect(crit(body, ids.cy!, 'availability')).toMatchObject({
      value: 60,
      sentence: 'Free 24 of 40 working hours in the planned window; the rest is taken by 1 booking elsewhere.',
    });
    expect(crit(body, ids.cy!, 'load')).toMatchObject({
      value: 80,
      sentence: 'Booked 16 of 80 working hours in the next two weeks (20 %).',
    });
    expect(body.excluded.map((x) => [x.consultantId, x.reason, x.sentence])).toEqual([
      [ids.dee, 'missing_skill', 'Dee Dee lacks Windows forensics at level 2 (needs 3).'],
      [ids.eve, 'time_off', 'Eve Off is on time off through 5 Jan 2027, when the work starts.'],
    ]);
    // The readable number works too, and the answer is the same (deterministic).
    const again = await call(
      t.app,
      w.irManager.auth,
      'GET',
      `/api/v1/engagements/${engagementNumber}/staffing-suggestions`,
    );
    expect(again.json()).toEqual(body);
  });

  it('follows the weights of the firm settings', async () => {
    const admin = w.admin.auth;
    const patch = (staffingWeightTimeZone: number) =>
      call(t.app, admin, 'PATCH', '/api/v1/settings', { staffingWeightTimeZone, reason: 'Zone matters less' });
    const p = await patch(0);
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json()).toMatchObject({ staffingWeightTimeZone: 0, staffingWeightSkills: 35 });
    const r = (
      await call(t.app, w.irManager.auth, 'GET', `/api/v1/engagements/${engagementId}/staffing-suggestions`)
    ).json();
    // Ben: (80·35 + 100·25 + 100·10 + 50·10) / 80 = 85.
    expect(r.suggestions.map((s: { name: string; score: number }) => [s.name, s.score])).toEqual([
      ['Ada Lovelace', 100],
      ['Ben Berger', 85],
      ['Cy Young', 64],
    ]);
    expect((await patch(10)).statusCode).toBe(200);
  });

  it('weighs distance for on-site work in an EWO draft and states the travel estimate', async () => {
    const wo = await draft(t, w, requestId, {
      deliveryMode: 'onsite',
      siteIds: [w.siteId],
      proposedStart: '2027-01-04',
      proposedEnd: '2027-01-08',
    });
    const r = await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${wo.id}/staffing-suggestions`);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as Result & { window: unknown };
    expect(body.window).toEqual({ start: '2027-01-04T05:00:00.000Z', end: '2027-01-09T05:00:00.000Z' });
    expect(crit(body, ids.ben!, 'distance').sentence).toMatch(
      /^Home base Berlin, DE is 6,\d{2}0 km from Head office \d+ \(about 12\.5 h by air\)\.$/,
    );
    expect(crit(body, ids.ada!, 'distance')).toMatchObject({ value: 100 });
    expect(crit(body, ids.ada!, 'timeZone').sentence).toBe('Not weighed: the work is on site.');
    expect(body.suggestions[0]!.name).toBe('Ada Lovelace');
  });

  it('suggests for an emergency request before any EWO exists (the next 72 hours)', async () => {
    const r = await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${requestId}/staffing-suggestions`);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.window).toEqual({ start: '2026-12-28T12:00:00.000Z', end: '2026-12-31T12:00:00.000Z' });
    expect(body.suggestions.map((s: { name: string }) => s.name)).toContain('Eve Off');
    expect(body.excluded.map((x: { name: string }) => x.name)).toEqual(['Dee Dee']);
  });

  it('is for staff who staff engagements: consultants and customers are refused, unknown ids are 404', async () => {
    const c = await makeUser(t, { role: 'consultant' });
    const url = `/api/v1/engagements/${engagementId}/staffing-suggestions`;
    await expectRefused(t, call(t.app, await tokenFor(t, c), 'GET', url), 403, 'FORBIDDEN');
    await expectRefused(t, call(t.app, w.approver.auth, 'GET', url), 403, 'FORBIDDEN');
    await expectRefused(
      t,
      call(t.app, w.accountManager.auth, 'GET', '/api/v1/engagements/eng_nope/staffing-suggestions'),
      404,
      'NOT_FOUND',
    );
    expect((await call(t.app, w.accountManager.auth, 'GET', url)).statusCode).toBe(200);
  });

  it('imr staff suggest prints the same ranking with reasons, and --json the API answer', async () => {
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const env = { IMR_URL: url, IMR_TOKEN: w.irManager.auth.token, XDG_CONFIG_HOME: '/nonexistent-imr-test' };
    const human = await runImrWith(env, 'staff', 'suggest', engagementNumber);
    expect(human.code, human.err).toBe(0);
    expect(human.out).toContain(`Suggestions for ${engagementNumber} (remote, Head office`);
    expect(human.out).toContain('1. Ada Lovelace: 100/100');
    expect(human.out).toContain('2. Ben Berger: 78/100');
    expect(human.out).toMatch(/Time zone\s+25 {2}Works 09:00–17:00 Europe\/Berlin/);
    expect(human.out).toContain('Cannot serve:\n   Dee Dee lacks Windows forensics at level 2 (needs 3).');
    expect(human.out).not.toContain('usr_');
    const json = await runImrWith(env, 'staff', 'suggest', engagementNumber, '--json');
    expect(JSON.parse(json.out).suggestions.map((s: { name: string }) => s.name)).toEqual([
      'Ada Lovelace',
      'Ben Berger',
      'Cy Young',
    ]);
  });

  it('refuses weights out of 0–100 and weight changes by non-admins, changing nothing', async () => {
    await expectRefused(
      t,
      call(t.app, w.admin.auth, 'PATCH', '/api/v1/settings', { staffingWeightSkills: 101, reason: 'Too much' }),
      400,
      'VALIDATION_FAILED',
      ['settings', 'audit_events'],
    );
    await expectRefused(
      t,
      call(t.app, w.irManager.auth, 'PATCH', '/api/v1/settings', { staffingWeightSkills: 50, reason: 'Mine' }),
      403,
      'FORBIDDEN',
      ['settings', 'audit_events'],
    );
    const settings = (await call(t.app, w.irManager.auth, 'GET', '/api/v1/settings')).json();
    expect(settings).toMatchObject({
      staffingWeightSkills: 35,
      staffingWeightAvailability: 25,
      staffingWeightDistance: 10,
      staffingWeightLoad: 10,
      staffingWeightCertifications: 10,
    });
  });

  it('sites have business hours (default 09:00–17:00) that the zone overlap follows; an emergency may name a site', async () => {
    const sites = `/api/v1/customers/${w.customer.customerId}/sites`;
    const site = (await call(t.app, w.admin.auth, 'GET', `${sites}/${w.siteId}`)).json();
    expect(site.businessHours).toEqual({ start: '09:00', end: '17:00' });
    await expectRefused(
      t,
      call(t.app, w.admin.auth, 'PATCH', `${sites}/${w.siteId}`, { businessHours: { start: '18:00', end: '08:00' } }),
      400,
      'VALIDATION_FAILED',
    );
    const early = await call(t.app, w.admin.auth, 'POST', sites, {
      name: 'Night desk',
      latitude: 40.7,
      longitude: -74,
      timeZone: 'America/New_York',
      businessHours: { start: '03:00', end: '11:00' },
    });
    expect(early.statusCode, early.body).toBe(201);
    expect(early.json().businessHours).toEqual({ start: '03:00', end: '11:00' });
    const r = await call(t.app, w.irManager.auth, 'POST', '/api/v1/requests', {
      kind: 'emergency',
      contractId: w.contract.id,
      incidentType: 'ransomware',
      severity: 'P2',
      description: 'Night shift reports encrypted files',
      channel: 'hotline',
      siteId: early.json().id,
    });
    expect(r.statusCode, r.body).toBe(201);
    const s = (
      await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${r.json().id}/staffing-suggestions`)
    ).json();
    expect(s.site).toBe('Night desk');
    // Berlin 09:00–17:00 is 03:00–11:00 in New York in winter: a full overlap with the night desk.
    expect(crit(s, ids.ben!, 'timeZone').value).toBe(100);
    await expectRefused(
      t,
      call(t.app, w.irManager.auth, 'POST', '/api/v1/requests', {
        kind: 'emergency',
        contractId: w.contract.id,
        incidentType: 'ransomware',
        severity: 'P2',
        description: 'Wrong site',
        channel: 'hotline',
        siteId: 'sit_of_someone_else',
      }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('keeps the roster between rankings only while it is current: a skill changed in the database is seen at once', async () => {
    const url = `/api/v1/engagements/${engagementId}/staffing-suggestions`;
    const names = async () =>
      ((await call(t.app, w.irManager.auth, 'GET', url)).json() as Result).suggestions.map((s) => s.consultantId);
    expect(await names()).not.toContain(ids.dee);
    // Written straight to the table, as another server node or the CLI would: no cache of this process is told.
    const setLevel = (level: number) =>
      t.db.kysely
        .updateTable('consultant_skills')
        .set({ level })
        .where('user_id', '=', ids.dee!)
        .where('skill_id', '=', 'windows_forensics')
        .execute();
    await setLevel(3);
    expect(await names()).toContain(ids.dee);
    await setLevel(2);
    expect(await names()).not.toContain(ids.dee);
  });

  it('keeps busy periods between rankings only while they are current: time off or a booking written, cancelled or removed is seen at once', async () => {
    const url = `/api/v1/engagements/${engagementId}/staffing-suggestions`;
    const rank = async () => (await call(t.app, w.irManager.auth, 'GET', url)).json() as Result;
    const served = async () => (await rank()).suggestions.map((s) => s.consultantId);
    expect(await served()).toContain(ids.ada);
    // Written straight to the table, as another server node or the CLI would: no cache of this process is told.
    await busy(ids.ada!, 'time_off', '2027-01-04T00:00:00Z', '2027-01-10T00:00:00Z');
    const off = await rank();
    expect(off.suggestions.map((s) => s.consultantId)).not.toContain(ids.ada);
    expect(off.excluded.find((x) => x.consultantId === ids.ada)?.sentence).toMatch(/^Ada Lovelace is on time off/);
    const remove = () => t.db.kysely.deleteFrom('busy_periods').where('consultant_id', '=', ids.ada!).execute();
    await remove();
    expect(await served()).toContain(ids.ada);
    await busy(ids.ada!, 'booking', '2027-01-04T00:00:00Z', '2027-01-10T00:00:00Z', engagementId);
    expect(await served()).not.toContain(ids.ada);
    await t.db.kysely
      .updateTable('busy_periods')
      .set({ cancelled_at: t.clock.now() })
      .where('consultant_id', '=', ids.ada!)
      .execute();
    expect(await served()).toContain(ids.ada);
    await remove();
    expect(await served()).toContain(ids.ada);
  });

  it('booking from a suggestion is one action: the booked consultant then cannot serve the same start', async () => {
    const url = `/api/v1/engagements/${engagementId}/staffing-suggestions`;
    const before = (await call(t.app, w.irManager.auth, 'GET', url)).json();
    const top = before.suggestions[0];
    const booked = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${engagementId}/bookings`, {
      consultantId: top.consultantId,
      start: before.window.start,
      end: before.window.end,
      mode: 'remote',
      status: 'confirmed',
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const after = (await call(t.app, w.irManager.auth, 'GET', url)).json();
    expect(after.suggestions.map((s: { name: string }) => s.name)).not.toContain(top.name);
    expect(after.excluded.find((x: { consultantId: string }) => x.consultantId === top.consultantId)).toMatchObject({
      reason: 'conflict',
      sentence: `${top.name} is booked on ${engagementNumber} through 8 Jan 2027, when the work starts.`,
    });
  });
});
