import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayedBalance } from './support/engagement-factories.ts';
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
 * Issue 17, defect 1: an approved change order on a fixed-price engagement is billed at close. A change
 * order on a fixed price is a fixed delta: closing draws the fixed price plus each approved change order's
 * delta (each its own ledger line), whatever was logged, and the close preview says so.
 */
let t: TestEnv;
let w: WorkOrderWorld;
let consultant: Awaited<ReturnType<typeof makeUserWithToken>>;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-03T10:02:00Z' });
  w = await makeWorkOrderWorld(t, { initialAmount: 100 * 60 });
  consultant = await makeUserWithToken(t, { role: 'consultant' });
});
afterAll(async () => t.close());

/** A proactive tabletop (fixed price 16 h) approved by the customer, started, with a consultant on the team. */
async function fixedPriceEngagement(): Promise<{ id: string; number: string }> {
  const requestId = await makeRequest(t, w, { kind: 'proactive', desiredStart: '2026-12-14' });
  const wo = await send(t, w, (await draft(t, w, requestId)).id);
  expect(wo).toMatchObject({ pricingMode: 'fixed', fixedPrice: { amount: 960 } });
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
  return { id, number: started.json().number as string };
}

async function approvedChangeOrder(engagementId: string, minutes: number) {
  const drafted = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${engagementId}/change-orders`, {
    reason: 'The board asked for a second scenario.',
    scope: 'A second tabletop scenario.',
    estimateDeltaLines: [{ activity: 'analysis', role: 'facilitator', minutes }],
  });
  expect(drafted.statusCode, drafted.body).toBe(201);
  const sent = await call(t.app, w.irManager.auth, 'POST', `/api/v1/change-orders/${drafted.json().id}/send`);
  expect(sent.statusCode, sent.body).toBe(200);
  const approved = await call(t.app, w.approver.auth, 'POST', `/api/v1/change-orders/${drafted.json().id}/approve`, {
    contentHash: sent.json().contentHash,
  });
  expect(approved.statusCode, approved.body).toBe(200);
  return { number: drafted.json().number as string, delta: drafted.json().delta.total.amount as number };
}

const ledgerLines = async (engagementId: string) =>
  (
    (await call(t.app, w.admin.auth, 'GET', `/api/v1/contracts/${w.contract.id}/ledger?limit=200`)).json().items as {
      engagementId: string | null;
      kind: string;
      amount: { amount: number };
      reference: string | null;
    }[]
  )
    .filter((x) => x.engagementId === engagementId)
    .map((x) => ({ kind: x.kind, amount: x.amount.amount, reference: x.reference }))
    // Lines of one transaction share their instant: compare them in a stable order.
    .sort((a, b) => `${a.kind} ${a.reference}`.localeCompare(`${b.kind} ${b.reference}`));

const balance = async () =>
  (await call(t.app, w.admin.auth, 'GET', `/api/v1/contracts/${w.contract.id}/balance`)).json();

describe('closing a fixed-price engagement with approved change orders', () => {
  it('draws the fixed price and each approved change order as its own line, whatever was logged', async () => {
    const e = await fixedPriceEngagement();
    const co = await approvedChangeOrder(e.id, 1800);
    expect(co.delta).toBe(1800);
    for (let i = 0; i < 3; i++) {
      const r = await call(t.app, consultant.auth, 'POST', `/api/v1/engagements/${e.id}/effort`, {
        date: '2026-11-03',
        minutes: 480,
        activity: 'analysis',
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const before = await balance();
    const preview = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/engagements/${e.id}/close-preview`)).json();
    expect(preview).toMatchObject({
      fixedPrice: { amount: 960 },
      changeOrders: [{ number: co.number, amount: { amount: 1800 } }],
      fixedTotal: { amount: 2760 },
      reserved: { amount: 2760 },
      release: { amount: 0 },
      availableAfter: { amount: before.available.amount },
    });

    const closed = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${e.id}/close`, {});
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().closing).toMatchObject({
      fixedPrice: { amount: 960 },
      changeOrders: [{ number: co.number, amount: { amount: 1800 } }],
      released: { amount: 0 },
    });
    const lines = await ledgerLines(e.id);
    expect(lines.filter((x) => x.kind === 'consume')).toEqual([
      { kind: 'consume', amount: 1800, reference: `change order ${co.number}, close ${e.number}` },
      { kind: 'consume', amount: 960, reference: `fixed price, close ${e.number}` },
    ]);
    expect(lines.some((x) => x.kind === 'release' && x.amount > 0)).toBe(false);
    const after = await balance();
    expect(after.available.amount).toBe(before.available.amount);
    expect(after.balance.amount).toBe(before.balance.amount - 2760);
    expect(after.balance.amount).toBe((await replayedBalance(t, w.contract.id)).balance);

    // A second close is refused and draws nothing more.
    await refusedUnchanged(
      t,
      () => call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${e.id}/close`, {}),
      409,
      'INVALID_TRANSITION',
    );
  });

  it('draws the change orders even when less was logged than the fixed price, and releases nothing of them', async () => {
    const e = await fixedPriceEngagement();
    const first = await approvedChangeOrder(e.id, 120);
    const second = await approvedChangeOrder(e.id, 60);
    const before = await balance();
    const closed = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${e.id}/close`, {});
    expect(closed.statusCode, closed.body).toBe(200);
    expect((await ledgerLines(e.id)).filter((x) => x.kind === 'consume')).toEqual([
      { kind: 'consume', amount: 120, reference: `change order ${first.number}, close ${e.number}` },
      { kind: 'consume', amount: 60, reference: `change order ${second.number}, close ${e.number}` },
      { kind: 'consume', amount: 960, reference: `fixed price, close ${e.number}` },
    ]);
    expect((await balance()).balance.amount).toBe(before.balance.amount - 1140);
  });

  it('cancelling draws neither the fixed price nor its change orders: the whole reservation is released', async () => {
    const e = await fixedPriceEngagement();
    await approvedChangeOrder(e.id, 300);
    const before = await balance();
    const preview = (
      await call(t.app, w.irManager.auth, 'GET', `/api/v1/engagements/${e.id}/close-preview?operation=cancel`)
    ).json();
    // Only the minimum true-up the contract applies on cancel is drawn; the rest of the reservation goes back.
    expect(preview).toMatchObject({ fixedPrice: { amount: 0 }, changeOrders: [], reserved: { amount: 1260 } });
    expect(preview.release.amount).toBe(1260 - preview.trueUp.amount);
    const r = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${e.id}/cancel`, {
      reason: 'The board postponed the exercise.',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().closing).toMatchObject({ changeOrders: [], released: { amount: preview.release.amount } });
    expect((await ledgerLines(e.id)).some((x) => x.kind === 'consume')).toBe(false);
    expect((await balance()).balance.amount).toBe(before.balance.amount - preview.trueUp.amount);
  });

  it('a change order reducing the scope lowers the fixed price line', async () => {
    const e = await fixedPriceEngagement();
    const added = await approvedChangeOrder(e.id, 240);
    const reduced = await approvedChangeOrder(e.id, -120);
    expect(reduced.delta).toBe(-120);
    const before = await balance();
    const closed = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${e.id}/close`, {});
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().closing).toMatchObject({
      fixedPrice: { amount: 840 },
      changeOrders: [{ number: added.number, amount: { amount: 240 } }],
    });
    expect((await ledgerLines(e.id)).filter((x) => x.kind === 'consume')).toEqual([
      { kind: 'consume', amount: 240, reference: `change order ${added.number}, close ${e.number}` },
      { kind: 'consume', amount: 840, reference: `fixed price, close ${e.number}` },
    ]);
    expect((await balance()).balance.amount).toBe(before.balance.amount - 1080);
  });
});
