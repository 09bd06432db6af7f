import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commerceRepo } from '../src/core/commerce/commerce.repo.ts';
import { makeContract, makeCustomer } from './support/contract-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';
import { makeCustomerUser } from './support/request-factories.ts';
import { makeWorkOrderWorld, type WorkOrderWorld } from './support/workorder-world.ts';

let t: TestEnv;
let w: WorkOrderWorld;
let consultant: { auth: Auth };
let otherApprover: { auth: Auth };

/** EUR terms for a contract (the currency a package must be priced in). */
const eurTerms = (contractId: string) =>
  commerceRepo.insertTerms(t.db.kysely, contractId, {
    currency: 'EUR',
    retainer_price_minor: 600_000,
    topup_rate_minor: 15_000,
    overage_rate_minor: null,
    payment_term_days: 30,
    billing_legal_name: null,
    billing_address: null,
    tax_id: null,
    billing_contact_name: null,
    billing_contact_email: null,
    purchase_order: null,
    updated_at: t.clock.now(),
    updated_by: 'test',
  });

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-03T10:02:00Z' });
  w = await makeWorkOrderWorld(t, { initialAmount: 10 * 60 });
  await eurTerms(w.contract.id);
  consultant = await makeUserWithToken(t, { role: 'consultant' });
  otherApprover = await makeCustomerUser(t, await makeCustomer(t), 'customer_approver');
});
afterAll(async () => t.close());

const packages = '/api/v1/topup-packages';
const requests = (contractId = w.contract.id) => `/api/v1/contracts/${contractId}/topup-requests`;
const ask = (body: Record<string, unknown>, contractId?: string, auth: Auth = w.approver.auth) =>
  call(t.app, auth, 'POST', requests(contractId), body);
const addPackage = async (body: Record<string, unknown>, auth: Auth = w.admin.auth) => {
  const r = await call(t.app, auth, 'POST', packages, body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; name: string; revision: number };
};

const count = async (table: 'topup_requests' | 'topup_packages' | 'ledger_entries' | 'outbox' | 'audit_events') =>
  Number(
    (
      await t.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const state = async () => ({
  requests: await count('topup_requests'),
  packages: await t.db.kysely.selectFrom('topup_packages').selectAll().orderBy('id').execute(),
  ledger: await count('ledger_entries'),
  outbox: await count('outbox'),
  audit: await count('audit_events'),
});
const refused = async (run: () => Promise<{ statusCode: number; body: string }>, status: number, code?: string) => {
  const before = await state();
  const r = await run();
  expect(r.statusCode, r.body).toBe(status);
  if (code) expect(JSON.parse(r.body).code).toBe(code);
  expect(await state()).toEqual(before);
  return JSON.parse(r.body) as { code: string; detail: string };
};

describe('staff keep the top-up packages', () => {
  it('admins and account managers add and retire packages; others are refused and nothing is written', async () => {
    const block = await addPackage({
      name: 'Staff 20-hour block',
      unit: 'hours',
      quantity: 20 * 60,
      prices: [
        { currency: 'USD', amountMinor: 350_000 },
        { currency: 'EUR', amountMinor: 320_000 },
      ],
    });
    expect(block).toMatchObject({
      name: 'Staff 20-hour block',
      quantity: { amount: 1200, display: '20h 00m' },
      prices: [
        { currency: 'EUR', amountMinor: 320_000, display: '€3,200.00' },
        { currency: 'USD', amountMinor: 350_000 },
      ],
      active: true,
    });
    await addPackage(
      { name: 'Staff 5-unit block', unit: 'service_units', quantity: 500, prices: [] },
      w.accountManager.auth,
    );
    const body = { name: 'Another block', unit: 'hours', quantity: 600, prices: [] };
    await refused(() => call(t.app, consultant.auth, 'POST', packages, body), 403, 'FORBIDDEN');
    await refused(() => call(t.app, w.irManager.auth, 'POST', packages, body), 403, 'FORBIDDEN');
    await refused(() => call(t.app, w.approver.auth, 'POST', packages, body), 403, 'FORBIDDEN');
    await refused(() => call(t.app, consultant.auth, 'GET', packages), 403, 'FORBIDDEN');
    await refused(
      () => call(t.app, w.admin.auth, 'POST', packages, { ...body, name: 'staff 20-HOUR block' }),
      409,
      'NAME_TAKEN',
    );
    const twice = [
      { currency: 'EUR', amountMinor: 1 },
      { currency: 'EUR', amountMinor: 2 },
    ];
    await refused(() => call(t.app, w.admin.auth, 'POST', packages, { ...body, prices: twice }), 400);
    for (const amountMinor of [12.5, -1, 2 ** 53])
      await refused(
        () => call(t.app, w.admin.auth, 'POST', packages, { ...body, prices: [{ currency: 'EUR', amountMinor }] }),
        400,
        'VALIDATION_FAILED',
      );
    await refused(() => call(t.app, w.admin.auth, 'POST', packages, { ...body, quantity: 0 }), 400);
    await refused(
      () => call(t.app, w.admin.auth, 'PATCH', `${packages}/pkg_nothere`, { active: false }),
      404,
      'NOT_FOUND',
    );

    const retired = await call(t.app, w.accountManager.auth, 'PATCH', `${packages}/${block.id}`, {
      active: false,
      revision: block.revision,
    });
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json()).toMatchObject({ active: false, revision: block.revision + 1 });
    await refused(
      () => call(t.app, w.admin.auth, 'PATCH', `${packages}/${block.id}`, { active: true, revision: block.revision }),
      409,
      'STALE_REVISION',
    );
    const all = (await call(t.app, w.irManager.auth, 'GET', packages)).json().items as { id: string }[];
    expect(all.map((p) => p.id)).toContain(block.id);
    const active = (await call(t.app, w.admin.auth, 'GET', `${packages}?active=true`)).json().items as { id: string }[];
    expect(active.map((p) => p.id)).not.toContain(block.id);
  });
});

describe('a customer asks for a package', () => {
  it('is offered the active packages of its unit priced in its currency, and none on a contract without terms', async () => {
    const offered = await addPackage({
      name: 'Offer 40-hour block',
      unit: 'hours',
      quantity: 40 * 60,
      prices: [
        { currency: 'EUR', amountMinor: 620_000 },
        { currency: 'GBP', amountMinor: 535_000 },
      ],
    });
    await addPackage({
      name: 'Offer GBP only',
      unit: 'hours',
      quantity: 600,
      prices: [{ currency: 'GBP', amountMinor: 1 }],
    });
    const r = await call(t.app, w.approver.auth, 'GET', `/api/v1/contracts/${w.contract.id}/topup-packages`);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as { id: string; name: string; price: { display: string } }[];
    expect(items.find((p) => p.id === offered.id)).toMatchObject({
      name: 'Offer 40-hour block',
      quantity: { display: '40h 00m' },
      price: { amountMinor: 620_000, currency: 'EUR', display: '€6,200.00' },
    });
    expect(items.map((p) => p.name)).not.toContain('Offer GBP only');
    expect(items.map((p) => p.name)).not.toContain('Staff 20-hour block'); // retired
    expect(items.map((p) => p.name)).not.toContain('Staff 5-unit block'); // service units
    const bare = await makeContract(t, { customerId: w.customer.customerId });
    expect((await call(t.app, w.approver.auth, 'GET', `/api/v1/contracts/${bare.id}/topup-packages`)).json()).toEqual({
      items: [],
    });
    await refused(
      () => call(t.app, otherApprover.auth, 'GET', `/api/v1/contracts/${w.contract.id}/topup-packages`),
      404,
      'NOT_FOUND',
    );
    await refused(
      () => call(t.app, consultant.auth, 'GET', `/api/v1/contracts/${w.contract.id}/topup-packages`),
      403,
      'FORBIDDEN',
    );
  });

  it('refuses both a quantity and a package, or neither, and a package it cannot have: 422, nothing written', async () => {
    const pkg = await addPackage({
      name: 'Refusal 10-hour block',
      unit: 'hours',
      quantity: 600,
      prices: [{ currency: 'EUR', amountMinor: 160_000 }],
    });
    const both = await refused(
      () => ask({ amount: 600, packageId: pkg.id, purchaseOrder: 'PO-BOTH' }),
      422,
      'TOPUP_AMOUNT_OR_PACKAGE',
    );
    expect(both.detail).toBe('Ask either for a quantity or for a package, not both.');
    await refused(() => ask({ purchaseOrder: 'PO-NEITHER' }), 422, 'TOPUP_AMOUNT_OR_PACKAGE');
    await refused(() => ask({ packageId: 'pkg_nothere', purchaseOrder: 'PO-X' }), 422, 'PACKAGE_NOT_AVAILABLE');
    const gbp = await addPackage({
      name: 'Refusal GBP block',
      unit: 'hours',
      quantity: 600,
      prices: [{ currency: 'GBP', amountMinor: 1 }],
    });
    const noPrice = await refused(
      () => ask({ packageId: gbp.id, purchaseOrder: 'PO-GBP' }),
      422,
      'PACKAGE_NOT_AVAILABLE',
    );
    expect(noPrice.detail).toContain('no price in EUR');
    expect(noPrice.detail).not.toMatch(/pkg_|ctr_/);
    const units = await addPackage({
      name: 'Refusal unit block',
      unit: 'service_units',
      quantity: 500,
      prices: [{ currency: 'EUR', amountMinor: 1 }],
    });
    await refused(() => ask({ packageId: units.id, purchaseOrder: 'PO-SU' }), 422, 'PACKAGE_NOT_AVAILABLE');
    const bare = await makeContract(t, { customerId: w.customer.customerId });
    const noTerms = await refused(
      () => ask({ packageId: pkg.id, purchaseOrder: 'PO-T' }, bare.id),
      422,
      'PACKAGE_NOT_AVAILABLE',
    );
    expect(noTerms.detail).toContain('no currency set yet');
    const retired = await call(t.app, w.admin.auth, 'PATCH', `${packages}/${pkg.id}`, { active: false });
    expect(retired.statusCode).toBe(200);
    const gone = await refused(() => ask({ packageId: pkg.id, purchaseOrder: 'PO-R' }), 422, 'PACKAGE_NOT_AVAILABLE');
    expect(gone.detail).toContain('no longer offered');
    // Authorisation comes first: another customer's contract is 404 whatever the body.
    await refused(
      () => ask({ packageId: pkg.id, purchaseOrder: 'PO-O' }, undefined, otherApprover.auth),
      404,
      'NOT_FOUND',
    );
  });

  it("freezes the package's quantity and price with the request; accepting posts that quantity and price once", async () => {
    const pkg = await addPackage({
      name: 'Frozen 30-hour block',
      unit: 'hours',
      quantity: 30 * 60,
      prices: [{ currency: 'EUR', amountMinor: 470_000 }],
    });
    const r = await ask({ packageId: pkg.id, purchaseOrder: 'PO-PKG-1' });
    expect(r.statusCode, r.body).toBe(201);
    const req = r.json();
    expect(req).toMatchObject({
      amount: { amount: 1800, display: '30h 00m' },
      package: { id: pkg.id, name: 'Frozen 30-hour block', price: { amountMinor: 470_000, currency: 'EUR' } },
      price: { amountMinor: 470_000, currency: 'EUR' },
      status: 'pending',
    });
    const asked = (
      await t.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', 'topup.requested').execute()
    ).filter((m) => m.payload.text.includes('PO-PKG-1'));
    expect(asked).toHaveLength(1);
    expect(asked[0]!.payload.text).toContain('Frozen 30-hour block, €4,700.00');

    // The firm reprices, resizes and renames the package afterwards: the request keeps what it was made with.
    const changed = await call(t.app, w.admin.auth, 'PATCH', `${packages}/${pkg.id}`, {
      name: 'Frozen block (new)',
      quantity: 35 * 60,
      prices: [{ currency: 'EUR', amountMinor: 990_000 }],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const reread = (await call(t.app, w.approver.auth, 'GET', `/api/v1/topup-requests/${req.id}`)).json();
    expect(reread).toMatchObject({
      amount: { amount: 1800 },
      package: { name: 'Frozen 30-hour block', price: { amountMinor: 470_000 } },
    });

    const ledgerBefore = await count('ledger_entries');
    const [a, b] = await Promise.all([
      call(t.app, w.accountManager.auth, 'POST', `${requests()}/${req.id}/accept`),
      call(t.app, w.admin.auth, 'POST', `${requests()}/${req.id}/accept`),
    ]);
    expect([a.statusCode, b.statusCode].sort(), `${a.body} ${b.body}`).toEqual([200, 409]);
    const accepted = (a.statusCode === 200 ? a : b).json();
    expect(accepted).toMatchObject({ status: 'accepted', price: { amountMinor: 470_000, currency: 'EUR' } });
    expect(await count('ledger_entries')).toBe(ledgerBefore + 1);
    const entries = await t.db.kysely
      .selectFrom('ledger_entries')
      .select(['amount', 'reference'])
      .where('idempotency_key', '=', `imr:topup-request:${req.id}`)
      .execute();
    expect(entries).toEqual([{ amount: 1800, reference: 'PO-PKG-1' }]);
    // The package's price, not the contract's top-up rate × quantity (150.00 × 30 h = 4,500.00).
    const price = await t.db.kysely
      .selectFrom('topup_prices')
      .selectAll()
      .where('ledger_entry_id', '=', accepted.topUp.entryId)
      .executeTakeFirstOrThrow();
    expect(price).toMatchObject({ price_minor: 470_000, currency: 'EUR', purchase_order: 'PO-PKG-1' });
    const told = (
      await t.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', 'topup.accepted').execute()
    ).find((m) => m.payload.text.includes('PO-PKG-1'));
    expect(told!.payload.text).toContain('€4,700.00');
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select(['action', 'after'])
      .where('entity_id', '=', req.id)
      .where('action', '=', 'topup_request.requested')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({
      package: { name: 'Frozen 30-hour block', priceMinor: 470_000, currency: 'EUR' },
    });
  });
});

describe('a package request whose contract changed currency since', () => {
  it('is not accepted in the old currency: 422, nothing posted, the request stays pending', async () => {
    const world = await makeWorkOrderWorld(t, { initialAmount: 10 * 60 });
    await eurTerms(world.contract.id);
    const pkg = await addPackage({
      name: 'Currency 10-hour block',
      unit: 'hours',
      quantity: 600,
      prices: [
        { currency: 'EUR', amountMinor: 150_000 },
        { currency: 'USD', amountMinor: 170_000 },
      ],
    });
    const req = (
      await ask({ packageId: pkg.id, purchaseOrder: 'PO-CUR' }, world.contract.id, world.approver.auth)
    ).json();
    expect(req.package.price).toMatchObject({ currency: 'EUR', amountMinor: 150_000 });
    await t.db.kysely
      .updateTable('contract_terms')
      .set({ currency: 'USD' })
      .where('contract_id', '=', world.contract.id)
      .execute();
    const r = await refused(
      () => call(t.app, world.accountManager.auth, 'POST', `${requests(world.contract.id)}/${req.id}/accept`),
      422,
      'CURRENCY_MISMATCH',
    );
    expect(r.detail).toContain('priced in EUR');
    const row = await t.db.kysely
      .selectFrom('topup_requests')
      .select('status')
      .where('id', '=', req.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });
});
