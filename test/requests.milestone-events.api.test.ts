/**
 * SLA milestones from real events (issue 16), through the API on both back ends: triage (the owner) and the
 * "contacted" action set the initial contact, the engagement's start the remote start, an on-site check-in
 * the on-site arrival — each once only; effort never sets one. A request follows its engagement to `closed`
 * (close and cancel); a withdrawn or rejected request voids its draft EWO; owner refusals change nothing;
 * the triage queue sorts by severity then by the earliest SLA due time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';
import { makeUser, tokenFor } from './support/factories.ts';
import { counts, expectRefused } from './support/request-factories.ts';
import { shapeEngagement } from './support/staffing-factories.ts';
import {
  approve,
  draft,
  makeRequest,
  makeWorkOrderWorld,
  send,
  type WorkOrderWorld,
} from './support/workorder-world.ts';

let t: TestEnv;
let w: WorkOrderWorld;
let consultant: { id: string; email: string; auth: Auth };
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:00:00Z' });
  w = await makeWorkOrderWorld(t, { initialAmount: 1000 * 60 });
  const c = await makeUser(t, { role: 'consultant', name: 'Lena Fischer' });
  consultant = { ...c, auth: await tokenFor(t, c) };
});
afterAll(async () => t.close());

const irm = () => w.irManager.auth;
const getRequest = async (id: string) => {
  const r = await call(t.app, irm(), 'GET', `/api/v1/requests/${id}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as {
    status: string;
    owner: { id: string | null; name: string } | null;
    requesterPhone: string | null;
    slaTargets: { kind: string; status: string; metAt: string | null }[];
    milestones: { kind: string; at: string; source: string; channel: string | null; current: boolean }[];
  };
};
const metAt = async (id: string, kind: string) =>
  (await getRequest(id)).slaTargets.find((target) => target.kind === kind)?.metAt ?? null;
const milestonesOf = async (id: string, kind: string) =>
  (await getRequest(id)).milestones.filter((milestone) => milestone.kind === kind);

/** An approved emergency: its EWO drafted, sent and approved by the customer; answers the engagement's id. */
async function approvedEmergency(o: { onsite?: boolean } = {}) {
  const requestId = await makeRequest(t, w, { onsite: o.onsite ?? false });
  const d = await draft(t, w, requestId, o.onsite ? { siteIds: [w.siteId] } : {});
  const sent = await send(t, w, d.id);
  const a = await approve(t, w.approver.auth, sent.id, sent.contentHash!);
  expect(a.statusCode, a.body).toBe(200);
  const engagementId = (
    await t.db.kysely
      .selectFrom('engagements')
      .select('id')
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow()
  ).id;
  return { requestId, engagementId, workOrderId: d.id };
}

describe('initial contact', () => {
  it('is recorded by triage (the first owner) and not moved by a later owner or contact', async () => {
    t.clock.set('2026-11-02T09:00:00Z');
    const id = await makeRequest(t, w);
    t.clock.set('2026-11-02T09:12:00Z');
    const r = await call(t.app, irm(), 'POST', `/api/v1/requests/${id}/triage`, { ownerEmail: consultant.email });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().owner).toEqual({ id: consultant.id, name: 'Lena Fischer' });
    expect(await metAt(id, 'initial_contact')).toBe('2026-11-02T09:12:00.000Z');

    t.clock.set('2026-11-02T09:40:00Z');
    const again = await call(t.app, irm(), 'POST', `/api/v1/requests/${id}/triage`, { ownerUserId: w.irManager.id });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().owner.id).toBe(w.irManager.id);
    const contact = await call(t.app, irm(), 'POST', `/api/v1/requests/${id}/contacted`, { channel: 'phone' });
    expect(contact.statusCode, contact.body).toBe(200);
    expect(contact.json().initialContactRecorded).toBe(false);
    expect(await metAt(id, 'initial_contact')).toBe('2026-11-02T09:12:00.000Z');
    const recorded = await milestonesOf(id, 'initial_contact');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ source: 'triage', current: true });
  });

  it('is recorded by the one-click contacted action with its channel and time', async () => {
    t.clock.set('2026-11-02T10:00:00Z');
    const id = await makeRequest(t, w);
    t.clock.set('2026-11-02T10:30:00Z');
    const r = await call(t.app, irm(), 'POST', `/api/v1/requests/${id}/contacted`, {
      channel: 'video',
      at: '2026-11-02T10:20:00Z',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().initialContactRecorded).toBe(true);
    expect(r.json().request.slaTargets[0]).toMatchObject({ kind: 'initial_contact', status: 'met' });
    expect((await milestonesOf(id, 'initial_contact'))[0]).toMatchObject({
      at: '2026-11-02T10:20:00.000Z',
      source: 'contacted',
      channel: 'video',
    });
    // A contact in the future is refused and writes nothing.
    await expectRefused(
      t,
      call(t.app, irm(), 'POST', `/api/v1/requests/${id}/contacted`, { channel: 'phone', at: '2026-11-02T11:00:00Z' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('a hand correction stays possible and is audited', async () => {
    t.clock.set('2026-11-02T11:00:00Z');
    const id = await makeRequest(t, w);
    await call(t.app, irm(), 'POST', `/api/v1/requests/${id}/contacted`, { channel: 'phone' });
    const fix = await call(t.app, irm(), 'POST', `/api/v1/requests/${id}/milestones`, {
      kind: 'initial_contact',
      at: '2026-11-02T11:00:00Z',
      reason: 'Call log',
    });
    expect(fix.statusCode, fix.body).toBe(201);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', id)
      .where('action', 'like', 'request.milestone%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['request.milestone_recorded', 'request.milestone_corrected']);
  });
});

describe('triage owner refusals', () => {
  it('refuses a customer user, an unknown user and an account manager with 422, changing nothing', async () => {
    t.clock.set('2026-11-02T12:00:00Z');
    const id = await makeRequest(t, w);
    const am = w.accountManager;
    for (const body of [
      { ownerEmail: w.approver.email },
      { ownerEmail: 'nobody@example.test' },
      { ownerUserId: 'usr_doesnotexist' },
      { ownerUserId: am.id },
    ]) {
      await expectRefused(t, call(t.app, irm(), 'POST', `/api/v1/requests/${id}/triage`, body), 422, 'BUSINESS_RULE');
    }
    expect((await getRequest(id)).owner).toBeNull();
    expect(await metAt(id, 'initial_contact')).toBeNull();
    // A customer may not triage at all.
    const before = await counts(t);
    const r = await call(t.app, w.approver.auth, 'POST', `/api/v1/requests/${id}/triage`, {
      ownerEmail: consultant.email,
    });
    expect(r.statusCode).toBe(403);
    expect(await counts(t)).toEqual(before);
  });

  it('shows the owner’s name to the customer, but no ids and no phone', async () => {
    t.clock.set('2026-11-02T12:10:00Z');
    const id = await makeRequest(t, w);
    await call(t.app, irm(), 'POST', `/api/v1/requests/${id}/triage`, { ownerUserId: consultant.id });
    const staff = await getRequest(id);
    expect(staff.owner).toEqual({ id: consultant.id, name: 'Lena Fischer' });
    const customer = (await call(t.app, w.approver.auth, 'GET', `/api/v1/requests/${id}`)).json();
    expect(customer.owner).toEqual({ id: null, name: 'Lena Fischer' });
    expect(customer.requesterPhone).toBeNull();
  });
});

describe('initial contact by a scoping call', () => {
  it('booking the first scoping call records the initial contact once; a second booking or a reschedule does not move it', async () => {
    t.clock.set('2026-11-04T08:00:00Z');
    const id = await makeRequest(t, w);
    expect(await metAt(id, 'initial_contact')).toBeNull();

    t.clock.set('2026-11-04T08:20:00Z');
    const book = (startsAt: string) =>
      call(t.app, irm(), 'POST', `/api/v1/requests/${id}/scoping-calls`, {
        startsAt,
        durationMinutes: 30,
        attendees: [w.requester.contactId, w.irManager.id],
      });
    const first = await book('2026-11-04T09:00:00Z');
    expect(first.statusCode, first.body).toBe(201);
    expect(await metAt(id, 'initial_contact')).toBe('2026-11-04T08:20:00.000Z');
    expect(await milestonesOf(id, 'initial_contact')).toMatchObject([
      { at: '2026-11-04T08:20:00.000Z', source: 'scoping_call', current: true },
    ]);

    t.clock.set('2026-11-04T09:40:00Z');
    const second = await book('2026-11-04T11:00:00Z');
    expect(second.statusCode, second.body).toBe(201);
    const moved = await call(t.app, irm(), 'PATCH', `/api/v1/requests/${id}/scoping-calls/${first.json().id}`, {
      startsAt: '2026-11-04T13:00:00Z',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await metAt(id, 'initial_contact')).toBe('2026-11-04T08:20:00.000Z');
    expect(await milestonesOf(id, 'initial_contact')).toHaveLength(1);
  });
});

describe('remote start, on-site arrival, effort', () => {
  it('remote start is the engagement going in progress; on-site arrival is the check-in; each once only', async () => {
    t.clock.set('2026-11-03T08:00:00Z');
    const { requestId, engagementId } = await approvedEmergency({ onsite: true });
    await t.db.kysely
      .updateTable('engagements')
      .set({ delivery_mode: 'hybrid' })
      .where('id', '=', engagementId)
      .execute();
    await shapeEngagement(t, engagementId, { window: { start: '2026-11-01', end: '2026-12-31' }, siteIds: [w.siteId] });
    expect(await metAt(requestId, 'remote_start')).toBeNull();

    t.clock.set('2026-11-03T09:00:00Z');
    const start = await call(t.app, irm(), 'POST', `/api/v1/engagements/${engagementId}/transitions`, {
      to: 'in_progress',
    });
    expect(start.statusCode, start.body).toBe(200);
    expect(await metAt(requestId, 'remote_start')).toBe('2026-11-03T09:00:00.000Z');

    // On hold and back: in progress again does not move it.
    t.clock.set('2026-11-03T10:00:00Z');
    for (const to of ['on_hold', 'in_progress'])
      expect(
        (await call(t.app, irm(), 'POST', `/api/v1/engagements/${engagementId}/transitions`, { to })).statusCode,
      ).toBe(200);
    expect(await metAt(requestId, 'remote_start')).toBe('2026-11-03T09:00:00.000Z');

    // Effort entries never set a milestone, not even on-site work: the entry is taken, the milestones stay.
    const milestonesBefore = (await getRequest(requestId)).milestones;
    const effort = await call(t.app, irm(), 'POST', `/api/v1/engagements/${engagementId}/effort`, {
      userId: w.irManager.id,
      date: '2026-11-03',
      minutes: 60,
      activity: 'onsite_work',
      note: 'On site',
    });
    expect(effort.statusCode, effort.body).toBe(201);
    expect(await metAt(requestId, 'onsite_arrival')).toBeNull();
    expect(await milestonesOf(requestId, 'onsite_arrival')).toEqual([]);
    expect((await getRequest(requestId)).milestones).toEqual(milestonesBefore);

    // The check-in of an on-site booking is the on-site arrival.
    const booking = await call(t.app, irm(), 'POST', `/api/v1/engagements/${engagementId}/bookings`, {
      consultantId: consultant.id,
      mode: 'onsite',
      status: 'confirmed',
      siteId: w.siteId,
      start: '2026-11-03T10:00:00Z',
      end: '2026-11-03T18:00:00Z',
    });
    expect(booking.statusCode, booking.body).toBe(201);
    t.clock.set('2026-11-03T11:00:00Z');
    const checkIn = await call(
      t.app,
      irm(),
      'POST',
      `/api/v1/engagements/${engagementId}/bookings/${booking.json().id}/check-in`,
      { at: '2026-11-03T10:45:00Z' },
    );
    expect(checkIn.statusCode, checkIn.body).toBe(200);
    expect(await metAt(requestId, 'onsite_arrival')).toBe('2026-11-03T10:45:00.000Z');
    expect((await milestonesOf(requestId, 'onsite_arrival'))[0]).toMatchObject({ source: 'check_in' });

    // A second on-site check-in does not move it.
    const second = await call(t.app, irm(), 'POST', `/api/v1/engagements/${engagementId}/bookings`, {
      consultantId: w.admin.id,
      mode: 'onsite',
      status: 'confirmed',
      siteId: w.siteId,
      start: '2026-11-03T10:00:00Z',
      end: '2026-11-03T18:00:00Z',
    });
    if (second.statusCode === 201) {
      const again = await call(
        t.app,
        irm(),
        'POST',
        `/api/v1/engagements/${engagementId}/bookings/${second.json().id}/check-in`,
        {},
      );
      expect(again.statusCode, again.body).toBe(200);
    }
    expect(await metAt(requestId, 'onsite_arrival')).toBe('2026-11-03T10:45:00.000Z');
    expect(await milestonesOf(requestId, 'onsite_arrival')).toHaveLength(1);
  });

  it('an on-site-only engagement going in progress does not record a remote start', async () => {
    t.clock.set('2026-11-04T08:00:00Z');
    const { requestId, engagementId } = await approvedEmergency({ onsite: true });
    await t.db.kysely
      .updateTable('engagements')
      .set({ delivery_mode: 'onsite' })
      .where('id', '=', engagementId)
      .execute();
    const start = await call(t.app, irm(), 'POST', `/api/v1/engagements/${engagementId}/transitions`, {
      to: 'in_progress',
    });
    expect(start.statusCode, start.body).toBe(200);
    expect(await metAt(requestId, 'remote_start')).toBeNull();
  });
});

describe('request closed with its engagement', () => {
  it('close: the request is closed and its clocks stop, in the closing transaction', async () => {
    t.clock.set('2026-11-05T08:00:00Z');
    const { requestId, engagementId } = await approvedEmergency();
    expect((await getRequest(requestId)).status).toBe('approved');
    await call(t.app, irm(), 'POST', `/api/v1/engagements/${engagementId}/transitions`, { to: 'in_progress' });
    const close = await call(t.app, w.admin.auth, 'POST', `/api/v1/engagements/${engagementId}/close`, {
      waiveMinimum: { reason: 'test' },
    });
    expect(close.statusCode, close.body).toBe(200);
    expect((await getRequest(requestId)).status).toBe('closed');
    const row = await t.db.kysely
      .selectFrom('service_requests')
      .select(['clocks_stopped_at', 'status_reason'])
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(row.clocks_stopped_at).not.toBeNull();
    const list = await call(t.app, irm(), 'GET', '/api/v1/requests?status=closed&limit=100');
    expect(list.json().items.map((r: { id: string }) => r.id)).toContain(requestId);
  });

  it('cancel: the request is closed too', async () => {
    t.clock.set('2026-11-05T09:00:00Z');
    const { requestId, engagementId } = await approvedEmergency();
    const cancel = await call(t.app, w.admin.auth, 'POST', `/api/v1/engagements/${engagementId}/cancel`, {
      reason: 'Customer resolved it',
      waiveMinimum: { reason: 'test' },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect((await getRequest(requestId)).status).toBe('closed');
  });
});

describe('void draft EWO', () => {
  const versionStatus = async (workOrderId: string) =>
    (
      await t.db.kysely
        .selectFrom('work_order_versions')
        .select('status')
        .where('work_order_id', '=', workOrderId)
        .orderBy('version', 'desc')
        .executeTakeFirstOrThrow()
    ).status;

  it('a withdrawn request voids its draft EWO (audited)', async () => {
    t.clock.set('2026-11-06T08:00:00Z');
    const requestId = await makeRequest(t, w);
    const d = await draft(t, w, requestId);
    const r = await call(t.app, w.approver.auth, 'POST', `/api/v1/requests/${requestId}/withdraw`, { reason: 'Fixed' });
    expect(r.statusCode, r.body).toBe(200);
    expect(await versionStatus(d.id)).toBe('void');
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', d.id)
      .where('action', '=', 'work_order.voided')
      .execute();
    expect(audit).toHaveLength(1);
    const wo = await call(t.app, irm(), 'GET', `/api/v1/work-orders/${d.id}`);
    expect(wo.json().status).toBe('void');
  });

  it('a rejected request voids its draft EWO', async () => {
    t.clock.set('2026-11-06T09:00:00Z');
    const requestId = await makeRequest(t, w);
    const d = await draft(t, w, requestId);
    // ewo_drafting cannot be rejected by the lifecycle; put the request back to scoping to test the rule.
    await t.db.kysely.updateTable('service_requests').set({ status: 'scoping' }).where('id', '=', requestId).execute();
    const r = await call(t.app, irm(), 'POST', `/api/v1/requests/${requestId}/reject`, { reason: 'Duplicate' });
    expect(r.statusCode, r.body).toBe(200);
    expect(await versionStatus(d.id)).toBe('void');
  });
});

describe('triage queue', () => {
  it('sorts by severity (P1 first), then by the earliest SLA due time, and shows owner and phone', async () => {
    const t2 = await createTestEnv({ now: '2026-11-10T08:00:00Z' });
    try {
      const w2 = await makeWorkOrderWorld(t2);
      const make = async (severity: string, at: string) => {
        t2.clock.set(at);
        const r = await call(t2.app, w2.irManager.auth, 'POST', '/api/v1/requests', {
          kind: 'emergency',
          contractId: w2.contract.id,
          incidentType: 'ransomware',
          severity,
          description: `${severity} at ${at}`,
          channel: 'hotline',
          requesterContactId: w2.mailApprover.id,
        });
        expect(r.statusCode, r.body).toBe(201);
        return r.json().id as string;
      };
      const p3old = await make('P3', '2026-11-10T08:00:00Z');
      const p2 = await make('P2', '2026-11-10T08:05:00Z');
      const p1late = await make('P1', '2026-11-10T08:30:00Z');
      const p1early = await make('P1', '2026-11-10T08:10:00Z');
      t2.clock.set('2026-11-10T08:40:00Z');
      const board = await call(t2.app, w2.irManager.auth, 'GET', '/api/v1/requests?limit=100');
      expect(board.json().items.map((r: { id: string }) => r.id)).toEqual([p3old, p2, p1early, p1late]);
      const triage = await call(t2.app, w2.irManager.auth, 'GET', '/api/v1/requests?sort=triage&limit=100');
      expect(triage.statusCode, triage.body).toBe(200);
      expect(triage.json().items.map((r: { id: string }) => r.id)).toEqual([p1early, p1late, p2, p3old]);
      // Pages continue in the same order.
      const first = await call(t2.app, w2.irManager.auth, 'GET', '/api/v1/requests?sort=triage&limit=2');
      const next = await call(
        t2.app,
        w2.irManager.auth,
        'GET',
        `/api/v1/requests?sort=triage&limit=2&cursor=${first.json().nextCursor}`,
      );
      expect([...first.json().items, ...next.json().items].map((r: { id: string }) => r.id)).toEqual([
        p1early,
        p1late,
        p2,
        p3old,
      ]);
      expect(triage.json().items[0]).toHaveProperty('requesterPhone');
      expect(triage.json().items[0]).toHaveProperty('owner', null);
    } finally {
      await t2.close();
    }
  });
});
