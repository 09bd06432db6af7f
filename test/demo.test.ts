import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../src/demo/index.ts';
import { DEMO_PASSWORD } from '../src/demo/staff.ts';
import { makeProvider, makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(async () => t.close());

describe('demo data', () => {
  it('loads once, and its users sign in with the demo password (staff app and customer portal)', async () => {
    await makeProvider(t);
    const first = await loadDemoData(t.core);
    expect(first.loaded).toBe(true);
    const again = await loadDemoData(t.core);
    expect(again.loaded).toBe(false);
    // Journey 3: Litware (term ends in 58 days, 30 h left) got its 60-day reminder from the job itself, once.
    const reminders = await t.db.kysely
      .selectFrom('outbox')
      .innerJoin('contracts', 'contracts.id', 'outbox.contract_id')
      .select(['contracts.number', 'outbox.dedupe_key'])
      .where('outbox.topic', '=', 'contract.term_end_reminder')
      .execute();
    expect(reminders.map((reminder) => reminder.number)).toContain('LW-IMR-2026');
    // One reminder: the contacts' message keeps the key, the account team's copy adds its audience to it.
    const litware = reminders.filter((reminder) => reminder.number === 'LW-IMR-2026');
    expect(litware.filter((reminder) => !reminder.dedupe_key!.includes('#'))).toHaveLength(1);
    for (const reminder of litware) expect(reminder.dedupe_key).toMatch(/:60(#|$)/);
    const staff = await call(t.app, null, 'POST', '/api/v1/auth/login', {
      email: 'maria.keller@irfirm.example',
      password: DEMO_PASSWORD,
    });
    expect(staff.statusCode).toBe(200);
    expect(staff.json().user.role).toBe('ir_manager');
    const customers = await t.db.kysely.selectFrom('customers').select(['name', 'time_zone']).execute();
    expect(customers.length).toBeGreaterThanOrEqual(3);
    expect(new Set(customers.map((c) => c.time_zone)).size).toBeGreaterThanOrEqual(3);
    const portalUser = await t.db.kysely
      .selectFrom('users')
      .select('email')
      .where('role', '=', 'customer_approver')
      .executeTakeFirstOrThrow();
    const portal = await call(t.app, null, 'POST', '/api/v1/auth/login', {
      email: portalUser.email,
      password: DEMO_PASSWORD,
    });
    expect(portal.statusCode).toBe(200);
    expect(portal.json().user.organizationKind).toBe('customer');
  });
});

describe('demo retainers and requests', () => {
  it('has a pending top-up request for the account team to decide (issue 17)', async () => {
    const pending = await t.db.kysely
      .selectFrom('topup_requests')
      .select(['amount', 'purchase_order'])
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toEqual([{ amount: 20 * 60, purchase_order: 'PO-FB-2026-031' }]);
  });

  it('has active contracts with ledger history and open requests in several SLA states', async () => {
    const contracts = await t.db.kysely.selectFrom('contracts').select(['number', 'status']).execute();
    expect(contracts.filter((c) => c.status === 'active').length).toBeGreaterThanOrEqual(4);
    expect(new Set(contracts.map((c) => c.status))).toEqual(new Set(['active', 'draft', 'expired', 'terminated']));
    const entries = await t.db.kysely
      .selectFrom('ledger_entries')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(entries.n)).toBeGreaterThan(10);
    const requests = await t.db.kysely.selectFrom('service_requests').select(['kind', 'status']).execute();
    expect(requests.some((r) => r.kind === 'emergency')).toBe(true);
    expect(requests.some((r) => r.kind === 'proactive')).toBe(true);
  });

  it('has an SLA history from events: most targets met, exactly one at risk, one honestly breached (issue 16)', async () => {
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const all: { id: string; kind: string; status: string; slaStatus: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const page = (
        await call(t.app, admin.auth, 'GET', `/api/v1/requests?limit=200${cursor ? `&cursor=${cursor}` : ''}`)
      ).json() as { items: typeof all; nextCursor: string | null };
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const emergencies = all.filter((r) => r.kind === 'emergency');
    const by = (status: string) => emergencies.filter((r) => r.slaStatus === status);
    expect(by('at_risk')).toHaveLength(1);
    expect(by('breached')).toHaveLength(1);
    expect(by('met').length).toBeGreaterThan(emergencies.length / 2);
    // No request whose engagement is under way shows a breach; closed engagements closed their requests.
    const engagements = await t.db.kysely.selectFrom('engagements').select(['request_id', 'status']).execute();
    for (const e of engagements) {
      const request = all.find((r) => r.id === e.request_id)!;
      if (['in_progress', 'delivering', 'on_hold', 'scheduled'].includes(e.status))
        expect(request.slaStatus, `${e.status} engagement`).not.toBe('breached');
      if (e.status === 'closed' || e.status === 'cancelled') expect(request.status).toBe('closed');
    }
    expect(engagements.some((e) => e.status === 'closed' || e.status === 'cancelled')).toBe(true);
    // Milestones come from events: triage/contacts, kickoffs, check-ins.
    const sources = await t.db.kysely.selectFrom('request_milestones').select('source').distinct().execute();
    expect(sources.map((x) => x.source)).toEqual(
      expect.arrayContaining(['contacted', 'engagement_started', 'check_in']),
    );
    // Journey 1: Northwind's on-site arrival is the forensic lead's check-in of his on-site booking, not a hand entry.
    const arrivals = await t.db.kysely
      .selectFrom('request_milestones')
      .select(['request_id', 'source', 'at'])
      .where('kind', '=', 'onsite_arrival')
      .execute();
    expect(arrivals.map((a) => a.source)).toEqual(['check_in']);
    const booking = await t.db.kysely
      .selectFrom('busy_periods')
      .innerJoin('engagements', 'engagements.id', 'busy_periods.engagement_id')
      .innerJoin('users', 'users.id', 'busy_periods.consultant_id')
      .select(['engagements.request_id', 'busy_periods.mode', 'busy_periods.checked_in_at', 'users.name'])
      .where('busy_periods.checked_in_at', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(booking).toMatchObject({ request_id: arrivals[0]!.request_id, mode: 'onsite', name: 'Marcus Hill' });
    expect(new Date(booking.checked_in_at!).getTime()).toBe(new Date(arrivals[0]!.at).getTime());
    const journey = (await call(t.app, admin.auth, 'GET', `/api/v1/requests/${arrivals[0]!.request_id}`)).json() as {
      slaTargets: { kind: string; status: string }[];
    };
    expect(journey.slaTargets.find((target) => target.kind === 'onsite_arrival')?.status).toBe('met');
  });
});

describe('demo work, effort and expenses', () => {
  it('has work orders in several states, engagements with effort, a closed one, expenses and deliverables', async () => {
    const engagements = await t.db.kysely.selectFrom('engagements').select(['status']).execute();
    expect(new Set(engagements.map((e) => e.status))).toEqual(
      new Set(['scheduled', 'in_progress', 'on_hold', 'delivering', 'closed', 'cancelled']),
    );
    const trueUps = await t.db.kysely
      .selectFrom('ledger_entries')
      .select('id')
      .where('kind', '=', 'minimum_true_up')
      .execute();
    expect(trueUps.length).toBeGreaterThanOrEqual(1);
    const workOrders = await t.db.kysely.selectFrom('work_order_versions').select('status').execute();
    expect(new Set(workOrders.map((v) => v.status))).toEqual(
      new Set(['draft', 'sent', 'approved', 'declined', 'changes_requested', 'superseded', 'expired']),
    );
    const effort = await t.db.kysely
      .selectFrom('effort_entries')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(effort.n)).toBeGreaterThan(5);
    const expenses = await t.db.kysely
      .selectFrom('expenses')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(expenses.n)).toBeGreaterThan(0);
    const consumes = await t.db.kysely
      .selectFrom('ledger_entries')
      .select('id')
      .where('kind', '=', 'consume')
      .where('engagement_id', 'in', (eb) => eb.selectFrom('engagements').select('id'))
      .execute();
    expect(consumes.length).toBeGreaterThan(0);
  });
});

describe('demo audit trail', () => {
  it('lists every event the demo wrote, page by page, with the details of effort events as objects', async () => {
    const admin = await makeUserWithToken(t, { role: 'admin' });
    let cursor: string | null = null;
    let events = 0;
    do {
      const page = await call(
        t.app,
        admin.auth,
        'GET',
        `/api/v1/audit?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.statusCode).toBe(200);
      events += page.json().items.length;
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(events).toBeGreaterThan(50);
    const logged = await t.db.kysely
      .selectFrom('audit_events')
      .select('after')
      .where('action', '=', 'effort.logged')
      .execute();
    expect(logged.length).toBeGreaterThan(5);
    expect(logged.filter((e) => typeof e.after !== 'object')).toEqual([]);
  });
});
