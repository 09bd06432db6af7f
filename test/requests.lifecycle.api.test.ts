import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';
import { expectRefused, makeContract, makeRequestWorld } from './support/request-factories.ts';

let t: TestEnv;
let tabletop: string;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:00:00Z' });
  const admin = await makeUserWithToken(t, { role: 'admin' });
  const items = (await call(t.app, admin.auth, 'GET', '/api/v1/catalog?kind=proactive&limit=100')).json().items as {
    id: string;
    name: string;
  }[];
  tabletop = items.find((i) => i.name === 'Tabletop exercise')!.id;
});
afterAll(async () => t.close());

type World = Awaited<ReturnType<typeof makeRequestWorld>>;

async function create(auth: Auth, body: Record<string, unknown>) {
  const r = await call(t.app, auth, 'POST', '/api/v1/requests', body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; revision: number; [k: string]: unknown };
}
const emergency = (w: World, extra: Record<string, unknown> = {}) =>
  create(w.irManager.auth, {
    contractId: w.contract.id,
    kind: 'emergency',
    incidentType: 'ransomware',
    severity: 'P2',
    description: 'Encrypted hosts',
    channel: 'hotline',
    ...extra,
  });
const proactive = (w: World, extra: Record<string, unknown> = {}) =>
  create(w.requester.auth, {
    contractId: w.contract.id,
    kind: 'proactive',
    catalogItemId: tabletop,
    desiredStart: '2027-02-01',
    description: 'Tabletop',
    ...extra,
  });

const refused = (p: Promise<{ statusCode: number; json(): unknown }>, status: number, code: string) =>
  expectRefused(t, p, status, code);

describe('listing', () => {
  it('puts emergencies first, then the oldest first, and pages with a cursor', async () => {
    const w = await makeRequestWorld(t);
    const p1 = await proactive(w);
    const e1 = await emergency(w, { receivedAt: '2026-11-02T08:00:00Z' });
    const p2 = await proactive(w);
    const e0 = await emergency(w, { receivedAt: '2026-11-02T07:00:00Z' });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await call(
          t.app,
          w.irManager.auth,
          'GET',
          `/api/v1/requests?customerId=${w.customer.customerId}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual([e0.id, e1.id, p1.id, p2.id]);
    expect((await call(t.app, w.irManager.auth, 'GET', '/api/v1/requests?cursor=bm9wZQ')).statusCode).toBe(400);
  });

  it('filters by status, kind and SLA status', async () => {
    t.clock.set('2026-11-02T09:00:00Z');
    const w = await makeRequestWorld(t);
    const fresh = await emergency(w);
    const atRisk = await emergency(w, { receivedAt: '2026-11-02T07:25:00Z' }); // P2: 2 h to initial contact, 95 min gone
    const breached = await emergency(w, { receivedAt: '2026-11-02T06:00:00Z' });
    const met = await emergency(w, { receivedAt: '2026-11-02T08:00:00Z' });
    await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${met.id}/milestones`, {
      kind: 'initial_contact',
      at: '2026-11-02T08:30:00Z',
    });
    await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${met.id}/milestones`, {
      kind: 'remote_start',
      at: '2026-11-02T08:50:00Z',
    });
    const p = await proactive(w);
    await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${p.id}/reject`, { reason: 'duplicate' });
    const q = (s: string) =>
      call(t.app, w.irManager.auth, 'GET', `/api/v1/requests?customerId=${w.customer.customerId}&${s}`).then((r) =>
        (r.json().items as { id: string }[]).map((i) => i.id),
      );
    expect(await q('slaStatus=pending')).toEqual([fresh.id]);
    expect(await q('slaStatus=at_risk')).toEqual([atRisk.id]);
    expect(await q('slaStatus=breached')).toEqual([breached.id]);
    expect(await q('slaStatus=met')).toEqual([met.id]);
    expect(await q('kind=proactive')).toEqual([p.id]);
    expect(await q('status=rejected')).toEqual([p.id]);
    expect((await q('status=received,rejected')).length).toBe(5);
    expect((await call(t.app, w.irManager.auth, 'GET', '/api/v1/requests?status=nonsense')).statusCode).toBe(400);
  });

  it("shows customers their own organisation's requests only, whatever the filter", async () => {
    const a = await makeRequestWorld(t);
    const b = await makeRequestWorld(t);
    const ra = await emergency(a);
    await emergency(b);
    const mine = (await call(t.app, a.viewer.auth, 'GET', '/api/v1/requests?limit=200')).json().items as {
      id: string;
      organizationId: string;
    }[];
    expect(mine.map((i) => i.id)).toEqual([ra.id]);
    const spying = (
      await call(t.app, a.viewer.auth, 'GET', `/api/v1/requests?customerId=${b.customer.customerId}`)
    ).json().items;
    expect(spying).toEqual([]);
    const consultant = await makeUserWithToken(t, { role: 'consultant' });
    expect((await call(t.app, consultant.auth, 'GET', '/api/v1/requests')).statusCode).toBe(403);
    expect((await call(t.app, null, 'GET', '/api/v1/requests')).statusCode).toBe(401);
  });
});

describe('tenant isolation on every route', () => {
  it("answers another tenant's request and contract with 404, and provider-only routes with 403; nothing changes", async () => {
    const a = await makeRequestWorld(t);
    const b = await makeRequestWorld(t);
    const r = await emergency(a);
    const bApprover = b.approver.auth;
    await refused(call(t.app, bApprover, 'GET', `/api/v1/requests/${r.id}`), 404, 'NOT_FOUND');
    await refused(call(t.app, bApprover, 'POST', `/api/v1/requests/${r.id}/withdraw`, {}), 404, 'NOT_FOUND');
    await refused(
      call(t.app, bApprover, 'GET', `/api/v1/requests/lead-time?contractId=${a.contract.id}&catalogItemId=${tabletop}`),
      404,
      'NOT_FOUND',
    );
    await refused(call(t.app, bApprover, 'GET', `/api/v1/reports/sla?contractId=${a.contract.id}`), 404, 'NOT_FOUND');
    await refused(
      call(t.app, bApprover, 'POST', '/api/v1/requests', {
        contractId: a.contract.id,
        kind: 'emergency',
        incidentType: 'other',
        severity: 'P4',
        description: 'x',
      }),
      404,
      'NOT_FOUND',
    );
    await refused(
      call(t.app, bApprover, 'PATCH', `/api/v1/requests/${r.id}`, { description: 'mine now' }),
      403,
      'FORBIDDEN',
    );
    await refused(call(t.app, bApprover, 'POST', `/api/v1/requests/${r.id}/reject`, { reason: 'x' }), 403, 'FORBIDDEN');
    await refused(
      call(t.app, bApprover, 'POST', `/api/v1/requests/${r.id}/milestones`, { kind: 'initial_contact' }),
      403,
      'FORBIDDEN',
    );
    await refused(
      call(t.app, bApprover, 'POST', `/api/v1/requests/${r.id}/scoping-calls`, {
        startsAt: '2026-11-02T10:00:00Z',
        durationMinutes: 30,
        attendees: [b.approver.contactId],
      }),
      403,
      'FORBIDDEN',
    );
    await refused(
      call(t.app, bApprover, 'PATCH', `/api/v1/requests/${r.id}/scoping-calls/scl_x`, { notes: 'x' }),
      403,
      'FORBIDDEN',
    );
    await refused(call(t.app, bApprover, 'DELETE', `/api/v1/requests/${r.id}/scoping-calls/scl_x`), 403, 'FORBIDDEN');
    // The owner sees it.
    expect((await call(t.app, a.viewer.auth, 'GET', `/api/v1/requests/${r.id}`)).statusCode).toBe(200);
  });
});

describe('request page', () => {
  it('shows the request with its SLA targets, milestones, scoping calls and a timeline in time order', async () => {
    t.clock.set('2026-11-02T09:00:00Z');
    const w = await makeRequestWorld(t);
    const r = await emergency(w, { receivedAt: '2026-11-02T08:50:00Z', severity: 'P1' });
    t.clock.set('2026-11-02T09:10:00Z');
    await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${r.id}/milestones`, {
      kind: 'initial_contact',
      at: '2026-11-02T09:05:00Z',
    });
    const call1 = (
      await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${r.id}/scoping-calls`, {
        startsAt: '2026-11-02T09:30:00Z',
        durationMinutes: 30,
        attendees: [w.approver.contactId],
        joinInfo: 'https://meet.example/x',
        notes: 'internal: customer stressed',
      })
    ).json();
    const d = (await call(t.app, w.approver.auth, 'GET', `/api/v1/requests/${r.id}`)).json();
    expect(d).toMatchObject({ id: r.id, status: 'scoping', slaStatus: 'pending' });
    expect(d.milestones).toHaveLength(1);
    expect(d.milestones[0]).toMatchObject({ kind: 'initial_contact', at: '2026-11-02T09:05:00.000Z', current: true });
    expect(d.scopingCalls[0]).toMatchObject({ id: call1.id, notes: null });
    expect(d.timeline.map((e: { type: string; action: string }) => `${e.type}:${e.action}`)).toEqual([
      'event:request.created',
      'milestone:milestone.met',
      'event:scoping_call.booked',
      'event:request.status_changed',
      'scoping_call:scoping_call.scheduled',
    ]);
    const staff = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${r.id}`)).json();
    expect(staff.scopingCalls[0].notes).toBe('internal: customer stressed');
    expect((await call(t.app, w.irManager.auth, 'GET', '/api/v1/requests/req_missing')).statusCode).toBe(404);
  });
});

describe('withdraw and reject', () => {
  it("lets the customer's requesters and approvers withdraw, not viewers; a second withdrawal is an invalid transition", async () => {
    const w = await makeRequestWorld(t);
    const r = await emergency(w);
    await refused(call(t.app, w.viewer.auth, 'POST', `/api/v1/requests/${r.id}/withdraw`, {}), 403, 'FORBIDDEN');
    const am = await makeUserWithToken(t, { role: 'account_manager' });
    await refused(call(t.app, am.auth, 'POST', `/api/v1/requests/${r.id}/withdraw`, {}), 403, 'FORBIDDEN');
    const ok = await call(t.app, w.requester.auth, 'POST', `/api/v1/requests/${r.id}/withdraw`, {
      reason: 'False alarm: a test by our red team',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'withdrawn', statusReason: 'False alarm: a test by our red team' });
    const again = await refused(
      call(t.app, w.approver.auth, 'POST', `/api/v1/requests/${r.id}/withdraw`),
      409,
      'INVALID_TRANSITION',
    );
    expect(again.detail).toContain('status withdrawn');
    const r2 = await emergency(w);
    expect((await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${r2.id}/withdraw`)).json().status).toBe(
      'withdrawn',
    );
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', r.id)
      .where('action', '=', 'request.status_changed')
      .executeTakeFirstOrThrow();
    expect(audit.before).toEqual({ status: 'received' });
    expect(audit.after).toEqual({ status: 'withdrawn', reason: 'False alarm: a test by our red team' });
  });

  it('lets IR managers reject with a reason only', async () => {
    const w = await makeRequestWorld(t);
    const r = await proactive(w);
    await refused(
      call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${r.id}/reject`, {}),
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      call(t.app, w.approver.auth, 'POST', `/api/v1/requests/${r.id}/reject`, { reason: 'x' }),
      403,
      'FORBIDDEN',
    );
    const ok = await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${r.id}/reject`, {
      reason: 'Duplicate of an earlier request',
    });
    expect(ok.json()).toMatchObject({ status: 'rejected', statusReason: 'Duplicate of an earlier request' });
    await refused(
      call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${r.id}/reject`, { reason: 'again' }),
      409,
      'INVALID_TRANSITION',
    );
    await refused(
      call(t.app, w.requester.auth, 'POST', `/api/v1/requests/${r.id}/withdraw`),
      409,
      'INVALID_TRANSITION',
    );
  });
});

describe('corrections by an IR manager', () => {
  it('corrects severity and on-site need and derives the SLA targets again, keeping what was met', async () => {
    t.clock.set('2026-11-02T09:00:00Z');
    const w = await makeRequestWorld(t);
    const r = await emergency(w, { receivedAt: '2026-11-02T08:00:00Z', severity: 'P3' });
    await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${r.id}/milestones`, {
      kind: 'initial_contact',
      at: '2026-11-02T08:20:00Z',
    });
    const p = await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r.id}`, {
      severity: 'P1',
      onsiteRequired: true,
      description: 'Domain controllers encrypted too',
      reason: 'Escalated on the call',
    });
    expect(p.statusCode, p.body).toBe(200);
    const v = p.json();
    expect(v).toMatchObject({ severity: 'P1', onsiteRequired: true, description: 'Domain controllers encrypted too' });
    expect(
      v.slaTargets.map((x: { kind: string; dueAt: string; status: string }) => [x.kind, x.dueAt, x.status]),
    ).toEqual([
      ['initial_contact', '2026-11-02T09:00:00.000Z', 'met'],
      ['remote_start', '2026-11-02T12:00:00.000Z', 'pending'],
      ['onsite_arrival', '2026-11-03T08:00:00.000Z', 'pending'],
    ]);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', r.id)
      .where('action', '=', 'request.updated')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({ severity: 'P3', onsite_required: false });
    expect(audit.after).toMatchObject({ severity: 'P1', onsite_required: true, reason: 'Escalated on the call' });
    await refused(
      call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r.id}`, { severity: 'P2', revision: v.revision - 1 }),
      409,
      'STALE_REVISION',
    );
  });

  it('moves an emergency from an expired contract to a new retainer of the same customer, clearing the flag', async () => {
    const w = await makeRequestWorld(t);
    const old = await makeContract(t, w.customer.customerId, {
      status: 'expired',
      termStart: '2025-01-01',
      termEnd: '2025-12-31',
    });
    const r = await create(w.requester.auth, {
      contractId: old.id,
      kind: 'emergency',
      incidentType: 'ransomware',
      severity: 'P1',
      description: 'x',
    });
    expect(r['flags']).toEqual(['no_active_retainer']);
    const moved = await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r.id}`, {
      contractId: w.contract.id,
      reason: 'New emergency retainer signed',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      contractId: w.contract.id,
      contractNumber: w.contract.number,
      flags: [],
      notices: [],
    });
    expect(moved.json().slaTargets.map((x: { kind: string }) => x.kind)).toEqual(['initial_contact', 'remote_start']);
    const other = await makeRequestWorld(t);
    const e = await refused(
      call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r.id}`, { contractId: other.contract.id }),
      422,
      'BUSINESS_RULE',
    );
    expect(e.detail).toContain('another customer');
  });

  it('re-checks the lead time and the contract when moving a proactive request', async () => {
    t.clock.set('2026-11-02T09:00:00Z');
    const w = await makeRequestWorld(t);
    const r = await proactive(w, { desiredStart: '2026-11-30' });
    const expired = await makeContract(t, w.customer.customerId, {
      status: 'expired',
      termStart: '2025-01-01',
      termEnd: '2025-12-31',
    });
    await refused(
      call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r.id}`, { contractId: expired.id }),
      422,
      'CONTRACT_NOT_ACTIVE',
    );
    const longer = await makeContract(t, w.customer.customerId, { settings: { leadTimeDaysOverride: 40 } });
    const e = await refused(
      call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r.id}`, { contractId: longer.id }),
      422,
      'LEAD_TIME_TOO_SHORT',
    );
    expect(e.details?.['earliestStart']).toBe('2026-12-12');
    const shorter = await makeContract(t, w.customer.customerId, { settings: { leadTimeDaysOverride: 14 } });
    const ok = await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r.id}`, { contractId: shorter.id });
    expect(ok.json()).toMatchObject({ contractId: shorter.id, leadTimeDays: 14, earliestStart: '2026-11-16' });
    await refused(
      call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r.id}`, { severity: 'P1' }),
      400,
      'VALIDATION_FAILED',
    );
    await refused(call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r.id}`, {}), 400, 'VALIDATION_FAILED');
    await refused(
      call(t.app, w.irManager.auth, 'PATCH', '/api/v1/requests/req_missing', { description: 'x' }),
      404,
      'NOT_FOUND',
    );
  });

  it('refuses corrections once the EWO is approved (driven by the work-order service through transitionInTx)', async () => {
    const w = await makeRequestWorld(t);
    const r = await emergency(w);
    const svc = t.core.services.requests;
    await t.db.transaction(async (trx) => {
      await svc.transitionInTx(trx, w.irManager.ctx, r.id, 'ewo_drafting');
      await svc.transitionInTx(trx, w.irManager.ctx, r.id, 'awaiting_approval');
      await svc.transitionInTx(trx, w.irManager.ctx, r.id, 'approved');
    });
    expect((await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${r.id}`)).json().status).toBe('approved');
    const e = await refused(
      call(t.app, w.irManager.auth, 'PATCH', `/api/v1/requests/${r.id}`, { description: 'late edit' }),
      409,
      'CONFLICT',
    );
    expect(e.detail).toContain('approved');
    await refused(
      call(t.app, w.requester.auth, 'POST', `/api/v1/requests/${r.id}/withdraw`),
      409,
      'INVALID_TRANSITION',
    );
    await expect(
      t.db.transaction((trx) => svc.transitionInTx(trx, w.irManager.ctx, r.id, 'ewo_drafting')),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });
});
