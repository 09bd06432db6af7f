import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadDemoData } from '../src/demo/index.ts';
import type { BillingRun } from '../src/shared/contracts/invoicing.ts';
import { makeProvider, makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let summary = '';
beforeAll(async () => {
  t = await createTestEnv();
  await makeProvider(t);
  summary = (await loadDemoData(t.core)).summary;
}, 300_000);
afterAll(async () => t.close());

it('gives every demo contract but one its commercial terms, and the demo top-up its price and PO (issue 17)', async () => {
  const contracts = await t.db.kysely
    .selectFrom('contracts')
    .leftJoin('contract_terms', 'contract_terms.contract_id', 'contracts.id')
    .select(['contracts.number', 'contract_terms.currency', 'contract_terms.topup_rate_minor'])
    .execute();
  expect(contracts.length).toBeGreaterThan(4);
  expect(contracts.filter((c) => c.currency === null).map((c) => c.number)).toEqual(['CH-PILOT-2025']);
  expect(contracts.every((c) => c.currency === null || (c.topup_rate_minor ?? 0) > 0)).toBe(true);
  expect(new Set(contracts.map((c) => c.currency).filter(Boolean))).toEqual(new Set(['USD', 'EUR', 'GBP']));
  const priced = await t.db.kysely
    .selectFrom('topup_prices')
    .innerJoin('contracts', 'contracts.id', 'topup_prices.contract_id')
    .select(['contracts.number', 'topup_prices.price_minor', 'topup_prices.currency', 'topup_prices.purchase_order'])
    .execute();
  // Northwind's 40 h bought at 175.00 USD an hour against PO 4711.
  expect(priced).toContainEqual({
    number: 'NW-IMR-2026',
    price_minor: 700_000,
    currency: 'USD',
    purchase_order: '4711',
  });
  const am = await makeUserWithToken(t, { role: 'account_manager' });
  const runs = await call(t.app, am.auth, 'GET', '/api/v1/billing/runs');
  expect(runs.statusCode).toBe(200);
  expect(runs.json().termsMissing.map((m: { contractNumber: string }) => m.contractNumber)).toEqual(['CH-PILOT-2025']);
});

it("a finance user runs last month's billing on the demo, downloads CSV and PDF; a second run exports nothing", async () => {
  const am = await makeUserWithToken(t, { role: 'account_manager' });
  const period = DateTime.fromJSDate(t.clock.now(), { zone: 'Pacific/Kiritimati' })
    .minus({ months: 1 })
    .toFormat('yyyy-MM');
  const first = await call(t.app, am.auth, 'POST', '/api/v1/billing/runs', { period });
  expect(first.statusCode, first.body).toBe(201);
  const run = first.json() as BillingRun;
  const hotels = run.lines.filter((l) => l.kind === 'expense' && l.description.includes('Hotel for the on-site days'));
  expect(hotels.length, `${summary}\n${JSON.stringify(run.lines.map((l) => l.description))}`).toBeGreaterThan(0);
  expect(hotels.every((l) => l.engagements[0]?.startsWith('ENG-') && l.receiptUrl)).toBe(true);
  // Every line the demo leaves for last month carries a price: no top-up "price not recorded".
  expect(run.lines.filter((l) => l.amount === null).map((l) => l.description)).toEqual([]);
  expect(run.termsMissing.map((m) => m.contractNumber)).toEqual(['CH-PILOT-2025']);
  const csv = await call(t.app, am.auth, 'GET', `/api/v1/billing/runs/${run.id}?format=csv`);
  expect(csv.statusCode).toBe(200);
  expect(csv.body.trim().split('\n')).toHaveLength(run.lines.length + 1);
  const pdf = await call(t.app, am.auth, 'GET', `/api/v1/billing/runs/${run.id}/pdf`);
  expect(pdf.statusCode).toBe(200);
  expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  const second = await call(t.app, am.auth, 'POST', '/api/v1/billing/runs', { period });
  expect(second.statusCode).toBe(201);
  expect((second.json() as BillingRun).lines).toEqual([]);
});
