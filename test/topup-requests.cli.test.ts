import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImrWith } from './support/cli-runner.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { makeWorkOrderWorld, type WorkOrderWorld } from './support/workorder-world.ts';

let t: TestEnv;
let w: WorkOrderWorld;
let url: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-topups-cli-'));

beforeAll(async () => {
  t = await createTestEnv();
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  w = await makeWorkOrderWorld(t);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const imr = async (...args: string[]) => {
  const r = await runImrWith({ IMR_URL: url, IMR_TOKEN: w.accountManager.auth.token, XDG_CONFIG_HOME: dir }, ...args);
  return { code: r.code, stdout: r.out, stderr: r.err };
};
const ask = async (po: string) =>
  (
    await call(t.app, w.approver.auth, 'POST', `/api/v1/contracts/${w.contract.id}/topup-requests`, {
      amount: 600,
      purchaseOrder: po,
    })
  ).json() as { id: string };

describe('imr topups', () => {
  it('lists pending requests, accepts one (a second accept exits 6), declines another with a reason', async () => {
    const a = await ask('PO-CLI-1');
    const b = await ask('PO-CLI-2');
    const list = await imr('topups', 'requests', w.contract.number);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('PO-CLI-1');
    expect(list.stdout).toContain('PO-CLI-2');

    const accepted = await imr('topups', 'accept', a.id);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toMatch(/10h 00m .* PO PO-CLI-1: accepted\. New balance 50h 00m/);
    const again = await imr('topups', 'accept', a.id);
    expect(again.code).toBe(6);
    expect(again.stderr).toContain('already accepted');

    const declined = await imr('topups', 'decline', b.id, '--reason', 'Renew instead');
    expect(declined.code, declined.stderr).toBe(0);
    expect(declined.stdout).toContain('declined: Renew instead');
    const pending = await imr('topups', 'requests', '--json');
    expect(JSON.parse(pending.stdout).items.map((r: { id: string }) => r.id)).not.toContain(b.id);
  });
});

describe('imr topups packages', () => {
  it('adds a package with prices, lists it, retires it (retired ones only with --all); a bad price exits 2 and adds nothing', async () => {
    const added = await imr(
      'topups',
      'package-add',
      'CLI 40-hour block',
      '--quantity',
      '40h',
      '--price',
      'EUR:6200.00',
      '--price',
      'usd:6800',
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/CLI 40-hour block, 40h 00m, €6,200\.00 \/ US\$6,800\.00\./);
    const id = /Package (pkg_\w+)/.exec(added.stdout)![1]!;
    const list = await imr('topups', 'packages');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('CLI 40-hour block');

    const before = await t.db.kysely.selectFrom('topup_packages').select('id').execute();
    const bad = await imr('topups', 'package-add', 'CLI fraction', '--quantity', '10h', '--price', 'EUR:12.345');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('EUR');
    expect(await t.db.kysely.selectFrom('topup_packages').select('id').execute()).toEqual(before);

    const retired = await imr('topups', 'package-set', id, '--retire');
    expect(retired.code, retired.stderr).toBe(0);
    expect(retired.stdout).toContain('(retired)');
    expect((await imr('topups', 'packages')).stdout).not.toContain('CLI 40-hour block');
    expect((await imr('topups', 'packages', '--all')).stdout).toContain('CLI 40-hour block');
  });
});
