import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingLine, BillingRun, BillingRunList } from '../src/shared/contracts/invoicing.ts';
import { makeCustomer, makeContract, type TestCustomer } from './support/contract-factories.ts';
import { makeEngagement, type TestEngagement } from './support/engagement-factories.ts';
import { fileExpense } from './support/expense-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { makeOverageContract } from './support/billing-factories.ts';
import { call, createTestEnv, TEST_PUBLIC_URL, type TestEnv } from './support/harness.ts';
import { pdfText } from './support/pdf-text.ts';

type U = Awaited<ReturnType<typeof makeUserWithToken>>;
let t: TestEnv;
let admin: U, am: U, irm: U, alice: U, viewer: U;
let acme: TestCustomer, zeta: TestCustomer;
let eng: TestEngagement;
let zetaContractNumber: string;

const api = (u: U | null, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
  call(t.app, u?.auth ?? null, method, url, body);
const count = async (table: 'billing_runs' | 'billing_lines' | 'audit_events') =>
  Number(
    (
      await t.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const snapshot = async () =>
  JSON.stringify(await t.db.kysely.selectFrom('billing_lines').selectAll().orderBy('id').execute()) +
  JSON.stringify(await t.db.kysely.selectFrom('topup_prices').selectAll().orderBy('ledger_entry_id').execute());

const log = async (minutes: number, date: string) => {
  const r = await api(alice, 'POST', `/api/v1/engagements/${eng.id}/effort`, { minutes, activity: 'analysis', date });
  expect(r.statusCode, r.body).toBe(201);
};
const topUp = async (contractId: string, amount: number, reference: string) => {
  const r = await api(admin, 'POST', `/api/v1/contracts/${contractId}/top-ups`, { amount, reference });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().entry.id as string;
};
/** A top-up's price as the terms feature records it (written directly: that feature is tested on its own). */
const price = (ledgerEntryId: string, contractId: string, priceMinor: number, currency: string, po: string | null) =>
  t.db.kysely
    .insertInto('topup_prices')
    .values({
      ledger_entry_id: ledgerEntryId,
      contract_id: contractId,
      price_minor: priceMinor,
      currency,
      purchase_order: po,
      recorded_at: t.clock.now(),
      recorded_by: 'test',
    })
    .execute();
const expense = async (date: string, amount: number, currency: string, note: string, approve = true) => {
  const r = await fileExpense(t, alice.auth, eng.id, { fields: { date, amount, currency, note, category: 'lodging' } });
  expect(r.statusCode, r.body).toBe(201);
  if (approve) {
    const a = await api(irm, 'POST', `/api/v1/expenses/${r.json().id}/approve`);
    expect(a.statusCode, a.body).toBe(200);
  }
  return r.json().id as string;
};
const run = async (period: string, u: U = am) => {
  const r = await api(u, 'POST', '/api/v1/billing/runs', { period });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as BillingRun;
};

let pricedTopUp: string, unpricedTopUp: string, novExpense: string;

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-10-20T12:00:00Z' });
  admin = await makeUserWithToken(t, { role: 'admin' });
  am = await makeUserWithToken(t, { role: 'account_manager' });
  irm = await makeUserWithToken(t, { role: 'ir_manager' });
  alice = await makeUserWithToken(t, { role: 'consultant' });
  acme = await makeCustomer(t, { name: 'Acme Billing GmbH', timeZone: 'Europe/Berlin', accountTeam: [am.id] });
  zeta = await makeCustomer(t, { name: 'Zeta Without Terms', timeZone: 'America/New_York' });
  viewer = await makeUserWithToken(t, { role: 'customer_viewer', organizationId: acme.organizationId });
  const contract = await makeOverageContract(t, acme.customerId, 10 * 60);
  zetaContractNumber = (await makeContract(t, { customerId: zeta.customerId })).number;
  eng = await makeEngagement(t, { contract, team: [{ userId: alice.id, role: 'lead' }], estimate: 20 * 60 });
  // October: consumption (and, filed later, an expense) that a November run must not touch.
  await log(60, '2026-10-20');
  // November (Berlin): 9 h left (1 h went in October); 8 h logged, then 2 h 45 m more: 1 h 45 m past zero.
  t.clock.set('2026-11-10T10:00:00Z');
  await expense('2026-10-30', 10_000, 'EUR', 'October hotel');
  await log(8 * 60, '2026-11-10');
  await log(165, '2026-11-10');
  // A later top-up lifts the balance but refunds no overage.
  t.clock.set('2026-11-20T10:00:00Z');
  pricedTopUp = await topUp(contract.id, 5 * 60, 'Order 7781');
  await price(pricedTopUp, contract.id, 50_000, 'EUR', '=HYPERLINK("http://evil")');
  unpricedTopUp = await topUp(contract.id, 60, 'phone order');
  novExpense = await expense('2026-11-12', 48_250, 'USD', 'Hotel Lakeside, 3 nights');
  await expense('2026-11-13', 9_900, 'USD', 'Pending taxi', false);
  // 30 November 23:30 in Berlin is 22:30 UTC: still November there.
  t.clock.set('2026-11-30T22:30:00Z');
  await topUp(contract.id, 30, 'last-minute');
  t.clock.set('2026-12-02T09:00:00Z');
}, 120_000);
afterAll(async () => t?.close());

let first: BillingRun;

describe('a November billing run', () => {
  it('lists the top-ups, the overage at its rate and the T&E at cost, with engagement numbers and receipts', async () => {
    first = await run('2026-11');
    expect(first.period).toBe('2026-11');
    const byKind = (k: BillingLine['kind']) => first.lines.filter((l) => l.kind === k);
    expect(first.lines.every((l) => l.customerName === 'Acme Billing GmbH')).toBe(true);
    const topUps = byKind('top_up');
    expect(topUps.map((l) => l.quantity?.amount)).toEqual([300, 60, 30]);
    expect(topUps[0]).toMatchObject({
      amount: { amount: 50_000, currency: 'EUR', display: '500.00 EUR' },
      purchaseOrder: '=HYPERLINK("http://evil")',
      description: 'Top-up of 5h 00m, reference Order 7781',
    });
    expect(topUps[1]!.amount).toBeNull();
    expect(topUps[1]!.description).toContain('price not recorded');
    const [overage] = byKind('overage');
    // 105 minutes at 123.45 EUR an hour = 216.0375 EUR: rounded half up at the line to 216.04
    expect(overage).toMatchObject({
      quantity: { amount: 105, unit: 'minute', display: '1h 45m' },
      unitPrice: { amount: 12_345, currency: 'EUR' },
      amount: { amount: 21_604, currency: 'EUR', display: '216.04 EUR' },
      engagements: [eng.number],
      date: '2026-11-30',
    });
    const expenses = byKind('expense');
    expect(expenses).toHaveLength(1);
    expect(expenses[0]).toMatchObject({
      date: '2026-11-12',
      amount: { amount: 48_250, currency: 'USD' },
      engagements: [eng.number],
      receiptUrl: `${TEST_PUBLIC_URL}/api/v1/expenses/${novExpense}/receipt`,
    });
    expect(first.lines.map((l) => l.position)).toEqual(first.lines.map((_, i) => i + 1));
    // Totals are sums of the rounded lines, per currency.
    expect(first.totals).toEqual([
      { amount: 50_000 + 21_604, currency: 'EUR', display: '716.04 EUR' },
      { amount: 48_250, currency: 'USD', display: '482.50 USD' },
    ]);
    expect(first.termsMissing.map((m) => m.contractNumber)).toContain(zetaContractNumber);
  });

  it('a second run of November exports nothing; the list shows both runs', async () => {
    const second = await run('2026-11', admin);
    expect(second.lines).toEqual([]);
    expect(second.totals).toEqual([]);
    const list = (await api(am, 'GET', '/api/v1/billing/runs')).json() as BillingRunList;
    expect(list.items.map((r) => [r.id, r.lineCount])).toEqual([
      [second.id, 0],
      [first.id, first.lines.length],
    ]);
    expect(list.termsMissing.map((m) => m.customerName)).toContain('Zeta Without Terms');
    const rows = await sql<{ n: string }>`
      SELECT count(*) AS n FROM billing_lines GROUP BY kind, source_id HAVING count(*) > 1`.execute(t.db.kysely);
    expect(rows.rows).toEqual([]);
  });

  it('refuses a period that has not ended (422) and writes nothing', async () => {
    const before = [await count('billing_runs'), await count('billing_lines'), await count('audit_events')];
    for (const period of ['2026-12', '2027-03']) {
      const r = await api(am, 'POST', '/api/v1/billing/runs', { period });
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json().code).toBe('BILLING_PERIOD_NOT_ENDED');
      expect(r.json().detail).toContain('2026-11');
    }
    const bad = await api(am, 'POST', '/api/v1/billing/runs', { period: '2026-13' });
    expect(bad.statusCode).toBe(400);
    expect([await count('billing_runs'), await count('billing_lines'), await count('audit_events')]).toEqual(before);
  });
});

describe('downloads', () => {
  it('CSV: documented columns, one row per line, formula cells neutralised', async () => {
    const r = await api(am, 'GET', `/api/v1/billing/runs/${first.id}?format=csv`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    const lines = r.body.trim().split('\n');
    expect(lines[0]).toBe(
      'line,lineId,customer,contract,kind,date,description,quantity,quantityUnit,quantityDisplay,unitPriceMinor,amountMinor,currency,amountDisplay,purchaseOrder,engagements,receiptUrl,invoiceNumber,correctsLineId',
    );
    expect(lines).toHaveLength(first.lines.length + 1);
    expect(r.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(r.body).not.toMatch(/,=HYPERLINK/);
    expect(r.body).toContain('21604,EUR,216.04 EUR');
  });

  it("PDF: a billing summary on the firm's letterhead with human numbers, no internal ids", async () => {
    const r = await api(am, 'GET', `/api/v1/billing/runs/${first.id}/pdf`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(r.rawPayload);
    expect(text).toContain('Billing summary, November 2026');
    expect(text).toContain('Acme Billing GmbH');
    expect(text).toContain(eng.number);
    expect(text).toContain('216.04 EUR');
    expect(text).not.toMatch(/\b(eng|ctr|cus|bln|bil|led|exp)_[0-9a-z]{6,}/);
    const other = await api(am, 'GET', `/api/v1/billing/runs/${first.id}/pdf?customerId=${zeta.customerId}`);
    expect(other.statusCode).toBe(404);
  });
});

describe('invoice numbers', () => {
  it("one customer's lines at once, audited; the top-up's price records the invoice", async () => {
    const auditBefore = await count('audit_events');
    const r = await api(am, 'PATCH', `/api/v1/billing/runs/${first.id}/customers/${acme.customerId}`, {
      invoiceNumber: 'INV-2026-0042',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json().lines as BillingLine[]).map((l) => l.invoiceNumber)).toEqual(
      first.lines.map(() => 'INV-2026-0042'),
    );
    expect(await count('audit_events')).toBe(auditBefore + first.lines.length);
    const p = await t.db.kysely
      .selectFrom('topup_prices')
      .select('invoice_reference')
      .where('ledger_entry_id', '=', pricedTopUp)
      .executeTakeFirstOrThrow();
    expect(p.invoice_reference).toBe('INV-2026-0042');
    expect(unpricedTopUp).toBeTruthy();
  });

  it('an invoiced line never changes: 409, nothing written (one line or the whole customer)', async () => {
    const before = [await snapshot(), await count('audit_events')];
    const line = first.lines[0]!;
    const one = await api(admin, 'PATCH', `/api/v1/billing/runs/${first.id}/lines/${line.id}`, {
      invoiceNumber: 'INV-OTHER',
    });
    expect(one.statusCode, one.body).toBe(409);
    expect(one.json().code).toBe('LINE_INVOICED');
    expect(one.json().detail).toContain('INV-2026-0042');
    const all = await api(am, 'PATCH', `/api/v1/billing/runs/${first.id}/customers/${acme.customerId}`, {
      invoiceNumber: 'INV-OTHER',
    });
    expect(all.statusCode).toBe(409);
    expect([await snapshot(), await count('audit_events')]).toEqual(before);
    // Nor can SQL change an exported line behind the service's back.
    await expect(
      sql`UPDATE billing_lines SET amount_minor = 1 WHERE id = ${line.id}`.execute(t.db.kysely),
    ).rejects.toThrow(/only the invoice number/);
  });

  it('a missing line or run is 404; a blank invoice number is 400', async () => {
    expect(
      (await api(am, 'PATCH', `/api/v1/billing/runs/${first.id}/lines/bln_nope`, { invoiceNumber: 'X' })).statusCode,
    ).toBe(404);
    expect(
      (await api(am, 'PATCH', `/api/v1/billing/runs/bil_nope/lines/bln_nope`, { invoiceNumber: 'X' })).statusCode,
    ).toBe(404);
    expect((await api(am, 'GET', `/api/v1/billing/runs/bil_nope`)).statusCode).toBe(404);
    const blank = await api(am, 'PATCH', `/api/v1/billing/runs/${first.id}/lines/${first.lines[0]!.id}`, {
      invoiceNumber: '  ',
    });
    expect(blank.statusCode).toBe(400);
  });
});

describe('who may bill', () => {
  it('consultants, IR managers and customers get 403; nobody signed in 401; nothing written', async () => {
    const before = [await count('billing_runs'), await count('billing_lines')];
    for (const u of [alice, irm, viewer]) {
      expect((await api(u, 'POST', '/api/v1/billing/runs', { period: '2026-11' })).statusCode).toBe(403);
      expect((await api(u, 'GET', '/api/v1/billing/runs')).statusCode).toBe(403);
      expect((await api(u, 'GET', `/api/v1/billing/runs/${first.id}`)).statusCode).toBe(403);
      expect((await api(u, 'GET', `/api/v1/billing/runs/${first.id}/pdf`)).statusCode).toBe(403);
      const patch = await api(u, 'PATCH', `/api/v1/billing/runs/${first.id}/lines/${first.lines[1]!.id}`, {
        invoiceNumber: 'X',
      });
      expect(patch.statusCode).toBe(403);
    }
    expect((await api(null, 'GET', '/api/v1/billing/runs')).statusCode).toBe(401);
    expect([await count('billing_runs'), await count('billing_lines')]).toEqual(before);
  });
});

describe('export once under concurrency', () => {
  it('two concurrent runs of the same period export each new item once between them', async () => {
    const contract = await makeContract(t, { customerId: acme.customerId, initialAmount: 60 });
    t.clock.set('2026-10-05T10:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await topUp(contract.id, 15 + i, `October ${i}`));
    t.clock.set('2026-12-02T10:00:00Z');
    const [a, b] = await Promise.all([run('2026-10', am), run('2026-10', admin)]);
    const exported = [...a.lines, ...b.lines].filter((l) => l.contractNumber === contract.number);
    expect(exported.map((l) => l.quantity?.amount).sort((x, y) => x! - y!)).toEqual([15, 16, 17, 18, 19, 20]);
    const again = await run('2026-10');
    expect(again.lines).toEqual([]);
  });
});
