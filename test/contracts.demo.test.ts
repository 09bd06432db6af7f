import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../src/core/context.ts';
import { loadContractsDemo } from '../src/demo/contracts.ts';
import { verifyLedgerExport } from '../src/core/ledger/ledger.verify.ts';
import { makeContact, makeCustomer } from './support/contract-factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:00:00Z' });
});
afterAll(async () => t.close());

describe('contracts demo', () => {
  it('loads retainers in every state with months of verifiable history, once', async () => {
    const customers = {
      northwind: await makeCustomer(t, { name: 'Northwind Freight', timeZone: 'America/Chicago' }),
      contoso: await makeCustomer(t, { name: 'Contoso Health', timeZone: 'Europe/Berlin' }),
      fabrikam: await makeCustomer(t, { name: 'Fabrikam', timeZone: 'America/New_York' }),
      litware: await makeCustomer(t, { name: 'Litware', timeZone: 'Europe/London' }),
    };
    await makeContact(t, customers.fabrikam.customerId, { receivesStatements: true });
    const demo = await loadContractsDemo(t.core, customers);
    expect(demo.summary).toMatch(/^7 contracts \(4 active, 1 draft, 1 expired, 1 terminated\) with \d+ ledger entries/);
    const ctx = systemCtx('test');
    const balance = (n: string) => t.core.services.ledger.balance(ctx, demo.contracts[n]!);

    expect((await balance('NW-IMR-2026')).available).toMatchObject({ display: '120h 00m' });
    expect((await balance('NW-IMR-2026')).toppedUp.amount).toBe(40 * 60);
    expect((await balance('FB-IMR-2026')).percentConsumed).toBe(78);
    const litware = await balance('LW-IMR-2026');
    expect(litware).toMatchObject({
      balance: { display: '30h 00m' },
      rolledOverIn: { display: '10h 00m' },
      daysLeft: 58,
      status: 'active',
    });
    expect(await balance('LW-IMR-2025')).toMatchObject({
      status: 'expired',
      rolledOverOut: { amount: 600 },
      expired: { amount: 1800 },
      balance: { amount: 0 },
    });
    expect((await t.core.services.contracts.get(ctx, demo.contracts['LW-IMR-2027']!)).status).toBe('draft');
    expect((await t.core.services.contracts.get(ctx, demo.contracts['CH-PILOT-2025']!)).status).toBe('terminated');
    expect(await balance('CH-SU-2026')).toMatchObject({
      unit: 'service_units',
      consumed: { display: '16.00 SU' },
      reserved: { display: '8.00 SU' },
    });

    for (const id of Object.values(demo.contracts)) {
      const exported = await t.core.services.ledger.exportLedger(ctx, id);
      expect(verifyLedgerExport(exported).ok).toBe(true);
      const times = exported.entries.map((e) => e.createdAt);
      expect([...times].sort()).toEqual(times);
      expect(times.every((x) => x <= '2026-11-02T09:00:00.000Z')).toBe(true);
    }
    const alerts = await t.db.kysely
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'ledger.threshold_crossed')
      .execute();
    expect(alerts.map((a) => a.payload.subject)).toEqual([
      'Retainer FB-IMR-2026: 50 % consumed',
      'Retainer FB-IMR-2026: 75 % consumed',
    ]);

    expect((await loadContractsDemo(t.core, customers)).summary).toBe('demo contracts already present');
  });
});
