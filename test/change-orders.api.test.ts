import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import {
  approvalMails,
  approve,
  makeWorkOrderWorld,
  refusedUnchanged,
  sentWorkOrder,
  type WorkOrderWorld,
} from './support/workorder-world.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-03T10:02:00Z' });
});
afterAll(async () => t.close());

/** An approved emergency EWO (40 h reserved) and its engagement. */
async function approvedEngagement(w: WorkOrderWorld): Promise<string> {
  const { wo } = await sentWorkOrder(t, w);
  const r = await approve(t, w.approver.auth, wo.id, wo.contentHash!);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().engagementId as string;
}
const draftChange = async (w: WorkOrderWorld, engagementId: string, minutes: number) => {
  const r = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${engagementId}/change-orders`, {
    reason: 'Lateral movement to the ERP servers: 12 more hours of forensics.',
    scope: 'Add the ERP cluster.',
    estimateDeltaLines: [{ activity: 'analysis', role: 'forensic lead', minutes }],
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; number: string; revision: number; status: string; [k: string]: unknown };
};
const sendChange = async (w: WorkOrderWorld, id: string) => {
  const r = await call(t.app, w.irManager.auth, 'POST', `/api/v1/change-orders/${id}/send`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { id: string; contentHash: string; status: string; [k: string]: unknown };
};
const estimate = async (engagementId: string) =>
  (
    await t.db.kysely
      .selectFrom('engagements')
      .select('estimate')
      .where('id', '=', engagementId)
      .executeTakeFirstOrThrow()
  ).estimate;

describe('change orders', () => {
  it('drafts, sends and, once approved, changes the reservation and the estimate by the converted delta', async () => {
    const w = await makeWorkOrderWorld(t, { initialAmount: 120 * 60 });
    const engagementId = await approvedEngagement(w);
    const co = await draftChange(w, engagementId, 12 * 60 - 10);
    expect(co).toMatchObject({
      status: 'draft',
      engagementId,
      delta: { total: { display: '12h 00m' } },
      estimateBefore: { display: '40h 00m' },
      estimateAfter: { display: '52h 00m' },
      balanceImpact: {
        availableBefore: { display: '80h 00m' },
        availableAfter: { display: '68h 00m' },
        refused: false,
      },
    });
    const sent = await sendChange(w, co.id);
    expect(sent).toMatchObject({ status: 'sent', approvalDeadline: '2026-11-05T10:02:00.000Z' });
    const [mail] = await approvalMails(t, w.approver.email);
    expect(mail!.payload.subject).toContain(co.number);
    const summary = (await call(t.app, null, 'GET', `/api/v1/approval-links/${mail!.link}`)).json();
    expect(summary).toMatchObject({
      subject: 'change_order',
      units: { display: '12h 00m' },
      allowedDecisions: ['approve', 'decline'],
      balance: { availableAfter: { display: '68h 00m' } },
    });
    const pdf = await call(t.app, w.approver.auth, 'GET', `/api/v1/change-orders/${co.id}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    await refusedUnchanged(
      t,
      () =>
        call(t.app, w.irManager.auth, 'POST', `/api/v1/change-orders/${co.id}/approve`, {
          contentHash: sent.contentHash,
        }),
      403,
      'FORBIDDEN',
    );
    await refusedUnchanged(
      t,
      () =>
        call(t.app, w.requester.auth, 'POST', `/api/v1/change-orders/${co.id}/approve`, {
          contentHash: sent.contentHash,
        }),
      403,
      'FORBIDDEN',
    );
    const r = await call(t.app, w.approver.auth, 'POST', `/api/v1/change-orders/${co.id}/approve`, {
      contentHash: sent.contentHash,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ subject: 'change_order', status: 'approved', reserved: { display: '12h 00m' } });
    expect(await t.core.services.ledger.openReservation(t.db.kysely, w.contract.id, engagementId)).toBe(52 * 60);
    expect(await estimate(engagementId)).toBe(52 * 60);
    await refusedUnchanged(
      t,
      () =>
        call(t.app, w.approver.auth, 'POST', `/api/v1/change-orders/${co.id}/approve`, {
          contentHash: sent.contentHash,
        }),
      409,
      'EWO_NOT_APPROVABLE',
    );
  });

  it('reduces the estimate with negative minutes, never below what was consumed', async () => {
    const w = await makeWorkOrderWorld(t, { initialAmount: 120 * 60 });
    const engagementId = await approvedEngagement(w);
    await refusedUnchanged(
      t,
      () =>
        call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${engagementId}/change-orders`, {
          reason: 'less',
          estimateDeltaLines: [{ activity: 'analysis', role: 'lead', minutes: -41 * 60 }],
        }),
      422,
      'BUSINESS_RULE',
    );
    const co = await draftChange(w, engagementId, -10 * 60);
    const sent = await sendChange(w, co.id);
    const token = (await approvalMails(t, w.mailApprover.email))[0]!.link!;
    const r = await call(t.app, null, 'POST', `/api/v1/approval-links/${token}/decision`, { decision: 'approve' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      reserved: { amount: -600 },
      decision: { channel: 'link', contentHash: sent.contentHash },
    });
    expect(await t.core.services.ledger.openReservation(t.db.kysely, w.contract.id, engagementId)).toBe(30 * 60);
    expect(await estimate(engagementId)).toBe(30 * 60);
  });

  it('is refused as a whole when the overdraft policy says no, and approved with the same link after a top-up', async () => {
    const w = await makeWorkOrderWorld(t, { initialAmount: 50 * 60 });
    const engagementId = await approvedEngagement(w);
    const co = await draftChange(w, engagementId, 20 * 60);
    expect(co['balanceImpact']).toMatchObject({ refused: true, shortfall: { display: '10h 00m' } });
    await sendChange(w, co.id);
    const token = (await approvalMails(t, w.mailApprover.email))[0]!.link!;
    const body = await refusedUnchanged(
      t,
      () => call(t.app, null, 'POST', `/api/v1/approval-links/${token}/decision`, { decision: 'approve' }),
      422,
      'BALANCE_INSUFFICIENT',
    );
    expect(body.details).toMatchObject({ shortfall: { display: '10h 00m' }, topUpRequested: true });
    expect(await estimate(engagementId)).toBe(40 * 60);
    const page = (await call(t.app, null, 'GET', `/api/v1/approval-links/${token}`)).json();
    expect(page).toMatchObject({ awaitingDecision: true, balance: { refused: true } });
    expect(
      (
        await call(t.app, w.accountManager.auth, 'POST', `/api/v1/contracts/${w.contract.id}/top-ups`, {
          amount: 40 * 60,
          reference: 'PO 4711',
        })
      ).statusCode,
    ).toBe(201);
    const r = await call(t.app, null, 'POST', `/api/v1/approval-links/${token}/decision`, { decision: 'approve' });
    expect(r.statusCode, r.body).toBe(200);
    expect(await t.core.services.ledger.openReservation(t.db.kysely, w.contract.id, engagementId)).toBe(60 * 60);
  });

  it('supersedes a sent change order when it is edited (old links stop working); declines with a reason', async () => {
    const w = await makeWorkOrderWorld(t, { initialAmount: 120 * 60 });
    const engagementId = await approvedEngagement(w);
    const co = await draftChange(w, engagementId, 8 * 60);
    await sendChange(w, co.id);
    const old = (await approvalMails(t, w.mailApprover.email))[0]!.link!;
    await refusedUnchanged(
      t,
      () =>
        call(
          t.app,
          w.irManager.auth,
          'PATCH',
          `/api/v1/change-orders/${co.id}`,
          { reason: 'stale' },
          { 'if-match': '"1"' },
        ),
      409,
      'STALE_REVISION',
    );
    const edited = await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/change-orders/${co.id}`, {
      estimateDeltaLines: [{ activity: 'analysis', role: 'forensic lead', minutes: 6 * 60 }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const next = edited.json();
    expect(next).toMatchObject({ status: 'draft', supersedesId: co.id, delta: { total: { display: '6h 00m' } } });
    expect((await call(t.app, w.irManager.auth, 'GET', `/api/v1/change-orders/${co.id}`)).json()).toMatchObject({
      status: 'superseded',
      supersededById: next.id,
    });
    await refusedUnchanged(
      t,
      () => call(t.app, null, 'POST', `/api/v1/approval-links/${old}/decision`, { decision: 'approve' }),
      409,
      'EWO_NOT_APPROVABLE',
    );
    const sent = await sendChange(w, next.id);
    const d = await call(t.app, w.approver.auth, 'POST', `/api/v1/change-orders/${next.id}/decline`, {
      contentHash: sent.contentHash,
      reason: 'Not now.',
    });
    expect(d.statusCode, d.body).toBe(200);
    expect(await estimate(engagementId)).toBe(40 * 60);
  });

  it("keeps change orders within their tenant: another customer's is 404 on every route; drafts are staff-only", async () => {
    const w = await makeWorkOrderWorld(t, { initialAmount: 120 * 60 });
    const other = await makeWorkOrderWorld(t);
    const engagementId = await approvedEngagement(w);
    const co = await draftChange(w, engagementId, 60);
    expect((await call(t.app, w.approver.auth, 'GET', `/api/v1/change-orders/${co.id}`)).statusCode).toBe(404);
    const sent = await sendChange(w, co.id);
    for (const [method, url, body] of [
      ['GET', `/api/v1/change-orders/${co.id}`],
      ['GET', `/api/v1/change-orders/${co.id}/pdf`],
      ['GET', `/api/v1/change-orders/${co.id}/summary`],
      ['POST', `/api/v1/change-orders/${co.id}/approve`, { contentHash: sent.contentHash }],
      ['POST', `/api/v1/change-orders/${co.id}/decline`, { contentHash: sent.contentHash, reason: 'x' }],
    ] as const) {
      const r = await call(t.app, other.approver.auth, method, url, body);
      expect([url, r.statusCode]).toEqual([url, 404]);
    }
    expect(
      (await call(t.app, other.approver.auth, 'GET', '/api/v1/change-orders?limit=200'))
        .json()
        .items.map((i: { id: string }) => i.id),
    ).not.toContain(co.id);
    expect((await call(t.app, w.viewer.auth, 'GET', `/api/v1/change-orders/${co.id}`)).statusCode).toBe(200);
    expect(
      (
        await call(t.app, other.irManager.auth, 'POST', `/api/v1/engagements/eng_missing/change-orders`, {
          reason: 'x',
          estimateDeltaLines: [{ activity: 'analysis', role: 'x', minutes: 60 }],
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await call(t.app, w.approver.auth, 'POST', `/api/v1/engagements/${engagementId}/change-orders`, {
          reason: 'x',
          estimateDeltaLines: [{ activity: 'analysis', role: 'x', minutes: 60 }],
        })
      ).statusCode,
    ).toBe(403);
  });
});
