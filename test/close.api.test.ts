import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractSettingsInput } from '../src/shared/contracts/contract-settings.ts';
import { makeCustomer, type TestCustomer } from './support/contract-factories.ts';
import {
  engagementSnapshot,
  makeEngagement,
  outboxOf,
  replayedBalance,
  type EngagementOptions,
} from './support/engagement-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
type U = Awaited<ReturnType<typeof makeUserWithToken>>;
let admin: U, irm: U, am: U, alice: U, customerUser: U, otherCustomer: U;
let customerA: TestCustomer;

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T15:00:00Z' });
  admin = await makeUserWithToken(t, { role: 'admin' });
  irm = await makeUserWithToken(t, { role: 'ir_manager' });
  am = await makeUserWithToken(t, { role: 'account_manager' });
  alice = await makeUserWithToken(t, { role: 'consultant' });
  customerA = await makeCustomer(t, { timeZone: 'America/Chicago' });
  const customerB = await makeCustomer(t, { timeZone: 'Europe/Berlin' });
  customerUser = await makeUserWithToken(t, { role: 'customer_approver', organizationId: customerA.organizationId });
  otherCustomer = await makeUserWithToken(t, { role: 'customer_viewer', organizationId: customerB.organizationId });
});
afterAll(async () => t.close());

const api = (u: U | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
  call(t.app, u?.auth ?? null, method, url, body);
const engagement = (o: EngagementOptions & { settings?: ContractSettingsInput } = {}) =>
  makeEngagement(t, {
    team: [{ userId: alice.id, role: 'lead' }],
    ...o,
    contractOptions: {
      customerId: customerA.customerId,
      initialAmount: 100 * 60,
      ...(o.settings ? { settings: o.settings } : {}),
    },
  });
const log = (id: string, minutes: number) =>
  api(alice, 'POST', `/api/v1/engagements/${id}/effort`, { date: '2026-11-02', minutes, activity: 'analysis' });
const balance = async (contractId: string) =>
  (await api(admin, 'GET', `/api/v1/contracts/${contractId}/balance`)).json();
const entries = async (contractId: string, engagementId: string) =>
  (await api(admin, 'GET', `/api/v1/contracts/${contractId}/ledger?limit=200`))
    .json()
    .items.filter(
      (x: { engagementId: string | null; kind: string }) => x.engagementId === engagementId || x.kind === 'expire',
    )
    .map((x: { kind: string; amount: { amount: number } }) => `${x.kind}:${x.amount.amount}`);
const preview = async (id: string, op = 'close') =>
  (await api(irm, 'GET', `/api/v1/engagements/${id}/close-preview?operation=${op}`)).json();

async function expectCacheMatchesEntries(contractId: string) {
  expect((await balance(contractId)).balance.amount).toBe((await replayedBalance(t, contractId)).balance);
}

describe('POST /api/v1/engagements/{id}/close', () => {
  it('trues up a shortfall below the minimum and releases the rest, as the preview said', async () => {
    const e = await engagement({ estimate: 600, minimumBillable: 240 });
    await log(e.id, 120);
    const before = await balance(e.contract.id);
    const p = await preview(e.id);
    expect(p).toMatchObject({
      allowed: true,
      consumed: { amount: 120 },
      minimumBillable: { amount: 240 },
      minimumApplies: true,
      shortfall: { amount: 120 },
      trueUp: { amount: 120 },
      fixedPrice: { amount: 0 },
      heldToWriteOff: { amount: 0 },
      reserved: { amount: 480 },
      release: { amount: 360 },
      availableBefore: { amount: before.available.amount },
      availableAfter: { amount: before.available.amount + 360 },
    });
    const r = await api(irm, 'POST', `/api/v1/engagements/${e.id}/close`, {});
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'closed',
      consumed: { amount: 240 },
      reserved: { amount: 0 },
      closedAt: '2026-11-02T15:00:00.000Z',
      closing: {
        operation: 'close',
        trueUp: { amount: 120 },
        shortfall: { amount: 120 },
        waived: null,
        released: { amount: 360 },
        writtenOff: { amount: 0 },
        fixedPrice: { amount: 0 },
      },
    });
    expect(await entries(e.contract.id, e.id)).toEqual([
      'reserve:600',
      'consume:120',
      'minimum_true_up:120',
      'release:360',
    ]);
    const after = await balance(e.contract.id);
    expect(after.balance.amount).toBe(before.balance.amount - 120);
    expect(after.available.amount).toBe(p.availableAfter.amount);
    await expectCacheMatchesEntries(e.contract.id);
    // closed: no more effort, no second close, no cancel
    expect((await log(e.id, 15)).json().code).toBe('ENGAGEMENT_NOT_OPEN');
    const snap = await engagementSnapshot(t, e.id);
    expect((await api(irm, 'POST', `/api/v1/engagements/${e.id}/close`, {})).json().code).toBe('INVALID_TRANSITION');
    expect((await api(irm, 'POST', `/api/v1/engagements/${e.id}/cancel`, { reason: 'again' })).json().code).toBe(
      'INVALID_TRANSITION',
    );
    expect(await engagementSnapshot(t, e.id)).toEqual(snap);
    const burn = (await api(customerUser, 'GET', `/api/v1/engagements/${e.id}/burn`)).json();
    expect(burn.points.at(-1)).toMatchObject({ date: '2026-11-02', consumed: { amount: 240 } });
  });

  it('lets an admin waive the true-up with a recorded reason; an IR manager may not', async () => {
    const e = await engagement({ estimate: 600, minimumBillable: 240 });
    await log(e.id, 120);
    const snap = await engagementSnapshot(t, e.id);
    const refused = await api(irm, 'POST', `/api/v1/engagements/${e.id}/close`, {
      waiveMinimum: { reason: 'goodwill' },
    });
    expect(refused.statusCode).toBe(403);
    expect(
      (await api(admin, 'POST', `/api/v1/engagements/${e.id}/close`, { waiveMinimum: { reason: '' } })).statusCode,
    ).toBe(400);
    expect(await engagementSnapshot(t, e.id)).toEqual(snap);
    const r = (
      await api(admin, 'POST', `/api/v1/engagements/${e.id}/close`, {
        waiveMinimum: { reason: 'first engagement, goodwill agreed with the CISO' },
      })
    ).json();
    expect(r.closing).toMatchObject({
      trueUp: { amount: 0 },
      shortfall: { amount: 120 },
      waived: { reason: 'first engagement, goodwill agreed with the CISO', by: expect.stringContaining(admin.email) },
      released: { amount: 480 },
    });
    expect(await entries(e.contract.id, e.id)).toEqual(['reserve:600', 'consume:120', 'release:480']);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select(['action', 'after'])
      .where('entity_id', '=', e.id)
      .where('action', '=', 'engagement.minimum_waived')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('consumes the fixed price at close (effort drew nothing), and the minimum only beyond it', async () => {
    const e = await engagement({ pricingMode: 'fixed', estimate: 900, fixedPrice: 480 });
    expect((await log(e.id, 900)).json().billingStatus).toBe('fixed_price');
    const before = await balance(e.contract.id);
    expect(await preview(e.id)).toMatchObject({
      fixedPrice: { amount: 480 },
      trueUp: { amount: 0 },
      release: { amount: 0 },
      reserved: { amount: 480 },
    });
    const r = (await api(irm, 'POST', `/api/v1/engagements/${e.id}/close`, {})).json();
    expect(r).toMatchObject({
      status: 'closed',
      consumed: { amount: 480 },
      closing: { fixedPrice: { amount: 480 }, trueUp: { amount: 0 }, released: { amount: 0 } },
    });
    expect(await entries(e.contract.id, e.id)).toEqual(['reserve:480', 'consume:480']);
    expect((await balance(e.contract.id)).available.amount).toBe(before.available.amount);

    const f2 = await engagement({ pricingMode: 'fixed', estimate: 900, fixedPrice: 480, minimumBillable: 600 });
    const r2 = (await api(irm, 'POST', `/api/v1/engagements/${f2.id}/close`, {})).json();
    expect(r2.closing).toMatchObject({
      fixedPrice: { amount: 480 },
      shortfall: { amount: 120 },
      trueUp: { amount: 120 },
      released: { amount: 0 },
    });
    expect(await entries(f2.contract.id, f2.id)).toEqual(['reserve:480', 'consume:480', 'minimum_true_up:120']);
    await expectCacheMatchesEntries(f2.contract.id);
  });

  it('writes off held effort still unbilled, visibly', async () => {
    const e = await engagement({ estimate: 60 });
    await log(e.id, 60);
    const held = (await log(e.id, 30)).json();
    expect(held.billingStatus).toBe('held');
    expect(await preview(e.id)).toMatchObject({
      heldToWriteOff: { amount: 30 },
      heldEntries: 1,
      release: { amount: 0 },
    });
    const before = await balance(e.contract.id);
    const r = (await api(irm, 'POST', `/api/v1/engagements/${e.id}/close`, {})).json();
    expect(r).toMatchObject({ held: { amount: 0 }, closing: { writtenOff: { amount: 30 }, writtenOffEntries: 1 } });
    const effort = (await api(irm, 'GET', `/api/v1/engagements/${e.id}/effort`)).json();
    expect(effort.items.find((x: { id: string }) => x.id === held.id)).toMatchObject({
      billingStatus: 'written_off',
      unitsDrawn: { amount: 0 },
    });
    expect(effort.totals.writtenOff.amount).toBe(30);
    expect((await balance(e.contract.id)).balance).toEqual(before.balance);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', e.id)
      .where('action', '=', 'effort.written_off')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses the wrong states, roles and tenants, and changes nothing', async () => {
    for (const status of ['scheduled', 'on_hold'] as const) {
      const e = await engagement({ status });
      const snap = await engagementSnapshot(t, e.id);
      const r = await api(irm, 'POST', `/api/v1/engagements/${e.id}/close`, {});
      expect([r.statusCode, r.json().code]).toEqual([409, 'INVALID_TRANSITION']);
      expect((await preview(e.id)).allowed).toBe(false);
      expect(await engagementSnapshot(t, e.id)).toEqual(snap);
    }
    const e = await engagement({ minimumBillable: 120 });
    const snap = await engagementSnapshot(t, e.id);
    for (const [u, status] of [
      [alice, 403],
      [am, 403],
      [customerUser, 403],
      [otherCustomer, 404],
    ] as const) {
      expect((await api(u, 'POST', `/api/v1/engagements/${e.id}/close`, {})).statusCode).toBe(status);
      expect((await api(u, 'POST', `/api/v1/engagements/${e.id}/cancel`, { reason: 'x' })).statusCode).toBe(status);
    }
    expect((await api(alice, 'GET', `/api/v1/engagements/${e.id}/close-preview`)).statusCode).toBe(403);
    expect((await api(customerUser, 'GET', `/api/v1/engagements/${e.id}/close-preview`)).statusCode).toBe(403);
    expect((await api(am, 'GET', `/api/v1/engagements/${e.id}/close-preview`)).statusCode).toBe(200);
    expect(await engagementSnapshot(t, e.id)).toEqual(snap);
  });

  it('expires at once what it releases after the contract expired', async () => {
    const e = await engagement({ estimate: 600 });
    await log(e.id, 60);
    await t.db.kysely.updateTable('contracts').set({ status: 'expired' }).where('id', '=', e.contract.id).execute();
    expect(await preview(e.id)).toMatchObject({
      release: { amount: 540 },
      releaseExpires: true,
      contractStatus: 'expired',
    });
    const r = (await api(irm, 'POST', `/api/v1/engagements/${e.id}/close`, {})).json();
    expect(r.closing).toMatchObject({ released: { amount: 540 }, expired: { amount: 540 } });
    const kinds = await entries(e.contract.id, e.id);
    expect(kinds.slice(-2)).toEqual(['release:540', 'expire:540']);
    expect((await balance(e.contract.id)).available.amount).toBe((await preview(e.id)).availableBefore.amount);
    await expectCacheMatchesEntries(e.contract.id);
  });
});

describe('POST /api/v1/engagements/{id}/cancel', () => {
  it('keeps what was consumed, applies the minimum by default, releases the rest and cancels the calendar event', async () => {
    const at = t.clock.now();
    await t.db.kysely
      .insertInto('contacts')
      .values({
        id: t.core.ids.next('con'),
        customer_id: customerA.customerId,
        name: 'Carla CISO',
        email: 'carla.ciso@customer-a.test',
        can_approve: true,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const e = await engagement({
      estimate: 600,
      minimumBillable: 300,
      status: 'scheduled',
      plannedStart: '2026-11-20',
      plannedEnd: '2026-11-21',
    });
    await t.db.kysely.updateTable('engagements').set({ status: 'in_progress' }).where('id', '=', e.id).execute();
    await log(e.id, 120);
    await t.db.kysely
      .updateTable('engagements')
      .set({ status: 'on_hold', status_before_hold: 'in_progress' })
      .where('id', '=', e.id)
      .execute();
    expect(await preview(e.id, 'cancel')).toMatchObject({
      allowed: true,
      minimumApplies: true,
      trueUp: { amount: 180 },
      release: { amount: 300 },
    });
    expect((await api(irm, 'POST', `/api/v1/engagements/${e.id}/cancel`, {})).statusCode).toBe(400);
    const r = (
      await api(irm, 'POST', `/api/v1/engagements/${e.id}/cancel`, {
        reason: 'customer restored from backups on its own',
      })
    ).json();
    expect(r).toMatchObject({
      status: 'cancelled',
      statusReason: 'customer restored from backups on its own',
      consumed: { amount: 300 },
      closing: { operation: 'cancel', trueUp: { amount: 180 }, released: { amount: 300 } },
    });
    expect(await entries(e.contract.id, e.id)).toEqual([
      'reserve:600',
      'consume:120',
      'minimum_true_up:180',
      'release:300',
    ]);
    const cancels = (await outboxOf(t, 'engagement.schedule_cancelled')).filter((m) =>
      m.payload.icalEvent?.content.includes(`UID:${e.id}@`),
    );
    // The customer's approver gets the cancellation; the consultant's calendar follows his bookings instead.
    expect(cancels.map((m) => m.payload.to)).toEqual([['carla.ciso@customer-a.test']]);
    expect(
      cancels.every(
        (m) =>
          m.payload.icalEvent!.content.includes('METHOD:CANCEL') && m.payload.icalEvent!.content.includes('SEQUENCE:1'),
      ),
    ).toBe(true);
    expect((await log(e.id, 15)).json().code).toBe('ENGAGEMENT_NOT_OPEN');
  });

  it('applies no minimum when the contract says so, and cancels a fixed-price engagement without its price', async () => {
    const e = await engagement({
      estimate: 600,
      minimumBillable: 300,
      status: 'scheduled',
      settings: { minimumAppliesOnCancel: false },
    });
    const r = (await api(irm, 'POST', `/api/v1/engagements/${e.id}/cancel`, { reason: 'duplicate request' })).json();
    expect(r.closing).toMatchObject({ trueUp: { amount: 0 }, shortfall: { amount: 0 }, released: { amount: 600 } });
    expect(await entries(e.contract.id, e.id)).toEqual(['reserve:600', 'release:600']);
    const f = await engagement({ pricingMode: 'fixed', fixedPrice: 480, estimate: 600 });
    const rf = (
      await api(irm, 'POST', `/api/v1/engagements/${f.id}/cancel`, { reason: 'scope moved to next year' })
    ).json();
    expect(rf.closing).toMatchObject({ fixedPrice: { amount: 0 }, trueUp: { amount: 0 }, released: { amount: 480 } });
  });
});
