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
