import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commerceRepo } from '../src/core/commerce/commerce.repo.ts';
import { makeContract, makeCustomer } from './support/contract-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';
import { makeCustomerUser } from './support/request-factories.ts';
import { approvalMails, makeWorkOrderWorld, sentWorkOrder, type WorkOrderWorld } from './support/workorder-world.ts';

let t: TestEnv;
let w: WorkOrderWorld;
let otherApprover: { auth: Auth };
let otherAm: { auth: Auth };

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-03T10:02:00Z' });
  w = await makeWorkOrderWorld(t, { initialAmount: 40 * 60 });
  const other = await makeCustomer(t);
  otherApprover = await makeCustomerUser(t, other, 'customer_approver');
  otherAm = await makeUserWithToken(t, { role: 'account_manager' });
});
afterAll(async () => t.close());

const base = (contractId = w.contract.id) => `/api/v1/contracts/${contractId}/topup-requests`;
const ask = (auth: Auth, body: Record<string, unknown>, contractId?: string) =>
  call(t.app, auth, 'POST', base(contractId), body);
const act = (auth: Auth, id: string, action: 'accept' | 'decline' | 'withdraw', body?: Record<string, unknown>) =>
  call(t.app, auth, 'POST', `${base()}/${id}/${action}`, body);

const count = async (table: 'topup_requests' | 'ledger_entries' | 'outbox' | 'audit_events') =>
  Number(
    (
      await t.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
/** Everything a refusal must leave as it was. */
const state = async () => ({
  requests: await t.db.kysely.selectFrom('topup_requests').select(['id', 'status']).orderBy('id').execute(),
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
  return JSON.parse(r.body) as { code: string; detail: string; details?: Record<string, unknown> };
};
const mails = (topic: string) =>
  t.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', topic).orderBy('created_at').execute();

describe('a customer asks for more hours and the account manager accepts', () => {
  it('asks (account team told), accepts (one top-up, customer told), and the balance and the list show it', async () => {
    const r = await ask(w.approver.auth, { amount: 20 * 60, purchaseOrder: 'PO-4711', note: 'For the board exercise' });
    expect(r.statusCode, r.body).toBe(201);
    const req = r.json();
    expect(req).toMatchObject({
      contractId: w.contract.id,
      amount: { amount: 1200, display: '20h 00m' },
      purchaseOrder: 'PO-4711',
      note: 'For the board exercise',
      status: 'pending',
      decidedAt: null,
      topUp: null,
      source: null,
    });
    const asked = (await mails('topup.requested')).filter((m) => m.payload.text.includes('PO-4711'));
    expect(asked).toHaveLength(1);
    expect(asked[0]!.payload.to).toEqual([w.accountManager.email]);
    expect(asked[0]!.payload.text).toContain('20h 00m');

    const portalList = await call(t.app, w.viewer.auth, 'GET', `${base()}?status=pending`);
    expect(portalList.statusCode).toBe(200);
    expect(portalList.json().items.map((i: { id: string }) => i.id)).toContain(req.id);
    const staffList = await call(t.app, w.accountManager.auth, 'GET', '/api/v1/topup-requests?status=pending');
    expect(staffList.json().items.map((i: { id: string }) => i.id)).toContain(req.id);
    expect((await call(t.app, otherApprover.auth, 'GET', '/api/v1/topup-requests')).json().items).toEqual([]);

    const before = (await call(t.app, w.approver.auth, 'GET', `/api/v1/contracts/${w.contract.id}/balance`)).json();
    const accepted = await act(w.accountManager.auth, req.id, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({
      status: 'accepted',
      decidedBy: w.accountManager.actor.name,
      topUp: { balanceAfter: { amount: before.balance.amount + 1200 } },
      price: null,
    });
    const entries = await t.db.kysely
      .selectFrom('ledger_entries')
      .selectAll()
      .where('contract_id', '=', w.contract.id)
      .where('kind', '=', 'top_up')
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      amount: 1200,
      reference: 'PO-4711',
      idempotency_key: `imr:topup-request:${req.id}`,
    });
    const after = (await call(t.app, w.approver.auth, 'GET', `/api/v1/contracts/${w.contract.id}/balance`)).json();
    expect(after.toppedUp.amount).toBe(before.toppedUp.amount + 1200);
    expect(after.available.amount).toBe(before.available.amount + 1200);

    const told = (await mails('topup.accepted')).filter((m) => m.payload.text.includes('PO-4711'));
    expect(told).toHaveLength(1);
    expect(told[0]!.payload.to).toContain(w.approver.email);
    expect(told[0]!.payload.text).toContain('20h 00m');
    expect(told[0]!.payload.text).toContain(after.balance.display);
    expect(told[0]!.payload.text.replace(/https?:\S+/g, '')).not.toMatch(/tur_|ctr_|led_|\d{4}-\d{2}-\d{2}T/);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', req.id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['topup_request.accepted', 'topup_request.requested']);

    const list = (await call(t.app, w.approver.auth, 'GET', base())).json();
    expect(list.items.find((i: { id: string }) => i.id === req.id)).toMatchObject({ status: 'accepted' });
  });
});

describe('the price of an accepted request', () => {
  it("is the contract's top-up rate × quantity, rounded at the line, recorded beside the ledger with the PO", async () => {
    const priced = await makeWorkOrderWorld(t, { initialAmount: 10 * 60 });
    await commerceRepo.insertTerms(t.db.kysely, priced.contract.id, {
      currency: 'EUR',
      retainer_price_minor: 600_000,
      topup_rate_minor: 15_050,
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
    const req = (
      await call(t.app, priced.approver.auth, 'POST', base(priced.contract.id), {
        amount: 20 * 60 + 1,
        purchaseOrder: 'PO-PRICED',
      })
    ).json();
    const r = await call(t.app, priced.accountManager.auth, 'POST', `${base(priced.contract.id)}/${req.id}/accept`);
    expect(r.statusCode, r.body).toBe(200);
    // 150.50 EUR an hour × 1,201 minutes = 301,250.83… cents → 301,251 at the line.
    expect(r.json().price).toMatchObject({ amountMinor: 301_251, currency: 'EUR' });
    const row = await t.db.kysely
      .selectFrom('topup_prices')
      .selectAll()
      .where('ledger_entry_id', '=', r.json().topUp.entryId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ price_minor: 301_251, currency: 'EUR', purchase_order: 'PO-PRICED' });
    const told = (await mails('topup.accepted')).find((m) => m.payload.text.includes('PO-PRICED'));
    expect(told!.payload.text).toContain(r.json().price.display);
  });
});

describe('refusals write nothing', () => {
  it('refuses viewers and requesters (403), staff asking (403), another customer (404), bad input (400), a contract not active (422)', async () => {
    const body = { amount: 600, purchaseOrder: 'PO-1' };
    await refused(() => ask(w.viewer.auth, body), 403, 'FORBIDDEN');
    await refused(() => ask(w.requester.auth, body), 403, 'FORBIDDEN');
    await refused(() => ask(w.accountManager.auth, body), 403, 'FORBIDDEN');
    await refused(() => ask(otherApprover.auth, body), 404, 'NOT_FOUND');
    await refused(() => call(t.app, otherApprover.auth, 'GET', base()), 404, 'NOT_FOUND');
    for (const amount of [0, -60, 1.5, '60', 10_000_001, null])
      await refused(() => ask(w.approver.auth, { amount, purchaseOrder: 'PO-1' }), 400, 'VALIDATION_FAILED');
    await refused(() => ask(w.approver.auth, { amount: 60 }), 400, 'VALIDATION_FAILED');
    await refused(() => ask(w.approver.auth, { amount: 60, purchaseOrder: '   ' }), 400, 'VALIDATION_FAILED');
    const draft = await makeContract(t, { customerId: w.customer.customerId, status: 'draft' });
    await refused(() => ask(w.approver.auth, body, draft.id), 422, 'CONTRACT_NOT_ACTIVE');
    await refused(() => ask(null, body), 401);
  });

  it('only the account team decides; decline needs a reason; a decided request is 409 with its outcome', async () => {
    const req = (await ask(w.approver.auth, { amount: 300, purchaseOrder: 'PO-2' })).json();
    await refused(() => act(w.approver.auth, req.id, 'accept'), 403, 'FORBIDDEN');
    await refused(() => act(otherAm.auth, req.id, 'accept'), 403, 'FORBIDDEN');
    await refused(() => act(otherApprover.auth, req.id, 'accept'), 404, 'NOT_FOUND');
    await refused(() => act(otherApprover.auth, req.id, 'withdraw'), 404, 'NOT_FOUND');
    await refused(() => act(w.viewer.auth, req.id, 'withdraw'), 403, 'FORBIDDEN');
    await refused(() => act(w.accountManager.auth, req.id, 'decline', {}), 400, 'VALIDATION_FAILED');
    await refused(() => call(t.app, w.accountManager.auth, 'POST', `${base()}/tur_nothere/accept`), 404, 'NOT_FOUND');
    const declined = await act(w.accountManager.auth, req.id, 'decline', {
      reason: 'Please renew the retainer instead.',
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: 'Please renew the retainer instead.' });
    expect((await mails('topup.declined')).filter((m) => m.payload.text.includes('PO-2'))).toHaveLength(1);
    const again = await refused(() => act(w.admin.auth, req.id, 'accept'), 409, 'TOPUP_REQUEST_DECIDED');
    expect(again.details).toMatchObject({ status: 'declined', decidedBy: w.accountManager.actor.name });
    await refused(() => act(w.approver.auth, req.id, 'withdraw'), 409, 'TOPUP_REQUEST_DECIDED');
  });

  it('the customer withdraws a pending request; it cannot be accepted afterwards', async () => {
    const req = (await ask(w.approver.auth, { amount: 300, purchaseOrder: 'PO-3' })).json();
    const r = await act(w.approver.auth, req.id, 'withdraw');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'withdrawn', decidedBy: w.approver.actor.name });
    expect((await mails('topup.withdrawn')).filter((m) => m.payload.text.includes('PO-3'))).toHaveLength(1);
    await refused(() => act(w.accountManager.auth, req.id, 'accept'), 409, 'TOPUP_REQUEST_DECIDED');
  });
});

describe('two managers accept at once', () => {
  it('posts one top-up; the second gets 409 with the first outcome', async () => {
    const req = (await ask(w.approver.auth, { amount: 480, purchaseOrder: 'PO-RACE' })).json();
    const ledgerBefore = await count('ledger_entries');
    const [a, b] = await Promise.all([
      act(w.accountManager.auth, req.id, 'accept'),
      act(w.admin.auth, req.id, 'accept'),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses, `${a.body} ${b.body}`).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? a : b;
    const loser = a.statusCode === 200 ? b : a;
    expect(loser.json()).toMatchObject({
      code: 'TOPUP_REQUEST_DECIDED',
      details: { status: 'accepted', request: { status: 'accepted', topUp: winner.json().topUp } },
    });
    expect(await count('ledger_entries')).toBe(ledgerBefore + 1);
    const keyed = await t.db.kysely
      .selectFrom('ledger_entries')
      .select('id')
      .where('idempotency_key', '=', `imr:topup-request:${req.id}`)
      .execute();
    expect(keyed).toHaveLength(1);
    expect((await mails('topup.accepted')).filter((m) => m.payload.text.includes('PO-RACE'))).toHaveLength(1);
  });
});

describe('from an approval page the balance cannot cover', () => {
  it('offers the shortfall; the signed link asks for that contract only, as its contact; a used link grants nothing', async () => {
    const poor = await makeWorkOrderWorld(t, { initialAmount: 10 * 60 });
    const { wo } = await sentWorkOrder(t, poor);
    const summary = (await call(t.app, poor.approver.auth, 'GET', `/api/v1/work-orders/${wo.id}/summary`)).json();
    expect(summary.topUp).toEqual({
      contractId: poor.contract.id,
      shortfall: { amount: 30 * 60, unit: 'minute', display: '30h 00m' },
    });
    const token = (await approvalMails(t, poor.mailApprover.email))[0]!.link!;
    const linkSummary = (await call(t.app, null, 'GET', `/api/v1/approval-links/${token}`)).json();
    expect(linkSummary.topUp).toMatchObject({ contractId: poor.contract.id, shortfall: { amount: 1800 } });

    await refused(
      () =>
        call(t.app, null, 'POST', '/api/v1/approval-links/not-a-real-token-at-all/topup-requests', {
          amount: 1800,
          purchaseOrder: 'PO-LINK',
        }),
      422,
      'TOKEN_INVALID',
    );
    const r = await call(t.app, null, 'POST', `/api/v1/approval-links/${token}/topup-requests`, {
      amount: 1800,
      purchaseOrder: 'PO-LINK',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      contractId: poor.contract.id,
      requestedBy: poor.mailApprover.name,
      source: { type: 'work_order', number: wo.number },
      status: 'pending',
    });
    const row = await t.db.kysely
      .selectFrom('topup_requests')
      .selectAll()
      .where('id', '=', r.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ requested_by_contact_id: poor.mailApprover.id, requested_channel: 'link' });
    // The link is no session: it opens no other contract's request list or decision.
    expect((await call(t.app, null, 'GET', base(poor.contract.id))).statusCode).toBe(401);

    // Once accepted, the approval goes through; the used link grants nothing more.
    expect(
      (await call(t.app, poor.accountManager.auth, 'POST', `${base(poor.contract.id)}/${r.json().id}/accept`))
        .statusCode,
    ).toBe(200);
    const approved = await call(t.app, null, 'POST', `/api/v1/approval-links/${token}/decision`, {
      decision: 'approve',
      contentHash: wo.contentHash,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    await refused(
      () =>
        call(t.app, null, 'POST', `/api/v1/approval-links/${token}/topup-requests`, {
          amount: 60,
          purchaseOrder: 'PO-AGAIN',
        }),
      409,
      'EWO_NOT_APPROVABLE',
    );
  });
});
