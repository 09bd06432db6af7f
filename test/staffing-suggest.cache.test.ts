import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffingCache, readCandidates } from '../src/core/staffing/suggest.cache.ts';
import { makeUser } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let ada: string;

async function timeOff(start: string, end: string): Promise<void> {
  const at = t.clock.now();
  await t.db.kysely
    .insertInto('busy_periods')
    .values({
      id: t.core.ids.next('bkg'),
      consultant_id: ada,
      kind: 'time_off',
      period: `[${start},${end})`,
      engagement_id: null,
      mode: null,
      status: null,
      site_id: null,
      checked_in_at: null,
      checked_in_by: null,
      cancelled_at: null,
      cancelled_by: null,
      cancel_reason: null,
      reason: 'Family',
      created_by: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestEnv({ now: '2027-03-01T12:00:00Z' });
  ada = (await makeUser(t, { role: 'consultant', name: 'Ada Lovelace' })).id;
  // Around the windows' edges: ending exactly at a start, starting exactly at an end, a millisecond and a
  // fraction of one on either side, and wholly inside or outside the same UTC days.
  await timeOff('2027-03-01T00:00:00Z', '2027-03-01T10:00:00Z');
  await timeOff('2027-03-01T11:00:00Z', '2027-03-01T12:00:00.000500Z');
  await timeOff('2027-03-02T08:00:00Z', '2027-03-02T09:00:00Z');
  await timeOff('2027-03-15T11:59:59.999Z', '2027-03-15T12:00:00Z');
  await timeOff('2027-03-15T12:00:00Z', '2027-03-15T13:00:00Z');
  await timeOff('2027-03-15T20:00:00Z', '2027-03-15T23:00:00Z');
});
afterAll(async () => t.close());

const windows: [string, string][] = [
  ['2027-03-01T12:00:00Z', '2027-03-15T12:00:00Z'],
  ['2027-03-01T10:00:00Z', '2027-03-15T12:00:00.001Z'],
  ['2027-03-01T12:00:00.001Z', '2027-03-15T11:59:59.999Z'],
  ['2027-03-01T09:00:00Z', '2027-03-15T20:00:00Z'],
  ['2027-03-01T00:00:00Z', '2027-03-16T00:00:00Z'],
];
const periodsOf = async (read: typeof readCandidates, from: string, to: string) =>
  (await read(t.db.kysely, new Date(from), new Date(to))).find((c) => c.consultantId === ada)!.busy;

describe('busy periods cached per window', () => {
  it('narrows a whole-day read to the exact window as the database would, whatever the window in the same days', async () => {
    const cached = createStaffingCache();
    for (const [from, to] of windows) {
      const fresh = await periodsOf(readCandidates, from, to);
      expect(fresh.length).toBeGreaterThan(0);
      expect(await periodsOf(cached, from, to)).toEqual(fresh);
    }
    expect((await periodsOf(cached, windows[0]![0], windows[0]![1])).map((p) => p.start.toISOString())).toEqual([
      '2027-03-01T11:00:00.000Z',
      '2027-03-02T08:00:00.000Z',
      '2027-03-15T11:59:59.999Z',
    ]);
  });

  it('reads again once a busy period is written, and keeps the read while nothing is', async () => {
    const cached = createStaffingCache();
    const [from, to] = windows[0]!;
    const first = await periodsOf(cached, from, to);
    expect((await periodsOf(cached, from, to))[0]).toBe(first[0]); // the same read, not a new one
    await timeOff('2027-03-05T00:00:00Z', '2027-03-06T00:00:00Z');
    const after = await periodsOf(cached, from, to);
    expect(after).toHaveLength(first.length + 1);
    expect(after[0]).not.toBe(first[0]);
    expect(after).toEqual(await periodsOf(readCandidates, from, to));
  });
});
