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
