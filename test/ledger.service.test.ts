import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx, type Ctx } from '../src/core/context.ts';
import { ledgerRepo } from '../src/core/ledger/ledger.repo.ts';
import { verifyLedgerExport } from '../src/core/ledger/ledger.verify.ts';
import type { ContractSettingsInput } from '../src/shared/contracts/contract-settings.ts';
import { isAppError } from '../src/shared/errors.ts';
import { scheduledJobs } from '../src/jobs/registry.ts';
import { makeContact, makeContract, makeCustomer, makeEngagementId } from './support/contract-factories.ts';
import { makeUser } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:00:00Z' });
});
afterAll(async () => t.close());

const ctx: Ctx = systemCtx('test');
const ledger = () => t.core.services.ledger;
const inTx = <T>(fn: (trx: Parameters<Parameters<TestEnv['db']['transaction']>[0]>[0]) => Promise<T>) =>
  t.db.transaction(fn);

/** The sums straight from the entries (a reversal negating its target), independent of the cache. */
async function replayedFromEntries(contractId: string) {
  const r = await sql<{ kind: string; total: string | number }>`
    SELECT coalesce(t.kind, e.kind) AS kind, sum(CASE WHEN e.kind = 'reversal' THEN -t.amount ELSE e.amount END) AS total
    FROM ledger_entries e LEFT JOIN ledger_entries t ON t.id = e.reverses_id
    WHERE e.contract_id = ${contractId}
    GROUP BY 1`.execute(t.db.kysely);
  const by = Object.fromEntries(r.rows.map((x) => [x.kind, Number(x.total)]));
  const g = (k: string) => by[k] ?? 0;
  return (
    g('grant') +
    g('top_up') +
    g('rollover_in') +
    g('adjustment') -
    g('consume') -
    g('minimum_true_up') -
    g('expire') -
    g('rollover_out')
  );
}

/** Everything a refused posting must leave alone. */
async function snapshot(contractId: string) {
  const balance = await t.db.kysely
    .selectFrom('contract_balances')
    .selectAll()
    .where('contract_id', '=', contractId)
    .executeTakeFirstOrThrow();
  const count = async (
    table: 'ledger_entries' | 'outbox' | 'audit_events' | 'ledger_reservations' | 'ledger_daily_consumption',
  ) =>
    Number(
      (
        await t.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const contract = await t.db.kysely
    .selectFrom('contracts')
    .selectAll()
    .where('id', '=', contractId)
    .executeTakeFirstOrThrow();
  return {
    balance,
    contract,
    entries: await count('ledger_entries'),
    outbox: await count('outbox'),
    audit: await count('audit_events'),
    reservations: await t.db.kysely
      .selectFrom('ledger_reservations')
      .selectAll()
      .where('contract_id', '=', contractId)
      .orderBy('engagement_id')
      .execute(),
    daily: await count('ledger_daily_consumption'),
  };
}

async function expectRefused(p: Promise<unknown>, code: string): Promise<Record<string, unknown> | undefined> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isAppError(e) ? e.code : e).toBe(code);
  return isAppError(e) ? e.details : undefined;
}

describe('postings', () => {
  it('opens the ledger with the grant: chained, hashed, cached', async () => {
    const c = await makeContract(t, { initialAmount: 40 * 60 });
    const exported = await ledger().exportLedger(ctx, c.id);
    expect(exported.entries).toHaveLength(1);
    expect(exported.entries[0]).toMatchObject({
      seq: 1,
      kind: 'grant',
      amount: 2400,
      prevHash: null,
      balanceAfter: 2400,
    });
    expect(verifyLedgerExport(exported)).toMatchObject({ ok: true, entries: 1, balance: 2400 });
    expect(await ledger().totals(t.db.kysely, c.id)).toMatchObject({ granted: 2400, balance: 2400, available: 2400 });
  });

  it("draws consumption from the engagement's own reservation, then releases the rest", async () => {
    const c = await makeContract(t, { initialAmount: 6000 });
    const eng = makeEngagementId(t);
    await inTx((trx) => ledger().reserve(trx, ctx, { contractId: c.id, engagementId: eng, amount: 2400 }));
    expect(await ledger().totals(t.db.kysely, c.id)).toMatchObject({ balance: 6000, reserved: 2400, available: 3600 });
    await inTx((trx) => ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 900 }));
    expect(await ledger().totals(t.db.kysely, c.id)).toMatchObject({ balance: 5100, reserved: 1500, available: 3600 });
    expect(await ledger().openReservation(t.db.kysely, c.id, eng)).toBe(1500);
    const released = await inTx((trx) =>
      ledger().release(trx, ctx, { contractId: c.id, engagementId: eng, amount: 'rest' }),
    );
    expect(released?.entry.amount.amount).toBe(1500);
    expect(
      await inTx((trx) => ledger().release(trx, ctx, { contractId: c.id, engagementId: eng, amount: 'rest' })),
    ).toBeNull();
    expect(await ledger().totals(t.db.kysely, c.id)).toMatchObject({ balance: 5100, reserved: 0, available: 5100 });
  });

  it('change orders adjust the reservation both ways', async () => {
    const c = await makeContract(t, { initialAmount: 6000 });
    const eng = makeEngagementId(t);
    await inTx((trx) => ledger().reserve(trx, ctx, { contractId: c.id, engagementId: eng, amount: 1000 }));
    await inTx((trx) => ledger().adjustReservation(trx, ctx, { contractId: c.id, engagementId: eng, delta: 500 }));
    await inTx((trx) => ledger().adjustReservation(trx, ctx, { contractId: c.id, engagementId: eng, delta: -200 }));
    expect(await ledger().openReservation(t.db.kysely, c.id, eng)).toBe(1300);
  });

  it('posts the minimum true-up and counts it as consumed', async () => {
    const c = await makeContract(t, { initialAmount: 6000 });
    const eng = makeEngagementId(t);
    await inTx(async (trx) => {
      await ledger().reserve(trx, ctx, { contractId: c.id, engagementId: eng, amount: 960 });
      await ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 600 });
      await ledger().minimumTrueUp(trx, ctx, { contractId: c.id, engagementId: eng, amount: 360 });
    });
    expect(await ledger().totals(t.db.kysely, c.id)).toMatchObject({
      consumed: 600,
      minimumTrueUps: 360,
      reserved: 0,
      balance: 5040,
    });
    expect((await ledger().balance(ctx, c.id)).percentConsumed).toBe(16);
  });

  it('reverses an entry once, as its negation', async () => {
    const c = await makeContract(t, { initialAmount: 6000 });
    const eng = makeEngagementId(t);
    const consumed = await inTx(async (trx) => {
      await ledger().reserve(trx, ctx, { contractId: c.id, engagementId: eng, amount: 1000 });
      return ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 400 });
    });
    const rev = await inTx((trx) =>
      ledger().postReversal(trx, ctx, { contractId: c.id, entryId: consumed.entry.id, reason: 'logged twice' }),
    );
    expect(rev.entry).toMatchObject({
      kind: 'reversal',
      reversesId: consumed.entry.id,
      amount: { amount: 400 },
      engagementId: eng,
    });
    expect(await ledger().totals(t.db.kysely, c.id)).toMatchObject({ consumed: 0, reserved: 1000, balance: 6000 });
    const before = await snapshot(c.id);
    await expectRefused(
      inTx((trx) => ledger().postReversal(trx, ctx, { contractId: c.id, entryId: consumed.entry.id, reason: 'again' })),
      'CONFLICT',
    );
    await expectRefused(
      inTx((trx) =>
        ledger().postReversal(trx, ctx, { contractId: c.id, entryId: rev.entry.id, reason: 'undo the undo' }),
      ),
      'BUSINESS_RULE',
    );
    expect(await snapshot(c.id)).toEqual(before);
  });

  it('opens the ledger on first use for a contract inserted without the service', async () => {
    const customer = await makeCustomer(t);
    const id = t.core.ids.next('ctr');
    await t.db.kysely
      .insertInto('contracts')
      .values({
        id,
        customer_id: customer.customerId,
        number: `RAW-${id.slice(-6)}`,
        term_start: '2026-01-01',
        term_end: '2026-12-31',
        unit: 'hours',
        units_per_hour: null,
        status: 'active',
        settings: JSON.stringify({}),
        predecessor_id: null,
        status_reason: null,
        status_changed_at: null,
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
      })
      .execute();
    expect((await ledger().balance(ctx, id)).balance.amount).toBe(0);
    await inTx((trx) => ledger().postTopUp(trx, ctx, { contractId: id, amount: 600, reference: 'PO 1' }));
    expect(await ledger().totals(t.db.kysely, id)).toMatchObject({ toppedUp: 600, balance: 600 });
  });

  it('is append-only at the database level', async () => {
    const c = await makeContract(t);
    await expect(
      sql`UPDATE ledger_entries SET amount = 1 WHERE contract_id = ${c.id}`.execute(t.db.kysely),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM ledger_entries WHERE contract_id = ${c.id}`.execute(t.db.kysely)).rejects.toThrow(
      /append-only/,
    );
    expect(verifyLedgerExport(await ledger().exportLedger(ctx, c.id)).ok).toBe(true);
  });
});

describe('refusals change nothing', () => {
  it('refuses bad amounts (400), top-ups on a contract that is not active (422) and reservations past the policy (422)', async () => {
    const c = await makeContract(t, { initialAmount: 600 });
    const draft = await makeContract(t, { status: 'draft' });
    const eng = makeEngagementId(t);
    const before = await snapshot(c.id);
    for (const amount of [0, -60, 1.5, 10_000_001, Number.NaN]) {
      await expectRefused(
        inTx((trx) => ledger().postTopUp(trx, ctx, { contractId: c.id, amount, reference: 'PO' })),
        'VALIDATION_FAILED',
      );
      await expectRefused(
        inTx((trx) => ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount })),
        'VALIDATION_FAILED',
      );
    }
    await expectRefused(
      inTx((trx) => ledger().postAdjustment(trx, ctx, { contractId: c.id, amount: 0, reason: 'nothing' })),
      'VALIDATION_FAILED',
    );
    await expectRefused(
      inTx((trx) => ledger().postAdjustment(trx, ctx, { contractId: c.id, amount: 60, reason: ' ' })),
      'VALIDATION_FAILED',
    );
    const details = await expectRefused(
      inTx((trx) => ledger().reserve(trx, ctx, { contractId: c.id, engagementId: eng, amount: 900 })),
      'BALANCE_INSUFFICIENT',
    );
    expect(details).toMatchObject({
      shortfall: { amount: 300, unit: 'minute', display: '5h 00m' },
      available: { amount: 600, display: '10h 00m' },
    });
    await expectRefused(
      inTx((trx) => ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 601 })),
      'BALANCE_INSUFFICIENT',
    );
    await expectRefused(
      inTx((trx) => ledger().postAdjustment(trx, ctx, { contractId: c.id, amount: -601, reason: 'too much' })),
      'BALANCE_INSUFFICIENT',
    );
    await expectRefused(
      inTx((trx) => ledger().release(trx, ctx, { contractId: c.id, engagementId: eng, amount: 10 })),
      'BUSINESS_RULE',
    );
    await expectRefused(
      inTx((trx) => ledger().expire(trx, ctx, { contractId: c.id, amount: 601 })),
      'BUSINESS_RULE',
    );
    await expectRefused(
      inTx((trx) => ledger().postTopUp(trx, ctx, { contractId: 'ctr_missing', amount: 60, reference: 'PO' })),
      'NOT_FOUND',
    );
    expect(await snapshot(c.id)).toEqual(before);

    const draftBefore = await snapshot(draft.id);
    const notActive = await expectRefused(
      inTx((trx) => ledger().postTopUp(trx, ctx, { contractId: draft.id, amount: 60, reference: 'PO' })),
      'CONTRACT_NOT_ACTIVE',
    );
    expect(notActive).toMatchObject({ status: 'draft', termStart: '2026-01-01', termEnd: '2027-12-31' });
    await expectRefused(
      inTx((trx) => ledger().reserve(trx, ctx, { contractId: draft.id, engagementId: eng, amount: 60 })),
      'CONTRACT_NOT_ACTIVE',
    );
    expect(await snapshot(draft.id)).toEqual(draftBefore);
  });

  it("rolls back the caller's own change with a refused posting (one transaction)", async () => {
    const c = await makeContract(t, { initialAmount: 60 });
    const eng = makeEngagementId(t);
    const before = await snapshot(c.id);
    await expectRefused(
      inTx(async (trx) => {
        await ledger().postTopUp(trx, ctx, { contractId: c.id, amount: 60, reference: 'PO in the same use case' });
        await ledger().reserve(trx, ctx, { contractId: c.id, engagementId: eng, amount: 600 });
      }),
      'BALANCE_INSUFFICIENT',
    );
    expect(await snapshot(c.id)).toEqual(before);
  });

  it('allows overage up to the policy and flags it on the entry', async () => {
    const c = await makeContract(t, {
      initialAmount: 600,
      settings: { overdraftPolicy: { mode: 'allow_up_to', limit: 120 } },
    });
    const eng = makeEngagementId(t);
    const r = await inTx((trx) => ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 700 }));
    expect(r.entry).toMatchObject({
      overage: { amount: 100 },
      balanceAfter: { amount: -100 },
      availableAfter: { amount: -100 },
    });
    await expectRefused(
      inTx((trx) => ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 21 })),
      'BALANCE_INSUFFICIENT',
    );
    const free = await makeContract(t, { initialAmount: 60, settings: { overdraftPolicy: { mode: 'allow' } } });
    const big = await inTx((trx) =>
      ledger().reserve(trx, ctx, { contractId: free.id, engagementId: eng, amount: 10_000_000 }),
    );
    expect(big.entry.overage.amount).toBe(10_000_000 - 60);
  });
});

describe('idempotency', () => {
  it('answers the same key and body with the first result, and refuses another body (409) without change', async () => {
    const c = await makeContract(t);
    const first = await inTx((trx) =>
      ledger().postTopUp(trx, ctx, { contractId: c.id, amount: 600, reference: 'PO 4711', idempotencyKey: 'k-1' }),
    );
    const again = await inTx((trx) =>
      ledger().postTopUp(trx, ctx, { contractId: c.id, amount: 600, reference: 'PO 4711', idempotencyKey: 'k-1' }),
    );
    expect(again.replayed).toBe(true);
    expect(again.entry).toEqual(first.entry);
    const before = await snapshot(c.id);
    await expectRefused(
      inTx((trx) =>
        ledger().postTopUp(trx, ctx, { contractId: c.id, amount: 660, reference: 'PO 4711', idempotencyKey: 'k-1' }),
      ),
      'IDEMPOTENCY_KEY_REUSED',
    );
    await expectRefused(
      inTx((trx) =>
        ledger().postAdjustment(trx, ctx, { contractId: c.id, amount: 600, reason: 'PO 4711', idempotencyKey: 'k-1' }),
      ),
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await snapshot(c.id)).toEqual(before);
    expect(await ledger().totals(t.db.kysely, c.id)).toMatchObject({ toppedUp: 600 });
    // Keys are per contract: another contract may use the same key.
    const other = await makeContract(t);
    const elsewhere = await inTx((trx) =>
      ledger().postTopUp(trx, ctx, { contractId: other.id, amount: 600, reference: 'PO 4711', idempotencyKey: 'k-1' }),
    );
    expect(elsewhere.replayed).toBe(false);
  });

  it('answers a retried key with its first result even when the posting would now be refused; a changed body is still 409', async () => {
    const c = await makeContract(t, { initialAmount: 60 });
    const eng = makeEngagementId(t);
    const consumed = await inTx((trx) =>
      ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 60, idempotencyKey: 'c-1' }),
    );
    const reversed = await inTx((trx) =>
      ledger().postReversal(trx, ctx, {
        contractId: c.id,
        entryId: consumed.entry.id,
        reason: 'logged twice',
        idempotencyKey: 'r-1',
      }),
    );
    const again = await inTx((trx) =>
      ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 60, idempotencyKey: 'c-1' }),
    );
    expect(again).toMatchObject({ replayed: true, entry: consumed.entry });
    await inTx((trx) =>
      ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 60, idempotencyKey: 'c-2' }),
    );
    const toppedUp = await inTx((trx) =>
      ledger().postTopUp(trx, ctx, { contractId: c.id, amount: 30, reference: 'PO 1', idempotencyKey: 't-1' }),
    );
    await t.core.services.contracts.terminate(ctx, c.id, 'ended early');
    const before = await snapshot(c.id);

    // Each of these would now be refused (balance used up, already reversed, contract terminated): the key answers first.
    expect(
      await inTx((trx) =>
        ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 60, idempotencyKey: 'c-2' }),
      ),
    ).toMatchObject({ replayed: true });
    expect(
      await inTx((trx) =>
        ledger().postReversal(trx, ctx, {
          contractId: c.id,
          entryId: consumed.entry.id,
          reason: 'logged twice',
          idempotencyKey: 'r-1',
        }),
      ),
    ).toMatchObject({ replayed: true, entry: reversed.entry });
    expect(
      await inTx((trx) =>
        ledger().postTopUp(trx, ctx, { contractId: c.id, amount: 30, reference: 'PO 1', idempotencyKey: 't-1' }),
      ),
    ).toMatchObject({ replayed: true, entry: toppedUp.entry });
    // Another body under a known key is 409 even where the new body would be refused for another reason too.
    await expectRefused(
      inTx((trx) =>
        ledger().postTopUp(trx, ctx, { contractId: c.id, amount: 45, reference: 'PO 1', idempotencyKey: 't-1' }),
      ),
      'IDEMPOTENCY_KEY_REUSED',
    );
    await expectRefused(
      inTx((trx) =>
        ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 90, idempotencyKey: 'c-1' }),
      ),
      'IDEMPOTENCY_KEY_REUSED',
    );
    // A new key gets the refusal itself.
    await expectRefused(
      inTx((trx) =>
        ledger().postTopUp(trx, ctx, { contractId: c.id, amount: 30, reference: 'PO 2', idempotencyKey: 't-2' }),
      ),
      'CONTRACT_NOT_ACTIVE',
    );
    await expectRefused(
      inTx((trx) =>
        ledger().consume(trx, ctx, {
          contractId: c.id,
          engagementId: makeEngagementId(t),
          amount: 60,
          idempotencyKey: 'c-3',
        }),
      ),
      'CONTRACT_NOT_ACTIVE',
    );
    expect(await snapshot(c.id)).toEqual(before);
  });

  it('never counts a concurrent retry twice', async () => {
    const c = await makeContract(t);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        inTx((trx) =>
          ledger().postTopUp(trx, ctx, { contractId: c.id, amount: 60, reference: 'retry', idempotencyKey: 'same' }),
        ),
      ),
    );
    expect(new Set(results.map((r) => r.entry.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await ledger().totals(t.db.kysely, c.id)).toMatchObject({ toppedUp: 60 });
  });
});

describe('concurrency', () => {
  it('50 concurrent consumes on a balance covering 30: exactly 30 succeed, 20 are refused, the balance ends at zero', async () => {
    const c = await makeContract(t, { initialAmount: 30 * 60 });
    const engagements = Array.from({ length: 5 }, () => makeEngagementId(t));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        inTx((trx) =>
          ledger().consume(trx, ctx, {
            contractId: c.id,
            engagementId: engagements[i % 5]!,
            amount: 60,
            reference: `effort ${i}`,
          }),
        ),
      ),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(ok).toHaveLength(30);
    expect(refused).toHaveLength(20);
    expect(refused.every((o) => isAppError(o.reason) && o.reason.code === 'BALANCE_INSUFFICIENT')).toBe(true);
    const totals = await ledger().totals(t.db.kysely, c.id);
    expect(totals).toMatchObject({ balance: 0, consumed: 1800, available: 0 });
    expect(await replayedFromEntries(c.id)).toBe(0);
    const exported = await ledger().exportLedger(ctx, c.id);
    expect(exported.entries).toHaveLength(31);
    expect(verifyLedgerExport(exported)).toMatchObject({ ok: true, balance: 0 });
  });
});

describe('property: random postings against a simple model', () => {
  type Op =
    | { op: 'top_up' | 'adjustment' | 'expire'; amount: number }
    | { op: 'reserve' | 'release' | 'consume' | 'minimum_true_up'; amount: number; eng: number }
    | { op: 'reverse'; pick: number };

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constantFrom('top_up' as const, 'expire' as const), amount: fc.integer({ min: 1, max: 900 }) }),
    fc.record({
      op: fc.constant('adjustment' as const),
      amount: fc.integer({ min: -600, max: 600 }).filter((n) => n !== 0),
    }),
    fc.record({
      op: fc.constantFrom('reserve' as const, 'release' as const, 'consume' as const, 'minimum_true_up' as const),
      amount: fc.integer({ min: 1, max: 900 }),
      eng: fc.integer({ min: 0, max: 2 }),
    }),
    fc.record({ op: fc.constant('reverse' as const), pick: fc.nat() }),
  );
  const policyArb = fc.oneof(
    fc.constant<ContractSettingsInput['overdraftPolicy']>({ mode: 'block' }),
    fc
      .integer({ min: 0, max: 600 })
      .map<ContractSettingsInput['overdraftPolicy']>((limit) => ({ mode: 'allow_up_to', limit })),
    fc.constant<ContractSettingsInput['overdraftPolicy']>({ mode: 'allow' }),
  );

  it('keeps the cached balance equal to the replayed sum and within the policy', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2000 }),
        policyArb,
        fc.array(opArb, { minLength: 1, maxLength: 14 }),
        async (grant, policy, ops) => {
          const c = await makeContract(t, { initialAmount: grant, settings: { overdraftPolicy: policy } });
          const floor = policy?.mode === 'block' ? 0 : policy?.mode === 'allow_up_to' ? -policy.limit : -Infinity;
          const engs = [makeEngagementId(t), makeEngagementId(t), makeEngagementId(t)];
          // The model: a plain balance and per-engagement sums.
          let balance = grant;
          const sums = engs.map(() => ({ r: 0, rel: 0, c: 0, m: 0 }));
          const open = (i: number) => Math.max(0, sums[i]!.r - sums[i]!.rel - sums[i]!.c - sums[i]!.m);
          const available = () => balance - [0, 1, 2].reduce((s, i) => s + open(i), 0);
          const posted: { id: string; op: Op; reversed: boolean }[] = [];

          const apply = (o: Op, sign: 1 | -1) => {
            if (o.op === 'top_up' || o.op === 'adjustment') balance += sign * o.amount;
            else if (o.op === 'expire') balance -= sign * o.amount;
            else if (o.op === 'reserve') sums[o.eng]!.r += sign * o.amount;
            else if (o.op === 'release') sums[o.eng]!.rel += sign * o.amount;
            else if (o.op === 'consume') {
              balance -= sign * o.amount;
              sums[o.eng]!.c += sign * o.amount;
            } else if (o.op === 'minimum_true_up') {
              balance -= sign * o.amount;
              sums[o.eng]!.m += sign * o.amount;
            }
          };

          for (const o of ops) {
            const before = { balance, sums: sums.map((s) => ({ ...s })) };
            const a0 = available();
            let target: (typeof posted)[number] | undefined;
            let expected: 'ok' | string = 'ok';
            if (o.op === 'reverse') {
              const candidates = posted.filter((p) => !p.reversed && p.op.op !== 'reverse');
              target = candidates.length ? candidates[o.pick % candidates.length] : undefined;
              if (!target) continue;
              apply(target.op, -1);
            } else {
              if (o.op === 'release' && o.amount > open(o.eng)) expected = 'BUSINESS_RULE';
              if (o.op === 'expire' && o.amount > Math.max(0, a0)) expected = 'BUSINESS_RULE';
              apply(o, 1);
            }
            const a1 = available();
            if (expected === 'ok' && a1 < a0 && a1 < floor) expected = 'BALANCE_INSUFFICIENT';
            if (expected !== 'ok') {
              balance = before.balance;
              before.sums.forEach((s, i) => Object.assign(sums[i]!, s));
            }

            const call = inTx((trx) => {
              if (o.op === 'reverse')
                return ledger().postReversal(trx, ctx, { contractId: c.id, entryId: target!.id, reason: 'model' });
              if (o.op === 'top_up')
                return ledger().postTopUp(trx, ctx, { contractId: c.id, amount: o.amount, reference: 'model' });
              if (o.op === 'adjustment')
                return ledger().postAdjustment(trx, ctx, { contractId: c.id, amount: o.amount, reason: 'model' });
              if (!('eng' in o)) return ledger().expire(trx, ctx, { contractId: c.id, amount: o.amount });
              const i = { contractId: c.id, engagementId: engs[o.eng]!, amount: o.amount };
              if (o.op === 'reserve') return ledger().reserve(trx, ctx, i);
              if (o.op === 'release') return ledger().release(trx, ctx, i);
              if (o.op === 'consume') return ledger().consume(trx, ctx, i);
              return ledger().minimumTrueUp(trx, ctx, i);
            });
            const outcome = await call.then(
              (r) => ({ ok: true as const, id: r!.entry.id }),
              (e: unknown) => ({ ok: false as const, code: isAppError(e) ? e.code : String(e) }),
            );
            expect(outcome.ok ? 'ok' : outcome.code).toBe(expected);
            if (outcome.ok) {
              if (target) target.reversed = true;
              posted.push({ id: outcome.id, op: o, reversed: false });
            }

            const cached = await ledger().totals(t.db.kysely, c.id);
            expect(cached.balance).toBe(balance);
            expect(cached.available).toBe(available());
            expect(cached.available).toBeGreaterThanOrEqual(floor);
          }
          expect(await replayedFromEntries(c.id)).toBe(balance);
          const exported = await ledger().exportLedger(ctx, c.id);
          expect(verifyLedgerExport(exported)).toMatchObject({ ok: true, balance });
          for (const [i, eng] of engs.entries())
            expect(await ledger().openReservation(t.db.kysely, c.id, eng)).toBe(open(i));
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('term end', () => {
  it('expires the available balance exactly once at the end of the last day in Auckland, even run twice and concurrently', async () => {
    t.clock.set('2026-12-31T09:00:00Z');
    const c = await makeContract(t, {
      timeZone: 'Pacific/Auckland',
      termStart: '2026-01-01',
      termEnd: '2026-12-31',
      initialAmount: 6000,
    });
    const eng = makeEngagementId(t);
    await inTx((trx) => ledger().reserve(trx, ctx, { contractId: c.id, engagementId: eng, amount: 1000 }));
    const jobs = t.core.services.contracts;

    t.clock.set('2026-12-31T10:59:59Z'); // 23:59:59 on 31 December in Auckland
    expect((await jobs.processTermEnds()).ended.find((e) => e.contractId === c.id)).toBeUndefined();
    expect((await t.core.services.contracts.get(ctx, c.id)).status).toBe('active');

    t.clock.set('2026-12-31T11:00:00Z'); // midnight: 1 January in Auckland, still 31 December in UTC
    const runs = await Promise.all([jobs.processTermEnds(), jobs.processTermEnds()]);
    const again = await jobs.processTermEnds();
    const ended = [...runs, again].flatMap((r) => r.ended.filter((e) => e.contractId === c.id));
    expect(ended).toEqual([{ contractId: c.id, rolledOver: 0, expired: 5000 }]);
    expect([...runs, again].flatMap((r) => r.failed)).toEqual([]);
    const entries = await ledgerRepo.entries(t.db.kysely, c.id, { kinds: ['expire'] });
    expect(entries).toHaveLength(1);
    const contract = await t.core.services.contracts.get(ctx, c.id);
    expect(contract).toMatchObject({ status: 'expired', statusReason: 'term ended 2026-12-31' });
    const audits = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', c.id)
      .where('action', '=', 'contract.expired')
      .execute();
    expect(audits).toHaveLength(1);
    expect(await ledger().totals(t.db.kysely, c.id)).toMatchObject({
      expired: 5000,
      balance: 1000,
      reserved: 1000,
      available: 0,
    });

    // Work approved during the term is still consumed; the rest of its reservation expires when released.
    await inTx((trx) => ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 400 }));
    const before = await snapshot(c.id);
    await expectRefused(
      inTx((trx) => ledger().postTopUp(trx, ctx, { contractId: c.id, amount: 60, reference: 'late PO' })),
      'CONTRACT_NOT_ACTIVE',
    );
    await expectRefused(
      inTx((trx) => ledger().reserve(trx, ctx, { contractId: c.id, engagementId: eng, amount: 60 })),
      'CONTRACT_NOT_ACTIVE',
    );
    await expectRefused(
      inTx((trx) => ledger().consume(trx, ctx, { contractId: c.id, engagementId: makeEngagementId(t), amount: 60 })),
      'CONTRACT_NOT_ACTIVE',
    );
    expect(await snapshot(c.id)).toEqual(before);
    const released = await inTx((trx) =>
      ledger().release(trx, ctx, { contractId: c.id, engagementId: eng, amount: 'rest' }),
    );
    expect(released?.entry.amount.amount).toBe(600);
    expect(released?.followUps.map((e) => [e.kind, e.amount.amount])).toEqual([['expire', 600]]);
    expect(await ledger().totals(t.db.kysely, c.id)).toMatchObject({
      balance: 0,
      reserved: 0,
      available: 0,
      expired: 5600,
    });
    expect(verifyLedgerExport(await ledger().exportLedger(ctx, c.id)).ok).toBe(true);
    t.clock.set('2026-11-02T09:00:00Z');
  });

  it("rolls the policy's share over to the successor made by renewal, and expires the rest", async () => {
    t.clock.set('2027-06-30T12:00:00Z');
    const c = await makeContract(t, {
      timeZone: 'America/Chicago',
      termStart: '2026-07-01',
      termEnd: '2027-06-30',
      initialAmount: 1000,
      settings: { expiryPolicy: { mode: 'rollover', percent: 30 } },
    });
    const successor = await t.core.services.contracts.renew(ctx, c.id, {
      number: `${c.number}-R`,
      initialAmount: 6000,
    });
    expect(successor).toMatchObject({
      predecessorId: c.id,
      termStart: '2027-07-01',
      termEnd: '2028-06-30',
      status: 'active',
      settings: { expiryPolicy: { mode: 'rollover', percent: 30 } },
    });
    expect((await t.core.services.contracts.get(ctx, c.id)).successorId).toBe(successor.id);

    t.clock.set('2027-07-01T04:59:59Z'); // 23:59:59 on 30 June in Chicago (CDT, UTC−5)
    expect((await t.core.services.contracts.processTermEnds()).ended.map((e) => e.contractId)).not.toContain(c.id);
    t.clock.set('2027-07-01T05:00:00Z');
    const r = await t.core.services.contracts.processTermEnds();
    expect(r.ended.find((e) => e.contractId === c.id)).toEqual({ contractId: c.id, rolledOver: 300, expired: 700 });
    expect(await ledger().totals(t.db.kysely, c.id)).toMatchObject({ rolledOverOut: 300, expired: 700, balance: 0 });
    expect(await ledger().totals(t.db.kysely, successor.id)).toMatchObject({
      granted: 6000,
      rolledOverIn: 300,
      balance: 6300,
    });
    const successorLedger = await ledger().exportLedger(ctx, successor.id);
    expect(successorLedger.entries.map((e) => e.kind)).toEqual(['grant', 'rollover_in']);
    expect(verifyLedgerExport(successorLedger).ok).toBe(true);
    expect((await t.core.services.contracts.processTermEnds()).ended.map((e) => e.contractId)).not.toContain(c.id);
    expect(await ledger().totals(t.db.kysely, successor.id)).toMatchObject({ rolledOverIn: 300 });
    t.clock.set('2026-11-02T09:00:00Z');
  });

  it('expires everything when the policy is rollover but no successor exists (the scheduled job, called with the fake clock)', async () => {
    t.clock.set('2027-02-01T12:00:00Z');
    const c = await makeContract(t, {
      timeZone: 'UTC',
      termStart: '2026-02-01',
      termEnd: '2027-01-31',
      initialAmount: 900,
      settings: { expiryPolicy: { mode: 'rollover', percent: 100 } },
    });
    const job = scheduledJobs.find((j) => j.name === 'contracts-term-end')!;
    expect(await job.run(t.core)).toMatchObject({ ended: expect.any(Number) });
    expect(await ledger().totals(t.db.kysely, c.id)).toMatchObject({ expired: 900, rolledOverOut: 0, balance: 0 });
    expect(await job.run(t.core)).toEqual({ ended: 0 });
    t.clock.set('2026-11-02T09:00:00Z');
  });
});

describe('alert thresholds', () => {
  it('tells statement contacts and the account team once per threshold crossing', async () => {
    const am = await makeUser(t, { role: 'account_manager' });
    const customer = await makeCustomer(t, { accountTeam: [am.id] });
    const contact = await makeContact(t, customer.customerId, { receivesStatements: true });
    await makeContact(t, customer.customerId, { receivesStatements: false, email: 'quiet@customer.test' });
    const c = await makeContract(t, { customerId: customer.customerId, initialAmount: 1000 });
    const eng = makeEngagementId(t);
    const alerts = () =>
      t.db.kysely
        .selectFrom('outbox')
        .selectAll()
        .where('topic', '=', 'ledger.threshold_crossed')
        .where('dedupe_key', 'like', `ledger-threshold:${c.id}:%`)
        .orderBy('created_at')
        .orderBy('id')
        .execute();

    await inTx((trx) => ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 499 }));
    expect(await alerts()).toHaveLength(0);
    await inTx((trx) => ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 300 }));
    // One message per reader kind: the contact (portal page) and the account team (staff page).
    const first = await alerts();
    expect(first.map((m) => m.payload.subject)).toEqual([
      `Retainer ${c.number}: 50 % consumed`,
      `Retainer ${c.number}: 50 % consumed`,
      `Retainer ${c.number}: 75 % consumed`,
      `Retainer ${c.number}: 75 % consumed`,
    ]);
    expect(
      first
        .slice(0, 2)
        .flatMap((m) => m.payload.to)
        .sort(),
    ).toEqual([am.email, contact.email].sort());
    expect(first[0]!.payload.text).toContain('Available: 3h 21m');
    await inTx((trx) => ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 1 }));
    expect(await alerts()).toHaveLength(4);
    // A top-up brings it back under 75 %; crossing again is a new crossing.
    await inTx((trx) => ledger().postTopUp(trx, ctx, { contractId: c.id, amount: 500, reference: 'PO' }));
    await inTx((trx) => ledger().consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 400 }));
    expect((await alerts()).map((m) => m.payload.subject.replace(/.*: /, ''))).toEqual([
      '50 % consumed',
      '50 % consumed',
      '75 % consumed',
      '75 % consumed',
      '75 % consumed',
      '75 % consumed',
    ]);
  });
});
