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
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-channels-cli-'));

beforeAll(async () => {
  t = await createTestEnv();
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  token = (await makeUserWithToken(t, { role: 'account_manager' })).auth.token;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const imr = (...args: string[]) => runImrWith({ IMR_URL: url, IMR_TOKEN: token, XDG_CONFIG_HOME: dir }, ...args);

describe('imr balance CUSTOMER|CONTRACT', () => {
  it('answers for a contract number, a customer name (every active contract) and refuses an unknown one', async () => {
    const customer = await makeCustomer(t, { name: 'Litware Balance Test' });
    const a = await makeContract(t, { customerId: customer.customerId, initialAmount: 30 * 60 });
    const b = await makeContract(t, { customerId: customer.customerId, initialAmount: 12 * 60 });
    const draft = await makeContract(t, { customerId: customer.customerId, status: 'draft' });

    const byNumber = await imr('balance', a.number.toLowerCase());
    expect(byNumber.code).toBe(0);
    expect(byNumber.out).toContain(`Contract ${a.number} (active)`);
    expect(byNumber.out).toMatch(/Available\s+30h 00m/);

    const byName = await imr('balance', 'litware balance test');
    expect(byName.code).toBe(0);
    expect(byName.out).toContain('Litware Balance Test: 2 active contract(s)');
    expect(byName.out).toContain(`Contract ${a.number}`);
    expect(byName.out).toContain(`Contract ${b.number}`);
    expect(byName.out).not.toContain(draft.number);
    expect(byName.out).not.toMatch(/\bctr_|\bcus_/);

    const json = JSON.parse((await imr('balance', customer.customerId, '--json')).out);
    expect(
      json
        .map((balance: { available: { amount: number } }) => balance.available.amount)
        .sort((x: number, y: number) => x - y),
    ).toEqual([12 * 60, 30 * 60]);

    const unknown = await imr('balance', 'Nobody Such');
    expect(unknown.code).toBe(5);
    expect(unknown.err).toMatch(/No contract has the number "Nobody Such" and no customer has that name/);
  });
});
