import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import {
  approve,
  draft,
  makeRequest,
  makeWorkOrderWorld,
  refusedUnchanged,
  send,
  type WorkOrderWorld,
} from './support/workorder-world.ts';

/**
 * Issue 17, defect 2: a contract's new rate card must not reprice work already approved. Card A counts
 * analysis × 1 and after hours × 1.5 (60 after-hours minutes of analysis draw 1 h 30 m); card B counts
 * analysis × 2 (the same hour draws 3 h). Work approved under A converts with A; work approved after the
 * change (a new EWO, a change order) converts with B.
 */
let t: TestEnv;
let w: WorkOrderWorld;
let consultant: Awaited<ReturnType<typeof makeUserWithToken>>;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-03T10:02:00Z' });
  consultant = await makeUserWithToken(t, { role: 'consultant' });
});
afterAll(async () => t.close());

const cardA = {
  afterHoursMultiplier: '1.5',
  minimumBillable: { emergency: 120, proactive: 0 },
  minimumAppliesOnCancel: true,
};
const toCardB = async () => {
  const r = await call(t.app, w.admin.auth, 'PATCH', `/api/v1/contracts/${w.contract.id}`, {
    settings: { activityMultipliers: { analysis: '2' }, minimumAppliesOnCancel: false },
  });
  expect(r.statusCode, r.body).toBe(200);
};

/** An emergency EWO drafted, sent and approved now; the engagement started with the consultant on its team. */
async function approvedEngagement(): Promise<{ id: string; number: string; workOrderId: string }> {
  const wo = await send(t, w, (await draft(t, w, await makeRequest(t, w))).id);
  const approved = await approve(t, w.approver.auth, wo.id, wo.contentHash!);
  expect(approved.statusCode, approved.body).toBe(200);
  const id = approved.json().engagementId as string;
  const team = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${id}/team`, {
    userId: consultant.id,
    role: 'lead',
  });
  expect(team.statusCode, team.body).toBe(200);
  const started = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${id}/transitions`, {
    to: 'in_progress',
  });
  expect(started.statusCode, started.body).toBe(200);
  return { id, number: started.json().number as string, workOrderId: wo.id };
}

/** 60 minutes of after-hours analysis: what it drew. */
async function logAfterHoursHour(engagementId: string): Promise<number> {
  const r = await call(t.app, consultant.auth, 'POST', `/api/v1/engagements/${engagementId}/effort`, {
    date: '2026-11-03',
    minutes: 60,
    activity: 'analysis',
    afterHours: true,
  });
  expect(r.statusCode, r.body).toBe(201);
  expect(r.json().billingStatus).toBe('consumed');
  return r.json().unitsDrawn.amount as number;
}

async function draftChangeOrder(engagementId: string, minutes: number) {
  const drafted = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${engagementId}/change-orders`, {
    reason: 'Two more servers were found encrypted.',
    estimateDeltaLines: [{ activity: 'analysis', role: 'analyst', minutes }],
  });
  expect(drafted.statusCode, drafted.body).toBe(201);
  const sent = await call(t.app, w.irManager.auth, 'POST', `/api/v1/change-orders/${drafted.json().id}/send`);
  expect(sent.statusCode, sent.body).toBe(200);
  return sent.json() as { id: string; number: string; contentHash: string; delta: { total: { amount: number } } };
}
const approveChangeOrder = (id: string, contentHash: string) =>
  call(t.app, w.approver.auth, 'POST', `/api/v1/change-orders/${id}/approve`, { contentHash });

const engagementView = async (id: string) =>
  (await call(t.app, w.irManager.auth, 'GET', `/api/v1/engagements/${id}`)).json();

describe('the rate card approved work was priced with is frozen with it', () => {
  beforeAll(async () => {
    w = await makeWorkOrderWorld(t, { initialAmount: 300 * 60, settings: cardA });
  });

  it('effort on an engagement approved under card A draws per card A after the contract moves to card B', async () => {
    const e = await approvedEngagement();
    expect(await logAfterHoursHour(e.id)).toBe(90);
    await toCardB();
    // The scenario: this drew 3 h (card B) before the fix.
    expect(await logAfterHoursHour(e.id)).toBe(90);
    expect(await logAfterHoursHour(e.id)).toBe(90);
    const view = await engagementView(e.id);
    expect(view.rateCard.source).toMatch(/^EWO-\S+ version 1$/);
    expect(view.rateCard.terms).toContain('After-hours work counts × 1.5, on top of the activity multiplier.');
    expect(view.rateCard.terms).toContain('Every activity counts × 1.');
    expect(JSON.stringify(view.rateCard)).not.toMatch(/analysis × 2/);
  });

  it('work approved after the change converts with card B', async () => {
    const e = await approvedEngagement();
    expect(await logAfterHoursHour(e.id)).toBe(180);
    expect((await engagementView(e.id)).rateCard.terms).toContain(
      'Activity multipliers: analysis × 2; other activities × 1.',
    );
  });
});

describe('change orders are priced with the card in force when they are approved', () => {
  beforeAll(async () => {
    w = await makeWorkOrderWorld(t, { initialAmount: 300 * 60, settings: cardA });
  });

  it("a change order approved after the change prices its delta and its engagement's work with card B", async () => {
    const e = await approvedEngagement();
    await toCardB();
    expect(await logAfterHoursHour(e.id)).toBe(90);
    const co = await draftChangeOrder(e.id, 60);
    expect(co.delta.total.amount).toBe(120); // analysis × 2
    const approved = await approveChangeOrder(co.id, co.contentHash);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await logAfterHoursHour(e.id)).toBe(180);
    const view = await engagementView(e.id);
    expect(view.rateCard.source).toBe(`change order ${co.number}`);
    const coView = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/change-orders/${co.id}`)).json();
    expect(coView.rateCard.terms).toContain('Activity multipliers: analysis × 2; other activities × 1.');
  });

  it('a change order sent under card A is refused once the card changed (nothing written), and resent it is priced with B', async () => {
    w = await makeWorkOrderWorld(t, { initialAmount: 300 * 60, settings: cardA });
    const e = await approvedEngagement();
    const co = await draftChangeOrder(e.id, 60);
    expect(co.delta.total.amount).toBe(60);
    await toCardB();
    const refused = await refusedUnchanged(
      t,
      () => approveChangeOrder(co.id, co.contentHash),
      409,
      'EWO_NOT_APPROVABLE',
    );
    expect(refused.detail).toMatch(/rate card .* changed after it was sent/);
    expect(await logAfterHoursHour(e.id)).toBe(90);
  });

  it('an EWO version sent under card A is refused once the card changed (nothing written)', async () => {
    w = await makeWorkOrderWorld(t, { initialAmount: 300 * 60, settings: cardA });
    const wo = await send(t, w, (await draft(t, w, await makeRequest(t, w))).id);
    expect((wo as unknown as { rateCard: { terms: string[] } }).rateCard.terms).toContain('Every activity counts × 1.');
    await toCardB();
    await refusedUnchanged(t, () => approve(t, w.approver.auth, wo.id, wo.contentHash!), 409, 'EWO_NOT_APPROVABLE');
  });
});

describe('other terms of approved work (issue 17, point 3)', () => {
  it('cancelling applies the minimum as the approved card said, not as the contract says today', async () => {
    w = await makeWorkOrderWorld(t, { initialAmount: 300 * 60, settings: cardA });
    const e = await approvedEngagement();
    await toCardB(); // the contract no longer applies the minimum on cancel
    const preview = (
      await call(t.app, w.irManager.auth, 'GET', `/api/v1/engagements/${e.id}/close-preview?operation=cancel`)
    ).json();
    expect(preview.trueUp.amount).toBeGreaterThan(0); // the minimum the approved card applies on cancel
    const r = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${e.id}/cancel`, {
      reason: 'Contained by the customer.',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().closing.trueUp.amount).toBe(preview.trueUp.amount);
  });
});
