import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContract, makeCustomer } from './support/contract-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { runImrWith } from './support/cli-runner.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let url: string;
let token: string;
let customerId: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-terms-cli-'));

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-06-01T15:00:00Z' });
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const am = await makeUserWithToken(t, { role: 'account_manager' });
  token = am.auth.token;
  customerId = (await makeCustomer(t, { accountTeam: [am.id] })).customerId;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const imr = async (...args: string[]) => {
  const r = await runImrWith({ IMR_URL: url, IMR_TOKEN: token, XDG_CONFIG_HOME: dir }, ...args);
  return { code: r.code, stdout: r.out, stderr: r.err };
};

describe('imr contracts terms and priced top-ups', () => {
  it('shows missing terms, sets them from decimals, keeps what is not given, and prices a top-up', async () => {
    const c = await makeContract(t, { customerId, termStart: '2026-01-01', termEnd: '2026-12-31' });
    const missing = await imr('contracts', 'terms', c.number);
    expect(missing.code).toBe(0);
    expect(missing.stdout).toContain('commercial terms missing');

    const refused = await imr('contracts', 'top-up', c.number, '10h', '--reference', 'May', '--price', '1500.00');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('no commercial terms');

    const set = await imr(
      'contracts',
      'terms',
      c.number,
      '--currency',
      'EUR',
      '--price',
      '50000.00',
      '--topup-rate',
      '150',
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('€50,000.00');
    expect(set.stdout).toContain('€150.00 per hour');
    const more = await imr('contracts', 'terms', c.number, '--legal-name', 'Acme GmbH', '--payment-days', '30');
    expect(more.code, more.stderr).toBe(0);
    expect(more.stdout).toContain('€50,000.00');
    expect(more.stdout).toContain('Acme GmbH');

    const fraction = await imr('contracts', 'terms', c.number, '--price', '1.005');
    expect(fraction.code).not.toBe(0);
    expect(fraction.stderr).toContain('EUR has 2 decimals');

    const topUp = await imr(
      'contracts',
      'top-up',
      c.number,
      '10h',
      '--reference',
      'May',
      '--price',
      '1500.00',
      '--po',
      'PO-9',
    );
    expect(topUp.code, topUp.stderr).toBe(0);
    expect(topUp.stdout).toContain('for €1,500.00 (PO PO-9)');
    const prices = await t.db.kysely.selectFrom('topup_prices').selectAll().where('contract_id', '=', c.id).execute();
    expect(prices).toMatchObject([{ price_minor: 150_000, currency: 'EUR', purchase_order: 'PO-9' }]);
  });
});
