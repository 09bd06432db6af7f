import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExpensesDemo } from '../src/demo/expenses.ts';
import { counts, makeEngagement, makeExpenseWorld } from './support/expense-factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(async () => t.close());

describe('expenses and deliverables demo', () => {
  it('tells each engagement its story with real receipts, once', async () => {
    const w = await makeExpenseWorld(t);
    const team = [{ userId: w.staff.consultant.id }, { userId: w.staff.manager.id, role: 'lead' }];
    const closed = await makeEngagement(t, w.tenant, { status: 'closed', team });
    const cancelled = await makeEngagement(t, w.tenant, { status: 'cancelled', team });
    const before = await counts(t);
    const r = await loadExpensesDemo(t.core, {
      engagements: [w.engagement.id, { id: closed.id }, cancelled.id, 'eng_missing'],
    });
    expect(r).toMatchObject({ expenses: 10, deliverables: 4 });

    const rows = await t.db.kysely
      .selectFrom('expenses')
      .innerJoin('stored_files', 'stored_files.id', 'expenses.receipt_file_id')
      .select([
        'expenses.engagement_id',
        'expenses.status',
        'expenses.currency',
        'stored_files.content_type',
        'expenses.date',
      ])
      .execute();
    const open = rows.filter((x) => x.engagement_id === w.engagement.id);
    expect(open.map((x) => x.status).sort()).toEqual(['approved', 'approved', 'approved', 'pending', 'rejected']);
    expect(rows.filter((x) => x.engagement_id === closed.id).every((x) => x.status !== 'pending')).toBe(true);
    expect(new Set(rows.map((x) => x.content_type))).toEqual(new Set(['application/pdf', 'image/png']));
    expect(rows.every((x) => x.currency === 'USD' && x.date < '2026-11-02')).toBe(true);
    expect(rows.some((x) => x.engagement_id === cancelled.id)).toBe(false);

    const ds = await t.db.kysely
      .selectFrom('deliverables')
      .select(['engagement_id', 'kind', 'status', 'current_version', 'issued_version'])
      .orderBy('id')
      .execute();
    expect(ds.filter((d) => d.engagement_id === w.engagement.id).map((d) => [d.kind, d.status])).toEqual([
      ['ioc_list', 'issued'],
      ['final_report', 'draft'],
    ]);
    expect(
      ds
        .filter((d) => d.engagement_id === closed.id)
        .map((d) => [d.kind, d.status, d.current_version, d.issued_version]),
    ).toEqual([
      ['ioc_list', 'accepted', 1, 1],
      ['final_report', 'accepted', 2, 2],
    ]);
    // Expenses never touch the retainer; the issued deliverables told the customer.
    const after = await counts(t);
    expect(after.ledger_entries).toBe(before.ledger_entries);
    expect(after.outbox).toBeGreaterThan(before.outbox);

    const again = await loadExpensesDemo(t.core, { engagements: [w.engagement.id, closed.id] });
    expect(again).toMatchObject({ expenses: 0, deliverables: 0 });
    expect(await counts(t)).toEqual(after);
  });
});
