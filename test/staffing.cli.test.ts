/** `imr staff list|show` and `imr bookings list` against a running server (both back ends). */
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
});
