import { execFile } from 'node:child_process';
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
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-ledger-cli-'));

beforeAll(async () => {
  t = await createTestEnv();
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const am = await makeUserWithToken(t, { role: 'account_manager' });
  token = am.auth.token;
  customerId = (await makeCustomer(t, { accountTeam: [am.id] })).customerId;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `imr` in this process (fast) against the test server, capturing its output and exit code. */
async function imrHere(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runImrWith({ IMR_URL: url, IMR_TOKEN: token, XDG_CONFIG_HOME: dir }, ...args);
  return { code: r.code, stdout: r.out, stderr: r.err };
}

/** Runs `imr` as a separate process against the test server (asynchronously: the server answers meanwhile). */
function imr(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/imr.js', ...args],
      {
        cwd: path.resolve(import.meta.dirname, '..'),
        env: {
          ...process.env,
          IMR_URL: url,
          IMR_TOKEN: token,
          XDG_CONFIG_HOME: dir,
          DATA_DIR: path.join(dir, 'data'),
          ...env,
        },
      },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('imr contracts, balance and ledger', () => {
  it('tops up with an amount that says its unit, shows the balance, exports and verifies the ledger offline', async () => {
    const c = await makeContract(t, { customerId, initialAmount: 600 });
    const top = await imrHere(['contracts', 'top-up', c.id, '1h30m', '--reference', 'PO 77']);
    expect(top.stderr).toBe('');
    expect(top.code).toBe(0);
    expect(top.stdout).toContain(`Topped up ${c.number} by 1h 30m`);

    const human = await imrHere(['balance', c.number.toLowerCase()]);
    expect(human.stdout).toMatch(/Balance\s+11h 30m/);
    expect(human.stdout).toMatch(/Available\s+11h 30m/);
    const json = JSON.parse((await imrHere(['balance', c.id, '--json'])).stdout);
    expect(json).toMatchObject({ toppedUp: { amount: 90 }, balance: { amount: 690 } });
    const shown = await imrHere(['contracts', 'show', c.id]);
    expect(shown.stdout).toContain(`${c.number}  ${c.id}`);
    expect(shown.stdout).toContain('overdraft block, expiry expire, alerts at 50/75/90/100 %');
    const listed = await imrHere(['contracts', 'list', '--customer', customerId, '--json']);
    expect(JSON.parse(listed.stdout).map((x: { id: string }) => x.id)).toContain(c.id);

    expect((await imrHere(['balance', 'NO-SUCH-NUMBER'])).code).toBe(5);
    const bad = await imrHere(['contracts', 'top-up', c.id, '12.5su', '--reference', 'PO 78']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not an amount of time/);
    const created = await imrHere([
      'contracts',
      'create',
      '--customer',
      customerId,
      '--number',
      `SU-${c.number}`,
      '--start',
      '2026-01-01',
      '--end',
      '2026-12-31',
      '--unit',
      'service_units',
      '--units-per-hour',
      '1.5',
      '--initial',
      '12.5su',
      '--json',
    ]);
    expect(JSON.parse(created.stdout)).toMatchObject({
      unit: 'service_units',
      initialAmount: { amount: 1250, display: '12.50 SU' },
    });

    const file = path.join(dir, 'ledger.json');
    expect((await imrHere(['ledger', 'export', c.id, '--out', file])).code).toBe(0);
    const ok = await imrHere(['ledger', 'verify', file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Intact: 2 entries/);

    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    doc.entries[1].amount = 9000;
    const tampered = path.join(dir, 'tampered.json');
    fs.writeFileSync(tampered, JSON.stringify(doc));
    const broken = await imrHere(['ledger', 'verify', tampered]);
    expect(broken.code).toBe(9);
    expect(broken.stdout).toMatch(/BROKEN: .* breaks at entry 2 \(seq 2, led_\w+\): hash does not match/);

    // The real command, as a separate process with no server reachable: exit codes 0 and 9.
    const offline = { IMR_URL: 'http://127.0.0.1:1', IMR_TOKEN: '' };
    const [intact, tamper] = await Promise.all([
      imr(['ledger', 'verify', file], offline),
      imr(['ledger', 'verify', tampered], offline),
    ]);
    expect(intact.code).toBe(0);
    expect(tamper.code).toBe(9);
    expect(tamper.stdout).toContain('BROKEN');
  }, 120_000);
});
