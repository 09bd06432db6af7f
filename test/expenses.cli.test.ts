import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { createCore } from '../src/main/core.ts';
import { openDatabase } from '../src/main/open-db.ts';
import { serve } from '../src/main/serve.ts';
import { createFakeClock } from '../src/shared/clock.ts';
import { jpegBytes, makeEngagement, makeExpenseWorld, makeTenant, pdfBytes } from './support/expense-factories.ts';
import { runImrWith } from './support/cli-runner.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-expenses-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `imr` in this process with the given environment, capturing its output and exit code. */
async function imrHere(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runImrWith(env, ...args);
  return { code: r.code, stdout: r.out, stderr: r.err };
}

describe('imr expenses against a running server', () => {
  let t: TestEnv;
  let w: Awaited<ReturnType<typeof makeExpenseWorld>>;
  let env: Record<string, string>;
  const receipt = path.join(dir, 'hotel invoice.pdf');
  const fake = path.join(dir, 'fake.pdf');

  beforeAll(async () => {
    t = await createTestEnv();
    w = await makeExpenseWorld(t);
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    env = { IMR_URL: url, IMR_TOKEN: w.staff.consultant.auth.token, XDG_CONFIG_HOME: dir };
    fs.writeFileSync(receipt, await pdfBytes());
    fs.writeFileSync(fake, 'not a pdf at all\n');
  });
  afterAll(async () => t.close());

  it('adds an expense with its receipt, converting the amount to minor units, and lists it with totals', async () => {
    const add = await imrHere(
      [
        'expenses',
        'add',
        w.engagement.id,
        '--date',
        '2026-10-30',
        '--category',
        'lodging',
        '--amount',
        '612.30',
        '--currency',
        'usd',
        '--receipt',
        receipt,
        '--note',
        'Hotel, 3 nights',
      ],
      env,
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(
      /^Filed exp_\w+: 612\.30 USD lodging on 2026-10-30 for ENG-T-.*, receipt hotel invoice\.pdf \(application\/pdf\); pending approval\.\n$/,
    );
    const id = /Filed (exp_\w+)/.exec(add.stdout)![1]!;
    const stored = (await call(t.app, w.staff.manager.auth, 'GET', `/api/v1/expenses/${id}`)).json();
    expect(stored).toMatchObject({
      amount: { amount: 61_230, currency: 'USD' },
      userId: w.staff.consultant.id,
      note: 'Hotel, 3 nights',
    });
    const yen = await imrHere(
      [
        'expenses',
        'add',
        w.engagement.id,
        '--date',
        '2026-10-31',
        '--category',
        'meals',
        '--amount',
        '4,500',
        '--currency',
        'JPY',
        '--receipt',
        receipt,
        '--json',
      ],
      env,
    );
    expect(yen.code).toBe(0);
    expect(JSON.parse(yen.stdout).amount).toEqual({ amount: 4_500, currency: 'JPY', display: '4,500 JPY' });

    const list = await imrHere(['expenses', 'list', w.engagement.id], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('612.30 USD');
    expect(list.stdout).toContain('JPY: approved 0 JPY (0), pending 4,500 JPY (1)');
    const json = JSON.parse((await imrHere(['expenses', 'list', w.engagement.id, '--json'], env)).stdout);
    expect(json.items).toHaveLength(2);
  });

  it('approves and reports as an IR manager', async () => {
    const id = JSON.parse(
      (await imrHere(['expenses', 'list', w.engagement.id, '--status', 'pending', '--json'], env)).stdout,
    ).items[0].id;
    const manager = { ...env, IMR_TOKEN: w.staff.manager.auth.token };
    const ok = await imrHere(['expenses', 'approve', id], manager);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`Approved ${id}`);
    const again = await imrHere(['expenses', 'approve', id], manager);
    expect(again.code).toBe(6);
    expect(again.stderr).toContain('INVALID_TRANSITION');
    const report = await imrHere(['expenses', 'report', '--contract', w.tenant.contractId], manager);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(w.engagement.number);
  });

  it('refuses bad input with the documented exit codes and stores nothing', async () => {
    const before = (
      await call(t.app, w.staff.manager.auth, 'GET', `/api/v1/engagements/${w.engagement.id}/expenses`)
    ).json().items.length;
    const decimals = await imrHere(
      [
        'expenses',
        'add',
        w.engagement.id,
        '--date',
        '2026-10-30',
        '--category',
        'meals',
        '--amount',
        '12.345',
        '--currency',
        'EUR',
        '--receipt',
        receipt,
      ],
      env,
    );
    expect(decimals.code).toBe(2);
    expect(decimals.stderr).toContain('EUR has 2 decimals');
    const currency = await imrHere(
      [
        'expenses',
        'add',
        w.engagement.id,
        '--date',
        '2026-10-30',
        '--category',
        'meals',
        '--amount',
        '12',
        '--currency',
        'EURO',
        '--receipt',
        receipt,
      ],
      env,
    );
    expect(currency.code).toBe(2);
    const type = await imrHere(
      [
        'expenses',
        'add',
        w.engagement.id,
        '--date',
        '2026-10-30',
        '--category',
        'meals',
        '--amount',
        '12',
        '--currency',
        'EUR',
        '--receipt',
        fake,
      ],
      env,
    );
    expect(type.code).toBe(7);
    expect(type.stderr).toContain('RECEIPT_TYPE_NOT_ALLOWED');
    const missing = await imrHere(
      [
        'expenses',
        'add',
        w.engagement.id,
        '--date',
        '2026-10-30',
        '--category',
        'meals',
        '--amount',
        '12',
        '--currency',
        'EUR',
        '--receipt',
        path.join(dir, 'nope.pdf'),
      ],
      env,
    );
    expect(missing.code).toBe(2);
    const other = await imrHere(
      [
        'expenses',
        'add',
        w.otherEngagement.id,
        '--date',
        '2026-10-30',
        '--category',
        'meals',
        '--amount',
        '12',
        '--currency',
        'EUR',
        '--receipt',
        receipt,
      ],
      env,
    );
    expect(other.code).toBe(5);
    expect(
      (await call(t.app, w.staff.manager.auth, 'GET', `/api/v1/engagements/${w.engagement.id}/expenses`)).json().items
        .length,
    ).toBe(before);
  });
});

describe('imr expenses on the embedded database (no server running)', () => {
  it('uploads the receipt in-process as the local administrator', async () => {
    const dataDir = path.join(dir, 'data');
    const env = {
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'silent',
      IMR_ADMIN_EMAIL: 'ops@example.test',
      IMR_ADMIN_PASSWORD: 'Cli-Test-Password-1',
      XDG_CONFIG_HOME: dir,
      IMR_URL: '',
      IMR_TOKEN: '',
      PUBLIC_URL: 'http://127.0.0.1:9',
    };
    const config = loadConfig(env);
    const s = await serve({ config, workers: true, announce: () => {} });
    await s.stop();
    // Seed an engagement directly in the folder, then let the CLI open it.
    const { db, lock } = await openDatabase(config, { purpose: 'test seed' });
    const clock = createFakeClock(new Date());
    const core = createCore({ config, db, clock });
    const seedEnv = { db, core, clock } as unknown as TestEnv;
    const engagement = await makeEngagement(seedEnv, await makeTenant(seedEnv));
    await core.close();
    await db.close();
    lock?.release();

    const receipt = path.join(dir, 'boarding.jpg');
    fs.writeFileSync(receipt, jpegBytes());
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const add = await imrHere(
      [
        'expenses',
        'add',
        engagement.id,
        '--date',
        yesterday,
        '--category',
        'airfare',
        '--amount',
        '482.50',
        '--currency',
        'EUR',
        '--receipt',
        receipt,
        '--json',
      ],
      env,
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({
      amount: { amount: 48_250, currency: 'EUR' },
      receipt: { contentType: 'image/jpeg', name: 'boarding.jpg' },
      status: 'pending',
    });
  });
});
