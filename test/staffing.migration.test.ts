/**
 * Migration 0020 (staffing): the busy-period exclusion constraint holds on both back ends — blocking
 * periods (confirmed bookings, time off) of one consultant never overlap; tentative and cancelled ones do.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEngagement } from './support/engagement-factories.ts';
import { makeUser } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let consultant: string;
let other: string;
let engagementId: string;
beforeAll(async () => {
  t = await createTestEnv();
  consultant = (await makeUser(t, { role: 'consultant' })).id;
  other = (await makeUser(t, { role: 'consultant' })).id;
  engagementId = (await makeEngagement(t)).id;
});
afterAll(async () => t.close());

let n = 0;
async function insert(o: {
  consultant?: string;
  kind?: 'booking' | 'time_off';
  from: string;
  to: string;
  status?: 'tentative' | 'confirmed';
}): Promise<string> {
  const id = `bsy_m${++n}`;
  const kind = o.kind ?? 'booking';
  const booking = kind === 'booking';
  await sql`INSERT INTO busy_periods (id, consultant_id, kind, period, engagement_id, mode, status, reason, created_at, updated_at)
            VALUES (${id}, ${o.consultant ?? consultant}, ${kind}, tstzrange(${o.from}::timestamptz, ${o.to}::timestamptz, '[)'),
                    ${booking ? engagementId : null}, ${booking ? 'remote' : null}, ${booking ? (o.status ?? 'confirmed') : null},
                    ${booking ? null : 'Holiday'}, ${o.from}, ${o.from})`.execute(t.db.kysely);
  return id;
}
const sqlState = async (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    () => undefined,
    (e: { code?: string; cause?: { code?: string } }) => e.code ?? e.cause?.code ?? 'unknown',
  );

describe('migration 0020: busy periods', () => {
  it('seeds the skill and certification catalogs and the catalog items’ required skills', async () => {
    const skills = await t.db.kysely.selectFrom('skills').select('id').execute();
    expect(skills.map((s) => s.id)).toEqual(expect.arrayContaining(['memory_forensics', 'incident_handling', 'edr']));
    const certs = await t.db.kysely.selectFrom('certifications').select('code').execute();
    expect(certs.map((c) => c.code)).toEqual(expect.arrayContaining(['GCFA', 'GREM', 'OSCP']));
    const req = await t.db.kysely.selectFrom('catalog_item_skills').selectAll().execute();
    expect(req.length).toBeGreaterThan(5);
    expect(req.every((r) => r.min_level === 3)).toBe(true);
  });

  it('refuses an overlapping confirmed booking (23P01), allows touching ones and other consultants', async () => {
    await insert({ from: '2026-12-01T09:00:00Z', to: '2026-12-01T17:00:00Z' });
    expect(await sqlState(insert({ from: '2026-12-01T16:00:00Z', to: '2026-12-01T18:00:00Z' }))).toBe('23P01');
    await insert({ from: '2026-12-01T17:00:00Z', to: '2026-12-01T18:00:00Z' });
    await insert({ consultant: other, from: '2026-12-01T10:00:00Z', to: '2026-12-01T12:00:00Z' });
  });

  it('lets tentative bookings overlap, and refuses time off over a confirmed booking', async () => {
    await insert({ from: '2026-12-01T10:00:00Z', to: '2026-12-01T11:00:00Z', status: 'tentative' });
    expect(await sqlState(insert({ kind: 'time_off', from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z' }))).toBe(
      '23P01',
    );
  });

  it('a tentative booking confirmed over time off is refused; a cancelled booking stops blocking', async () => {
    await insert({ kind: 'time_off', from: '2026-12-10T00:00:00Z', to: '2026-12-12T00:00:00Z' });
    const tentative = await insert({ from: '2026-12-10T09:00:00Z', to: '2026-12-10T17:00:00Z', status: 'tentative' });
    expect(
      await sqlState(
        t.db.kysely.updateTable('busy_periods').set({ status: 'confirmed' }).where('id', '=', tentative).execute(),
      ),
    ).toBe('23P01');
    const confirmed = await insert({ from: '2026-12-20T09:00:00Z', to: '2026-12-20T17:00:00Z' });
    await t.db.kysely
      .updateTable('busy_periods')
      .set({ cancelled_at: '2026-11-02T09:00:00Z', cancelled_by: consultant })
      .where('id', '=', confirmed)
      .execute();
    await insert({ from: '2026-12-20T09:00:00Z', to: '2026-12-20T17:00:00Z' });
  });

  it('refuses an empty or inverted period and a booking without engagement', async () => {
    expect(await sqlState(insert({ from: '2026-12-05T09:00:00Z', to: '2026-12-05T09:00:00Z' }))).toBe('23514');
    expect(await sqlState(insert({ from: '2026-12-05T10:00:00Z', to: '2026-12-05T09:00:00Z' }))).toBeDefined();
  });
});
