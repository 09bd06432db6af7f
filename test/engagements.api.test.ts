import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../src/core/context.ts';
import { isAppError } from '../src/shared/errors.ts';
import { makeContract, makeCustomer, type TestCustomer } from './support/contract-factories.ts';
import { engagementSnapshot, makeEngagement, outboxOf } from './support/engagement-factories.ts';
import { makeUser, makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
type U = Awaited<ReturnType<typeof makeUserWithToken>>;
let admin: U, irm: U, am: U, consultant: U, outsider: U, approverA: U, viewerB: U;
let customerA: TestCustomer, customerB: TestCustomer;
let approverContact: { id: string; email: string };

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:00:00Z' });
  admin = await makeUserWithToken(t, { role: 'admin' });
  irm = await makeUserWithToken(t, { role: 'ir_manager' });
  am = await makeUserWithToken(t, { role: 'account_manager' });
  consultant = await makeUserWithToken(t, { role: 'consultant' });
  outsider = await makeUserWithToken(t, { role: 'consultant' });
  customerA = await makeCustomer(t, { timeZone: 'America/Chicago' });
  customerB = await makeCustomer(t, { timeZone: 'Europe/Berlin' });
  approverA = await makeUserWithToken(t, { role: 'customer_approver', organizationId: customerA.organizationId });
  viewerB = await makeUserWithToken(t, { role: 'customer_viewer', organizationId: customerB.organizationId });
  approverContact = await approvingContact(customerA.customerId, 'ciso@customer-a.test');
});
afterAll(async () => t.close());

async function approvingContact(customerId: string, email: string) {
  const id = t.core.ids.next('con');
  const at = t.clock.now();
  await t.db.kysely
    .insertInto('contacts')
    .values({
      id,
      customer_id: customerId,
      name: 'Ada Approver',
      email,
      can_approve: true,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { id, email };
}

const api = (
  u: U | null,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => call(t.app, u?.auth ?? null, method, url, body, headers);
const contractA = () => makeContract(t, { customerId: customerA.customerId });
const ical = (m: { payload: { icalEvent?: { content: string } } }) => m.payload.icalEvent?.content ?? '';

describe("createFromApprovalInTx (the approval's engagement)", () => {
  it('creates a scheduled engagement with a readable number, its team, an audit event and a schedule invitation', async () => {
    const before = (await outboxOf(t, 'engagement.scheduled')).length;
    const c = await contractA();
    const e1 = await makeEngagement(t, {
      contract: c,
      status: 'scheduled',
      team: [{ userId: consultant.id, role: 'lead' }],
      plannedStart: '2026-11-10',
      plannedEnd: '2026-11-12',
    });
    const e2 = await makeEngagement(t, { contract: c, status: 'scheduled' });
    expect(e1.number).toMatch(/^ENG-2026-\d{4}$/);
    expect(Number(e2.number.slice(-4))).toBe(Number(e1.number.slice(-4)) + 1);
    const r = await api(irm, 'GET', `/api/v1/engagements/${e1.id}`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      id: e1.id,
      number: e1.number,
      status: 'scheduled',
      contractId: c.id,
      customerId: customerA.customerId,
      pricingMode: 'time_and_materials',
      plannedStart: '2026-11-10T06:00:00.000Z',
      plannedEnd: '2026-11-13T06:00:00.000Z',
      estimate: { amount: 600, unit: 'minute', display: '10h 00m' },
      reserved: { amount: 600 },
      consumed: { amount: 0 },
      held: { amount: 0 },
      estimateLimit: { amount: 660 },
      team: [{ userId: consultant.id, role: 'lead' }],
      scheduleSequence: 0,
    });
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', e1.id)
      .where('action', '=', 'engagement.created')
      .execute();
    expect(audit).toHaveLength(1);
    const invites = (await outboxOf(t, 'engagement.scheduled')).slice(before);
    const to = invites.flatMap((m) => m.payload.to).sort();
    // The customer's approver only: the consultant gets his bookings' invites, not the engagement's.
    expect(to).toEqual([approverContact.email]);
    for (const m of invites) {
      expect(ical(m)).toContain('METHOD:REQUEST');
      expect(ical(m)).toContain(`UID:${e1.id}@imr.test`);
      expect(ical(m)).toContain('SEQUENCE:0');
      expect(ical(m)).toContain('DTSTART;TZID=America/Chicago:20261110T000000');
    }
  });

  it('refuses a team member who is not active provider staff, and creates nothing', async () => {
    const c = await contractA();
    const disabled = await makeUser(t, { role: 'consultant', status: 'disabled' });
    const count = async () =>
      Number(
        (
          await t.db.kysely
            .selectFrom('engagements')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n0 = await count();
    for (const userId of [approverA.id, disabled.id, 'usr_missing']) {
      const err = await makeEngagement(t, { contract: c, team: [{ userId, role: 'lead' }] }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isAppError(err) && err.code).toBe('BUSINESS_RULE');
    }
    expect(await count()).toBe(n0);
  });

  it('adjustEstimateInTx never drops the estimate below what is consumed', async () => {
    const e = await makeEngagement(t, { contract: await contractA(), team: [{ userId: consultant.id, role: 'lead' }] });
    expect(
      (
        await api(consultant, 'POST', `/api/v1/engagements/${e.id}/effort`, {
          date: '2026-11-02',
          minutes: 240,
          activity: 'analysis',
        })
      ).statusCode,
    ).toBe(201);
    const ctx = systemCtx('change-order');
    const up = await t.db.transaction((trx) => t.core.services.engagements.adjustEstimateInTx(trx, ctx, e.id, 120));
    expect(up).toEqual({ estimate: 720, previous: 600, applied: 120 });
    const down = await t.db.transaction((trx) => t.core.services.engagements.adjustEstimateInTx(trx, ctx, e.id, -1000));
    expect(down).toEqual({ estimate: 240, previous: 720, applied: -480 });
    expect((await api(irm, 'GET', `/api/v1/engagements/${e.id}`)).json().estimate.amount).toBe(240);
    const history = await t.db.kysely
      .selectFrom('engagement_estimates')
      .select(['seq', 'estimate'])
      .where('engagement_id', '=', e.id)
      .orderBy('seq')
      .execute();
    expect(history.map((h) => h.estimate)).toEqual([600, 720, 240]);
  });

  it('lets a consultant read the contract and balance of an engagement they are on, and nothing else of it', async () => {
    const c = await contractA();
    // Before joining a team of one of its engagements, the consultant reads nothing of the contract.
    expect((await api(consultant, 'GET', `/api/v1/contracts/${c.id}/balance`)).statusCode).toBe(403);
    await makeEngagement(t, { contract: c, team: [{ userId: consultant.id, role: 'lead' }] });
    expect((await api(consultant, 'GET', `/api/v1/contracts/${c.id}`)).statusCode).toBe(200);
    const balance = await api(consultant, 'GET', `/api/v1/contracts/${c.id}/balance`);
    expect(balance.statusCode, balance.body).toBe(200);
    expect(balance.json().contractId).toBe(c.id);
    expect((await api(outsider, 'GET', `/api/v1/contracts/${c.id}`)).statusCode).toBe(403);
    expect((await api(outsider, 'GET', `/api/v1/contracts/${c.id}/balance`)).statusCode).toBe(403);
    expect((await api(consultant, 'GET', `/api/v1/contracts/${c.id}/ledger`)).statusCode).toBe(403);
    expect((await api(consultant, 'GET', '/api/v1/contracts')).statusCode).toBe(403);
  });

  it('ends that access when the consultant leaves the team', async () => {
    const c = await contractA();
    const e = await makeEngagement(t, { contract: c, team: [{ userId: consultant.id, role: 'lead' }] });
    expect((await api(consultant, 'GET', `/api/v1/contracts/${c.id}/balance`)).statusCode).toBe(200);
    expect((await api(irm, 'DELETE', `/api/v1/engagements/${e.id}/team`, { userId: consultant.id })).statusCode).toBe(
      200,
    );
    expect((await api(consultant, 'GET', `/api/v1/contracts/${c.id}/balance`)).statusCode).toBe(403);
    expect((await api(consultant, 'GET', `/api/v1/contracts/${c.id}`)).statusCode).toBe(403);
  });

  it('isTeamMember answers for the SLA rule', async () => {
    const e = await makeEngagement(t, { contract: await contractA(), team: [{ userId: consultant.id, role: 'lead' }] });
    expect(await t.core.services.engagements.isTeamMember(t.db.kysely, e.id, consultant.id)).toBe(true);
    expect(await t.core.services.engagements.isTeamMember(t.db.kysely, e.id, outsider.id)).toBe(false);
  });
});

describe('GET /api/v1/engagements and /{id}: who sees what', () => {
  let onA: string, onB: string, closedA: string, contractOfA: string;
  beforeAll(async () => {
    const cA = await contractA();
    contractOfA = cA.id;
    onA = (await makeEngagement(t, { contract: cA, team: [{ userId: consultant.id, role: 'lead' }] })).id;
    closedA = (await makeEngagement(t, { contract: cA, status: 'closed' })).id;
    onB = (
      await makeEngagement(t, {
        contract: await makeContract(t, { customerId: customerB.customerId }),
        status: 'scheduled',
      })
    ).id;
  });

  it('gives provider managers every engagement with its references, filtered by status, customer and contract', async () => {
    for (const u of [admin, irm, am]) {
      const ids = (await api(u, 'GET', '/api/v1/engagements?limit=200')).json().items.map((i: { id: string }) => i.id);
      expect(ids).toEqual(expect.arrayContaining([onA, onB, closedA]));
    }
    const r = await api(irm, 'GET', `/api/v1/engagements?contractId=${contractOfA}&status=in_progress,scheduled`);
    expect(r.json().items.map((i: { id: string }) => i.id)).toEqual([onA]);
    expect(r.json().items[0]).toMatchObject({
      requestId: expect.any(String),
      workOrderId: expect.any(String),
      contractId: contractOfA,
      customerId: customerA.customerId,
      status: 'in_progress',
    });
    const byCustomer = (await api(irm, 'GET', `/api/v1/engagements?customerId=${customerB.customerId}`))
      .json()
      .items.map((i: { id: string }) => i.id);
    expect(byCustomer).toContain(onB);
    expect(byCustomer).not.toContain(onA);
    expect((await api(irm, 'GET', '/api/v1/engagements?status=nope')).statusCode).toBe(400);
  });

  it("carries each engagement's own team in the list", async () => {
    const c = await contractA();
    const solo = await makeEngagement(t, { contract: c, team: [{ userId: consultant.id, role: 'lead' }] });
    const lead = await makeUser(t, { role: 'consultant' });
    const pair = await makeEngagement(t, {
      contract: c,
      team: [
        { userId: lead.id, role: 'lead' },
        { userId: consultant.id, role: 'analyst' },
      ],
    });
    const items: { id: string; team: { userId: string; role: string }[] }[] = (
      await api(irm, 'GET', `/api/v1/engagements?contractId=${c.id}`)
    ).json().items;
    const teams = Object.fromEntries(items.map((i) => [i.id, i.team.map((m) => `${m.userId} ${m.role}`).sort()]));
    expect(teams).toEqual({
      [solo.id]: [`${consultant.id} lead`],
      [pair.id]: [`${consultant.id} analyst`, `${lead.id} lead`].sort(),
    });
  });

  it('pages with a cursor, newest first', async () => {
    const first = (await api(irm, 'GET', '/api/v1/engagements?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = (await api(irm, 'GET', `/api/v1/engagements?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].id < first.items[1].id).toBe(true);
  });

  it('shows consultants only the engagements they are on (others 404), and mine=true to managers', async () => {
    const ids = (await api(consultant, 'GET', '/api/v1/engagements?limit=200'))
      .json()
      .items.map((i: { id: string }) => i.id);
    expect(ids).toContain(onA);
    expect(ids).not.toContain(onB);
    expect((await api(outsider, 'GET', '/api/v1/engagements')).json().items).toEqual([]);
    expect((await api(consultant, 'GET', `/api/v1/engagements/${onA}`)).statusCode).toBe(200);
    expect((await api(outsider, 'GET', `/api/v1/engagements/${onA}`)).statusCode).toBe(404);
    expect((await api(irm, 'GET', '/api/v1/engagements?mine=true')).json().items).toEqual([]);
  });

  it("shows customer users their own organisation's only; another tenant's is 404 like a missing one", async () => {
    const ids = (await api(approverA, 'GET', '/api/v1/engagements?limit=200'))
      .json()
      .items.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([onA, closedA]));
    expect(ids).not.toContain(onB);
    expect(
      (await api(approverA, 'GET', `/api/v1/engagements?customerId=${customerB.customerId}`)).json().items,
    ).toEqual([]);
    expect((await api(approverA, 'GET', `/api/v1/engagements/${onA}`)).statusCode).toBe(200);
    const other = await api(viewerB, 'GET', `/api/v1/engagements/${onA}`);
    const missing = await api(viewerB, 'GET', '/api/v1/engagements/eng_missing');
    expect(other.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(other.json().code).toBe(missing.json().code);
    expect((await api(null, 'GET', '/api/v1/engagements')).statusCode).toBe(401);
  });

  it('answers 404 across tenants on every engagement route', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/v1/engagements/${onA}/effort`],
      ['GET', `/api/v1/engagements/${onA}/burn`],
      ['GET', `/api/v1/engagements/${onA}/close-preview`],
      ['POST', `/api/v1/engagements/${onA}/transitions`, { to: 'delivering' }],
      ['POST', `/api/v1/engagements/${onA}/team`, { userId: outsider.id, role: 'x' }],
      ['DELETE', `/api/v1/engagements/${onA}/team`, { userId: consultant.id }],
      ['PATCH', `/api/v1/engagements/${onA}`, { title: 'x' }],
      ['POST', `/api/v1/engagements/${onA}/close`, {}],
      ['POST', `/api/v1/engagements/${onA}/cancel`, { reason: 'x' }],
      ['POST', `/api/v1/engagements/${onA}/effort`, { date: '2026-11-02', minutes: 15, activity: 'analysis' }],
    ];
    const before = await engagementSnapshot(t, onA);
    for (const [method, url, body] of routes) {
      const r = await api(viewerB, method as 'GET', url, body);
      expect([url, r.statusCode]).toEqual([url, 404]);
      const o = await api(outsider, method as 'GET', url, body);
      expect([url, o.statusCode]).toEqual([url, 404]);
    }
    expect(await engagementSnapshot(t, onA)).toEqual(before);
  });
});

describe('POST /api/v1/engagements/{id}/transitions', () => {
  it('moves through the ordinary states and back from hold to where it was', async () => {
    const e = await makeEngagement(t, { contract: await contractA(), status: 'scheduled' });
    const move = (to: string, reason?: string) =>
      api(irm, 'POST', `/api/v1/engagements/${e.id}/transitions`, { to, ...(reason ? { reason } : {}) });
    expect((await move('in_progress')).json().status).toBe('in_progress');
    expect((await move('delivering')).json().status).toBe('delivering');
    const held = (await move('on_hold', 'customer paused: change freeze')).json();
    expect(held).toMatchObject({
      status: 'on_hold',
      statusBeforeHold: 'delivering',
      statusReason: 'customer paused: change freeze',
    });
    const wrongWay = await move('in_progress');
    expect(wrongWay.statusCode).toBe(409);
    expect(wrongWay.json().code).toBe('INVALID_TRANSITION');
    expect((await move('delivering')).json()).toMatchObject({ status: 'delivering', statusBeforeHold: null });
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', e.id)
      .where('action', '=', 'engagement.transition')
      .execute();
    expect(audit).toHaveLength(4);
  });

  it('refuses closed and cancelled (409 INVALID_TRANSITION), unknown states (400), other roles (403), and changes nothing', async () => {
    const e = await makeEngagement(t, { contract: await contractA(), team: [{ userId: consultant.id, role: 'lead' }] });
    const before = await engagementSnapshot(t, e.id);
    for (const to of ['closed', 'cancelled', 'scheduled']) {
      const r = await api(irm, 'POST', `/api/v1/engagements/${e.id}/transitions`, { to });
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe('INVALID_TRANSITION');
    }
    expect((await api(irm, 'POST', `/api/v1/engagements/${e.id}/transitions`, { to: 'finished' })).statusCode).toBe(
      400,
    );
    for (const u of [consultant, am, approverA])
      expect((await api(u, 'POST', `/api/v1/engagements/${e.id}/transitions`, { to: 'delivering' })).statusCode).toBe(
        403,
      );
    expect(await engagementSnapshot(t, e.id)).toEqual(before);
  });
});

describe('team and planned dates', () => {
  it('adds active provider users (no engagement invitation: bookings send theirs), refuses others, removes members', async () => {
    const e = await makeEngagement(t, {
      contract: await contractA(),
      plannedStart: '2026-11-20T14:00:00Z',
      plannedEnd: '2026-11-21T22:00:00Z',
    });
    const newcomer = await makeUserWithToken(t, { role: 'consultant' });
    const before = (await outboxOf(t, 'engagement.scheduled')).length;
    const r = await api(irm, 'POST', `/api/v1/engagements/${e.id}/team`, {
      userId: newcomer.id,
      role: 'forensic analyst',
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().team).toEqual([
      expect.objectContaining({ userId: newcomer.id, role: 'forensic analyst', name: expect.any(String) }),
    ]);
    expect((await outboxOf(t, 'engagement.scheduled')).slice(before)).toEqual([]);
    // the new member can now see and log on it
    expect((await api(newcomer, 'GET', `/api/v1/engagements/${e.id}`)).statusCode).toBe(200);

    const disabled = await makeUser(t, { role: 'consultant', status: 'disabled' });
    const snap = await engagementSnapshot(t, e.id);
    for (const userId of [approverA.id, disabled.id]) {
      const bad = await api(irm, 'POST', `/api/v1/engagements/${e.id}/team`, { userId, role: 'lead' });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().code).toBe('BUSINESS_RULE');
    }
    expect(
      (await api(consultant, 'POST', `/api/v1/engagements/${e.id}/team`, { userId: consultant.id, role: 'lead' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await api(am, 'POST', `/api/v1/engagements/${e.id}/team`, { userId: consultant.id, role: 'lead' })).statusCode,
    ).toBe(403);
    expect(
      (await api(newcomer, 'POST', `/api/v1/engagements/${e.id}/team`, { userId: consultant.id, role: 'lead' }))
        .statusCode,
    ).toBe(403);
    expect(await engagementSnapshot(t, e.id)).toEqual(snap);

    const removed = await api(irm, 'DELETE', `/api/v1/engagements/${e.id}/team`, { userId: newcomer.id });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().team).toEqual([]);
    const cancels = await outboxOf(t, 'engagement.schedule_cancelled');
    expect(cancels.filter((m) => m.payload.to.includes(newcomer.email))).toEqual([]);
    expect((await api(irm, 'DELETE', `/api/v1/engagements/${e.id}/team/${newcomer.id}`)).statusCode).toBe(404);
    expect((await api(newcomer, 'GET', `/api/v1/engagements/${e.id}`)).statusCode).toBe(404);
  });

  it("reschedules with a raised SEQUENCE and the same UID to the customer's approving and requesting contacts (not the team)", async () => {
    const e = await makeEngagement(t, {
      contract: await contractA(),
      team: [{ userId: consultant.id, role: 'lead' }],
      status: 'scheduled',
    });
    const sent = async () =>
      [...(await outboxOf(t, 'engagement.scheduled')), ...(await outboxOf(t, 'engagement.rescheduled'))].filter((m) =>
        ical(m).includes(`UID:${e.id}@`),
      );
    const first = await api(irm, 'PATCH', `/api/v1/engagements/${e.id}`, {
      plannedStart: '2026-11-16T15:00:00Z',
      plannedEnd: '2026-11-18T23:00:00Z',
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ plannedStart: '2026-11-16T15:00:00.000Z', scheduleSequence: 0, revision: 2 });
    expect(first.headers.etag).toBe('"2"');
    const second = await api(
      irm,
      'PATCH',
      `/api/v1/engagements/${e.id}`,
      { plannedStart: '2026-11-17T15:00:00Z' },
      { 'if-match': '"2"' },
    );
    expect(second.json()).toMatchObject({ plannedStart: '2026-11-17T15:00:00.000Z', scheduleSequence: 1 });
    const mails = await sent();
    expect(mails.map((m) => m.payload.to[0]).sort()).toEqual([approverContact.email, approverContact.email]);
    expect(mails.filter((m) => ical(m).includes('SEQUENCE:1')).map((m) => m.topic)).toEqual(['engagement.rescheduled']);
    expect(mails.some((m) => ical(m).includes(consultant.email))).toBe(false);
    expect(mails.every((m) => ical(m).includes('METHOD:REQUEST'))).toBe(true);
    // a title change alone sends nothing and keeps the sequence
    const n = mails.length;
    expect(
      (await api(irm, 'PATCH', `/api/v1/engagements/${e.id}`, { title: 'Ransomware response' })).json(),
    ).toMatchObject({ title: 'Ransomware response', scheduleSequence: 1 });
    expect((await sent()).length).toBe(n);
  });

  it('refuses stale revisions (409), end before start (400), other roles (403), closed engagements (409), and changes nothing', async () => {
    const e = await makeEngagement(t, { contract: await contractA(), team: [{ userId: consultant.id, role: 'lead' }] });
    const before = await engagementSnapshot(t, e.id);
    const stale = await api(irm, 'PATCH', `/api/v1/engagements/${e.id}`, { plannedStart: '2026-12-01', revision: 7 });
    expect([stale.statusCode, stale.json().code]).toEqual([409, 'STALE_REVISION']);
    expect(
      (await api(irm, 'PATCH', `/api/v1/engagements/${e.id}`, { plannedStart: '2026-12-05', plannedEnd: '2026-12-01' }))
        .statusCode,
    ).toBe(400);
    expect((await api(irm, 'PATCH', `/api/v1/engagements/${e.id}`, {})).statusCode).toBe(400);
    for (const u of [consultant, am, approverA])
      expect((await api(u, 'PATCH', `/api/v1/engagements/${e.id}`, { plannedStart: '2026-12-01' })).statusCode).toBe(
        403,
      );
    expect(await engagementSnapshot(t, e.id)).toEqual(before);
    const closed = await makeEngagement(t, { contract: await contractA(), status: 'closed' });
    const r = await api(irm, 'PATCH', `/api/v1/engagements/${closed.id}`, { plannedStart: '2026-12-01' });
    expect([r.statusCode, r.json().code]).toEqual([409, 'ENGAGEMENT_NOT_OPEN']);
    expect(
      (await api(irm, 'POST', `/api/v1/engagements/${closed.id}/team`, { userId: consultant.id, role: 'lead' })).json()
        .code,
    ).toBe('ENGAGEMENT_NOT_OPEN');
  });
});
