import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeContract,
  makeContractWorld,
  type ContractWorld,
  type TestCustomer,
} from './support/contract-factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
type Token = ContractWorld['admin'];
let admin: Token, am: Token, otherAm: Token, irm: Token, consultant: Token, viewerA: Token, viewerB: Token;
let customerA: TestCustomer;

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-06-01T15:00:00Z' });
  ({ admin, am, otherAm, irm, consultant, viewerA, viewerB, customerA } = await makeContractWorld(t));
});
afterAll(async () => t.close());

const contractOfA = () =>
  makeContract(t, { customerId: customerA.customerId, termStart: '2026-01-01', termEnd: '2026-12-31' });
const termsUrl = (id: string) => `/api/v1/contracts/${id}/terms`;
const eurTerms = {
  currency: 'EUR',
  retainerPriceMinor: 5_000_000,
  topupRateMinor: 15_000,
  overageRateMinor: 18_000,
  paymentTermDays: 30,
  billingLegalName: 'Acme Industrial GmbH',
  billingAddress: 'Hauptstraße 1\n10115 Berlin',
  taxId: 'DE123456789',
  billingContactName: 'Erika Muster',
  billingContactEmail: 'ap@acme.example',
  purchaseOrder: 'PO-2026-001',
};

/** Everything a refused request must leave alone. */
const state = async (contractId: string) => ({
  terms: await t.db.kysely.selectFrom('contract_terms').selectAll().where('contract_id', '=', contractId).execute(),
  prices: await t.db.kysely.selectFrom('topup_prices').selectAll().where('contract_id', '=', contractId).execute(),
  entries: (await t.db.kysely.selectFrom('ledger_entries').select('id').where('contract_id', '=', contractId).execute())
    .length,
  audit: (await t.db.kysely.selectFrom('audit_events').select('id').where('entity_id', '=', contractId).execute())
    .length,
  balance: await t.db.kysely
    .selectFrom('contract_balances')
    .selectAll()
    .where('contract_id', '=', contractId)
    .executeTakeFirst(),
});

describe('commercial terms', () => {
  it('starts missing, is set and edited by the account manager, audited, and read in full by staff', async () => {
    const c = await contractOfA();
    expect((await call(t.app, admin.auth, 'GET', termsUrl(c.id))).json()).toEqual({ status: 'missing', terms: null });

    const set = await call(t.app, am.auth, 'PUT', termsUrl(c.id), eurTerms);
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      currency: 'EUR',
      retainerPrice: { amountMinor: 5_000_000, currency: 'EUR', display: '€50,000.00' },
      topupRate: { amountMinor: 15_000, display: '€150.00' },
      rateUnit: 'hour',
      billingLegalName: 'Acme Industrial GmbH',
      revision: 1,
    });

    const edit = await call(t.app, admin.auth, 'PUT', termsUrl(c.id), {
      ...eurTerms,
      topupRateMinor: 16_000,
      revision: 1,
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({ topupRate: { amountMinor: 16_000 }, revision: 2 });

    const stale = await call(t.app, admin.auth, 'PUT', termsUrl(c.id), { ...eurTerms, revision: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('STALE_REVISION');

    const read = await call(t.app, irm.auth, 'GET', termsUrl(c.id));
    expect(read.json()).toMatchObject({
      status: 'set',
      terms: { topupRate: { amountMinor: 16_000 }, taxId: 'DE123456789' },
    });

    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select(['action', 'before', 'after'])
      .where('entity_id', '=', c.id)
      .where('action', 'like', 'contract.terms%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['contract.terms_set', 'contract.terms_updated']);
    expect(audit[1]).toMatchObject({ before: { topupRateMinor: 15_000 }, after: { topupRateMinor: 16_000 } });
  });

  it('shows the customer the retainer price only, and refuses consultants (403) and other tenants (404)', async () => {
    const c = await contractOfA();
    await call(t.app, am.auth, 'PUT', termsUrl(c.id), eurTerms);
    const customer = await call(t.app, viewerA.auth, 'GET', termsUrl(c.id));
    expect(customer.statusCode).toBe(200);
    expect(customer.json()).toEqual({
      status: 'set',
      terms: { currency: 'EUR', retainerPrice: { amountMinor: 5_000_000, currency: 'EUR', display: '€50,000.00' } },
    });
    expect(customer.body).not.toContain('15000');
    expect(customer.body).not.toContain('DE123456789');

    const byConsultant = await call(t.app, consultant.auth, 'GET', termsUrl(c.id));
    expect(byConsultant.statusCode).toBe(403);
    expect(byConsultant.body).not.toContain('50,000');
    expect((await call(t.app, viewerB.auth, 'GET', termsUrl(c.id))).statusCode).toBe(404);
    expect((await call(t.app, admin.auth, 'GET', termsUrl('ctr_missing'))).statusCode).toBe(404);
  });

  it('refuses edits by the wrong people and bad amounts, writing nothing', async () => {
    const c = await contractOfA();
    const before = await state(c.id);
    const cases: [Token, unknown, number][] = [
      [consultant, eurTerms, 403],
      [irm, eurTerms, 403],
      [viewerA, eurTerms, 403],
      [otherAm, eurTerms, 403],
      [viewerB, eurTerms, 404],
      [admin, { ...eurTerms, retainerPriceMinor: 12.5 }, 400],
      [admin, { ...eurTerms, retainerPriceMinor: 2 ** 53 }, 400],
      [admin, { ...eurTerms, topupRateMinor: -1 }, 400],
      [admin, { ...eurTerms, currency: 'EURO' }, 400],
      [admin, { ...eurTerms, currency: 'eur' }, 400],
      [admin, { ...eurTerms, billingContactEmail: 'not an email' }, 400],
    ];
    for (const [who, body, status] of cases) {
      const r = await call(t.app, who.auth, 'PUT', termsUrl(c.id), body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect(await state(c.id)).toEqual(before);
  });
});

describe('priced top-ups', () => {
  const topUpUrl = (id: string) => `/api/v1/contracts/${id}/top-ups`;

  it('records the price and PO beside the ledger in the same posting; a replay records one price row', async () => {
    const c = await contractOfA();
    await call(t.app, am.auth, 'PUT', termsUrl(c.id), eurTerms);
    const body = {
      amount: 600,
      reference: 'Top-up May',
      price: { amountMinor: 150_000, currency: 'EUR' },
      purchaseOrder: 'PO-77',
    };
    const first = await call(t.app, am.auth, 'POST', topUpUrl(c.id), body, { 'idempotency-key': 'priced-1' });
    expect(first.statusCode).toBe(201);
    expect(first.json().entry).toMatchObject({
      kind: 'top_up',
      price: {
        recorded: true,
        price: { amountMinor: 150_000, display: '€1,500.00' },
        purchaseOrder: 'PO-77',
        invoiced: false,
      },
    });
    const replay = await call(t.app, am.auth, 'POST', topUpUrl(c.id), body, { 'idempotency-key': 'priced-1' });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().entry.id).toBe(first.json().entry.id);
    const other = await call(
      t.app,
      am.auth,
      'POST',
      topUpUrl(c.id),
      { ...body, price: { amountMinor: 1, currency: 'EUR' } },
      { 'idempotency-key': 'priced-1' },
    );
    expect(other.statusCode).toBe(409);
    const rows = (await state(c.id)).prices;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      ledger_entry_id: first.json().entry.id,
      price_minor: 150_000,
      purchase_order: 'PO-77',
    });

    // An unpriced top-up writes nothing beside the ledger and shows "not recorded".
    const plain = await call(t.app, am.auth, 'POST', topUpUrl(c.id), { amount: 60, reference: 'no price' });
    expect(plain.statusCode).toBe(201);
    expect(plain.json().entry.price).toBeUndefined();
    expect((await state(c.id)).prices).toHaveLength(1);

    const ledger = await call(t.app, viewerA.auth, 'GET', `/api/v1/contracts/${c.id}/ledger?kind=top_up`);
    expect(ledger.json().items.map((e: { price: unknown }) => e.price)).toEqual([
      {
        recorded: true,
        price: { amountMinor: 150_000, currency: 'EUR', display: '€1,500.00' },
        purchaseOrder: 'PO-77',
        invoiced: false,
        invoiceReference: null,
      },
      { recorded: false, price: null, purchaseOrder: null, invoiced: false, invoiceReference: null },
    ]);
    const csv = await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${c.id}/ledger?kind=top_up&format=csv`);
    const lines = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(lines.map((l) => [l['Price'], l['Price currency'], l['Purchase order']])).toEqual([
      ['€1,500.00', 'EUR', 'PO-77'],
      ['not recorded', '', ''],
    ]);
  });

  it('prices JPY and KWD top-ups in their own minor units', async () => {
    for (const [currency, amountMinor, display] of [
      ['JPY', 300_000, 'JP¥300,000'],
      ['KWD', 1_500_125, 'KWD\u00a01,500.125'],
    ] as const) {
      const c = await contractOfA();
      await call(t.app, admin.auth, 'PUT', termsUrl(c.id), { currency, topupRateMinor: 1000 });
      const r = await call(t.app, admin.auth, 'POST', topUpUrl(c.id), {
        amount: 60,
        reference: 'x',
        price: { amountMinor, currency },
      });
      expect(r.statusCode).toBe(201);
      expect(r.json().entry.price.price).toEqual({ amountMinor, currency, display });
    }
  });

  it('refuses a wrong currency (422), missing terms (422), fractions and overflow (400), PO without price (400), writing nothing', async () => {
    const c = await contractOfA();
    const noTerms = await contractOfA();
    await call(t.app, admin.auth, 'PUT', termsUrl(c.id), eurTerms);
    const before = await state(c.id);
    const beforeNoTerms = await state(noTerms.id);
    const base = { amount: 600, reference: 'r' };
    const cases: [string, unknown, number, string][] = [
      [c.id, { ...base, price: { amountMinor: 100, currency: 'USD' } }, 422, 'CURRENCY_MISMATCH'],
      [noTerms.id, { ...base, price: { amountMinor: 100, currency: 'EUR' } }, 422, 'TERMS_MISSING'],
      [c.id, { ...base, price: { amountMinor: 100.5, currency: 'EUR' } }, 400, 'VALIDATION_FAILED'],
      [c.id, { ...base, price: { amountMinor: 2 ** 53, currency: 'EUR' } }, 400, 'VALIDATION_FAILED'],
      [c.id, { ...base, price: { amountMinor: 100, currency: 'XYZ' } }, 400, 'VALIDATION_FAILED'],
      [c.id, { ...base, purchaseOrder: 'PO-1' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [id, body, status, code] of cases) {
      const r = await call(t.app, admin.auth, 'POST', topUpUrl(id), body, { 'idempotency-key': `k-${status}-${code}` });
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json().code).toBe(code);
    }
    const missing = await call(t.app, admin.auth, 'POST', topUpUrl(noTerms.id), {
      ...base,
      price: { amountMinor: 1, currency: 'EUR' },
    });
    expect(missing.json().detail).toContain('Commercial terms');
    expect(await state(c.id)).toEqual(before);
    expect(await state(noTerms.id)).toEqual(beforeNoTerms);

    // The currency of a contract with priced top-ups stays.
    await call(t.app, admin.auth, 'POST', topUpUrl(c.id), { ...base, price: { amountMinor: 100, currency: 'EUR' } });
    const change = await call(t.app, admin.auth, 'PUT', termsUrl(c.id), { ...eurTerms, currency: 'USD' });
    expect(change.statusCode).toBe(422);
    expect(change.json().code).toBe('CURRENCY_MISMATCH');
  });

  it('shows consultants no money: the terms are 403 and no ledger view carries a price', async () => {
    const c = await contractOfA();
    await call(t.app, admin.auth, 'PUT', termsUrl(c.id), eurTerms);
    await call(t.app, admin.auth, 'POST', topUpUrl(c.id), {
      amount: 60,
      reference: 'r',
      price: { amountMinor: 15_000, currency: 'EUR' },
    });
    expect((await call(t.app, consultant.auth, 'GET', termsUrl(c.id))).statusCode).toBe(403);
    const ledger = await call(t.app, consultant.auth, 'GET', `/api/v1/contracts/${c.id}/ledger`);
    expect(ledger.body).not.toContain('€');
    expect(ledger.body).not.toContain('"price"');
    const balance = await call(t.app, consultant.auth, 'GET', `/api/v1/contracts/${c.id}/balance`);
    expect(balance.body).not.toContain('€');
  });
});
