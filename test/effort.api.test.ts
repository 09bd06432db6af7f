import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertEffort } from '../src/core/billing/billing.rules.ts';
import { isBillableActivity } from '../src/shared/billing.ts';
import { systemCtx } from '../src/core/context.ts';
import { effortRepo } from '../src/core/effort/effort.repo.ts';
import { ContractSettings, type ContractSettingsInput } from '../src/shared/contracts/contract-settings.ts';
import { activities } from '../src/shared/domain.ts';
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
let admin: U, irm: U, am: U, alice: U, bob: U, outsider: U, customerUser: U, otherCustomer: U;
let customerA: TestCustomer;

beforeAll(async () => {
  // 23:30 UTC: still Monday 2 November in Chicago, already Tuesday 3 November in Auckland.
  t = await createTestEnv({ now: '2026-11-02T23:30:00Z' });
  admin = await makeUserWithToken(t, { role: 'admin' });
  irm = await makeUserWithToken(t, { role: 'ir_manager' });
  am = await makeUserWithToken(t, { role: 'account_manager' });
  alice = await makeUserWithToken(t, { role: 'consultant' });
  bob = await makeUserWithToken(t, { role: 'consultant' });
  outsider = await makeUserWithToken(t, { role: 'consultant' });
  customerA = await makeCustomer(t, { timeZone: 'America/Chicago', accountTeam: [am.id] });
  const customerB = await makeCustomer(t, { timeZone: 'Europe/Berlin' });
  customerUser = await makeUserWithToken(t, { role: 'customer_approver', organizationId: customerA.organizationId });
  otherCustomer = await makeUserWithToken(t, { role: 'customer_approver', organizationId: customerB.organizationId });
});
afterAll(async () => t.close());

const api = (
  u: U | null,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => call(t.app, u?.auth ?? null, method, url, body, headers);
const team = () => [
  { userId: alice.id, role: 'lead' },
  { userId: bob.id, role: 'analyst' },
];
const engagement = (
  o: EngagementOptions & {
    settings?: ContractSettingsInput;
    unit?: 'hours' | 'service_units';
    unitsPerHour?: string;
    initialAmount?: number;
  } = {},
) =>
  makeEngagement(t, {
    team: team(),
    ...o,
    contractOptions: {
      customerId: customerA.customerId,
      ...(o.settings ? { settings: o.settings } : {}),
      ...(o.unit ? { unit: o.unit } : {}),
      ...(o.unitsPerHour ? { unitsPerHour: o.unitsPerHour } : {}),
      initialAmount: o.initialAmount ?? 200 * 60,
    },
  });
const log = (u: U, engagementId: string, body: Record<string, unknown>, key?: string) =>
  api(
    u,
    'POST',
    `/api/v1/engagements/${engagementId}/effort`,
    { date: '2026-11-02', activity: 'analysis', ...body },
    key ? { 'idempotency-key': key } : {},
  );
const balanceOf = async (contractId: string) =>
  (await api(admin, 'GET', `/api/v1/contracts/${contractId}/balance`)).json();

/** The engagement's cached effort sums equal the entries, and the contract's cached balance its replayed entries. */
async function expectConsistent(engagementId: string, contractId: string) {
  const e = await t.db.kysely
    .selectFrom('engagements')
    .select(['effort_consumed', 'effort_held'])
    .where('id', '=', engagementId)
    .executeTakeFirstOrThrow();
  expect(await effortRepo.sums(t.db.kysely, engagementId)).toEqual({
    consumed: e.effort_consumed,
    held: e.effort_held,
  });
  const replay = await replayedBalance(t, contractId);
  expect((await balanceOf(contractId)).balance.amount).toBe(replay.balance);
}

describe('conversion through the API', () => {
  it('rounds up to the increment and applies activity and after-hours multipliers (hours)', async () => {
    const e = await engagement({
      estimate: 6000,
      settings: { activityMultipliers: { onsite_work: '1.5' }, afterHoursMultiplier: '1.25' },
    });
    const r1 = await log(alice, e.id, { minutes: 50, note: 'triage of EDR alerts' });
    expect(r1.statusCode).toBe(201);
    expect(r1.json()).toMatchObject({
      minutes: 50,
      roundedMinutes: 60,
      weightedMinutes: 60,
      billable: true,
      billingStatus: 'consumed',
      units: { amount: 60, unit: 'minute', display: '1h 00m' },
      unitsDrawn: { amount: 60 },
      warnings: [],
      status: 'active',
      ledgerEntryId: expect.stringMatching(/^led_/),
    });
    const r2 = (await log(alice, e.id, { minutes: 60, activity: 'onsite_work', afterHours: true })).json();
    expect(r2).toMatchObject({ roundedMinutes: 60, weightedMinutes: 113, unitsDrawn: { amount: 113 } }); // 60 × 1.5 × 1.25 = 112.5 → 113
    const r3 = (await log(bob, e.id, { minutes: 20, activity: 'onsite_work' })).json();
    expect(r3).toMatchObject({ roundedMinutes: 30, weightedMinutes: 45, unitsDrawn: { amount: 45 } });
    const ledger = (await api(admin, 'GET', `/api/v1/contracts/${e.contract.id}/ledger?kind=consume`)).json().items;
    expect(
      ledger.map((x: { amount: { amount: number }; engagementId: string }) => [x.amount.amount, x.engagementId]),
    ).toEqual([
      [60, e.id],
      [113, e.id],
      [45, e.id],
    ]);
    expect((await api(irm, 'GET', `/api/v1/engagements/${e.id}`)).json()).toMatchObject({
      consumed: { amount: 218 },
      reserved: { amount: 6000 - 218 },
    });
    await expectConsistent(e.id, e.contract.id);
  });

  it('converts to hundredths of a service unit', async () => {
    const e = await engagement({ unit: 'service_units', unitsPerHour: '1.5', initialAmount: 10_000, estimate: 5000 });
    const r = (await log(alice, e.id, { minutes: 15 })).json();
    expect(r).toMatchObject({
      roundedMinutes: 15,
      units: { amount: 38, unit: 'centiunit', display: '0.38 SU' },
      unitsDrawn: { amount: 38 },
    }); // 0.375 → 0.38
    const r2 = (await log(alice, e.id, { minutes: 90, afterHours: true })).json();
    expect(r2.unitsDrawn).toEqual({ amount: 225, unit: 'centiunit', display: '2.25 SU' });
  });

  it('never draws scoping, internal work or (by default) travel time; travel time when the contract bills it', async () => {
    const e = await engagement({});
    const before = await balanceOf(e.contract.id);
    for (const activity of ['scoping', 'internal', 'travel_time']) {
      const r = (await log(alice, e.id, { minutes: 45, activity })).json();
      expect(r).toMatchObject({
        activity,
        billable: false,
        billingStatus: 'non_billable',
        roundedMinutes: 45,
        units: { amount: 0 },
        unitsDrawn: { amount: 0 },
        ledgerEntryId: null,
      });
    }
    expect((await balanceOf(e.contract.id)).balance).toEqual(before.balance);
    const travel = await engagement({ settings: { travelTimeBillable: true } });
    expect((await log(alice, travel.id, { minutes: 45, activity: 'travel_time' })).json()).toMatchObject({
      billingStatus: 'consumed',
      unitsDrawn: { amount: 45 },
    });
  });

  it('matches the billing rules for any entry (property, through the API)', async () => {
    const settings: ContractSettingsInput = {
      roundingIncrementMinutes: 6,
      activityMultipliers: { analysis: '1.25', onsite_work: '1.75', kickoff: '0.5' },
      afterHoursMultiplier: '1.5',
      travelTimeBillable: true,
    };
    const e = await engagement({
      unit: 'service_units',
      unitsPerHour: '2.35',
      initialAmount: 10_000_000,
      estimate: 5_000_000,
      settings,
    });
    const card = { unit: 'service_units' as const, unitsPerHour: '2.35', settings: ContractSettings.parse(settings) };
    let drawn = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 600 }),
        fc.constantFrom(...activities),
        fc.boolean(),
        async (minutes, activity, afterHours) => {
          const r = (await log(bob, e.id, { minutes, activity, afterHours })).json();
          const expected = convertEffort(minutes, activity, afterHours, card);
          const billable = isBillableActivity(activity, card.settings);
          expect(r).toMatchObject({
            roundedMinutes: expected.roundedMinutes,
            weightedMinutes: expected.weightedMinutes,
            units: { amount: billable ? expected.amount : 0 },
            billable,
          });
          drawn += billable ? expected.amount : 0;
        },
      ),
      { numRuns: 25 },
    );
    expect((await api(irm, 'GET', `/api/v1/engagements/${e.id}`)).json().consumed.amount).toBe(drawn);
    await expectConsistent(e.id, e.contract.id);
  });
});

describe('idempotency', () => {
  it('returns the first entry for a retried key and refuses the key with another body', async () => {
    const e = await engagement({});
    const first = await log(alice, e.id, { minutes: 30 }, 'timesheet-row-17');
    const again = await log(alice, e.id, { minutes: 30 }, 'timesheet-row-17');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const before = await engagementSnapshot(t, e.id);
    const other = await log(alice, e.id, { minutes: 45 }, 'timesheet-row-17');
    expect([other.statusCode, other.json().code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await engagementSnapshot(t, e.id)).toEqual(before);
    expect(before.effort).toHaveLength(1);
  });
});

describe('refusals change nothing', () => {
  it("refuses people who may not log: not on the team, others' effort, other roles, other tenants", async () => {
    const e = await engagement({});
    const before = await engagementSnapshot(t, e.id);
    const cases: [U, Record<string, unknown>, number, string?][] = [
      [outsider, { minutes: 15 }, 404, 'NOT_FOUND'],
      [alice, { minutes: 15, userId: bob.id }, 403, 'FORBIDDEN'],
      [am, { minutes: 15 }, 403, 'FORBIDDEN'],
      [customerUser, { minutes: 15 }, 403, 'FORBIDDEN'],
      [otherCustomer, { minutes: 15 }, 404, 'NOT_FOUND'],
      [irm, { minutes: 15, userId: outsider.id }, 422, 'BUSINESS_RULE'],
      [irm, { minutes: 15, userId: customerUser.id }, 422, 'BUSINESS_RULE'],
    ];
    for (const [u, body, status, code] of cases) {
      const r = await log(u, e.id, body);
      expect([u.role, r.statusCode, r.json().code]).toEqual([u.role, status, code]);
    }
    expect(
      (
        await api(null, 'POST', `/api/v1/engagements/${e.id}/effort`, {
          date: '2026-11-02',
          minutes: 15,
          activity: 'analysis',
        })
      ).statusCode,
    ).toBe(401);
    expect(await engagementSnapshot(t, e.id)).toEqual(before);
    // IR managers log for team members and for themselves
    expect((await log(irm, e.id, { minutes: 15, userId: alice.id })).json().userId).toBe(alice.id);
    expect((await log(irm, e.id, { minutes: 15 })).json().userId).toBe(irm.id);
  });

  it('refuses effort before the work started, after the engagement closed, in the future or before approval', async () => {
    const scheduled = await engagement({ status: 'scheduled' });
    const closed = await engagement({ status: 'closed' });
    const cancelled = await engagement({ status: 'cancelled' });
    for (const e of [scheduled, closed, cancelled]) {
      const before = await engagementSnapshot(t, e.id);
      const r = await log(alice, e.id, { minutes: 15 });
      expect([r.statusCode, r.json().code]).toEqual([409, 'ENGAGEMENT_NOT_OPEN']);
      expect(await engagementSnapshot(t, e.id)).toEqual(before);
    }
    const e = await engagement({ status: 'on_hold' });
    const before = await engagementSnapshot(t, e.id);
    // it is 2 November in Chicago (the customer's zone), though 3 November in UTC+13
    const future = await log(alice, e.id, { minutes: 15, date: '2026-11-03' });
    expect([future.statusCode, future.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(future.json().detail).toContain('America/Chicago');
    const early = await log(alice, e.id, { minutes: 15, date: '2026-11-01' });
    expect([early.statusCode, early.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(early.json().detail).toContain('approved');
    for (const bad of [
      { minutes: 0 },
      { minutes: 15, activity: 'golf' },
      { minutes: 15, date: '2026-13-01' },
      { minutes: 1.5 },
    ])
      expect((await log(alice, e.id, bad)).statusCode).toBe(400);
    expect(await engagementSnapshot(t, e.id)).toEqual(before);
    expect((await log(alice, e.id, { minutes: 15 })).statusCode).toBe(201); // on hold takes effort
  });

  it('refuses consumption the overdraft policy does not allow (422 BALANCE_INSUFFICIENT) and records nothing', async () => {
    const e = await engagement({ initialAmount: 30, estimate: 600, reserve: false });
    const before = await engagementSnapshot(t, e.id);
    const r = await log(alice, e.id, { minutes: 60 });
    expect([r.statusCode, r.json().code]).toEqual([422, 'BALANCE_INSUFFICIENT']);
    expect(r.json().details.shortfall.amount).toBe(30);
    expect(await engagementSnapshot(t, e.id)).toEqual(before);
    expect((await log(alice, e.id, { minutes: 30 })).statusCode).toBe(201); // what fits is taken
    expect((await log(alice, e.id, { minutes: 30, activity: 'internal' })).statusCode).toBe(201); // non-billable needs no balance
  });
});

describe('held effort past estimate + tolerance', () => {
  it('holds what would pass the limit (warning, nothing drawn), asks for a change order once, and posts it after the estimate grows', async () => {
    const e = await engagement({ estimate: 60 }); // limit 66
    const asks0 = (await outboxOf(t, 'engagement.effort_held')).length;
    expect((await log(alice, e.id, { minutes: 60 })).json().billingStatus).toBe('consumed');
    const before = await balanceOf(e.contract.id);
    const held = (await log(alice, e.id, { minutes: 15, note: 'extra host' })).json();
    expect(held).toMatchObject({
      billingStatus: 'held',
      units: { amount: 15 },
      unitsDrawn: { amount: 0 },
      ledgerEntryId: null,
      warnings: [{ code: 'ESTIMATE_EXCEEDED' }],
    });
    const held2 = (await log(bob, e.id, { minutes: 30 })).json();
    expect(held2.billingStatus).toBe('held');
    const small = (await log(bob, e.id, { minutes: 1, activity: 'status_meeting' })).json();
    expect(small.billingStatus).toBe('held'); // queued behind earlier held effort, although it would fit
    expect((await balanceOf(e.contract.id)).balance).toEqual(before.balance);
    const asks = (await outboxOf(t, 'engagement.effort_held')).slice(asks0);
    expect(asks).toHaveLength(1);
    expect(asks[0]!.payload.to).toEqual(expect.arrayContaining([irm.email, am.email]));
    expect((await api(irm, 'GET', `/api/v1/engagements/${e.id}`)).json()).toMatchObject({
      consumed: { amount: 60 },
      held: { amount: 60 },
    });

    // a change order adds 30 minutes: estimate 90, limit 99 → the oldest held (15) and the next (30) fit? 60 + 15 + 30 = 105 > 99: only the first
    const ctx = systemCtx('change-order');
    const result = await t.db.transaction(async (trx) => {
      await t.core.services.engagements.adjustEstimateInTx(trx, ctx, e.id, 30);
      await t.core.services.ledger.adjustReservation(trx, ctx, {
        contractId: e.contract.id,
        engagementId: e.id,
        delta: 30,
      });
      return t.core.services.effort.postHeldEffortInTx(trx, ctx, e.id);
    });
    expect(result.posted.map((p) => [p.id, p.amount])).toEqual([[held.id, 15]]);
    expect(result.stillHeld).toBe(2);
    // another 60: estimate 150, limit 165 → the rest fits
    const rest = await t.db.transaction(async (trx) => {
      await t.core.services.engagements.adjustEstimateInTx(trx, ctx, e.id, 60);
      await t.core.services.ledger.adjustReservation(trx, ctx, {
        contractId: e.contract.id,
        engagementId: e.id,
        delta: 60,
      });
      return t.core.services.effort.postHeldEffortInTx(trx, ctx, e.id);
    });
    expect(rest.posted.map((p) => p.id)).toEqual([held2.id, small.id]);
    expect(rest.stillHeld).toBe(0);
    const entries = (await api(irm, 'GET', `/api/v1/engagements/${e.id}/effort`)).json();
    expect(entries.items.map((x: { billingStatus: string }) => x.billingStatus)).toEqual([
      'consumed',
      'consumed',
      'consumed',
      'consumed',
    ]);
    expect(entries.totals).toMatchObject({ consumed: { amount: 120 }, held: { amount: 0 } });
    expect((await balanceOf(e.contract.id)).consumed.amount - before.consumed.amount).toBe(60);
    expect((await api(irm, 'GET', `/api/v1/engagements/${e.id}`)).json()).toMatchObject({
      consumed: { amount: 120 },
      held: { amount: 0 },
      reserved: { amount: 30 },
    });
    // posting again finds nothing
    expect((await t.db.transaction((trx) => t.core.services.effort.postHeldEffortInTx(trx, ctx, e.id))).posted).toEqual(
      [],
    );
    await expectConsistent(e.id, e.contract.id);
  });

  it('warns the IR managers and the account team once at 90 % of the estimate', async () => {
    const e = await engagement({ estimate: 600 });
    const warned = async () =>
      (await outboxOf(t, 'engagement.estimate_warning')).filter((m) => m.dedupe_key?.includes(e.id));
    await log(alice, e.id, { minutes: 525 });
    expect(await warned()).toHaveLength(0);
    await log(alice, e.id, { minutes: 15 }); // 540 = 90 %
    await log(alice, e.id, { minutes: 15 });
    const w = await warned();
    expect(w).toHaveLength(1);
    expect(w[0]!.payload.to).toEqual(expect.arrayContaining([irm.email, am.email]));
  });

  it('records fixed-price effort without drawing anything', async () => {
    const e = await engagement({ pricingMode: 'fixed', estimate: 600, fixedPrice: 480 });
    const before = await balanceOf(e.contract.id);
    const r = (await log(alice, e.id, { minutes: 900 })).json();
    expect(r).toMatchObject({
      billable: true,
      billingStatus: 'fixed_price',
      units: { amount: 900 },
      unitsDrawn: { amount: 0 },
      warnings: [],
    });
    expect((await balanceOf(e.contract.id)).balance).toEqual(before.balance);
  });
});

describe('corrections', () => {
  it('DELETE reverses the consumption; PATCH reverses and posts a new entry; the ledger keeps every entry', async () => {
    const e = await engagement({ estimate: 6000 });
    const start = await balanceOf(e.contract.id);
    const a = (await log(alice, e.id, { minutes: 60 })).json();
    const b = (await log(alice, e.id, { minutes: 30 })).json();
    const del = await api(
      alice,
      'DELETE',
      `/api/v1/effort/${a.id}?reason=${encodeURIComponent('logged on the wrong engagement')}`,
    );
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({
      id: a.id,
      status: 'deleted',
      reversalEntryId: expect.stringMatching(/^led_/),
      correctionReason: 'logged on the wrong engagement',
      unitsDrawn: { amount: 0 },
    });
    const patched = await api(alice, 'PATCH', `/api/v1/effort/${b.id}`, {
      minutes: 95,
      afterHours: true,
      reason: 'forgot the evening call',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      replacesId: b.id,
      minutes: 95,
      roundedMinutes: 105,
      afterHours: true,
      billingStatus: 'consumed',
      unitsDrawn: { amount: 105 },
      status: 'active',
    });
    const old = (await api(irm, 'GET', `/api/v1/effort?userId=${alice.id}&engagementId=${e.id}&includeCorrected=true`))
      .json()
      .items.find((x: { id: string }) => x.id === b.id);
    expect(old).toMatchObject({
      status: 'superseded',
      replacedById: patched.json().id,
      reversalEntryId: expect.stringMatching(/^led_/),
    });
    const ledger = (await api(admin, 'GET', `/api/v1/contracts/${e.contract.id}/ledger?kind=consume,reversal`)).json()
      .items;
    expect(ledger.map((x: { kind: string; amount: { amount: number } }) => `${x.kind}:${x.amount.amount}`)).toEqual([
      'consume:60',
      'consume:30',
      'reversal:60',
      'reversal:30',
      'consume:105',
    ]);
    const end = await balanceOf(e.contract.id);
    expect(start.balance.amount - end.balance.amount).toBe(105);
    expect((await api(irm, 'GET', `/api/v1/engagements/${e.id}`)).json().consumed.amount).toBe(105);
    await expectConsistent(e.id, e.contract.id);
  });

  it("refuses a second correction, someone else's entry, and closed engagements; nothing changes", async () => {
    const e = await engagement({});
    const a = (await log(alice, e.id, { minutes: 60 })).json();
    expect((await api(alice, 'DELETE', `/api/v1/effort/${a.id}`)).statusCode).toBe(200);
    const b = (await log(alice, e.id, { minutes: 45 })).json();
    const before = await engagementSnapshot(t, e.id);
    const again = await api(alice, 'DELETE', `/api/v1/effort/${a.id}`);
    expect([again.statusCode, again.json().code]).toEqual([409, 'CONFLICT']);
    expect((await api(bob, 'PATCH', `/api/v1/effort/${b.id}`, { minutes: 15 })).statusCode).toBe(403);
    expect((await api(outsider, 'DELETE', `/api/v1/effort/${b.id}`)).statusCode).toBe(404);
    expect((await api(otherCustomer, 'DELETE', `/api/v1/effort/${b.id}`)).statusCode).toBe(404);
    expect((await api(alice, 'PATCH', `/api/v1/effort/${b.id}`, { date: '2026-11-04' })).statusCode).toBe(400);
    expect((await api(alice, 'PATCH', `/api/v1/effort/${b.id}`, {})).statusCode).toBe(400);
    expect((await api(alice, 'DELETE', '/api/v1/effort/eff_missing')).statusCode).toBe(404);
    expect(await engagementSnapshot(t, e.id)).toEqual(before);
    await t.db.kysely.updateTable('engagements').set({ status: 'closed' }).where('id', '=', e.id).execute();
    const closed = await api(irm, 'DELETE', `/api/v1/effort/${b.id}`);
    expect([closed.statusCode, closed.json().code]).toEqual([409, 'ENGAGEMENT_NOT_OPEN']);
    // IR managers correct anyone's entry
    await t.db.kysely.updateTable('engagements').set({ status: 'delivering' }).where('id', '=', e.id).execute();
    expect((await api(irm, 'PATCH', `/api/v1/effort/${b.id}`, { note: 'reviewed' })).json()).toMatchObject({
      note: 'reviewed',
      minutes: 45,
    });
  });

  it('deleting held effort draws nothing back', async () => {
    const e = await engagement({ estimate: 15 });
    await log(alice, e.id, { minutes: 15 });
    const held = (await log(alice, e.id, { minutes: 30 })).json();
    expect(held.billingStatus).toBe('held');
    const n = (await api(admin, 'GET', `/api/v1/contracts/${e.contract.id}/ledger`)).json().items.length;
    expect((await api(alice, 'DELETE', `/api/v1/effort/${held.id}`)).json()).toMatchObject({
      status: 'deleted',
      reversalEntryId: null,
    });
    expect((await api(admin, 'GET', `/api/v1/contracts/${e.contract.id}/ledger`)).json().items.length).toBe(n);
    expect((await api(irm, 'GET', `/api/v1/engagements/${e.id}`)).json().held.amount).toBe(0);
  });
});

describe('reading effort', () => {
  let e: Awaited<ReturnType<typeof engagement>>;
  beforeAll(async () => {
    e = await engagement({ estimate: 6000 });
    await log(alice, e.id, { minutes: 60, activity: 'kickoff', note: 'kick-off with the CISO' });
    await log(bob, e.id, { minutes: 120, activity: 'analysis', note: 'memory images' });
    await log(bob, e.id, { minutes: 30, activity: 'internal', note: 'handover' });
  });

  it("gives consultants their own timesheet and managers anyone's, by date range", async () => {
    const mine = (await api(alice, 'GET', '/api/v1/effort?from=2026-11-01&to=2026-11-02')).json().items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((x: { userId: string }) => x.userId === alice.id)).toBe(true);
    expect((await api(alice, 'GET', `/api/v1/effort?userId=${bob.id}`)).statusCode).toBe(403);
    const bobs = (await api(irm, 'GET', `/api/v1/effort?userId=${bob.id}&engagementId=${e.id}`)).json().items;
    expect(bobs.map((x: { activity: string }) => x.activity)).toEqual(['analysis', 'internal']);
    expect((await api(irm, 'GET', `/api/v1/effort?userId=${bob.id}&from=2026-11-03`)).json().items).toEqual([]);
    expect((await api(customerUser, 'GET', '/api/v1/effort')).statusCode).toBe(403);
    expect((await api(irm, 'GET', '/api/v1/effort?from=2026-11-05&to=2026-11-01')).statusCode).toBe(400);
    const page = (await api(irm, 'GET', `/api/v1/effort?engagementId=${e.id}&limit=2`)).json();
    expect(page.items).toHaveLength(2);
    expect(
      (await api(irm, 'GET', `/api/v1/effort?engagementId=${e.id}&limit=2&cursor=${page.nextCursor}`)).json().items,
    ).toHaveLength(1);
  });

  it('shows customers totals only by default, and entries with names and notes when the contract says so', async () => {
    const r = (await api(customerUser, 'GET', `/api/v1/engagements/${e.id}/effort`)).json();
    expect(r).toMatchObject({
      detail: false,
      items: [],
      totals: { entries: 3, minutes: 210, billableMinutes: 180, nonBillableMinutes: 30, consumed: { amount: 180 } },
    });
    expect(r.totals.byActivity).toEqual(
      expect.arrayContaining([
        { activity: 'kickoff', entries: 1, minutes: 60, units: { amount: 60, unit: 'minute', display: '1h 00m' } },
        { activity: 'internal', entries: 1, minutes: 30, units: { amount: 0, unit: 'minute', display: '0h 00m' } },
      ]),
    );
    await t.core.services.contracts.update(systemCtx('test'), e.contract.id, {
      settings: { customerSeesEffortDetail: true },
    });
    const d = (await api(customerUser, 'GET', `/api/v1/engagements/${e.id}/effort`)).json();
    expect(d.detail).toBe(true);
    expect(d.items.map((x: { userName: string; note: string }) => x.note)).toEqual([
      'kick-off with the CISO',
      'memory images',
      'handover',
    ]);
    expect(d.items[0].userName).toBe(
      (await api(irm, 'GET', `/api/v1/engagements/${e.id}/effort`)).json().items[0].userName,
    );
    expect(d.items[0].userId).toBeUndefined();
    expect((await api(otherCustomer, 'GET', `/api/v1/engagements/${e.id}/effort`)).statusCode).toBe(404);
  });

  it('gives the burn series: cumulative consumption against the estimate', async () => {
    const b = (await api(customerUser, 'GET', `/api/v1/engagements/${e.id}/burn`)).json();
    expect(b).toMatchObject({
      estimate: { amount: 6000 },
      consumed: { amount: 180 },
      points: [{ date: '2026-11-02', consumed: { amount: 180 }, estimate: { amount: 6000 } }],
    });
  });
});
