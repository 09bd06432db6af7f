import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeContact, makeContract, makeCustomer } from './support/contract-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { runImrWith } from './support/cli-runner.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let url: string;
let token: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-statements-cli-'));

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-09-15T12:00:00Z' });
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  token = (await makeUserWithToken(t, { role: 'admin' })).auth.token;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const imr = async (...args: string[]) => runImrWith({ IMR_URL: url, IMR_TOKEN: token, XDG_CONFIG_HOME: dir }, ...args);

it('runs a period, lists by contract number, shows the figures and writes the PDF', async () => {
  const customer = await makeCustomer(t, { timeZone: 'Europe/Berlin' });
  await makeContact(t, customer.customerId);
  const contract = await makeContract(t, {
    customerId: customer.customerId,
    termStart: '2026-08-01',
    number: 'CLI-STM-1',
  });
  const run = await imr('statements', 'run', '--period', '2026-08');
  expect(run.code, run.err).toBe(0);
  expect(run.out).toContain('August 2026: 1 issued');
  expect((await imr('statements', 'run', '--period', '2026-08')).out).toContain('0 issued');
  const future = await imr('statements', 'run', '--period', '2026-10');
  expect(future.code).not.toBe(0);
  expect(future.err).toContain('2026-08 to 2026-08');

  const list = await imr('statements', 'list', contract.number, '--json');
  expect(list.code, list.err).toBe(0);
  const id = JSON.parse(list.out).items[0].id as string;
  const show = await imr('statements', 'show', id);
  expect(show.out).toContain('Statement STM-2026-08-CLI-STM-1');
  expect(show.out).toContain('Closing balance');
  expect(show.out).not.toMatch(/ctr_|cus_/);
  const file = path.join(dir, 'statement.pdf');
  const pdf = await imr('statements', 'pdf', id, '-o', file);
  expect(pdf.code, pdf.err).toBe(0);
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
});

it('previews this month so far by contract number, marked as not a statement; a bad or out-of-range month is refused, nothing stored', async () => {
  const customer = await makeCustomer(t, { timeZone: 'Europe/Berlin' });
  const contract = await makeContract(t, {
    customerId: customer.customerId,
    termStart: '2026-07-01',
    number: 'CLI-STM-PREVIEW',
  });
  const statements = async () => (await t.db.kysely.selectFrom('statements').select('id').execute()).length;
  const before = await statements();
  const preview = await imr('statements', 'preview', contract.number);
  expect(preview.code, preview.err).toBe(0);
  expect(preview.out).toContain('September 2026 so far (to 15 September 2026)');
  expect(preview.out).toContain('Not a statement');
  expect(preview.out).toMatch(/Granted +40h 00m/);
  expect(preview.out).toMatch(/Closing balance +40h 00m/);
  expect(preview.out).not.toMatch(/ctr_|cus_|STM-\d|\d{4}-\d{2}-\d{2}/);
  const july = await imr('statements', 'preview', contract.number, '--period', '2026-07');
  expect(july.code, july.err).toBe(0);
  expect(july.out).toContain('July 2026 in full (to 31 July 2026)');
  const json = await imr('statements', 'preview', contract.id, '--json');
  expect(JSON.parse(json.out)).toMatchObject({ period: '2026-09', toDate: '2026-09-15' });
  const early = await imr('statements', 'preview', contract.number, '--period', '2026-06');
  expect(early.code).not.toBe(0);
  expect(early.err).toContain('2026-07 to 2026-09');
  const bad = await imr('statements', 'preview', contract.number, '--period', '2026-13');
  expect(bad.code).not.toBe(0);
  const missing = await imr('statements', 'preview', 'NO-SUCH-CONTRACT');
  expect(missing.code).not.toBe(0);
  expect(await statements()).toBe(before);
});
