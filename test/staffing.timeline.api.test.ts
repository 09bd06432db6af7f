import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEngagement } from './support/engagement-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
type U = Awaited<ReturnType<typeof makeUserWithToken>>;
let irm: U, am: U, customer: U, berlin: U, chicago: U, sydney: U;

async function profile(user: U, zone: string, skills: [string, number][] = []) {
  const at = t.clock.now();
  await t.db.kysely
    .insertInto('consultant_profiles')
    .values({
      user_id: user.id,
      languages: JSON.stringify(['en']),
      home_city: null,
      home_country: null,
      home_latitude: null,
      home_longitude: null,
      time_zone: zone,
      working_hours: JSON.stringify({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }),
      created_at: at,
      updated_at: at,
    })
    .execute();
  for (const [skill, level] of skills) {
    await t.db.kysely
      .insertInto('skills')
      .values({ id: skill, name: skill.replace(/_/g, ' '), created_at: at, updated_at: at })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await t.db.kysely.insertInto('consultant_skills').values({ user_id: user.id, skill_id: skill, level }).execute();
  }
}

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:00:00Z' });
  irm = await makeUserWithToken(t, { role: 'ir_manager' });
  const org = irm.organizationId;
  am = await makeUserWithToken(t, { role: 'account_manager', organizationId: org });
  customer = await makeUserWithToken(t, { role: 'customer_viewer' });
  berlin = await makeUserWithToken(t, { role: 'consultant', organizationId: org, name: 'Anna Berlin' });
  chicago = await makeUserWithToken(t, { role: 'consultant', organizationId: org, name: 'Bob Chicago' });
  sydney = await makeUserWithToken(t, { role: 'consultant', organizationId: org, name: 'Cleo Sydney' });
  await profile(berlin, 'Europe/Berlin', [['memory_forensics', 5]]);
  await profile(chicago, 'America/Chicago', [['cloud_ir', 3]]);
  await profile(sydney, 'Australia/Sydney');
  const e = await makeEngagement(t, { team: [{ userId: berlin.id, role: 'lead' }] });
  const at = t.clock.now();
  await t.db.kysely
    .insertInto('busy_periods')
    .values([
      {
        id: 'bkg_tl_confirmed',
        consultant_id: berlin.id,
        kind: 'booking',
        period: '[2026-11-03T08:00:00Z,2026-11-05T17:00:00Z)',
        engagement_id: e.id,
        mode: 'onsite',
        status: 'confirmed',
        created_at: at,
        updated_at: at,
      },
      {
        id: 'bkg_tl_cancelled',
        consultant_id: berlin.id,
        kind: 'booking',
        period: '[2026-11-06T08:00:00Z,2026-11-06T17:00:00Z)',
        engagement_id: e.id,
        mode: 'remote',
        status: 'confirmed',
        cancelled_at: at,
        cancelled_by: irm.id,
        created_at: at,
        updated_at: at,
      },
      {
        id: 'bkg_tl_off',
        consultant_id: chicago.id,
        kind: 'time_off',
        period: '[2026-11-04T06:00:00Z,2026-11-07T06:00:00Z)',
        reason: 'Family matter, private',
        created_at: at,
        updated_at: at,
      },
      {
        id: 'bkg_tl_later',
        consultant_id: sydney.id,
        kind: 'time_off',
        period: '[2027-01-04T00:00:00Z,2027-01-05T00:00:00Z)',
        created_at: at,
        updated_at: at,
      },
    ])
    .execute();
  await t.db.kysely
    .insertInto('oncall_rotas')
    .values({ id: 'rot_tl', name: 'Americas nights', created_at: at, updated_at: at })
    .execute();
  await t.db.kysely
    .insertInto('oncall_shifts')
    .values({
      id: 'shf_tl',
      rota_id: 'rot_tl',
      user_id: chicago.id,
      starts_at: new Date('2026-11-09T00:00:00Z'),
      ends_at: new Date('2026-11-09T12:00:00Z'),
      created_at: at,
      updated_at: at,
    })
    .execute();
});
afterAll(async () => t.close());

const timeline = (u: U | null, from = '2026-11-01T00:00:00Z', to = '2026-11-15T00:00:00Z') =>
  call(t.app, u?.auth ?? null, 'GET', `/api/v1/staff-timeline?from=${from}&to=${to}`);

describe('GET /staff-timeline', () => {
  it('shows consultants with zone, region and skills, their bookings and time off in the window, never a reason', async () => {
    const r = await timeline(am);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    const rows = body.consultants.filter((c: { userId: string }) =>
      [berlin.id, chicago.id, sydney.id].includes(c.userId),
    );
    expect(rows.map((c: { name: string; region: string; timeZone: string }) => [c.name, c.timeZone, c.region])).toEqual(
      [
        ['Anna Berlin', 'Europe/Berlin', 'Europe'],
        ['Bob Chicago', 'America/Chicago', 'Americas'],
        ['Cleo Sydney', 'Australia/Sydney', 'Asia-Pacific'],
      ],
    );
    expect(rows[0].skills).toEqual([{ skillId: 'memory_forensics', name: 'Memory forensics', level: 5 }]);
    expect(body.bookings.map((b: { id: string }) => b.id)).toEqual(['bkg_tl_confirmed']);
    expect(body.bookings[0]).toMatchObject({
      consultantId: berlin.id,
      mode: 'onsite',
      status: 'confirmed',
      start: '2026-11-03T08:00:00.000Z',
      end: '2026-11-05T17:00:00.000Z',
      revision: 1,
    });
    expect(body.timeOff).toEqual([
      {
        id: 'bkg_tl_off',
        consultantId: chicago.id,
        start: '2026-11-04T06:00:00.000Z',
        end: '2026-11-07T06:00:00.000Z',
      },
    ]);
    expect(body.onCall).toEqual([
      {
        id: 'shf_tl',
        consultantId: chicago.id,
        start: '2026-11-09T00:00:00.000Z',
        end: '2026-11-09T12:00:00.000Z',
        label: 'On call: Americas nights',
      },
    ]);
    expect(r.body).not.toMatch(/Family matter|private/);
    expect(body.skills.map((s: { id: string }) => s.id)).toEqual(['cloud_ir', 'memory_forensics']);
  });

  it('refuses customers (403), anonymous callers (401), reversed or too long windows (400)', async () => {
    expect((await timeline(customer)).statusCode).toBe(403);
    expect((await timeline(null)).statusCode).toBe(401);
    const reversed = await timeline(irm, '2026-11-15T00:00:00Z', '2026-11-01T00:00:00Z');
    expect([reversed.statusCode, reversed.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    const long = await timeline(irm, '2026-11-01T00:00:00Z', '2027-03-01T00:00:00Z');
    expect([long.statusCode, long.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(long.json().detail).toContain('at most 92 days');
  });
});
