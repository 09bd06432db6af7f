import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingLine, BillingRun } from '../src/shared/contracts/invoicing.ts';
import { makeCustomer } from './support/contract-factories.ts';
import { makeEngagement, type TestEngagement } from './support/engagement-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { makeOverageContract } from './support/billing-factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

/**
 * Overage corrections (issue 17): overage exported by one run and then lowered by a reversal or an
 * adjustment of the consumption is credited by a later run as a line of its own, referencing the original
 * line, which never changes; a later top-up credits nothing; each correction is exported once.
 */
type U = Awaited<ReturnType<typeof makeUserWithToken>>;
let t: TestEnv;
let admin: U, am: U, alice: U;
let contract: Awaited<ReturnType<typeof makeOverageContract>>;
let eng: TestEngagement;

const api = (u: U, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
  call(t.app, u.auth, method, url, body);
const run = async (period: string) => {
  const r = await api(am, 'POST', '/api/v1/billing/runs', { period });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as BillingRun;
};
const post = async (path: string, body: unknown) => {
  const r = await api(admin, 'POST', `/api/v1/contracts/${contract.id}/${path}`, body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json().entry as { id: string };
};
const log = async (minutes: number, date: string) => {
  const r = await api(alice, 'POST', `/api/v1/engagements/${eng.id}/effort`, { minutes, activity: 'analysis', date });
  expect(r.statusCode, r.body).toBe(201);
};
const overageLines = async () =>
  t.db.kysely.selectFrom('billing_lines').selectAll().where('kind', '=', 'overage').orderBy('id').execute();

let consumeIds: string[] = [];

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-05T10:00:00Z' });
  admin = await makeUserWithToken(t, { role: 'admin' });
  am = await makeUserWithToken(t, { role: 'account_manager' });
  alice = await makeUserWithToken(t, { role: 'consultant' });
  const acme = await makeCustomer(t, { name: 'Acme Corrections AG', timeZone: 'Europe/Berlin', accountTeam: [am.id] });
  contract = await makeOverageContract(t, acme.customerId, 2 * 60);
  eng = await makeEngagement(t, { contract, team: [{ userId: alice.id, role: 'lead' }], estimate: 20 * 60 });
  // November: 2 h granted, 1 h and then 2 h consumed: the balance ends at −1 h, 1 h past zero.
  t.clock.set('2026-11-10T10:00:00Z');
  await log(60, '2026-11-10');
  await log(120, '2026-11-10');
  const entries = await t.db.kysely
    .selectFrom('ledger_entries')
    .select(['id', 'amount'])
    .where('contract_id', '=', contract.id)
    .where('kind', '=', 'consume')
    .orderBy('seq')
    .execute();
  expect(entries.map((e) => e.amount)).toEqual([60, 120]);
  consumeIds = entries.map((e) => e.id);
}, 120_000);
afterAll(async () => t?.close());

let november: BillingLine;

describe('overage corrected after it was exported', () => {
  it('run 1 (November) bills the hour past zero; the line is invoiced', async () => {
    t.clock.set('2026-12-02T09:00:00Z');
    const first = await run('2026-11');
    const overage = first.lines.filter((l) => l.kind === 'overage');
    expect(overage).toHaveLength(1);
    november = overage[0]!;
    expect(november.quantity?.amount).toBe(60);
    expect(november.amount).toMatchObject({ amount: 12_345, currency: 'EUR' });
    const r = await api(am, 'PATCH', `/api/v1/billing/runs/${first.id}/lines/${november.id}`, {
      invoiceNumber: 'INV-2026-0301',
    });
    expect(r.statusCode, r.body).toBe(200);
  });

  it('a later top-up credits nothing: December bills no correction', async () => {
    t.clock.set('2026-12-03T09:00:00Z');
    await post('top-ups', { amount: 5 * 60, reference: 'Order 12' });
    t.clock.set('2027-01-02T09:00:00Z');
    const december = await run('2026-12');
    expect(december.lines.filter((l) => l.kind === 'overage_correction')).toEqual([]);
  });

  it('an adjustment of the consumption in January is credited by the January run, referencing the line', async () => {
    t.clock.set('2027-01-10T09:00:00Z');
    // 20 of the 120 minutes were logged by mistake: the balance had gone 40 minutes past zero, not 60.
    await post('adjustments', { amount: 20, reason: 'Effort logged twice on 10 November' });
    const before = await overageLines();
    t.clock.set('2027-02-02T09:00:00Z');
    const january = await run('2027-01');
    const corrections = january.lines.filter((l) => l.kind === 'overage_correction');
    expect(corrections).toHaveLength(1);
    const [c] = corrections;
    expect(c).toMatchObject({
      correctsLineId: november.id,
      customerName: 'Acme Corrections AG',
      date: '2027-01-31',
      quantity: { amount: -20, unit: 'minute', display: '-0h 20m' },
      unitPrice: { amount: 12_345, currency: 'EUR' },
      // 20 minutes at 123.45 EUR an hour = 41.15
      amount: { amount: -4_115, currency: 'EUR', display: '-41.15 EUR' },
      engagements: november.engagements,
      invoiceNumber: null,
    });
    expect(c!.description).toContain('November 2026');
    expect(c!.description).toContain('INV-2026-0301');
    expect(c!.description).not.toMatch(/bln_|le_|eng_/);
    expect(january.totals).toEqual([{ amount: -4_115, currency: 'EUR', display: '-41.15 EUR' }]);
    // The exported, invoiced line did not change.
    expect(await overageLines()).toEqual(before);
    const csv = await api(am, 'GET', `/api/v1/billing/runs/${january.id}?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n')[0]).toMatch(/,correctsLineId$/);
    expect(csv.body).toContain(`-20,minute,'-0h 20m,12345,-4115,EUR,'-41.15 EUR`);
  });

  it('a second run of January exports nothing new', async () => {
    const again = await run('2027-01');
    expect(again.lines).toEqual([]);
  });

  it('a reversal in February of the first consumption credits the rest, exactly the money left', async () => {
    t.clock.set('2027-02-10T09:00:00Z');
    await post('reversals', { entryId: consumeIds[0], reason: 'Kick-off not billable after all' });
    t.clock.set('2027-03-02T09:00:00Z');
    const february = await run('2027-02');
    const corrections = february.lines.filter((l) => l.kind === 'overage_correction');
    expect(corrections.map((l) => [l.correctsLineId, l.quantity?.amount, l.amount?.amount])).toEqual([
      [november.id, -40, -(12_345 - 4_115)],
    ]);
    expect((await run('2027-02')).lines).toEqual([]);
    // Nothing is left to credit: a later month has nothing either.
    t.clock.set('2027-04-02T09:00:00Z');
    expect((await run('2027-03')).lines.filter((l) => l.kind === 'overage_correction')).toEqual([]);
  });
});

describe('a correction within the period is netted in its overage line', () => {
  it('a reversal posted in the same month leaves no overage for it', async () => {
    const e2 = await makeEngagement(t, { contract, team: [{ userId: alice.id, role: 'lead' }], estimate: 40 * 60 });
    // Consumption that takes the balance (read, not worked out) past zero, in whole quarter hours.
    t.clock.set('2027-04-05T10:00:00Z');
    const balance = (await api(admin, 'GET', `/api/v1/contracts/${contract.id}/balance`)).json() as {
      balance: { amount: number };
    };
    const past = Math.ceil((balance.balance.amount + 30) / 15) * 15;
    const r = await api(alice, 'POST', `/api/v1/engagements/${e2.id}/effort`, {
      minutes: past,
      activity: 'analysis',
      date: '2027-04-05',
    });
    expect(r.statusCode, r.body).toBe(201);
    const [last] = await t.db.kysely
      .selectFrom('ledger_entries')
      .select(['id', 'amount'])
      .where('contract_id', '=', contract.id)
      .where('kind', '=', 'consume')
      .orderBy('seq', 'desc')
      .limit(1)
      .execute();
    expect(last!.amount).toBe(past);
    await post('reversals', { entryId: last!.id, reason: 'Logged on the wrong contract' });
    t.clock.set('2027-05-02T09:00:00Z');
    const april = await run('2027-04');
    expect(april.lines.filter((l) => l.kind === 'overage' || l.kind === 'overage_correction')).toEqual([]);
  });
});
