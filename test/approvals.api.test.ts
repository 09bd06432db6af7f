import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduledJobs } from '../src/jobs/registry.ts';
import { makeContract } from './support/contract-factories.ts';
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
let w: WorkOrderWorld;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-03T10:02:00Z' });
  w = await makeWorkOrderWorld(t, { initialAmount: 400 * 60 });
});
afterAll(async () => t.close());

const requestStatus = async (id: string) =>
  (await t.db.kysely.selectFrom('service_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status;
const link = async (email: string) => (await approvalMails(t, email))[0]!.link!;
const open = (token: string) => call(t.app, null, 'GET', `/api/v1/approval-links/${token}`);
const decide = (token: string, body: Record<string, unknown>, ua = 'Mobile Safari') =>
  call(t.app, null, 'POST', `/api/v1/approval-links/${token}/decision`, body, { 'user-agent': ua });

describe('portal approval', () => {
  it('approves in one transaction: version approved, request approved, engagement scheduled, reservation posted, evidence, audit, notifications', async () => {
    const { requestId, wo } = await sentWorkOrder(t, w);
    const summary = (await call(t.app, w.approver.auth, 'GET', `/api/v1/work-orders/${wo.id}/summary`)).json();
    expect(summary).toMatchObject({
      awaitingDecision: true,
      units: { display: '40h 00m' },
      approver: { canDecide: true },
      allowedDecisions: ['approve', 'decline', 'request_changes'],
    });
    const outboxBefore = await t.db.kysely.selectFrom('outbox').select('id').execute();

    const r = await call(
      t.app,
      w.approver.auth,
      'POST',
      `/api/v1/work-orders/${wo.id}/approve`,
      { contentHash: wo.contentHash },
      { 'user-agent': 'Portal browser' },
    );
    expect(r.statusCode, r.body).toBe(200);
    const out = r.json();
    expect(out).toMatchObject({
      status: 'approved',
      reserved: { display: '40h 00m' },
      decision: {
        channel: 'portal',
        contactId: w.approver.contactId,
        userId: w.approver.id,
        contentHash: wo.contentHash,
        evidence: { ip: '127.0.0.1', userAgent: 'Portal browser' },
      },
    });
    expect(await requestStatus(requestId)).toBe('approved');
    const e = await t.db.kysely
      .selectFrom('engagements')
      .selectAll()
      .where('id', '=', out.engagementId)
      .executeTakeFirstOrThrow();
    expect(e).toMatchObject({
      status: 'scheduled',
      work_order_id: wo.id,
      request_id: requestId,
      estimate: 2400,
      pricing_mode: 'time_and_materials',
    });
    expect(e.planned_start?.toISOString()).toBe('2026-11-03T10:02:00.000Z');
    expect(await t.core.services.ledger.openReservation(t.db.kysely, w.contract.id, e.id)).toBe(2400);
    expect((await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${wo.id}`)).json()).toMatchObject({
      status: 'approved',
      engagementId: e.id,
      balanceImpact: null,
      decision: { channel: 'portal' },
    });
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select(['action'])
      .where('entity_id', '=', wo.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('work_order.approved');
    const mails = await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'ewo.approved')
      .where(
        'id',
        'not in',
        outboxBefore.map((o) => o.id),
      )
      .execute();
    // One message per audience: the staff (account team, IR managers) and the requester (portal pages).
    expect(mails).toHaveLength(2);
    expect(mails.flatMap((m) => m.payload.to)).toEqual(
      expect.arrayContaining([w.accountManager.email, w.irManager.email, w.requester.email]),
    );
    // Every link of the version stops working.
    const tokens = await t.db.kysely
      .selectFrom('approval_tokens')
      .select(['used_at', 'voided_at'])
      .where('subject_id', '=', wo.id)
      .execute();
    expect(tokens.every((x) => x.voided_at !== null)).toBe(true);
    await refusedUnchanged(t, () => approve(t, w.approver.auth, wo.id, wo.contentHash!), 409, 'EWO_NOT_APPROVABLE');
  });

  it('refuses a contact without canApprove, provider users, another hash, and decisions after the deadline; nothing changes', async () => {
    const { wo } = await sentWorkOrder(t, w);
    await refusedUnchanged(t, () => approve(t, w.requester.auth, wo.id, wo.contentHash!), 403, 'FORBIDDEN');
    await refusedUnchanged(t, () => approve(t, w.viewer.auth, wo.id, wo.contentHash!), 403, 'FORBIDDEN');
    for (const staff of [w.irManager, w.admin, w.accountManager]) {
      const body = await refusedUnchanged(t, () => approve(t, staff.auth, wo.id, wo.contentHash!), 403, 'FORBIDDEN');
      expect(body.detail).toMatch(/provider user can never approve/);
    }
    const other = await makeWorkOrderWorld(t);
    await refusedUnchanged(t, () => approve(t, other.approver.auth, wo.id, wo.contentHash!), 404, 'NOT_FOUND');
    await refusedUnchanged(t, () => approve(t, w.approver.auth, wo.id, 'f'.repeat(64)), 409, 'EWO_NOT_APPROVABLE');
    await refusedUnchanged(
      t,
      () =>
        call(t.app, w.approver.auth, 'POST', `/api/v1/work-orders/${wo.id}/decline`, { contentHash: wo.contentHash }),
      400,
      'VALIDATION_FAILED',
    );
    // A contact whose canApprove was removed after sending cannot approve with its old link either.
    const token = await link(w.mailApprover.email);
    await t.db.kysely.updateTable('contacts').set({ can_approve: false }).where('id', '=', w.mailApprover.id).execute();
    await refusedUnchanged(t, () => decide(token, { decision: 'approve' }), 403, 'FORBIDDEN');
    await t.db.kysely.updateTable('contacts').set({ can_approve: true }).where('id', '=', w.mailApprover.id).execute();
    // After the deadline (before the expiry job ran): refused.
    t.clock.set('2026-11-05T10:02:00Z');
    await refusedUnchanged(t, () => approve(t, w.approver.auth, wo.id, wo.contentHash!), 409, 'EWO_NOT_APPROVABLE');
    await refusedUnchanged(t, () => decide(token, { decision: 'approve' }), 409, 'EWO_NOT_APPROVABLE');
    t.clock.set('2026-11-03T10:02:00Z');
  });

  it('declines with a reason (the request ends declined) and asks for changes (the request goes back to drafting)', async () => {
    const a = await sentWorkOrder(t, w);
    const d = await call(t.app, w.approver.auth, 'POST', `/api/v1/work-orders/${a.wo.id}/decline`, {
      contentHash: a.wo.contentHash,
      reason: 'We handle it in-house.',
    });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({
      status: 'declined',
      engagementId: null,
      decision: { reason: 'We handle it in-house.' },
    });
    expect(await requestStatus(a.requestId)).toBe('declined');
    expect(
      (await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/work-orders/${a.wo.id}`, { title: 'again' })).statusCode,
    ).toBe(409);

    const b = await sentWorkOrder(t, w);
    const c = await call(t.app, w.approver.auth, 'POST', `/api/v1/work-orders/${b.wo.id}/request-changes`, {
      contentHash: b.wo.contentHash,
      reason: 'Add on-site work in Chicago.',
    });
    expect(c.statusCode, c.body).toBe(200);
    expect(await requestStatus(b.requestId)).toBe('ewo_drafting');
    const next = await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/work-orders/${b.wo.id}`, {
      deliveryMode: 'hybrid',
      siteIds: [w.siteId],
    });
    expect(next.json()).toMatchObject({ version: 2, status: 'draft' });
    const v2 = (await call(t.app, w.irManager.auth, 'POST', `/api/v1/work-orders/${b.wo.id}/send`)).json();
    expect(await requestStatus(b.requestId)).toBe('awaiting_approval');
    expect((await approve(t, w.approver.auth, b.wo.id, v2.contentHash)).statusCode).toBe(200);
  });
});

describe('signed link', () => {
  it('shows the summary without deciding (mail scanners open links), then decides on an explicit click and records the evidence', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const token = await link(w.mailApprover.email);
    for (let i = 0; i < 2; i++) {
      const s = await open(token);
      expect(s.statusCode, s.body).toBe(200);
      expect(s.headers['cache-control']).toContain('no-store');
      expect(s.json()).toMatchObject({
        subject: 'work_order',
        id: wo.id,
        version: 1,
        contentHash: wo.contentHash,
        awaitingDecision: true,
        approver: { name: w.mailApprover.name, canDecide: true },
        units: { display: '40h 00m' },
        balance: { refused: false },
      });
    }
    expect((await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${wo.id}`)).json().status).toBe('sent');
    const pdf = await call(t.app, null, 'GET', `/api/v1/approval-links/${token}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    await refusedUnchanged(t, () => decide(token, { decision: 'decline' }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(
      t,
      () => decide(token, { decision: 'approve', contentHash: 'a'.repeat(64) }),
      409,
      'EWO_NOT_APPROVABLE',
    );
    const r = await decide(token, { decision: 'approve', contentHash: wo.contentHash });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'approved',
      decision: {
        channel: 'link',
        contactId: w.mailApprover.id,
        userId: null,
        evidence: { ip: '127.0.0.1', userAgent: 'Mobile Safari' },
      },
    });
    const used = await t.db.kysely
      .selectFrom('approval_tokens')
      .select(['used_at'])
      .where('subject_id', '=', wo.id)
      .where('contact_id', '=', w.mailApprover.id)
      .where('channel', '=', 'link')
      .executeTakeFirstOrThrow();
    expect(used.used_at).not.toBeNull();
    // A used link: refused, nothing changes; its page says why.
    await refusedUnchanged(t, () => decide(token, { decision: 'approve' }), 409, 'EWO_NOT_APPROVABLE');
    expect((await open(token)).json()).toMatchObject({
      awaitingDecision: false,
      status: 'approved',
      allowedDecisions: [],
      decision: { channel: 'link' },
    });
    await refusedUnchanged(
      t,
      () => decide('not-a-real-token-at-all-0000', { decision: 'approve' }),
      422,
      'TOKEN_INVALID',
    );
  });

  it('voids the links of an older version when the firm revises it', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const old = await link(w.approver.email);
    await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/work-orders/${wo.id}`, {
      title: 'Ransomware response, revised',
    });
    await call(t.app, w.irManager.auth, 'POST', `/api/v1/work-orders/${wo.id}/send`);
    const body = await refusedUnchanged(t, () => decide(old, { decision: 'approve' }), 409, 'EWO_NOT_APPROVABLE');
    expect(body.detail).toMatch(/replaced|earlier version/);
    expect((await open(old)).json()).toMatchObject({ version: 1, status: 'superseded', awaitingDecision: false });
    const fresh = await link(w.approver.email);
    expect(fresh).not.toBe(old);
    expect((await decide(fresh, { decision: 'approve' })).statusCode).toBe(200);
  });
});

describe('the overdraft policy', () => {
  it('refuses the whole approval under block with the shortfall, asks the account team for a top-up, and leaves the link usable', async () => {
    const poor = await makeWorkOrderWorld(t, { initialAmount: 10 * 60 });
    const { requestId, wo } = await sentWorkOrder(t, poor);
    const token = await link(poor.mailApprover.email);
    expect((await open(token)).json().balance).toMatchObject({ refused: true, shortfall: { display: '30h 00m' } });
    const body = await refusedUnchanged(t, () => decide(token, { decision: 'approve' }), 422, 'BALANCE_INSUFFICIENT');
    expect(body.details).toMatchObject({ shortfall: { amount: 1800, display: '30h 00m' }, topUpRequested: true });
    expect(body.detail).toMatch(/top-up/);
    expect(await requestStatus(requestId)).toBe('awaiting_approval');
    const asked = await t.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', 'ewo.top_up_needed').execute();
    expect(asked.filter((m) => m.payload.to.includes(poor.accountManager.email))).toHaveLength(1);
    // The portal gets the same refusal.
    await refusedUnchanged(
      t,
      () => approve(t, poor.approver.auth, wo.id, wo.contentHash!),
      422,
      'BALANCE_INSUFFICIENT',
    );

    const top = await call(t.app, poor.accountManager.auth, 'POST', `/api/v1/contracts/${poor.contract.id}/top-ups`, {
      amount: 40 * 60,
      reference: 'PO 4711',
    });
    expect(top.statusCode, top.body).toBe(201);
    const r = await decide(token, { decision: 'approve' });
    expect(r.statusCode, r.body).toBe(200);
    expect(await t.core.services.ledger.openReservation(t.db.kysely, poor.contract.id, r.json().engagementId)).toBe(
      2400,
    );
    expect((await t.core.services.ledger.totals(t.db.kysely, poor.contract.id)).available).toBe(50 * 60 - 40 * 60);
  });
});

describe('a request moved to another contract', () => {
  it('refuses the version sent under the old contract; the revised version reserves on the new one', async () => {
    const { requestId, wo } = await sentWorkOrder(t, w);
    const renewal = await makeContract(t, { customerId: w.customer.customerId, initialAmount: 80 * 60 });
    const moved = await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${requestId}`, {
      contractId: renewal.id,
      reason: 'New emergency retainer',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await refusedUnchanged(t, () => approve(t, w.approver.auth, wo.id, wo.contentHash!), 409, 'EWO_NOT_APPROVABLE');
    await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/work-orders/${wo.id}`, {
      title: 'Ransomware response under the new retainer',
    });
    const v2 = (await call(t.app, w.irManager.auth, 'POST', `/api/v1/work-orders/${wo.id}/send`)).json();
    expect(v2).toMatchObject({
      version: 2,
      contractId: renewal.id,
      balanceImpact: { availableBefore: { display: '80h 00m' } },
    });
    const r = await approve(t, w.approver.auth, wo.id, v2.contentHash);
    expect(r.statusCode, r.body).toBe(200);
    expect(await t.core.services.ledger.openReservation(t.db.kysely, renewal.id, r.json().engagementId)).toBe(2400);
  });
});

describe('concurrency', () => {
  it('lets exactly one of two racing approvals win; the other gets 409 and changes nothing', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const token = await link(w.mailApprover.email);
    const ledgerBefore = await t.db.kysely
      .selectFrom('ledger_entries')
      .select('id')
      .where('contract_id', '=', w.contract.id)
      .execute();
    const results = await Promise.all([
      approve(t, w.approver.auth, wo.id, wo.contentHash!),
      decide(token, { decision: 'approve' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('EWO_NOT_APPROVABLE');
    expect(
      await t.db.kysely.selectFrom('engagements').select('id').where('work_order_id', '=', wo.id).execute(),
    ).toHaveLength(1);
    expect(
      await t.db.kysely.selectFrom('approval_decisions').select('id').where('subject_id', '=', wo.id).execute(),
    ).toHaveLength(1);
    const ledgerAfter = await t.db.kysely
      .selectFrom('ledger_entries')
      .select('kind')
      .where('contract_id', '=', w.contract.id)
      .where(
        'id',
        'not in',
        ledgerBefore.map((l) => l.id),
      )
      .execute();
    expect(ledgerAfter.map((l) => l.kind)).toEqual(['reserve']);
  });
});

describe('expiry', () => {
  it('expires an unanswered version exactly once at its deadline: the request expires, links stop working, people are told', async () => {
    const { requestId, wo } = await sentWorkOrder(t, w);
    const token = await link(w.approver.email);
    const job = scheduledJobs.find((j) => j.name === 'approvals-expiry')!;
    t.clock.set('2026-11-05T10:01:59Z');
    await job.run(t.core);
    expect(await requestStatus(requestId)).toBe('awaiting_approval');
    t.clock.set('2026-11-05T10:02:00Z');
    const [a, b] = await Promise.all([t.core.services.approvals.expireDue(), t.core.services.approvals.expireDue()]);
    const versionId = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${wo.id}/versions`)).json()[0]
      .id;
    expect([...a.expired, ...b.expired].filter((id) => id === versionId)).toHaveLength(1);
    expect(await job.run(t.core)).toEqual({ expired: 0 });
    expect(await requestStatus(requestId)).toBe('expired');
    expect((await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${wo.id}`)).json().status).toBe('expired');
    expect(
      await t.db.kysely
        .selectFrom('outbox')
        .select('id')
        .where('dedupe_key', 'like', `ewo-expired:%`)
        .where('topic', '=', 'ewo.expired')
        .execute(),
    ).not.toHaveLength(0);
    await refusedUnchanged(t, () => decide(token, { decision: 'approve' }), 409, 'EWO_NOT_APPROVABLE');
    expect((await open(token)).json()).toMatchObject({ status: 'expired', awaitingDecision: false });
    t.clock.set('2026-11-03T10:02:00Z');
  });
});

describe('pending approvals', () => {
  it('lists what awaits a decision for the customer, and for the firm', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const mine = (await call(t.app, w.approver.auth, 'GET', '/api/v1/approvals')).json().items as {
      id: string;
      awaitingDecision: boolean;
    }[];
    expect(mine.map((i) => i.id)).toContain(wo.id);
    expect(mine.every((i) => i.awaitingDecision)).toBe(true);
    expect(
      (await call(t.app, w.irManager.auth, 'GET', '/api/v1/approvals?subject=work_order'))
        .json()
        .items.map((i: { id: string }) => i.id),
    ).toContain(wo.id);
  });
});
