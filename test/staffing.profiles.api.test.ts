/**
 * Consultant profiles and catalogs through the API on both back ends: who edits what, what customers see,
 * the directory's filters, effort against a travel booking and planned dates inside the EWO window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { makeUserWithToken } from './support/factories.ts';
import { makeApprovedEngagement, makeStaffingWorld, staffingCounts } from './support/staffing-factories.ts';

let t: TestEnv;
let w: Awaited<ReturnType<typeof makeStaffingWorld>>;
const url = (id: string) => `/api/v1/consultants/${id}`;

beforeAll(async () => {
  t = await createTestEnv();
  w = await makeStaffingWorld(t);
});
afterAll(async () => t.close());

async function refusedUnchanged(request: () => Promise<{ statusCode: number; body: string }>, status: number) {
  const before = await staffingCounts(t);
  const r = await request();
  expect(r.statusCode, r.body).toBe(status);
  expect(await staffingCounts(t)).toEqual(before);
}

describe('profiles', () => {
  it('an IR manager fills a profile in: skills, certifications, home base, languages, hours', async () => {
    const r = await call(t.app, w.staff.manager.auth, 'PATCH', url(w.staff.consultant.id), {
      title: 'Senior DFIR consultant',
      languages: ['en', 'de'],
      homeBase: { city: 'Berlin', country: 'DE', latitude: 52.52, longitude: 13.405, timeZone: 'Europe/Berlin' },
      workingHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:00' },
      travelReadiness: 'international',
      travelDocuments: 'German passport; US ESTA',
      onCallEligible: true,
      skills: [
        { skillId: 'windows_forensics', level: 5 },
        { skillId: 'memory_forensics', level: 4 },
      ],
      certifications: [
        { certificationId: 'gcfa', obtainedOn: '2022-03-01', expiresOn: '2026-03-01' },
        { certificationId: 'grem', expiresOn: '2028-01-01' },
      ],
      revision: 0,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      hasProfile: true,
      revision: 1,
      timeZone: 'Europe/Berlin',
      homeBase: { city: 'Berlin', country: 'DE', latitude: 52.52 },
      travelDocuments: 'German passport; US ESTA',
      skills: [
        { skillId: 'windows_forensics', level: 5, levelLabel: 'Expert' },
        { skillId: 'memory_forensics', level: 4 },
      ],
    });
    expect(r.json().certifications.find((c: { code: string }) => c.code === 'GCFA').expired).toBe(true);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', w.staff.consultant.id)
      .where('action', '=', 'consultant.profile_created')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.after)).not.toContain('ESTA');
  });

  it('a consultant edits his own skills, but not his home base, nor another’s profile; nothing written', async () => {
    const own = await call(t.app, w.staff.consultant.auth, 'PATCH', url(w.staff.consultant.id), {
      skills: [
        { skillId: 'windows_forensics', level: 5 },
        { skillId: 'linux_forensics', level: 3 },
      ],
      revision: 1,
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().skills.map((s: { skillId: string }) => s.skillId)).toEqual([
      'windows_forensics',
      'linux_forensics',
    ]);
    await refusedUnchanged(
      () =>
        call(t.app, w.staff.consultant.auth, 'PATCH', url(w.staff.consultant.id), {
          homeBase: { city: 'Paris' },
          revision: 2,
        }),
      403,
    );
    await refusedUnchanged(
      () =>
        call(t.app, w.staff.consultant.auth, 'PATCH', url(w.staff.outsider.id), {
          skills: [{ skillId: 'ot_ics', level: 5 }],
          revision: 0,
        }),
      403,
    );
  });

  it('refuses unknown skills, a bad zone and a stale revision with nothing written', async () => {
    const id = w.staff.consultant.id;
    await refusedUnchanged(
      () =>
        call(t.app, w.staff.manager.auth, 'PATCH', url(id), {
          skills: [{ skillId: 'juggling', level: 3 }],
          revision: 2,
        }),
      400,
    );
    await refusedUnchanged(
      () =>
        call(t.app, w.staff.manager.auth, 'PATCH', url(id), { homeBase: { timeZone: 'Mars/Olympus' }, revision: 2 }),
      400,
    );
    await refusedUnchanged(
      () =>
        call(t.app, w.staff.manager.auth, 'PATCH', url(id), { skills: [{ skillId: 'ot_ics', level: 6 }], revision: 2 }),
      400,
    );
    await refusedUnchanged(() => call(t.app, w.staff.manager.auth, 'PATCH', url(id), { title: 'x', revision: 1 }), 409);
    // Found by the fuzz suite (a 500 before): a null longitude beside a latitude, and a certification that
    // expires before it was obtained, are refused before the database's own checks would fail.
    await refusedUnchanged(
      () =>
        call(t.app, w.staff.manager.auth, 'PATCH', url(id), {
          homeBase: { latitude: 48.85, longitude: null },
          revision: 2,
        }),
      400,
    );
    await refusedUnchanged(
      () =>
        call(t.app, w.staff.manager.auth, 'PATCH', url(id), {
          certifications: [{ certificationId: 'gcfa', obtainedOn: '2025-05-01', expiresOn: '2024-05-01' }],
          revision: 2,
        }),
      400,
    );
  });

  it('customers: a consultant of their engagement without home base or travel documents; others 404; no directory', async () => {
    await t.db.kysely
      .insertInto('engagement_team')
      .values({
        engagement_id: w.engagement.id,
        user_id: w.staff.consultant.id,
        role: 'Consultant',
        added_at: t.clock.now(),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const r = await call(t.app, w.approver.auth, 'GET', url(w.staff.consultant.id));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().homeBase).toBeNull();
    expect(r.json().travelDocuments).toBeNull();
    expect(r.json().email).toBeUndefined();
    // The working time zone is shown (for scheduling); the city and coordinates are not.
    expect(r.body).not.toContain('"Berlin"');
    expect(r.body).not.toContain('52.52');
    expect((await call(t.app, w.otherApprover.auth, 'GET', url(w.staff.consultant.id))).statusCode).toBe(404);
    expect((await call(t.app, w.approver.auth, 'GET', '/api/v1/consultants')).statusCode).toBe(403);
    // Other staff see the home base, not the travel documents.
    const peer = await call(t.app, w.staff.outsider.auth, 'GET', url(w.staff.consultant.id));
    expect(peer.json().homeBase.city).toBe('Berlin');
    expect(peer.json().travelDocuments).toBeNull();
  });
});

describe('the directory’s filters', () => {
  it('filters by skill level, valid certification, language, zone and availability', async () => {
    const list = async (q: string) =>
      (await call(t.app, w.staff.manager.auth, 'GET', `/api/v1/consultants?${q}`))
        .json()
        .items.map((c: { userId: string }) => c.userId);
    const me = w.staff.consultant.id;
    expect(await list('skill=windows_forensics&minLevel=5')).toEqual([me]);
    expect(await list('skill=linux_forensics&minLevel=4')).toEqual([]);
    expect(await list('certification=grem')).toEqual([me]);
    expect(await list('certification=gcfa')).toEqual([]); // expired
    expect(await list('language=de')).toEqual([me]);
    expect(await list('timeZone=Europe%2FBerlin')).toEqual([me]);
    expect(await list('onCall=true')).toEqual([me]);
    const b = await call(t.app, w.staff.manager.auth, 'POST', `/api/v1/engagements/${w.engagement.id}/bookings`, {
      consultantId: me,
      start: '2026-11-20T08:00:00Z',
      end: '2026-11-20T16:00:00Z',
      mode: 'travel',
      status: 'confirmed',
    });
    expect(b.statusCode, b.body).toBe(201);
    const busy = 'availableFrom=2026-11-20T10:00:00Z&availableTo=2026-11-20T12:00:00Z';
    expect(await list(busy)).not.toContain(me);
    expect(await list(busy)).toContain(w.staff.outsider.id);
    expect(await list('availableFrom=2026-11-21T10:00:00Z&availableTo=2026-11-21T12:00:00Z')).toContain(me);
    expect(
      (await call(t.app, w.staff.manager.auth, 'GET', '/api/v1/consultants?availableFrom=2026-11-21T10:00:00Z'))
        .statusCode,
    ).toBe(400);
  });
});

describe('catalogs', () => {
  it('IR managers add skills and certifications; consultants cannot; duplicates refused', async () => {
    const r = await call(t.app, w.staff.manager.auth, 'POST', '/api/v1/skills', {
      name: 'macOS forensics',
      category: 'forensics',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().id).toBe('macos_forensics');
    expect(
      (await call(t.app, w.staff.manager.auth, 'POST', '/api/v1/skills', { name: 'MACOS Forensics' })).statusCode,
    ).toBe(409);
    expect(
      (await call(t.app, w.staff.consultant.auth, 'POST', '/api/v1/skills', { name: 'Lockpicking' })).statusCode,
    ).toBe(403);
    const c = await call(t.app, w.staff.admin.auth, 'POST', '/api/v1/certifications', {
      code: 'GCFR',
      name: 'GIAC Cloud Forensics Responder',
    });
    expect(c.statusCode, c.body).toBe(201);
    const skills = await call(t.app, w.staff.consultant.auth, 'GET', '/api/v1/skills');
    expect(skills.json().items.map((s: { id: string }) => s.id)).toContain('macos_forensics');
    expect((await call(t.app, w.approver.auth, 'GET', '/api/v1/skills')).statusCode).toBe(403);
  });

  it('incident types and catalog items name required skills with a minimum level', async () => {
    const put = await call(
      t.app,
      w.staff.manager.auth,
      'PUT',
      '/api/v1/incident-types/ransomware/staffing-requirements',
      {
        skills: [
          { skillId: 'windows_forensics', minLevel: 4 },
          { skillId: 'ransomware_negotiation', minLevel: 2 },
        ],
        certifications: ['gcfa'],
      },
    );
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().skills).toEqual(
      expect.arrayContaining([expect.objectContaining({ skillId: 'windows_forensics', minLevel: 4 })]),
    );
    const bad = await call(
      t.app,
      w.staff.manager.auth,
      'PUT',
      '/api/v1/incident-types/ransomware/staffing-requirements',
      {
        skills: [{ skillId: 'nope', minLevel: 2 }],
        certifications: [],
      },
    );
    expect(bad.statusCode).toBe(400);
    const item = await t.db.kysely.selectFrom('catalog_items').select('id').executeTakeFirstOrThrow();
    const got = await call(t.app, w.staff.consultant.auth, 'GET', `/api/v1/catalog/${item.id}/staffing-requirements`);
    expect(got.statusCode, got.body).toBe(200);
    expect(got.json().skills.length).toBeGreaterThan(0);
  });
});

describe('effort and schedule', () => {
  it('effort may be logged against a travel booking’s day', async () => {
    const consultant = await makeUserWithToken(t, { role: 'consultant' });
    const manager = await makeUserWithToken(t, { role: 'ir_manager' });
    const e = await makeApprovedEngagement(t, {
      plannedStart: '2026-11-02',
      plannedEnd: '2026-11-30',
      contractOptions: { timeZone: 'Europe/Berlin' },
    });
    const b = await call(t.app, manager.auth, 'POST', `/api/v1/engagements/${e.id}/bookings`, {
      consultantId: consultant.id,
      start: '2026-11-02T06:00:00Z',
      end: '2026-11-02T09:00:00Z',
      mode: 'travel',
      status: 'confirmed',
    });
    expect(b.statusCode, b.body).toBe(201);
    const effort = await call(t.app, consultant.auth, 'POST', `/api/v1/engagements/${e.id}/effort`, {
      date: '2026-11-02',
      minutes: 120,
      activity: 'analysis',
      note: 'Triage of the EDR export on the train',
    });
    expect(effort.statusCode, effort.body).toBe(201);
  });

  it('the approval sets the window from the EWO dates; planned dates outside it are refused', async () => {
    const manager = await makeUserWithToken(t, { role: 'ir_manager' });
    const e = await makeApprovedEngagement(t, { plannedStart: '2026-11-09', plannedEnd: null });
    const row = await t.db.kysely
      .selectFrom('engagements')
      .selectAll()
      .where('id', '=', e.id)
      .executeTakeFirstOrThrow();
    expect([row.window_start, row.window_end]).toEqual(['2026-11-09', '2027-02-07']); // start + 90 days
    const get = await call(t.app, manager.auth, 'GET', `/api/v1/engagements/${e.id}`);
    const refused = await call(t.app, manager.auth, 'PATCH', `/api/v1/engagements/${e.id}`, {
      plannedStart: '2026-11-05',
      revision: get.json().revision,
    });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().code).toBe('OUTSIDE_SCHEDULE_WINDOW');
    // Dates as people write them, the customer's zone named; no ISO instant.
    expect(refused.json().detail).toMatch(/approved: Mon 9 Nov 2026 to Sun 7 Feb 2027 \([A-Za-z_/]+\)/);
    expect(refused.json().detail).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    const ok = await call(t.app, manager.auth, 'PATCH', `/api/v1/engagements/${e.id}`, {
      plannedStart: '2026-11-10',
      revision: get.json().revision,
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
