import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeContract,
  makeContractWorld,
  type ContractWorld,
  type TestCustomer,
} from './support/contract-factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let admin: Token, am: Token, otherAm: Token, irm: Token, consultant: Token, viewerA: Token, viewerB: Token;
let customerA: TestCustomer, customerB: TestCustomer;
type Token = ContractWorld['admin'];

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:00:00Z' });
  ({ admin, am, otherAm, irm, consultant, viewerA, viewerB, customerA, customerB } = await makeContractWorld(t, {
    timeZoneA: 'Europe/Berlin',
    timeZoneB: 'America/Chicago',
  }));
});
afterAll(async () => t.close());

let n = 0;
const body = (o: Record<string, unknown> = {}) => ({
  customerId: customerA.customerId,
  number: `API-${++n}-${Date.now() % 100000}`,
  termStart: '2026-01-01',
  termEnd: '2026-12-31',
  unit: 'hours',
  initialAmount: 2400,
  ...o,
});
const countContracts = async () =>
  Number(
    (
      await t.db.kysely
        .selectFrom('contracts')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const row = (id: string) =>
  t.db.kysely.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('POST /api/v1/contracts', () => {
  it('creates an active contract with the default settings and posts the grant', async () => {
    const r = await call(t.app, admin.auth, 'POST', '/api/v1/contracts', body({ number: 'NW-2026-01' }));
    expect(r.statusCode).toBe(201);
    const c = r.json();
    expect(r.headers['etag']).toBe('"1"');
    expect(c).toMatchObject({
      customerId: customerA.customerId,
      organizationId: customerA.organizationId,
      timeZone: 'Europe/Berlin',
      number: 'NW-2026-01',
      status: 'active',
      termStart: '2026-01-01',
      termEnd: '2026-12-31',
      unit: 'hours',
      unitsPerHour: null,
      predecessorId: null,
      successorId: null,
      revision: 1,
      initialAmount: { amount: 2400, unit: 'minute', display: '40h 00m' },
      settings: {
        overdraftPolicy: { mode: 'block' },
        roundingIncrementMinutes: 15,
        afterHoursMultiplier: '1',
        minimumBillable: { emergency: 0, proactive: 0 },
        minimumAppliesOnCancel: true,
        estimateTolerancePercent: 10,
        expiryPolicy: { mode: 'expire' },
        travelTimeBillable: false,
        leadTimeDaysOverride: null,
        statementDay: 1,
        alertThresholds: [50, 75, 90, 100],
        customerSeesEffortDetail: false,
        slaTargets: {
          P1: { initialContactMinutes: 60, remoteStartMinutes: 240, onsiteArrivalMinutes: 1440 },
          P4: { onsiteArrivalMinutes: null },
        },
        coverage: { ransomware: 'full', other: 'full' },
      },
    });
    expect(c.settings.activityMultipliers.analysis).toBe('1');
    const balance = (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${c.id}/balance`)).json();
    expect(balance).toMatchObject({
      granted: { amount: 2400 },
      balance: { amount: 2400 },
      available: { amount: 2400 },
    });
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', c.id)
      .where('action', '=', 'contract.created')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('creates a draft service-unit contract with partial settings; quantities are centiunits', async () => {
    const r = await call(
      t.app,
      am.auth,
      'POST',
      '/api/v1/contracts',
      body({
        unit: 'service_units',
        unitsPerHour: '1.5',
        initialAmount: 5000,
        status: 'draft',
        settings: { overdraftPolicy: { mode: 'allow_up_to', limit: 500 }, minimumBillable: { emergency: 800 } },
      }),
    );
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      status: 'draft',
      unitsPerHour: '1.50',
      initialAmount: { amount: 5000, unit: 'centiunit', display: '50.00 SU' },
      settings: {
        overdraftPolicy: { mode: 'allow_up_to', limit: 500 },
        minimumBillable: { emergency: 800, proactive: 0 },
      },
    });
  });

  it('refuses invalid input with 400 naming the field, a taken number with 409, and creates nothing', async () => {
    await call(t.app, admin.auth, 'POST', '/api/v1/contracts', body({ number: 'TAKEN-1' }));
    const before = await countContracts();
    const cases: [Record<string, unknown>, number, string][] = [
      [body({ termStart: '2026-12-31', termEnd: '2026-01-01' }), 400, 'termEnd'],
      [body({ unit: 'service_units' }), 400, 'unitsPerHour'],
      [body({ unit: 'service_units', unitsPerHour: '1.555' }), 400, 'body.unitsPerHour'],
      [body({ unitsPerHour: '1.5' }), 400, 'unitsPerHour'],
      [body({ initialAmount: 10_000_001 }), 400, 'body.initialAmount'],
      [body({ initialAmount: 1.5 }), 400, 'body.initialAmount'],
      [body({ termEnd: '2026-02-30' }), 400, 'body.termEnd'],
      [body({ settings: { overdraftPolicyy: { mode: 'allow' } } }), 400, 'body.settings'],
      [body({ settings: { alertThresholds: [0] } }), 400, 'body.settings.alertThresholds.0'],
      [body({ number: 'taken-1' }), 409, ''],
    ];
    for (const [b, status, path] of cases) {
      const r = await call(t.app, admin.auth, 'POST', '/api/v1/contracts', b);
      expect(r.statusCode, JSON.stringify(b)).toBe(status);
      expect(r.headers['content-type']).toContain('application/problem+json');
      if (path)
        expect(
          r
            .json()
            .errors.map((e: { path: string }) => e.path)
            .join(' '),
        ).toContain(path);
    }
    expect(await countContracts()).toBe(before);
  });

  it("lets only admins and the customer's account managers create: 403 inside the tenant, 404 across, 401 anonymous", async () => {
    const before = await countContracts();
    expect((await call(t.app, otherAm.auth, 'POST', '/api/v1/contracts', body())).statusCode).toBe(403);
    expect((await call(t.app, irm.auth, 'POST', '/api/v1/contracts', body())).statusCode).toBe(403);
    expect((await call(t.app, consultant.auth, 'POST', '/api/v1/contracts', body())).statusCode).toBe(403);
    expect((await call(t.app, viewerA.auth, 'POST', '/api/v1/contracts', body())).statusCode).toBe(403);
    expect((await call(t.app, viewerB.auth, 'POST', '/api/v1/contracts', body())).statusCode).toBe(404);
    expect((await call(t.app, null, 'POST', '/api/v1/contracts', body())).statusCode).toBe(401);
    expect(
      (await call(t.app, admin.auth, 'POST', '/api/v1/contracts', body({ customerId: 'cus_missing' }))).statusCode,
    ).toBe(404);
    expect(await countContracts()).toBe(before);
  });
});

describe('reading contracts', () => {
  it("lets staff readers and the customer's own users read; another tenant gets 404, consultants 403", async () => {
    const c = await makeContract(t, { customerId: customerA.customerId });
    for (const who of [admin, am, otherAm, irm, viewerA]) {
      const r = await call(t.app, who.auth, 'GET', `/api/v1/contracts/${c.id}`);
      expect(r.statusCode, who.role).toBe(200);
      expect(r.json().id).toBe(c.id);
    }
    const other = await call(t.app, viewerB.auth, 'GET', `/api/v1/contracts/${c.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().detail).toBe(
      (await call(t.app, viewerB.auth, 'GET', '/api/v1/contracts/ctr_missing'))
        .json()
        .detail.replace('ctr_missing', c.id),
    );
    expect((await call(t.app, consultant.auth, 'GET', `/api/v1/contracts/${c.id}`)).statusCode).toBe(403);
    expect((await call(t.app, consultant.auth, 'GET', '/api/v1/contracts')).statusCode).toBe(403);
  });

  it("lists by customer and status, paginated; customer users see only their organisation's", async () => {
    const a1 = await makeContract(t, { customerId: customerA.customerId });
    const b1 = await makeContract(t, { customerId: customerB.customerId });
    const b2 = await makeContract(t, { customerId: customerB.customerId, status: 'draft' });
    const byB = (await call(t.app, irm.auth, 'GET', `/api/v1/contracts?customerId=${customerB.customerId}`)).json();
    expect(byB.items.map((c: { id: string }) => c.id).sort()).toEqual([b1.id, b2.id].sort());
    const drafts = (
      await call(t.app, irm.auth, 'GET', `/api/v1/contracts?customerId=${customerB.customerId}&status=draft`)
    ).json();
    expect(drafts.items.map((c: { id: string }) => c.id)).toEqual([b2.id]);
    const own = (await call(t.app, viewerB.auth, 'GET', '/api/v1/contracts?limit=200')).json();
    expect(own.items.every((c: { customerId: string }) => c.customerId === customerB.customerId)).toBe(true);
    expect(own.items.map((c: { id: string }) => c.id)).toContain(b1.id);
    const byNumber = (await call(t.app, irm.auth, 'GET', `/api/v1/contracts?number=${b1.number.toLowerCase()}`)).json();
    expect(byNumber.items.map((c: { id: string }) => c.id)).toEqual([b1.id]);
    const foreign = (
      await call(t.app, viewerB.auth, 'GET', `/api/v1/contracts?customerId=${customerA.customerId}`)
    ).json();
    expect(foreign.items).toEqual([]);
    const page1 = (await call(t.app, admin.auth, 'GET', '/api/v1/contracts?limit=2')).json();
    expect(page1.items).toHaveLength(2);
    const page2 = (await call(t.app, admin.auth, 'GET', `/api/v1/contracts?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items[0].id > page1.items[1].id).toBe(true);
    expect(own.items.map((c: { id: string }) => c.id)).not.toContain(a1.id); // another customer's contract stays out of B's list
  });
});

describe('PATCH /api/v1/contracts/{id}', () => {
  it('merges settings and edits the term of the current revision; a stale one is 409 and changes nothing', async () => {
    const c = await makeContract(t, {
      customerId: customerA.customerId,
      settings: { minimumBillable: { emergency: 240, proactive: 120 } },
    });
    const r = await call(
      t.app,
      am.auth,
      'PATCH',
      `/api/v1/contracts/${c.id}`,
      { termEnd: '2028-06-30', settings: { minimumBillable: { proactive: 60 }, overdraftPolicy: { mode: 'allow' } } },
      { 'if-match': '"1"' },
    );
    expect(r.statusCode).toBe(200);
    expect(r.headers['etag']).toBe('"2"');
    expect(r.json()).toMatchObject({
      termEnd: '2028-06-30',
      revision: 2,
      settings: { minimumBillable: { emergency: 240, proactive: 60 }, overdraftPolicy: { mode: 'allow' } },
    });
    const before = await row(c.id);
    const stale = await call(
      t.app,
      am.auth,
      'PATCH',
      `/api/v1/contracts/${c.id}`,
      { number: 'X-STALE' },
      { 'if-match': '"1"' },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'STALE_REVISION', details: { currentRevision: 2 } });
    const staleBody = await call(t.app, am.auth, 'PATCH', `/api/v1/contracts/${c.id}`, {
      number: 'X-STALE',
      revision: 1,
    });
    expect(staleBody.json().code).toBe('STALE_REVISION');
    expect(await row(c.id)).toEqual(before);
    const ok = await call(t.app, am.auth, 'PATCH', `/api/v1/contracts/${c.id}`, {
      number: `${c.number}-B`,
      revision: 2,
    });
    expect(ok.json()).toMatchObject({ number: `${c.number}-B`, revision: 3 });
  });

  it('refuses bad edits (400/403/404/409/422) and changes nothing', async () => {
    const c = await makeContract(t, { customerId: customerA.customerId });
    const taken = await makeContract(t, { customerId: customerA.customerId });
    const ended = await makeContract(t, { customerId: customerA.customerId });
    await call(t.app, admin.auth, 'POST', `/api/v1/contracts/${ended.id}/terminate`, {
      reason: 'customer went elsewhere',
    });
    const before = await row(c.id);
    const url = `/api/v1/contracts/${c.id}`;
    expect((await call(t.app, am.auth, 'PATCH', url, { termEnd: '2025-12-31' })).statusCode).toBe(400);
    expect((await call(t.app, am.auth, 'PATCH', url, { unitsPerHour: '2' })).statusCode).toBe(400);
    expect((await call(t.app, am.auth, 'PATCH', url, { settings: { statementDay: 31 } })).statusCode).toBe(400);
    expect((await call(t.app, am.auth, 'PATCH', url, {})).statusCode).toBe(400);
    expect((await call(t.app, am.auth, 'PATCH', url, { number: 'x' }, { 'if-match': 'nope' })).statusCode).toBe(400);
    expect((await call(t.app, am.auth, 'PATCH', url, { number: taken.number.toLowerCase() })).json().code).toBe(
      'CONFLICT',
    );
    expect((await call(t.app, otherAm.auth, 'PATCH', url, { number: 'Z-1' })).statusCode).toBe(403);
    expect((await call(t.app, irm.auth, 'PATCH', url, { number: 'Z-1' })).statusCode).toBe(403);
    expect((await call(t.app, viewerA.auth, 'PATCH', url, { number: 'Z-1' })).statusCode).toBe(403);
    expect((await call(t.app, viewerB.auth, 'PATCH', url, { number: 'Z-1' })).statusCode).toBe(404);
    expect(await row(c.id)).toEqual(before);
    const r = await call(t.app, admin.auth, 'PATCH', `/api/v1/contracts/${ended.id}`, { number: 'Z-2' });
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('CONTRACT_NOT_ACTIVE');
  });
});

describe('lifecycle', () => {
  it('activates a draft; activating again is 409 INVALID_TRANSITION', async () => {
    const c = await makeContract(t, { customerId: customerA.customerId, status: 'draft' });
    expect((await call(t.app, viewerA.auth, 'POST', `/api/v1/contracts/${c.id}/activate`)).statusCode).toBe(403);
    const r = await call(t.app, am.auth, 'POST', `/api/v1/contracts/${c.id}/activate`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'active', revision: 2 });
    const again = await call(t.app, am.auth, 'POST', `/api/v1/contracts/${c.id}/activate`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVALID_TRANSITION');
  });

  it('terminates early with a reason (admins only)', async () => {
    const c = await makeContract(t, { customerId: customerA.customerId });
    const before = await row(c.id);
    expect(
      (await call(t.app, am.auth, 'POST', `/api/v1/contracts/${c.id}/terminate`, { reason: 'no longer wanted' }))
        .statusCode,
    ).toBe(403);
    expect((await call(t.app, admin.auth, 'POST', `/api/v1/contracts/${c.id}/terminate`, {})).statusCode).toBe(400);
    expect(
      (await call(t.app, viewerB.auth, 'POST', `/api/v1/contracts/${c.id}/terminate`, { reason: 'x-tenant' }))
        .statusCode,
    ).toBe(404);
    expect(await row(c.id)).toEqual(before);
    const r = await call(t.app, admin.auth, 'POST', `/api/v1/contracts/${c.id}/terminate`, {
      reason: 'customer acquired',
    });
    expect(r.json()).toMatchObject({ status: 'terminated', statusReason: 'customer acquired' });
    expect(
      (await call(t.app, admin.auth, 'POST', `/api/v1/contracts/${c.id}/terminate`, { reason: 'again' })).json().code,
    ).toBe('INVALID_TRANSITION');
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', c.id)
      .where('action', '=', 'contract.terminated')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ status: 'terminated', reason: 'customer acquired' });
  });

  it('renews once: the successor takes the next term, unit and settings; a second renewal is 409', async () => {
    const c = await makeContract(t, {
      customerId: customerA.customerId,
      termStart: '2026-04-01',
      termEnd: '2027-03-31',
      settings: { expiryPolicy: { mode: 'rollover', percent: 20 } },
    });
    const r = await call(t.app, am.auth, 'POST', `/api/v1/contracts/${c.id}/renew`, {
      number: `${c.number}-2`,
      initialAmount: 1200,
      settings: { statementDay: 5 },
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      customerId: customerA.customerId,
      predecessorId: c.id,
      termStart: '2027-04-01',
      termEnd: '2028-03-31',
      unit: 'hours',
      status: 'active',
      initialAmount: { amount: 1200 },
      settings: { expiryPolicy: { mode: 'rollover', percent: 20 }, statementDay: 5 },
    });
    expect((await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${c.id}`)).json().successorId).toBe(r.json().id);
    const draft = await makeContract(t, { customerId: customerA.customerId, status: 'draft' });
    const before = await countContracts();
    const again = await call(t.app, am.auth, 'POST', `/api/v1/contracts/${c.id}/renew`, { number: `${c.number}-3` });
    expect(again.statusCode).toBe(409);
    expect(
      (
        await call(t.app, am.auth, 'POST', `/api/v1/contracts/${r.json().id}/renew`, {
          number: `${c.number}-4`,
          termStart: '2028-01-01',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await call(t.app, viewerA.auth, 'POST', `/api/v1/contracts/${r.json().id}/renew`, { number: `${c.number}-5` }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call(t.app, am.auth, 'POST', `/api/v1/contracts/${draft.id}/renew`, { number: `${c.number}-6` }))
        .statusCode,
    ).toBe(422);
    expect(await countContracts()).toBe(before);
  });
});
