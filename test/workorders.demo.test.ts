import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContractsDemo } from '../src/demo/contracts.ts';
import { loadCustomersDemo } from '../src/demo/customers.ts';
import { loadRequestsDemo } from '../src/demo/requests.ts';
import { loadWorkOrdersDemo } from '../src/demo/workorders.ts';
import { makeUser } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-04T15:00:00Z' });
});
afterAll(async () => t.close());

describe('work orders demo data', () => {
  it('loads EWOs in every state, an engagement with change orders, on the demo customers', async () => {
    const admin = await makeUser(t, { role: 'admin' });
    await makeUser(t, { role: 'ir_manager', email: 'maria.keller@irfirm.example', name: 'Maria Keller' });
    await makeUser(t, { role: 'account_manager', email: 'tom.becker@irfirm.example', name: 'Tom Becker' });
    const customers = await loadCustomersDemo(t.core);
    const { contracts } = await loadContractsDemo(t.core, customers);
    const list = [
      { ...customers.northwind, contractId: contracts['NW-IMR-2026']! },
      { ...customers.contoso, contractId: contracts['CH-SU-2026']! },
      { ...customers.fabrikam, contractId: contracts['FB-IMR-2026']! },
      { ...customers.litware, contractId: contracts['LW-IMR-2026']! },
    ];
    const { requests } = await loadRequestsDemo(t.core, list);
    const { workOrders, summary } = await loadWorkOrdersDemo(t.core, { customers: list, requests });
    expect(summary).toContain('every state');
    const s = t.core.services;
    const status = async (key: string) => (await s.workOrders.get(admin.ctx, workOrders[key]!)).status;
    expect(await status('draft')).toBe('draft');
    expect(await status('sent')).toBe('sent');
    expect(await status('approved')).toBe('approved');
    expect(await status('declined')).toBe('declined');
    expect(await status('changesRequested')).toBe('changes_requested');
    expect(await status('expired')).toBe('expired');
    const versions = await s.workOrders.versions(admin.ctx, workOrders['superseded']!);
    expect(versions.map((v) => v.status)).toEqual(['superseded', 'sent']);
    expect((await s.changeOrders.get(admin.ctx, workOrders['changeOrderApproved']!)).status).toBe('approved');
    expect((await s.changeOrders.get(admin.ctx, workOrders['changeOrderSent']!)).status).toBe('sent');
    const approved = await s.workOrders.get(admin.ctx, workOrders['approved']!);
    expect(approved.decision).toMatchObject({ channel: 'link', contactName: 'Dana Whitfield' });
    expect(await s.ledger.openReservation(t.db.kysely, contracts['NW-IMR-2026']!, approved.engagementId!)).toBe(
      52 * 60,
    );
  });
});
