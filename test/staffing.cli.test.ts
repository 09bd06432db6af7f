/**
 * `imr staff list|show`, `imr bookings list|check-in`, `imr consultants calendar-feed` and
 * `imr engagements location` against a running server (both back ends).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImrWith } from './support/cli-runner.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { makeStaffingWorld } from './support/staffing-factories.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-staff-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('imr staff and imr bookings', () => {
  let t: TestEnv;
  let w: Awaited<ReturnType<typeof makeStaffingWorld>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await createTestEnv();
    w = await makeStaffingWorld(t);
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    env = { IMR_URL: url, IMR_TOKEN: w.staff.manager.auth.token, XDG_CONFIG_HOME: dir };
    const p = await call(t.app, w.staff.manager.auth, 'PATCH', `/api/v1/consultants/${w.staff.consultant.id}`, {
      homeBase: { city: 'Singapore', country: 'SG', timeZone: 'Asia/Singapore' },
      skills: [{ skillId: 'memory_forensics', level: 4 }],
      revision: 0,
    });
    expect(p.statusCode, p.body).toBe(200);
    const b = await call(t.app, w.staff.manager.auth, 'POST', `/api/v1/engagements/${w.engagement.id}/bookings`, {
      consultantId: w.staff.consultant.id,
      start: '2026-11-10T14:00:00Z',
      end: '2026-11-10T22:00:00Z',
      mode: 'travel',
      status: 'confirmed',
    });
    expect(b.statusCode, b.body).toBe(201);
  });
  afterAll(async () => t.close());

  it('lists consultants with a skill filter and shows one profile', async () => {
    const list = await runImrWith(env, 'staff', 'list', '--skill', 'memory_forensics', '--min-level', '3');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toContain('Lena Fischer');
    expect(list.out).toContain('Asia/Singapore');
    expect(list.out).not.toContain('Priya Raman');
    const show = await runImrWith(env, 'staff', 'show', w.staff.consultant.id);
    expect(show.code, show.err).toBe(0);
    expect(show.out).toContain('Home base: Singapore, SG');
    expect(show.out).toContain('Memory forensics (4 Advanced)');
  });

  it('lists bookings in readable times, and as JSON', async () => {
    const r = await runImrWith(env, 'bookings', 'list', '--consultant', w.staff.consultant.id);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('2026-11-10 14:00 UTC');
    expect(r.out).toContain(w.engagement.number);
    expect(r.out).toContain('Travelling');
    const json = await runImrWith(env, 'bookings', 'list', '--json');
    expect(JSON.parse(json.out).items).toHaveLength(1);
  });

  it('a customer is refused with a non-zero exit code', async () => {
    const r = await runImrWith({ ...env, IMR_TOKEN: w.approver.auth.token }, 'staff', 'list');
    expect(r.code).not.toBe(0);
  });

  it('a consultant checks in at the site of his on-site booking; a remote one is refused', async () => {
    t.clock.set('2026-11-11T16:00:00Z');
    const onsite = await call(t.app, w.staff.manager.auth, 'POST', `/api/v1/engagements/${w.engagement.id}/bookings`, {
      consultantId: w.staff.consultant.id,
      start: '2026-11-11T15:00:00Z',
      end: '2026-11-11T23:00:00Z',
      mode: 'onsite',
      status: 'confirmed',
    });
    expect(onsite.statusCode, onsite.body).toBe(201);
    const own = { ...env, IMR_TOKEN: w.staff.consultant.auth.token };
    const listed = await runImrWith(own, 'bookings', 'list', '--consultant', w.staff.consultant.id);
    expect(listed.out).toContain(onsite.json().id);
    const r = await runImrWith(own, 'bookings', 'check-in', onsite.json().id);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Lena Fischer checked in at Head office');
    expect(r.out).toContain('2026-11-11 16:00 UTC');
    const again = await runImrWith(own, 'bookings', 'check-in', onsite.json().id);
    expect(again.code).not.toBe(0);
    expect(again.err).toContain('Already checked in by Lena Fischer');
    const all = await call(t.app, w.staff.manager.auth, 'GET', `/api/v1/bookings?consultant=${w.staff.consultant.id}`);
    const travel = all.json().items.find((b: { mode: string }) => b.mode === 'travel');
    const refused = await runImrWith(own, 'bookings', 'check-in', travel.id);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('not on site');
    const after = await call(
      t.app,
      w.staff.manager.auth,
      'GET',
      `/api/v1/bookings?consultant=${w.staff.consultant.id}`,
    );
    expect(after.json().items.find((b: { id: string }) => b.id === travel.id).checkedInAt).toBeNull();
  });

  it('prints a new calendar-feed URL that serves the calendar; the previous one stops working', async () => {
    const own = { ...env, IMR_TOKEN: w.staff.consultant.auth.token };
    const first = await runImrWith(own, 'consultants', 'calendar-feed', w.staff.consultant.id);
    expect(first.code, first.err).toBe(0);
    const url1 = first.out.split('\n')[0]!;
    expect(url1).toMatch(/^https?:\/\/.+\/api\/v1\/calendar-feeds\/.+\.ics$/);
    expect(first.out).toContain('the previous link no longer works');
    const second = await runImrWith(env, 'consultants', 'calendar-feed', w.staff.consultant.id);
    expect(second.code, second.err).toBe(0);
    const url2 = second.out.split('\n')[0]!;
    expect(url2).not.toBe(url1);
    const path = (u: string) => new URL(u).pathname;
    expect((await t.app.inject({ method: 'GET', url: path(url2) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: path(url1) })).statusCode).toBe(404);
    const other = await runImrWith(own, 'consultants', 'calendar-feed', w.staff.manager.id);
    expect(other.code).not.toBe(0);
  });

  it('an IR manager changes the delivery location with a reason; an unknown site changes nothing', async () => {
    const unknown = await runImrWith(
      env,
      'engagements',
      'location',
      w.engagement.id,
      '--site',
      'Moon base',
      '--reason',
      'Moved',
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('Moon base is not a site of');
    expect(unknown.err).toContain('Head office');
    const before = await call(t.app, w.staff.manager.auth, 'GET', `/api/v1/engagements/${w.engagement.id}`);
    expect(before.json().deliveryMode).not.toBe('remote');
    const noReason = await runImrWith(env, 'engagements', 'location', w.engagement.id, '--remote');
    expect(noReason.code).not.toBe(0);
    const r = await runImrWith(
      env,
      'engagements',
      'location',
      w.engagement.id,
      '--remote',
      '--reason',
      'The site is closed after the flood',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`${w.engagement.number} is now delivered remote`);
    const after = await call(t.app, w.staff.manager.auth, 'GET', `/api/v1/engagements/${w.engagement.id}`);
    expect(after.json()).toMatchObject({ deliveryMode: 'remote', siteIds: [] });
    const back = await runImrWith(
      env,
      'engagements',
      'location',
      w.engagement.id,
      '--mode',
      'onsite',
      '--site',
      'head office',
      '--reason',
      'Reopened',
    );
    expect(back.code, back.err).toBe(0);
    const again = await call(t.app, w.staff.manager.auth, 'GET', `/api/v1/engagements/${w.engagement.id}`);
    expect(again.json()).toMatchObject({ deliveryMode: 'onsite', siteIds: [w.site] });
  });
});
