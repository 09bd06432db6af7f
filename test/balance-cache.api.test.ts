import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemCtx } from '../src/core/context.ts';
import { noBalanceCache } from '../src/core/ledger/balance-cache.ts';
import { ledgerRepo } from '../src/core/ledger/ledger.repo.ts';
import { createLedgerService } from '../src/core/ledger/ledger.service.ts';
import { makeContract, makeContractWorld, type ContractWorld } from './support/contract-factories.ts';
import { makeEngagement } from './support/engagement-factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

// Servers answer GET .../balance from memory (core/ledger/balance-cache.ts): exact at once for this
// process's own writes, and confirmed against the database by a poll for everyone else's.

let t: TestEnv;
let w: ContractWorld;

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-06-01T15:00:00Z' });
  w = await makeContractWorld(t);
});
afterAll(async () => t.close());
afterEach(() => vi.restoreAllMocks());

const newContract = () =>
  makeContract(t, {
    customerId: w.customerA.customerId,
    termStart: '2026-01-01',
    termEnd: '2026-12-31',
    initialAmount: 6000,
  });
const balance = async (contractId: string) =>
  (await call(t.app, w.admin.auth, 'GET', `/api/v1/contracts/${contractId}/balance`)).json();
/** Counts the reads of balances that went to the database. */
const watchLoads = () => vi.spyOn(ledgerRepo, 'readWithDailyConsumption');

describe('cached balances', () => {
  it('answer repeated reads from memory, still checking who asks', async () => {
    const c = await newContract();
    const loads = watchLoads();
    expect((await balance(c.id)).balance.amount).toBe(6000);
    expect((await balance(c.id)).balance.amount).toBe(6000);
    expect(loads).toHaveBeenCalledTimes(1);
    // another tenant's user: still NOT_FOUND, and a customer user of the tenant: allowed
    expect((await call(t.app, w.viewerB.auth, 'GET', `/api/v1/contracts/${c.id}/balance`)).statusCode).toBe(404);
    expect((await call(t.app, w.viewerA.auth, 'GET', `/api/v1/contracts/${c.id}/balance`)).statusCode).toBe(200);
  });

  it("show this process's writes at once: top-ups, effort, adjustments, contract and customer changes", async () => {
    const c = await newContract();
    await balance(c.id);
    const top = await call(
      t.app,
      w.am.auth,
      'POST',
      `/api/v1/contracts/${c.id}/top-ups`,
      { amount: 60, reference: 'PO 1' },
      { 'idempotency-key': 'cache-1' },
    );
    expect(top.statusCode).toBe(201);
    expect((await balance(c.id)).balance.amount).toBe(6060);
    await call(
      t.app,
      w.admin.auth,
      'POST',
      `/api/v1/contracts/${c.id}/adjustments`,
      { amount: -30, reason: 'credit note' },
      { 'idempotency-key': 'cache-2' },
    );
    expect((await balance(c.id)).balance.amount).toBe(6030);

    const e = await makeEngagement(t, { contract: c, team: [{ userId: w.admin.id, role: 'lead' }], estimate: 600 });
    expect((await balance(c.id)).reserved.amount).toBe(600);
    const logged = await call(
      t.app,
      w.admin.auth,
      'POST',
      `/api/v1/engagements/${e.id}/effort`,
      { date: '2026-06-01', minutes: 45, activity: 'analysis' },
      { 'idempotency-key': 'cache-3' },
    );
    expect(logged.json().billingStatus).toBe('consumed');
    expect(await balance(c.id)).toMatchObject({
      consumed: { amount: 45 },
      reserved: { amount: 555 },
      balance: { amount: 5985 },
    });

    expect(
      (await call(t.app, w.admin.auth, 'PATCH', `/api/v1/contracts/${c.id}`, { termEnd: '2026-06-30' })).statusCode,
    ).toBe(200);
    expect((await balance(c.id)).daysLeft).toBe(29);
    expect(
      (
        await call(t.app, w.admin.auth, 'PATCH', `/api/v1/customers/${w.customerA.customerId}`, {
          timeZone: 'Pacific/Kiritimati',
        })
      ).statusCode,
    ).toBe(200);
    expect((await balance(c.id)).daysLeft).toBe(28); // already 2 June in Kiritimati (UTC+14)
    expect(
      (
        await call(t.app, w.admin.auth, 'PATCH', `/api/v1/customers/${w.customerA.customerId}`, {
          timeZone: 'America/Chicago',
        })
      ).statusCode,
    ).toBe(200);
    expect((await balance(c.id)).daysLeft).toBe(29);
    expect(
      (await call(t.app, w.admin.auth, 'POST', `/api/v1/contracts/${c.id}/terminate`, { reason: 'customer left' }))
        .statusCode,
    ).toBe(200);
    expect(await balance(c.id)).toMatchObject({ status: 'terminated', forecastDepletionDate: null });
  });

  it("show another process's writes once the poll has confirmed what is cached", async () => {
    const c = await newContract();
    expect((await balance(c.id)).balance.amount).toBe(6000);
    // Another process: its own ledger service, which shares nothing in memory with this server.
    const elsewhere = createLedgerService({
      db: t.db,
      clock: t.core.clock,
      ids: t.core.ids,
      audit: t.core.services.audit,
      outbox: t.core.services.outbox,
      publicUrl: 'http://elsewhere',
      balances: noBalanceCache(t.core.clock),
    });
    await t.db.transaction((trx) =>
      elsewhere.postTopUp(trx, systemCtx('worker'), { contractId: c.id, amount: 120, reference: 'PO 9' }),
    );
    await t.db.kysely.updateTable('contracts').set({ term_end: '2026-09-30' }).where('id', '=', c.id).execute();
    await t.core.balances.confirm(); // what the poll does every 100 ms
    expect(await balance(c.id)).toMatchObject({ balance: { amount: 6120 }, entries: 2, termEnd: '2026-09-30' });
    // and the poll runs on its own
    await t.db.transaction((trx) =>
      elsewhere.postTopUp(trx, systemCtx('worker'), { contractId: c.id, amount: 60, reference: 'PO 10' }),
    );
    await vi.waitFor(async () => expect((await balance(c.id)).balance.amount).toBe(6180), {
      timeout: 2000,
      interval: 20,
    });
  });
});
