import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeContract, makeCustomer } from './support/contract-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { runImrWith } from './support/cli-runner.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let url: string;
let token: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-billing-cli-'));

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-10-15T12:00:00Z' });
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  token = (await makeUserWithToken(t, { role: 'account_manager' })).auth.token;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const imr = async (...args: string[]) => runImrWith({ IMR_URL: url, IMR_TOKEN: token, XDG_CONFIG_HOME: dir }, ...args);

it('runs October, shows it (text, CSV, PDF), a second run exports nothing, a future month is refused', async () => {
  const customer = await makeCustomer(t, { name: 'Cli Billing AG', timeZone: 'Europe/Zurich' });
  const contract = await makeContract(t, { customerId: customer.customerId, number: 'CLI-BIL-1' });
  const admin = await makeUserWithToken(t, { role: 'admin' });
  const top = await call(t.app, admin.auth, 'POST', `/api/v1/contracts/${contract.id}/top-ups`, {
    amount: 120,
    reference: 'PO-CLI-9',
  });
  expect(top.statusCode, top.body).toBe(201);
  t.clock.set('2026-11-03T09:00:00Z');

  const run = await imr('billing', 'run', '--period', '2026-10', '--json');
  expect(run.code, run.err).toBe(0);
  const id = JSON.parse(run.out).id as string;
  const show = await imr('billing', 'show', id);
  expect(show.code, show.err).toBe(0);
  expect(show.out).toContain('Billing October 2026: 1 new line(s)');
  expect(show.out).toContain('Cli Billing AG CLI-BIL-1');
  expect(show.out).toContain('Top-up of 2h 00m, reference PO-CLI-9');
  const csv = await imr('billing', 'show', id, '--csv');
  expect(csv.out.split('\n')[0]).toContain('line,lineId,customer,contract,kind');
  expect(csv.out).toContain('Cli Billing AG');
  const file = path.join(dir, 'billing.pdf');
  const pdf = await imr('billing', 'show', id, '--pdf', file);
  expect(pdf.code, pdf.err).toBe(0);
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');

  const again = await imr('billing', 'run', '--period', '2026-10');
  expect(again.code, again.err).toBe(0);
  expect(again.out).toContain('0 new line(s)');
  const list = await imr('billing', 'list');
  expect(list.out).toContain('October 2026');
  const future = await imr('billing', 'run', '--period', '2026-11');
  expect(future.code).toBe(7);
  expect(future.err).toContain('2026-10 or an earlier month');
});

it('bills in batches of contracts into one run (the progress bar moves per batch); a bad cursor writes nothing', async () => {
  const admin = await makeUserWithToken(t, { role: 'admin' });
  t.clock.set('2026-11-10T09:00:00Z');
  // Twelve contracts with a top-up each in November: more than one batch of the CLI (10).
  for (let i = 1; i <= 12; i++) {
    const customer = await makeCustomer(t, { name: `Batch Customer ${String(i).padStart(2, '0')}` });
    const contract = await makeContract(t, { customerId: customer.customerId, number: `CLI-BAT-${i}` });
    const top = await call(t.app, admin.auth, 'POST', `/api/v1/contracts/${contract.id}/top-ups`, {
      amount: 60,
      reference: `PO-${i}`,
    });
    expect(top.statusCode, top.body).toBe(201);
  }
  t.clock.set('2026-12-02T09:00:00Z');
  const am = { token };

  // The API: a limit bills the first contracts; the rest is continued into the same run.
  const first = await call(t.app, am, 'POST', '/api/v1/billing/runs', { period: '2026-11', limit: 5 });
  expect(first.statusCode, first.body).toBe(201);
  const b1 = first.json();
  expect(b1.billed).toBe(5);
  expect(b1.remaining).toBeGreaterThanOrEqual(8); // the October contract and the twelve
  const lines = await t.db.kysely.selectFrom('billing_lines').select('id').execute();
  const bad = await call(t.app, am, 'POST', `/api/v1/billing/runs/${b1.id}/continue`, { after: 'con_nope' });
  expect(bad.statusCode, bad.body).toBe(400);
  expect(await t.db.kysely.selectFrom('billing_lines').select('id').execute()).toEqual(lines);
  const missing = await call(t.app, am, 'POST', '/api/v1/billing/runs/bil_nope/continue', { after: b1.next });
  expect(missing.statusCode).toBe(404);
  let b = b1;
  while (b.remaining > 0) {
    const r = await call(t.app, am, 'POST', `/api/v1/billing/runs/${b1.id}/continue`, { after: b.next, limit: 5 });
    expect(r.statusCode, r.body).toBe(200);
    b = r.json();
  }
  expect(b.id).toBe(b1.id);
  expect(b.next).toBeNull();
  expect(b.lines.filter((l: { kind: string }) => l.kind === 'top_up')).toHaveLength(12);
  expect(b.lines.map((l: { position: number }) => l.position)).toEqual(b.lines.map((_: unknown, i: number) => i + 1));

  // The CLI goes through every batch too: December's top-ups, after twelve more, all in one run.
  t.clock.set('2026-12-10T09:00:00Z');
  const contracts = await t.db.kysely
    .selectFrom('contracts')
    .select('id')
    .where('number', 'like', 'CLI-BAT-%')
    .execute();
  for (const c of contracts) {
    const top = await call(t.app, admin.auth, 'POST', `/api/v1/contracts/${c.id}/top-ups`, {
      amount: 30,
      reference: 'December',
    });
    expect(top.statusCode, top.body).toBe(201);
  }
  t.clock.set('2027-01-02T09:00:00Z');
  const run = await imr('billing', 'run', '--period', '2026-12', '--json');
  expect(run.code, run.err).toBe(0);
  const december = JSON.parse(run.out);
  expect(december.lines).toHaveLength(12);
  expect(new Set(december.lines.map((l: { customerName: string }) => l.customerName)).size).toBe(12);
  const runs = await t.db.kysely.selectFrom('billing_runs').select('id').where('period', '=', '2026-12').execute();
  expect(runs).toHaveLength(1);
  const again = await imr('billing', 'run', '--period', '2026-12');
  expect(again.out).toContain('0 new line(s)');
});
