import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effortRepo } from '../src/core/effort/effort.repo.ts';
import { makeContract } from './support/contract-factories.ts';
import { makeEngagement, replayedBalance, type TestEngagement } from './support/engagement-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let admin: Awaited<ReturnType<typeof makeUserWithToken>>;

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T15:00:00Z' });
  admin = await makeUserWithToken(t, { role: 'admin' });
});
afterAll(async () => t.close());

describe('20 consultants posting at once on engagements of one contract', () => {
  it('loses no update, keeps the balance exact and never passes the overdraft policy', async () => {
    // 1,000 minutes, policy block. Ten engagements hold a reservation of 60 each (600 of it); ten hold none,
    // so they draw on the 400 left available. 20 × 6 entries of 15 minutes ask for 1,800: some must be refused.
    const contract = await makeContract(t, { initialAmount: 1000 });
    const consultants = [];
    for (let i = 0; i < 20; i++) consultants.push(await makeUserWithToken(t, { role: 'consultant' }));
    const engagements: TestEngagement[] = [];
    for (let i = 0; i < 10; i++) {
      const team = [consultants[2 * i]!, consultants[2 * i + 1]!].map((c) => ({ userId: c.id, role: 'consultant' }));
      engagements.push(
        await makeEngagement(t, { contract, team, estimate: i % 2 === 0 ? 60 : 1000, reserve: i % 2 === 0 }),
      );
    }
    const posts = consultants.flatMap((c, i) =>
      Array.from({ length: 6 }, (_, k) =>
        call(
          t.app,
          c.auth,
          'POST',
          `/api/v1/engagements/${engagements[Math.floor(i / 2)]!.id}/effort`,
          { date: '2026-11-02', minutes: 15, activity: 'analysis', note: `entry ${k}` },
          { 'idempotency-key': `c${i}-k${k}` },
        ),
      ),
    );
    const results = await Promise.all(posts);
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.every((s) => s === 201 || s === 422)).toBe(true);
    const refused = results.filter((r) => r.statusCode === 422).map((r) => r.json().code);
    expect(refused.every((c) => c === 'BALANCE_INSUFFICIENT')).toBe(true);
    const accepted = results.filter((r) => r.statusCode === 201).map((r) => r.json());
    const consumed = accepted
      .filter((x) => x.billingStatus === 'consumed')
      .reduce((s, x) => s + x.unitsDrawn.amount, 0);
    const held = accepted.filter((x) => x.billingStatus === 'held');

    // every accepted entry is stored, none twice; every refused one left nothing
    const stored = await t.db.kysely
      .selectFrom('effort_entries')
      .select(['id', 'amount', 'billing_status'])
      .where('contract_id', '=', contract.id)
      .execute();
    expect(stored).toHaveLength(accepted.length);
    // the reserving engagements (estimate 60, limit 66) consume at most 60 each and hold the rest
    for (const [i, e] of engagements.entries()) {
      const sums = await effortRepo.sums(t.db.kysely, e.id);
      const row = await t.db.kysely
        .selectFrom('engagements')
        .select(['effort_consumed', 'effort_held'])
        .where('id', '=', e.id)
        .executeTakeFirstOrThrow();
      expect({ consumed: row.effort_consumed, held: row.effort_held }).toEqual(sums);
      if (i % 2 === 0) expect(sums.consumed).toBeLessThanOrEqual(60);
    }
    const balance = (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${contract.id}/balance`)).json();
    const replay = await replayedBalance(t, contract.id);
    expect(balance.balance.amount).toBe(replay.balance);
    expect(replay.consumed).toBe(consumed);
    expect(balance.balance.amount).toBe(1000 - consumed);
    // block: available never below zero, and it is exhausted (all that could be taken was taken)
    expect(balance.available.amount).toBeGreaterThanOrEqual(0);
    expect(balance.available.amount).toBeLessThan(15);
    expect(refused.length).toBeGreaterThan(0);
    expect(held.length).toBeGreaterThan(0);
    const consumeEntries = await t.db.kysely
      .selectFrom('ledger_entries')
      .select('id')
      .where('contract_id', '=', contract.id)
      .where('kind', '=', 'consume')
      .execute();
    expect(consumeEntries).toHaveLength(accepted.filter((x) => x.billingStatus === 'consumed').length);
  });
});

// A client that retries a posting before the first answer came back sends the same Idempotency-Key while
// the first request is still running: every answer must be the first one's (replays say so), one write.
describe('retries of one posting at once (one Idempotency-Key)', () => {
  const same = async (
    n: number,
    send: () => Promise<{
      statusCode: number;
      headers: Record<string, unknown>;
      json(): { id?: string; entry?: { id: string } };
    }>,
  ) => {
    const rs = await Promise.all(Array.from({ length: n }, send));
    const ids = rs.map((r) => {
      const b = r.json();
      return b.entry?.id ?? b.id ?? '';
    });
    return {
      statuses: rs.map((r) => r.statusCode),
      ids: new Set(ids),
      replays: rs.filter((r) => r.headers['idempotent-replayed'] === 'true').length,
    };
  };

  it('answers every retry of effort with the first entry, and writes it once', async () => {
    const consultant = await makeUserWithToken(t, { role: 'consultant' });
    const contract = await makeContract(t, { initialAmount: 100_000 });
    // billable (consumed: the optimistic path first) and internal (non-billable: the locking path) effort
    for (const activity of ['analysis', 'internal'] as const) {
      const e = await makeEngagement(t, {
        contract,
        team: [{ userId: consultant.id, role: 'consultant' }],
        estimate: 10_000,
      });
      for (let k = 0; k < 12; k++) {
        const r = await same(3, () =>
          call(
            t.app,
            consultant.auth,
            'POST',
            `/api/v1/engagements/${e.id}/effort`,
            { date: '2026-11-02', minutes: 15, activity, note: `retry ${k}` },
            { 'idempotency-key': `retry-${activity}-${k}` },
          ),
        );
        expect(r).toEqual({ statuses: [201, 201, 201], ids: r.ids, replays: 2 });
        expect(r.ids.size).toBe(1);
      }
      const stored = await t.db.kysely
        .selectFrom('effort_entries')
        .select('idempotency_key')
        .where('engagement_id', '=', e.id)
        .execute();
      expect(stored).toHaveLength(12);
    }
    // the same key at once with another body: one entry, the other request refused as a reused key
    const e = await makeEngagement(t, {
      contract,
      team: [{ userId: consultant.id, role: 'consultant' }],
      estimate: 10_000,
    });
    for (let k = 0; k < 6; k++) {
      const rs = await Promise.all(
        [15, 30].map((minutes) =>
          call(
            t.app,
            consultant.auth,
            'POST',
            `/api/v1/engagements/${e.id}/effort`,
            { date: '2026-11-02', minutes, activity: 'analysis' },
            { 'idempotency-key': `reused-${k}` },
          ),
        ),
      );
      expect(rs.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect(rs.find((r) => r.statusCode === 409)!.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    }
    const written = await t.db.kysely
      .selectFrom('effort_entries')
      .select(['amount'])
      .where('engagement_id', '=', e.id)
      .execute();
    expect(written).toHaveLength(6);
    const balance = (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${contract.id}/balance`)).json();
    expect(balance.balance.amount).toBe(100_000 - 12 * 15 - written.reduce((s, x) => s + x.amount, 0));
    expect((await replayedBalance(t, contract.id)).balance).toBe(balance.balance.amount);
  });

  it('answers every retry of a top-up, an adjustment and a reversal with the first entry, and writes it once', async () => {
    const contract = await makeContract(t, { initialAmount: 1000 });
    const post = (path: string, body: object, key: string) => () =>
      call(t.app, admin.auth, 'POST', `/api/v1/contracts/${contract.id}/${path}`, body, { 'idempotency-key': key });
    const entries: string[] = [];
    for (let k = 0; k < 8; k++) {
      for (const [path, body] of [
        ['top-ups', { amount: 60, reference: `PO ${k}` }],
        ['adjustments', { amount: -10, reason: `correction ${k}` }],
      ] as const) {
        const r = await same(3, post(path, body, `retry-${path}-${k}`));
        expect(r).toEqual({ statuses: [201, 201, 201], ids: r.ids, replays: 2 });
        expect(r.ids.size).toBe(1);
        entries.push(...r.ids);
      }
    }
    const reversal = await same(3, post('reversals', { entryId: entries[0]!, reason: 'typo' }, 'retry-reversal'));
    expect(reversal).toEqual({ statuses: [201, 201, 201], ids: reversal.ids, replays: 2 });
    const keyed = await t.db.kysely
      .selectFrom('ledger_entries')
      .select('id')
      .where('contract_id', '=', contract.id)
      .where('idempotency_key', 'like', 'retry-%')
      .execute();
    expect(keyed).toHaveLength(8 * 2 + 1);
    const balance = (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${contract.id}/balance`)).json();
    expect(balance.balance.amount).toBe(1000 + 8 * 50 - 60);
    expect((await replayedBalance(t, contract.id)).balance).toBe(balance.balance.amount);
  });
});
