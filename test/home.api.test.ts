/** GET /api/v1/home: each role's cards filled from the demo's open work, tenants kept apart. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../src/demo/index.ts';
import { DEMO_PASSWORD } from '../src/demo/staff.ts';
import type { Home } from '../src/shared/contracts/home.ts';
import { makeProvider, makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-12-03T15:00:00Z' });
  await makeProvider(t);
  expect((await loadDemoData(t.core)).loaded).toBe(true);
}, 600_000);
afterAll(async () => t.close());

async function signIn(email: string): Promise<Auth> {
  const login = await call(t.app, null, 'POST', '/api/v1/auth/login', { email, password: DEMO_PASSWORD });
  expect(login.statusCode, login.body).toBe(200);
  const cookie = login.headers['set-cookie'];
  return { cookie: String(Array.isArray(cookie) ? cookie[0] : cookie).split(';')[0]!, csrf: login.json().csrfToken };
}

async function homeAs(auth: Auth): Promise<Home> {
  const r = await call(t.app, auth, 'GET', '/api/v1/home');
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}
const homeOf = async (email: string) => homeAs(await signIn(email));

const userId = async (email: string) =>
  (await t.db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

const severityRank = (s: string | null) => (s ? Number(s.slice(1)) : 9);

describe('the customer home (portal)', () => {
  it("lists the customer's open requests with their SLA state, engagements with consumption, approvals and the latest statement", async () => {
    const home = await homeOf('dana.whitfield@northwind.example');
    expect(home.manager).toBeNull();
    expect(home.consultant).toBeNull();
    expect(home.accountManager).toBeNull();
    const c = home.customer!;
    // The demo's open work for Northwind: the card said "No open requests or engagements".
    expect(c.openRequests.length).toBeGreaterThanOrEqual(3);
    expect(c.openRequests.every((r) => r.customerName === 'Northwind Freight')).toBe(true);
    expect(c.openRequests.some((r) => r.slaStatus !== null && r.nextDue !== null)).toBe(true);
    const dbOpen = await t.db.kysely
      .selectFrom('service_requests')
      .innerJoin('customers', 'customers.id', 'service_requests.customer_id')
      .select(['service_requests.id', 'service_requests.number'])
      .where('customers.name', '=', 'Northwind Freight')
      .where('service_requests.status', 'in', ['received', 'scoping', 'ewo_drafting', 'awaiting_approval', 'approved'])
      .execute();
    expect(c.openRequests.map((r) => r.id).sort()).toEqual(dbOpen.map((r) => r.id).sort());
    // Each row is named by its request number, as the customer reads it.
    expect(c.openRequests.map((r) => r.number).sort()).toEqual(dbOpen.map((r) => r.number).sort());

    expect(c.engagements.length).toBeGreaterThanOrEqual(2);
    for (const e of c.engagements) {
      expect(e.customerName).toBe('Northwind Freight');
      expect(e.number).toMatch(/^ENG-\d{4}-\d{4}$/);
      expect(['scheduled', 'in_progress', 'on_hold', 'delivering']).toContain(e.status);
      expect(e.percentOfEstimate).toBeCloseTo((e.consumed.amount * 100) / e.estimate.amount, 1);
    }
    expect(c.approvals.length).toBeGreaterThanOrEqual(1);
    expect(c.approvals.every((a) => a.customerName === 'Northwind Freight' && /^(EWO|CO)-/.test(a.number))).toBe(true);
    expect(c.latestStatement).toMatchObject({ contractNumber: 'NW-IMR-2026', period: '2026-11' });
  });

  it("shows one customer nothing of another's (Northwind and Contoso)", async () => {
    const northwind = (await homeOf('dana.whitfield@northwind.example')).customer!;
    const contoso = (await homeOf('katrin.vogel@contoso-health.example')).customer!;
    const names = [
      ...contoso.openRequests.map((r) => r.customerName),
      ...contoso.engagements.map((e) => e.customerName),
      ...contoso.approvals.map((a) => a.customerName),
    ];
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names)).toEqual(new Set(['Contoso Health']));
    const contosoText = JSON.stringify(contoso);
    for (const id of [
      ...northwind.openRequests.map((r) => r.id),
      ...northwind.engagements.map((e) => e.id),
      ...northwind.approvals.map((a) => a.id),
      northwind.latestStatement!.id,
    ])
      expect(contosoText).not.toContain(id);
    expect(contoso.latestStatement?.contractNumber).not.toBe('NW-IMR-2026');
  });
});

describe('the IR manager home', () => {
  it('sorts the triage queue by severity then earliest SLA due, lists targets at risk, approvals waiting and unbooked engagements', async () => {
    const home = await homeOf('maria.keller@irfirm.example');
    expect(home.customer).toBeNull();
    expect(home.consultant).toBeNull();
    expect(home.accountManager).toBeNull();
    const m = home.manager!;
    expect(m.triage.length).toBeGreaterThanOrEqual(4);
    expect(new Set(m.triage.map((r) => r.customerName)).size).toBeGreaterThan(1);
    expect(m.triage.every((r) => r.status !== 'approved')).toBe(true);
    for (let i = 1; i < m.triage.length; i++) {
      const [a, b] = [m.triage[i - 1]!, m.triage[i]!];
      expect(severityRank(a.severity)).toBeLessThanOrEqual(severityRank(b.severity));
      if (a.severity === b.severity && a.nextDue && b.nextDue)
        expect(Date.parse(a.nextDue.dueAt)).toBeLessThanOrEqual(Date.parse(b.nextDue.dueAt));
    }
    expect(m.triage[0]!.severity).toBe('P1');

    expect(m.atRisk.length).toBeGreaterThan(0);
    expect(m.atRisk.every((x) => x.status === 'at_risk' || x.status === 'breached')).toBe(true);
    const dues = m.atRisk.map((x) => Date.parse(x.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));

    // Every customer's approvals waiting, Northwind's among them.
    const dana = (await homeOf('dana.whitfield@northwind.example')).customer!;
    expect(m.awaitingCustomer.map((a) => a.id)).toEqual(expect.arrayContaining(dana.approvals.map((a) => a.id)));

    const now = t.clock.now();
    const booked = await t.db.kysely
      .selectFrom('busy_periods')
      .select('engagement_id')
      .where('kind', '=', 'booking')
      .where('cancelled_at', 'is', null)
      .where(sql<boolean>`upper(period) > ${now.toISOString()}::timestamptz`)
      .execute();
    const bookedIds = new Set(booked.map((b) => b.engagement_id));
    const active = await t.db.kysely
      .selectFrom('engagements')
      .select('id')
      .where('status', 'in', ['scheduled', 'in_progress'])
      .execute();
    const expected = active.map((e) => e.id).filter((id) => !bookedIds.has(id));
    expect(m.unbooked.length).toBeGreaterThan(0);
    expect(m.unbooked.map((e) => e.id).sort()).toEqual(expected.sort());
  });

  it('names the owner and the requester with his phone on each triage item, as the requests board does', async () => {
    const auth = await signIn('maria.keller@irfirm.example');
    const triage = (await homeAs(auth)).manager!.triage;
    for (const item of triage) {
      const r = await call(t.app, auth, 'GET', `/api/v1/requests/${item.id}`);
      expect(r.statusCode, r.body).toBe(200);
      const board = r.json();
      expect(item.owner).toEqual(board.owner ? { name: board.owner.name } : null);
      expect(item.requesterName).toBe(board.requesterName);
      expect(item.requesterPhone).toBe(board.requesterPhone);
    }
    // The demo's queue has owned and unowned requests, and requesters with a phone.
    expect(triage.some((r) => r.owner !== null)).toBe(true);
    expect(triage.some((r) => r.owner === null)).toBe(true);
    expect(triage.some((r) => r.requesterPhone !== null)).toBe(true);
  });

  it("an administrator sees the IR manager's and the account manager's cards", async () => {
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const home = await homeAs(admin.auth);
    expect(home.manager?.triage.length).toBeGreaterThan(0);
    expect(home.accountManager?.contracts.length).toBeGreaterThan(0);
    expect(home.customer).toBeNull();
    expect(home.consultant).toBeNull();
  });
});

describe('the consultant home', () => {
  it('lists her engagements, her week and the working days without time logged', async () => {
    const email = 'lena.fischer@irfirm.example';
    const lena = await userId(email);
    const home = await homeOf(email);
    expect(home.manager).toBeNull();
    const c = home.consultant!;
    const team = await t.db.kysely
      .selectFrom('engagement_team')
      .innerJoin('engagements', 'engagements.id', 'engagement_team.engagement_id')
      .select('engagements.id')
      .where('engagement_team.user_id', '=', lena)
      .where('engagements.status', 'in', ['scheduled', 'in_progress', 'on_hold', 'delivering'])
      .execute();
    expect(team.length).toBeGreaterThan(0);
    expect(c.engagements.map((e) => e.id).sort()).toEqual(team.map((e) => e.id).sort());

    expect(c.timeZone).toBe('Europe/Berlin');
    expect(c.weekFrom).toBe('2026-12-03');
    const bookings = await t.db.kysely
      .selectFrom('busy_periods')
      .select('id')
      .where('kind', '=', 'booking')
      .where('consultant_id', '=', lena)
      .where('cancelled_at', 'is', null)
      .where(sql<boolean>`period && tstzrange('2026-12-02T23:00:00Z', '2026-12-09T23:00:00Z')`)
      .execute();
    expect(c.week.length).toBeGreaterThan(0);
    expect(c.week.map((b) => b.id).sort()).toEqual(bookings.map((b) => b.id).sort());

    const logged = await t.db.kysely
      .selectFrom('effort_entries')
      .select('work_date')
      .distinct()
      .where('user_id', '=', lena)
      .where('status', '=', 'active')
      .execute();
    const loggedDays = new Set(logged.map((r) => String(r.work_date)));
    // Working days from Thu 19 Nov to Wed 2 Dec (today, Thu 3 Dec in Berlin, excluded).
    const working = ['19', '20', '23', '24', '25', '26', '27', '30'].map((d) => `2026-11-${d}`);
    working.push('2026-12-01', '2026-12-02');
    expect(c.daysWithoutTime).toEqual(working.filter((d) => !loggedDays.has(d)));
    expect(c.daysWithoutTime.length).toBeGreaterThan(0);
    expect(c.daysWithoutTime.length).toBeLessThan(working.length);
  });

  it('lives her week in her own zone first, else her home base, else the firm default (never UTC by default)', async () => {
    const email = 'lena.fischer@irfirm.example';
    const lena = await userId(email);
    const setOwn = (zone: string | null) =>
      t.db.kysely.updateTable('users').set({ time_zone: zone }).where('id', '=', lena).execute();
    try {
      await setOwn('America/Chicago');
      expect((await homeOf(email)).consultant!.timeZone).toBe('America/Chicago');
    } finally {
      await setOwn(null);
    }
    const profile = await t.db.kysely
      .selectFrom('consultant_profiles')
      .select('time_zone')
      .where('user_id', '=', lena)
      .executeTakeFirstOrThrow();
    expect((await homeOf(email)).consultant!.timeZone).toBe(profile.time_zone);
  });
});

describe('the account manager home', () => {
  it('lists the retainers near an alert threshold or their term end, and no other', async () => {
    const home = await homeOf('tom.becker@irfirm.example');
    expect(home.manager).toBeNull();
    const contracts = home.accountManager!.contracts;
    expect(contracts.length).toBeGreaterThan(0);
    expect(contracts.every((c) => c.threshold !== null || c.termEndNear)).toBe(true);
    // Journey 3: Litware's term ends in 58 days.
    expect(contracts.find((c) => c.number === 'LW-IMR-2026')).toMatchObject({ termEndNear: true, daysLeft: 58 });
    const active = await t.db.kysely.selectFrom('contracts').select('number').where('status', '=', 'active').execute();
    expect(contracts.length).toBeLessThanOrEqual(active.length);
  });
});

describe('refusals', () => {
  it('refuses an anonymous caller (401)', async () => {
    const r = await call(t.app, null, 'GET', '/api/v1/home');
    expect(r.statusCode).toBe(401);
  });
});
