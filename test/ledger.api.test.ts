import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../src/core/context.ts';
import { verifyLedgerExport } from '../src/core/ledger/ledger.verify.ts';
import type { Contract } from '../src/shared/contracts/contracts.ts';
import {
  makeContract,
  makeContractWorld,
  makeEngagementId,
  type ContractWorld,
  type TestCustomer,
} from './support/contract-factories.ts';
import { makeEngagement } from './support/engagement-factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let admin: Token, am: Token, otherAm: Token, irm: Token, consultant: Token, viewerA: Token, viewerB: Token;
let customerA: TestCustomer;
type Token = ContractWorld['admin'];
const ctx = systemCtx('test');

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-06-01T15:00:00Z' });
  ({ admin, am, otherAm, irm, consultant, viewerA, viewerB, customerA } = await makeContractWorld(t, {
    timeZoneA: 'America/Chicago',
    timeZoneB: 'Pacific/Auckland',
  }));
});
afterAll(async () => t.close());

const contractOfA = (o: Parameters<typeof makeContract>[1] = {}) =>
  makeContract(t, {
    customerId: customerA.customerId,
    termStart: '2026-01-01',
    termEnd: '2026-12-31',
    initialAmount: 6000,
    ...o,
  });
const ledgerState = async (contractId: string) => ({
  balance: await t.db.kysely
    .selectFrom('contract_balances')
    .selectAll()
    .where('contract_id', '=', contractId)
    .executeTakeFirstOrThrow(),
  entries: (await t.db.kysely.selectFrom('ledger_entries').select('id').where('contract_id', '=', contractId).execute())
    .length,
  audit: (await t.db.kysely.selectFrom('audit_events').select('id').where('entity_id', '=', contractId).execute())
    .length,
});

describe('top-ups', () => {
  it('records a top-up (account manager of the customer) and answers a retried key with the first result', async () => {
    const c = await contractOfA();
    const url = `/api/v1/contracts/${c.id}/top-ups`;
    const r = await call(
      t.app,
      am.auth,
      'POST',
      url,
      { amount: 2400, reference: 'PO 4711' },
      { 'idempotency-key': 'po-4711' },
    );
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      contractId: c.id,
      entry: {
        seq: 2,
        kind: 'top_up',
        amount: { amount: 2400, unit: 'minute', display: '40h 00m' },
        reference: 'PO 4711',
        idempotencyKey: 'po-4711',
        balanceAfter: { amount: 8400 },
        reservedAfter: { amount: 0 },
        availableAfter: { amount: 8400 },
        overage: { amount: 0 },
        engagementId: null,
      },
    });
    expect(r.json().entry.prevHash).toMatch(/^[0-9a-f]{64}$/);
    const replay = await call(
      t.app,
      am.auth,
      'POST',
      url,
      { amount: 2400, reference: 'PO 4711' },
      { 'idempotency-key': 'po-4711' },
    );
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(r.json());
    const before = await ledgerState(c.id);
    const reused = await call(
      t.app,
      am.auth,
      'POST',
      url,
      { amount: 2460, reference: 'PO 4711' },
      { 'idempotency-key': 'po-4711' },
    );
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await ledgerState(c.id)).toEqual(before);
    expect(before.balance.topped_up).toBe(2400);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', c.id)
      .where('action', '=', 'ledger.top_up')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.organization_id).toBe(customerA.organizationId);
  });

  it('refuses bad amounts (400), a contract that is not active (422), the wrong people (403/404) and changes nothing', async () => {
    const c = await contractOfA();
    const draft = await contractOfA({ status: 'draft' });
    const url = `/api/v1/contracts/${c.id}/top-ups`;
    const before = await ledgerState(c.id);
    for (const amount of [0, -60, 1.5, '60', 10_000_001, null]) {
      const r = await call(t.app, admin.auth, 'POST', url, { amount, reference: 'PO' });
      expect(r.statusCode, String(amount)).toBe(400);
      expect(r.json().errors[0].path).toBe('body.amount');
    }
    expect((await call(t.app, admin.auth, 'POST', url, { amount: 60 })).statusCode).toBe(400);
    expect(
      (
        await call(
          t.app,
          admin.auth,
          'POST',
          url,
          { amount: 60, reference: 'PO' },
          { 'idempotency-key': 'imr:term-end:expire' },
        )
      ).statusCode,
    ).toBe(400);
    expect((await call(t.app, otherAm.auth, 'POST', url, { amount: 60, reference: 'PO' })).statusCode).toBe(403);
    expect((await call(t.app, irm.auth, 'POST', url, { amount: 60, reference: 'PO' })).statusCode).toBe(403);
    expect((await call(t.app, consultant.auth, 'POST', url, { amount: 60, reference: 'PO' })).statusCode).toBe(403);
    expect((await call(t.app, viewerA.auth, 'POST', url, { amount: 60, reference: 'PO' })).statusCode).toBe(403);
    expect((await call(t.app, viewerB.auth, 'POST', url, { amount: 60, reference: 'PO' })).statusCode).toBe(404);
    expect((await call(t.app, null, 'POST', url, { amount: 60, reference: 'PO' })).statusCode).toBe(401);
    expect(
      (await call(t.app, admin.auth, 'POST', '/api/v1/contracts/ctr_missing/top-ups', { amount: 60, reference: 'PO' }))
        .statusCode,
    ).toBe(404);
    expect(await ledgerState(c.id)).toEqual(before);

    const draftBefore = await ledgerState(draft.id);
    const r = await call(t.app, admin.auth, 'POST', `/api/v1/contracts/${draft.id}/top-ups`, {
      amount: 60,
      reference: 'PO',
    });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({
      code: 'CONTRACT_NOT_ACTIVE',
      details: { status: 'draft', termStart: '2026-01-01', termEnd: '2026-12-31' },
    });
    expect(r.json().detail).toContain('term 2026-01-01 to 2026-12-31');
    expect(await ledgerState(draft.id)).toEqual(draftBefore);
  });
});

describe('adjustments and reversals', () => {
  it('lets admins adjust both ways with a reason; a debit past the policy is 422 with the shortfall and a top-up hint', async () => {
    const c = await contractOfA({ initialAmount: 600 });
    const url = `/api/v1/contracts/${c.id}/adjustments`;
    const up = await call(t.app, admin.auth, 'POST', url, { amount: 120, reason: 'goodwill for the delayed report' });
    expect(up.statusCode).toBe(201);
    expect(up.json().entry).toMatchObject({
      kind: 'adjustment',
      amount: { amount: 120 },
      reason: 'goodwill for the delayed report',
      balanceAfter: { amount: 720 },
    });
    const down = await call(t.app, admin.auth, 'POST', url, { amount: -60, reason: 'correct a double entry' });
    expect(down.json().entry).toMatchObject({
      amount: { amount: -60, display: '-1h 00m' },
      balanceAfter: { amount: 660 },
    });
    const before = await ledgerState(c.id);
    const over = await call(t.app, admin.auth, 'POST', url, { amount: -700, reason: 'too much' });
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({
      code: 'BALANCE_INSUFFICIENT',
      details: { shortfall: { amount: 40, unit: 'minute', display: '0h 40m' }, available: { amount: 660 } },
    });
    expect(over.json().detail).toMatch(/top up at least 0h 40m/);
    expect((await call(t.app, admin.auth, 'POST', url, { amount: 0, reason: 'zero' })).statusCode).toBe(400);
    expect((await call(t.app, admin.auth, 'POST', url, { amount: 60 })).statusCode).toBe(400);
    expect((await call(t.app, am.auth, 'POST', url, { amount: 60, reason: 'not mine to do' })).statusCode).toBe(403);
    expect((await call(t.app, viewerB.auth, 'POST', url, { amount: 60, reason: 'other tenant' })).statusCode).toBe(404);
    expect(await ledgerState(c.id)).toEqual(before);
  });

  it('lets admins reverse an entry once', async () => {
    const c = await contractOfA();
    const top = (
      await call(t.app, am.auth, 'POST', `/api/v1/contracts/${c.id}/top-ups`, { amount: 600, reference: 'PO wrong' })
    ).json();
    const url = `/api/v1/contracts/${c.id}/reversals`;
    expect((await call(t.app, am.auth, 'POST', url, { entryId: top.entry.id, reason: 'wrong PO' })).statusCode).toBe(
      403,
    );
    const r = await call(t.app, admin.auth, 'POST', url, { entryId: top.entry.id, reason: 'wrong PO' });
    expect(r.statusCode).toBe(201);
    expect(r.json().entry).toMatchObject({
      kind: 'reversal',
      reversesId: top.entry.id,
      amount: { amount: 600 },
      balanceAfter: { amount: 6000 },
    });
    expect((await call(t.app, admin.auth, 'POST', url, { entryId: top.entry.id, reason: 'again' })).statusCode).toBe(
      409,
    );
    expect((await call(t.app, admin.auth, 'POST', url, { entryId: 'led_missing', reason: 'nothing' })).statusCode).toBe(
      404,
    );
  });
});

describe('GET /balance', () => {
  it("gives totals, burn rate over the trailing 90 days, days left and the depletion forecast in the customer's time zone", async () => {
    t.clock.set('2026-06-01T15:00:00Z');
    const c = await contractOfA();
    const eng = makeEngagementId(t);
    const l = t.core.services.ledger;
    await t.db.transaction((trx) => l.reserve(trx, ctx, { contractId: c.id, engagementId: eng, amount: 3000 }));
    await t.db.transaction((trx) => l.consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 600 }));
    t.clock.set('2026-07-16T03:00:00Z'); // still 15 July in Chicago
    await t.db.transaction((trx) => l.consume(trx, ctx, { contractId: c.id, engagementId: eng, amount: 1200 }));
    t.clock.set('2026-08-30T15:00:00Z');
    const r = await call(t.app, viewerA.auth, 'GET', `/api/v1/contracts/${c.id}/balance`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      contractId: c.id,
      contractNumber: c.number,
      status: 'active',
      unit: 'hours',
      granted: { amount: 6000, display: '100h 00m' },
      toppedUp: { amount: 0 },
      rolledOverIn: { amount: 0 },
      adjusted: { amount: 0 },
      consumed: { amount: 1800 },
      minimumTrueUps: { amount: 0 },
      expired: { amount: 0 },
      rolledOverOut: { amount: 0 },
      balance: { amount: 4200 },
      reserved: { amount: 1200 },
      available: { amount: 3000 },
      // The window is 2026-06-02 … 2026-08-30: only the 1200 of 15 July counts.
      burnRatePerMonth: { amount: 400, display: '6h 40m' },
      percentConsumed: 30,
      termStart: '2026-01-01',
      termEnd: '2026-12-31',
      daysLeft: 123,
      forecastDepletionDate: '2027-07-11',
      entries: 4,
      asOf: '2026-08-30T15:00:00.000Z',
    });
    t.clock.set('2026-12-31T05:30:00Z'); // 30 December in Chicago, 31 December in UTC
    expect((await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${c.id}/balance`)).json().daysLeft).toBe(1);
    t.clock.set('2026-06-01T15:00:00Z');
  });

  it("is readable by staff readers and the customer's users; another tenant gets 404, consultants 403", async () => {
    const c = await contractOfA();
    for (const who of [admin, am, otherAm, irm, viewerA])
      expect((await call(t.app, who.auth, 'GET', `/api/v1/contracts/${c.id}/balance`)).statusCode).toBe(200);
    expect((await call(t.app, viewerB.auth, 'GET', `/api/v1/contracts/${c.id}/balance`)).statusCode).toBe(404);
    expect((await call(t.app, consultant.auth, 'GET', `/api/v1/contracts/${c.id}/balance`)).statusCode).toBe(403);
    expect((await call(t.app, null, 'GET', `/api/v1/contracts/${c.id}/balance`)).statusCode).toBe(401);
  });
});

describe('GET /ledger', () => {
  let c: Contract;
  beforeAll(async () => {
    t.clock.set('2026-03-01T18:00:00Z');
    c = await contractOfA({ initialAmount: 600 });
    for (const [at, amount] of [
      ['2026-03-02T18:00:00Z', 60],
      ['2026-03-03T05:30:00Z', 120],
      ['2026-03-03T18:00:00Z', 180],
    ] as const) {
      t.clock.set(at);
      await call(t.app, am.auth, 'POST', `/api/v1/contracts/${c.id}/top-ups`, {
        amount,
        reference: `PO, "quoted" ${amount}`,
      });
    }
    await call(t.app, admin.auth, 'POST', `/api/v1/contracts/${c.id}/adjustments`, {
      amount: -30,
      reason: 'rounding,\nsecond line',
    });
    t.clock.set('2026-06-01T15:00:00Z');
  });

  it('pages by cursor in chain order', async () => {
    const p1 = (await call(t.app, viewerA.auth, 'GET', `/api/v1/contracts/${c.id}/ledger?limit=2`)).json();
    expect(p1.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
    const p2 = (
      await call(t.app, viewerA.auth, 'GET', `/api/v1/contracts/${c.id}/ledger?limit=2&cursor=${p1.nextCursor}`)
    ).json();
    expect(p2.items.map((e: { seq: number }) => e.seq)).toEqual([3, 4]);
    const p3 = (
      await call(t.app, viewerA.auth, 'GET', `/api/v1/contracts/${c.id}/ledger?limit=2&cursor=${p2.nextCursor}`)
    ).json();
    expect(p3).toMatchObject({ items: [{ seq: 5, kind: 'adjustment' }], nextCursor: null });
  });

  it("filters by kind and by days in the customer's time zone", async () => {
    const kinds = (
      await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${c.id}/ledger?kind=grant,adjustment`)
    ).json();
    expect(kinds.items.map((e: { kind: string }) => e.kind)).toEqual(['grant', 'adjustment']);
    // 2026-03-03T05:30Z is still 2 March in Chicago.
    const day = (
      await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${c.id}/ledger?kind=top_up&from=2026-03-02&to=2026-03-02`)
    ).json();
    expect(day.items.map((e: { amount: { amount: number } }) => e.amount.amount)).toEqual([60, 120]);
    const bad = await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${c.id}/ledger?kind=top_up,gift`);
    expect(bad.statusCode).toBe(400);
    expect((await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${c.id}/ledger?from=2026-13-01`)).statusCode).toBe(
      400,
    );
  });

  it('gives every matching entry as CSV that parses back, with labels and local dates', async () => {
    const r = await call(t.app, viewerA.auth, 'GET', `/api/v1/contracts/${c.id}/ledger?format=csv&limit=1`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.headers['content-disposition']).toContain(`ledger-${c.number}.csv`);
    const rows = parse(r.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    expect(rows.map((x) => x['Kind'])).toEqual(['Grant', 'Top-up', 'Top-up', 'Top-up', 'Adjustment']);
    expect(rows[2]).toMatchObject({
      'No.': '3',
      // 2026-03-03T05:30Z is still 2 March in Chicago.
      Date: '2026-03-02',
      Time: '23:30',
      'Time zone': 'America/Chicago',
      Amount: '120',
      Unit: 'minutes',
      'Amount shown': '2h 00m',
      'Balance effect': '120',
      'Reserved effect': '0',
      Reference: 'PO, "quoted" 120',
    });
    expect(rows[4]).toMatchObject({
      Amount: '-30',
      'Balance effect': '-30',
      Reason: 'rounding,\nsecond line',
      'Balance after': String(600 + 60 + 120 + 180 - 30),
    });
    expect(rows.reduce((sum, x) => sum + Number(x['Balance effect']), 0)).toBe(600 + 60 + 120 + 180 - 30);
    // Nothing internal: no entry ids, no ISO instants, no kind slugs.
    expect(r.body).not.toMatch(/\b[a-z]{2,4}_[0-9a-z]{20,}\b|\d{4}-\d\d-\d\dT\d\d:\d\d|top_up/);
    const filtered = parse(
      (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${c.id}/ledger?format=csv&kind=top_up`)).body,
      { columns: true },
    );
    expect(filtered).toHaveLength(3);
  });

  it('gives each entry its signed effect on the balance and the reservation: the columns sum to the balance, whatever the kinds', async () => {
    const c2 = await contractOfA({ initialAmount: 6000 });
    const e = await makeEngagement(t, { contract: c2, estimate: 600 }); // reserves 600
    const l = t.core.services.ledger;
    await t.db.transaction((trx) => l.consume(trx, ctx, { contractId: c2.id, engagementId: e.id, amount: 900 }));
    const top = (
      await call(t.app, am.auth, 'POST', `/api/v1/contracts/${c2.id}/top-ups`, {
        amount: 120,
        reference: '=HYPERLINK("http://evil.example","PO")',
      })
    ).json();
    const consume = (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${c2.id}/ledger?kind=consume`)).json()
      .items[0];
    for (const entryId of [consume.id, top.entry.id])
      expect(
        (await call(t.app, admin.auth, 'POST', `/api/v1/contracts/${c2.id}/reversals`, { entryId, reason: '-fix' }))
          .statusCode,
      ).toBe(201);
    await t.db.transaction((trx) => l.consume(trx, ctx, { contractId: c2.id, engagementId: e.id, amount: 200 }));
    await call(t.app, admin.auth, 'POST', `/api/v1/contracts/${c2.id}/adjustments`, { amount: -45, reason: 'credit' });

    const r = await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${c2.id}/ledger?format=csv`);
    const rows = parse(r.body, { columns: true }) as Record<string, string>[];
    const balance = (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${c2.id}/balance`)).json();
    const sum = (col: string) => rows.reduce((s, x) => s + Number(x[col]), 0);
    expect(sum('Balance effect')).toBe(balance.balance.amount);
    expect(sum('Reserved effect')).toBe(balance.reserved.amount);
    expect(balance.balance.amount).toBe(6000 - 200 - 45);
    expect(balance.reserved.amount).toBe(400);
    expect(rows.map((x) => [x['Kind'], x['Balance effect'], x['Reserved effect'], x['Engagement']])).toEqual([
      ['Grant', '6000', '0', ''],
      ['Reservation', '0', '600', e.number],
      ['Consumption', '-900', '-600', e.number],
      ['Top-up', '120', '0', ''],
      ['Reversal', '900', '600', e.number],
      ['Reversal', '-120', '0', ''],
      ['Consumption', '-200', '-200', e.number],
      ['Adjustment', '-45', '0', ''],
    ]);
    expect(rows[4]!['Reverses No.']).toBe('3');
    // Formula-like text is neutralised; negative numbers stay numbers.
    expect(rows[3]!['Reference']).toBe(`'=HYPERLINK("http://evil.example","PO")`);
    expect(rows[4]!['Reason']).toBe(`'-fix`);
    expect(rows[7]!['Amount']).toBe('-45');
    expect(r.body).toContain(',-45,');
    // Filtered by kind, an entry keeps the effect it has in the whole chain.
    const reversals = parse(
      (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${c2.id}/ledger?format=csv&kind=reversal`)).body,
      { columns: true },
    ) as Record<string, string>[];
    expect(reversals.map((x) => x['Reserved effect'])).toEqual(['600', '0']);
  });

  it('exports the chain as JSON that verifies offline, and a tampered copy does not', async () => {
    const r = await call(t.app, viewerA.auth, 'GET', `/api/v1/contracts/${c.id}/ledger/export`);
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc).toMatchObject({ contractId: c.id, unit: 'hours' });
    expect(Object.keys(doc.entries[0]).sort()).toEqual([
      'amount',
      'balanceAfter',
      'contractId',
      'createdAt',
      'createdBy',
      'engagementId',
      'hash',
      'id',
      'idempotencyKey',
      'kind',
      'overage',
      'prevHash',
      'reason',
      'reference',
      'reservedAfter',
      'reversesId',
      'seq',
    ]);
    expect(doc.entries[1]).toMatchObject({ seq: 2, kind: 'top_up', amount: 60, prevHash: doc.entries[0].hash });
    expect(verifyLedgerExport(doc)).toMatchObject({
      ok: true,
      entries: 5,
      balance: 930,
      headHash: doc.entries[4].hash,
    });
    doc.entries[2].amount = 1200;
    expect(verifyLedgerExport(doc)).toMatchObject({ ok: false, brokenAt: { seq: 3 } });
  });
});

describe('tenant isolation', () => {
  it("answers 404 on every contract and ledger route for another customer's user, exactly as for a missing contract", async () => {
    const c = await contractOfA();
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v1/contracts/${c.id}`],
      ['PATCH', `/api/v1/contracts/${c.id}`, { number: 'X' }],
      ['POST', `/api/v1/contracts/${c.id}/activate`],
      ['POST', `/api/v1/contracts/${c.id}/terminate`, { reason: 'not yours' }],
      ['POST', `/api/v1/contracts/${c.id}/renew`, { number: 'X-R' }],
      ['POST', `/api/v1/contracts/${c.id}/top-ups`, { amount: 60, reference: 'PO' }],
      ['POST', `/api/v1/contracts/${c.id}/adjustments`, { amount: 60, reason: 'not yours' }],
      ['POST', `/api/v1/contracts/${c.id}/reversals`, { entryId: 'led_x', reason: 'not yours' }],
      ['GET', `/api/v1/contracts/${c.id}/balance`],
      ['GET', `/api/v1/contracts/${c.id}/ledger`],
      ['GET', `/api/v1/contracts/${c.id}/ledger?format=csv`],
      ['GET', `/api/v1/contracts/${c.id}/ledger/export`],
    ];
    const before = await ledgerState(c.id);
    for (const [method, url, payload] of routes) {
      const r = await call(t.app, viewerB.auth, method as 'GET', url, payload);
      expect(r.statusCode, `${method} ${url}`).toBe(404);
      expect(r.json().code).toBe('NOT_FOUND');
      const missing = await call(t.app, viewerB.auth, method as 'GET', url.replace(c.id, 'ctr_missing'), payload);
      expect(missing.statusCode).toBe(404);
    }
    expect(await ledgerState(c.id)).toEqual(before);
    const list = (await call(t.app, viewerB.auth, 'GET', '/api/v1/contracts?limit=200')).json();
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
  });
});
