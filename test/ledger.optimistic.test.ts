import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemCtx } from '../src/core/context.ts';
import { verifyLedgerExport } from '../src/core/ledger/ledger.verify.ts';
import { optimisticRepo } from '../src/core/ledger/optimistic/optimistic.repo.ts';
import {
  makeContract,
  makeContractWorld,
  type ContractWorld,
  type TestCustomer,
} from './support/contract-factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

// API top-ups take the optimistic path (optimisticRepo.appendIfHead: one statement against the head this
// process remembers) and fall back to the locking path whenever that head is stale. These tests move the
// head and the contract behind the server's back and check that nothing is lost, doubled or misplaced.

let t: TestEnv;
let admin: ContractWorld['admin'];
let customerA: TestCustomer;
const ctx = systemCtx('another writer');

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-06-01T15:00:00Z' });
  ({ admin, customerA } = await makeContractWorld(t));
});
afterAll(async () => t.close());
afterEach(() => vi.restoreAllMocks());

/** What each optimistic attempt of the test answered, in order ('appended', 'stale', 'duplicate'). */
function watchAttempts() {
  const spy = vi.spyOn(optimisticRepo, 'appendIfHead');
  return () => Promise.all(spy.mock.results.map((r) => r.value as Promise<string>));
}

const newContract = () =>
  makeContract(t, {
    customerId: customerA.customerId,
    termStart: '2026-01-01',
    termEnd: '2026-12-31',
    initialAmount: 6000,
  });
const topUp = (contractId: string, amount: number, key: string) =>
  call(
    t.app,
    admin.auth,
    'POST',
    `/api/v1/contracts/${contractId}/top-ups`,
    { amount, reference: `PO ${key}` },
    { 'idempotency-key': key },
  );

async function verified(contractId: string) {
  const doc = (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${contractId}/ledger/export`)).json();
  const balance = (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${contractId}/balance`)).json();
  const topUpAudits = await t.db.kysely
    .selectFrom('audit_events')
    .select('id')
    .where('entity_id', '=', contractId)
    .where('action', '=', 'ledger.top_up')
    .execute();
  return {
    report: verifyLedgerExport(doc),
    seqs: doc.entries.map((e: { seq: number }) => e.seq),
    balance: balance.balance.amount,
    topUpAudits: topUpAudits.length,
  };
}

describe('optimistic top-ups', () => {
  it('chain after a posting this process did not make (the remembered head is stale)', async () => {
    const c = await newContract();
    const attempts = watchAttempts();
    expect((await topUp(c.id, 60, 'a')).json().entry.seq).toBe(2);
    await t.db.transaction((trx) =>
      t.core.services.ledger.postAdjustment(trx, ctx, { contractId: c.id, amount: -30, reason: 'correction' }),
    );
    const r = await topUp(c.id, 90, 'b');
    expect(r.statusCode).toBe(201);
    expect(r.json().entry).toMatchObject({ seq: 4, balanceAfter: { amount: 6120 } });
    expect((await topUp(c.id, 15, 'c')).json().entry.seq).toBe(5);
    expect(await verified(c.id)).toEqual({
      report: expect.objectContaining({ ok: true, entries: 5, balance: 6135 }),
      seqs: [1, 2, 3, 4, 5],
      balance: 6135,
      topUpAudits: 3,
    });
    // The second attempt found the head moved and wrote nothing; the locking path posted it; the third read the head afresh.
    expect(await attempts()).toEqual(['appended', 'stale', 'appended']);
  });

  it('notice contract settings another process changed since the head was remembered', async () => {
    const c = await newContract();
    const attempts = watchAttempts();
    expect((await topUp(c.id, 60, 'a')).statusCode).toBe(201);
    const settings = {
      ...((
        await t.db.kysely.selectFrom('contracts').select('settings').where('id', '=', c.id).executeTakeFirstOrThrow()
      ).settings as object),
      overdraftPolicy: { mode: 'allow' },
    };
    await t.db.kysely
      .updateTable('contracts')
      .set({ settings: JSON.stringify(settings) })
      .where('id', '=', c.id)
      .execute();
    expect((await topUp(c.id, 60, 'b')).json().entry.seq).toBe(3);
    expect(await attempts()).toEqual(['appended', 'stale']);
    expect(await verified(c.id)).toEqual({
      report: expect.objectContaining({ ok: true, entries: 3 }),
      seqs: [1, 2, 3],
      balance: 6120,
      topUpAudits: 2,
    });
  });

  it('read the head again after this process changed the contract', async () => {
    const c = await newContract();
    const attempts = watchAttempts();
    expect((await topUp(c.id, 60, 'a')).statusCode).toBe(201);
    expect(
      (
        await call(t.app, admin.auth, 'PATCH', `/api/v1/contracts/${c.id}`, {
          settings: { overdraftPolicy: { mode: 'allow' } },
        })
      ).statusCode,
    ).toBe(200);
    expect((await topUp(c.id, 60, 'b')).json().entry.seq).toBe(3);
    expect(await attempts()).toEqual(['appended', 'appended']); // forgotten with the edit: drafted on a fresh read, never refused as stale
    expect(await verified(c.id)).toEqual({
      report: expect.objectContaining({ ok: true, entries: 3 }),
      seqs: [1, 2, 3],
      balance: 6120,
      topUpAudits: 2,
    });
  });

  it('refuse a contract another process terminated since its head was remembered, and write nothing', async () => {
    const c = await newContract();
    const attempts = watchAttempts();
    expect((await topUp(c.id, 60, 'a')).statusCode).toBe(201);
    await t.db.kysely.updateTable('contracts').set({ status: 'terminated' }).where('id', '=', c.id).execute();
    const r = await topUp(c.id, 60, 'b');
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('CONTRACT_NOT_ACTIVE');
    expect(await verified(c.id)).toEqual({
      report: expect.objectContaining({ ok: true, entries: 2 }),
      seqs: [1, 2],
      balance: 6060,
      topUpAudits: 1,
    });
    // The remembered head still said "active": the draft passed, the statement's guard refused.
    expect(await attempts()).toEqual(['appended', 'stale']);
  });

  it('answer a retried key with the first entry, refuse the key with another body, and write each once', async () => {
    const c = await newContract();
    const attempts = watchAttempts();
    const first = await topUp(c.id, 60, 'k');
    const again = await topUp(c.id, 60, 'k');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().entry.id).toBe(first.json().entry.id);
    const other = await topUp(c.id, 61, 'k');
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await verified(c.id)).toEqual({
      report: expect.objectContaining({ ok: true, entries: 2 }),
      seqs: [1, 2],
      balance: 6060,
      topUpAudits: 1,
    });
    expect(await attempts()).toEqual(['appended', 'duplicate', 'duplicate']);
  });

  it('lose and double nothing when many land on one contract at once', async () => {
    const c = await newContract();
    const attempts = watchAttempts();
    const amounts = Array.from({ length: 40 }, (_, i) => i + 1);
    const results = await Promise.all(amounts.map((a) => topUp(c.id, a, `k${a}`)));
    expect(results.map((r) => r.statusCode)).toEqual(amounts.map(() => 201));
    const sum = amounts.reduce((n, a) => n + a, 0);
    expect(await verified(c.id)).toEqual({
      report: expect.objectContaining({ ok: true, entries: 41, balance: 6000 + sum }),
      seqs: Array.from({ length: 41 }, (_, i) => i + 1),
      balance: 6000 + sum,
      topUpAudits: 40,
    });
    const outcomes = await attempts();
    expect(outcomes).toContain('appended');
    expect(outcomes.every((o) => o === 'appended' || o === 'stale')).toBe(true);
  });
});
