import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUserWithToken, signIn } from './support/factories.ts';
import { call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';
import {
  expectRefused,
  makeContact,
  makeContract,
  makeCustomer,
  makeCustomerUser,
  makeRequestWorld,
} from './support/request-factories.ts';

let t: TestEnv;
let admin: Awaited<ReturnType<typeof makeUserWithToken>>;
let catalog: Record<string, string>;
beforeAll(async () => {
  t = await createTestEnv();
  admin = await makeUserWithToken(t, { role: 'admin' });
  const items = (await call(t.app, admin.auth, 'GET', '/api/v1/catalog?limit=100')).json().items as {
    id: string;
    name: string;
  }[];
  catalog = Object.fromEntries(items.map((i) => [i.name, i.id]));
});
afterAll(async () => t.close());

const post = (auth: Auth, body: unknown, headers?: Record<string, string>) =>
  call(t.app, auth, 'POST', '/api/v1/requests', body, headers);
const proactive = (contractId: string, desiredStart: string, item = 'Tabletop exercise') => ({
  contractId,
  kind: 'proactive',
  catalogItemId: catalog[item],
  desiredStart,
  description: 'Board-level tabletop exercise on a ransomware scenario.',
});
const emergency = (contractId: string, extra: Record<string, unknown> = {}) => ({
  contractId,
  kind: 'emergency',
  incidentType: 'ransomware',
  severity: 'P1',
  description: 'File servers encrypted, ransom note on every share.',
  ...extra,
});

const refused = (p: Promise<{ statusCode: number; json(): unknown }>, status: number, code: string) =>
  expectRefused(t, p, status, code);

describe('emergency intake', () => {
  it('records a portal emergency from a customer approver with SLA targets from receivedAt and tells the IR managers', async () => {
    t.clock.set('2026-11-02T09:07:00Z');
    const w = await makeRequestWorld(t);
    const s = await signIn(t, w.approver.email);
    const r = await post(s, emergency(w.contract.id, { onsiteRequired: true }));
    expect(r.statusCode).toBe(201);
    const body = r.json();
    expect(body).toMatchObject({
      kind: 'emergency',
      status: 'received',
      channel: 'portal',
      customerId: w.customer.customerId,
      contractId: w.contract.id,
      requesterContactId: w.approver.contactId,
      requesterUserId: w.approver.id,
      supportLevel: 'full',
      flags: [],
      notices: [],
      receivedAt: '2026-11-02T09:07:00.000Z',
      leadTimeDays: null,
      earliestStart: null,
      slaStatus: 'pending',
      catalogItemName: 'Emergency incident response',
    });
    expect(
      body.slaTargets.map((x: { kind: string; dueAt: string; status: string }) => [x.kind, x.dueAt, x.status]),
    ).toEqual([
      ['initial_contact', '2026-11-02T10:07:00.000Z', 'pending'],
      ['remote_start', '2026-11-02T13:07:00.000Z', 'pending'],
      ['onsite_arrival', '2026-11-03T09:07:00.000Z', 'pending'],
    ]);
    const mail = await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'request.received')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(mail.payload.to).toContain(w.irManager.email);
    expect(mail.payload.subject).toContain('[P1] Emergency request');
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_id', '=', body.id)
      .where('action', '=', 'request.created')
      .executeTakeFirstOrThrow();
    expect(audit.organization_id).toBe(w.customer.organizationId);
  });

  it('records API requests as channel api, and hotline intake with the caller and the time of the call', async () => {
    t.clock.set('2026-11-02T09:55:00Z'); // 48 of the 60 minutes of the initial contact target are gone
    const w = await makeRequestWorld(t);
    const viaApi = await post(w.requester.auth, emergency(w.contract.id, { severity: 'P3' }));
    expect(viaApi.statusCode).toBe(201);
    expect(viaApi.json()).toMatchObject({ channel: 'api', requesterContactId: w.requester.contactId, severity: 'P3' });

    const caller = await makeContact(t, w.customer.customerId, { canApprove: true });
    const hotline = await post(
      w.irManager.auth,
      emergency(w.contract.id, {
        channel: 'hotline',
        receivedAt: '2026-11-02T03:07:00-06:00',
        requesterContactId: caller.id,
      }),
    );
    expect(hotline.statusCode).toBe(201);
    expect(hotline.json()).toMatchObject({
      channel: 'hotline',
      receivedAt: '2026-11-02T09:07:00.000Z',
      requesterContactId: caller.id,
      requesterUserId: null,
      requesterName: caller.name,
    });
    expect(hotline.json().slaTargets[0]).toMatchObject({
      kind: 'initial_contact',
      dueAt: '2026-11-02T10:07:00.000Z',
      status: 'at_risk',
    });
    const email = await post(w.irManager.auth, emergency(w.contract.id, { channel: 'email' }));
    expect(email.json().channel).toBe('email');
  });

  it('applies the level of support: full proceeds, advisory and not covered are recorded, flagged and explained', async () => {
    t.clock.set('2026-11-02T10:00:00Z');
    const w = await makeRequestWorld(t, {
      settings: { coverage: { business_email_compromise: 'advisory', denial_of_service: 'not_covered' } },
    });
    const full = (await post(w.requester.auth, emergency(w.contract.id, { onsiteRequired: true }))).json();
    expect(full).toMatchObject({ supportLevel: 'full', flags: [], notices: [] });
    expect(full.slaTargets).toHaveLength(3);

    const advisory = await post(
      w.requester.auth,
      emergency(w.contract.id, { incidentType: 'business_email_compromise', severity: 'P2', onsiteRequired: true }),
    );
    expect(advisory.statusCode).toBe(201);
    expect(advisory.json()).toMatchObject({ status: 'received', supportLevel: 'advisory', flags: ['advisory'] });
    expect(advisory.json().notices[0].message).toContain('advisory support only');
    expect(advisory.json().slaTargets.map((x: { kind: string }) => x.kind)).toEqual([
      'initial_contact',
      'remote_start',
    ]);

    const notCovered = await post(
      w.requester.auth,
      emergency(w.contract.id, { incidentType: 'denial_of_service', severity: 'P2' }),
    );
    expect(notCovered.statusCode).toBe(201);
    expect(notCovered.json()).toMatchObject({ supportLevel: 'not_covered', flags: ['not_covered'] });
    expect(notCovered.json().notices[0]).toMatchObject({ code: 'not_covered' });
    expect(notCovered.json().notices[0].message).toContain(`does not cover denial of service incidents`);
    expect(notCovered.json().slaTargets.map((x: { kind: string }) => x.kind)).toEqual(['initial_contact']);
  });

  it('records an emergency under a contract that is not active, flagged no_active_retainer, and refuses proactive work naming the term', async () => {
    t.clock.set('2026-11-02T10:00:00Z');
    const c = await makeCustomer(t);
    const expired = await makeContract(t, c.customerId, {
      status: 'expired',
      termStart: '2025-01-01',
      termEnd: '2025-12-31',
    });
    const draft = await makeContract(t, c.customerId, {
      status: 'draft',
      termStart: '2027-01-01',
      termEnd: '2027-12-31',
    });
    const ended = await makeContract(t, c.customerId, {
      status: 'active',
      termStart: '2025-11-01',
      termEnd: '2026-10-31',
    });
    const requester = await makeCustomerUser(t, c, 'customer_requester');

    for (const contract of [expired, draft, ended]) {
      const r = await post(requester.auth, emergency(contract.id));
      expect(r.statusCode).toBe(201);
      expect(r.json().flags).toEqual(['no_active_retainer']);
      expect(r.json().notices[0].code).toBe('no_active_retainer');
      expect(r.json().slaTargets.map((x: { kind: string }) => x.kind)).toEqual(['initial_contact']);
    }
    const e = await refused(post(requester.auth, proactive(expired.id, '2027-06-01')), 422, 'CONTRACT_NOT_ACTIVE');
    expect(e.detail).toContain('is expired (term 2025-01-01 to 2025-12-31)');
    expect(e.details).toMatchObject({
      contractId: expired.id,
      termStart: '2025-01-01',
      termEnd: '2025-12-31',
      status: 'expired',
    });
    expect(
      (await refused(post(requester.auth, proactive(draft.id, '2027-06-01')), 422, 'CONTRACT_NOT_ACTIVE')).detail,
    ).toContain('is draft (term 2027-01-01 to 2027-12-31)');
    expect(
      (await refused(post(requester.auth, proactive(ended.id, '2027-06-01')), 422, 'CONTRACT_NOT_ACTIVE')).detail,
    ).toContain('has ended (term 2025-11-01 to 2026-10-31)');
  });
});

describe('who may request', () => {
  it('refuses viewers, consultants and account managers with 403, and leaves nothing behind', async () => {
    const w = await makeRequestWorld(t);
    await refused(post(w.viewer.auth, emergency(w.contract.id)), 403, 'FORBIDDEN');
    const consultant = await makeUserWithToken(t, { role: 'consultant' });
    await refused(post(consultant.auth, emergency(w.contract.id)), 403, 'FORBIDDEN');
    const am = await makeUserWithToken(t, { role: 'account_manager' });
    await refused(post(am.auth, emergency(w.contract.id)), 403, 'FORBIDDEN');
    await refused(post(null, emergency(w.contract.id)), 401, 'UNAUTHENTICATED');
  });

  it('follows the contact: a requester whose contact may no longer request is refused', async () => {
    const w = await makeRequestWorld(t);
    await t.db.kysely
      .updateTable('contacts')
      .set({ can_request: false })
      .where('id', '=', w.requester.contactId)
      .execute();
    await refused(post(w.requester.auth, emergency(w.contract.id)), 403, 'FORBIDDEN');
  });

  it("answers 404 for another tenant's contract, exactly like a missing one", async () => {
    const a = await makeRequestWorld(t);
    const b = await makeRequestWorld(t);
    const other = await refused(post(a.requester.auth, emergency(b.contract.id)), 404, 'NOT_FOUND');
    const missing = await refused(post(a.requester.auth, emergency('ctr_missing')), 404, 'NOT_FOUND');
    expect(other.detail.replace(b.contract.id, 'X')).toBe(missing.detail.replace('ctr_missing', 'X'));
  });

  it('lets only provider staff set channel, receivedAt and requesterContactId', async () => {
    const w = await makeRequestWorld(t);
    await refused(post(w.requester.auth, emergency(w.contract.id, { channel: 'hotline' })), 403, 'FORBIDDEN');
    await refused(
      post(w.requester.auth, emergency(w.contract.id, { receivedAt: '2026-11-02T08:00:00Z' })),
      403,
      'FORBIDDEN',
    );
    const other = await makeRequestWorld(t);
    const e = await refused(
      post(w.irManager.auth, emergency(w.contract.id, { requesterContactId: other.approver.contactId })),
      400,
      'VALIDATION_FAILED',
    );
    expect(e.errors?.[0]?.path).toBe('body.requesterContactId');
  });

  it('refuses a receivedAt in the future and malformed bodies with 400', async () => {
    t.clock.set('2026-11-02T10:00:00Z');
    const w = await makeRequestWorld(t);
    const future = await refused(
      post(w.irManager.auth, emergency(w.contract.id, { channel: 'hotline', receivedAt: '2026-11-02T10:00:01Z' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(future.errors?.[0]?.path).toBe('body.receivedAt');
    const noSeverity = await refused(
      post(w.requester.auth, {
        contractId: w.contract.id,
        kind: 'emergency',
        incidentType: 'ransomware',
        description: 'x',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(noSeverity.errors?.map((x) => x.path)).toContain('body.severity');
    await refused(
      post(w.requester.auth, { ...emergency(w.contract.id), incidentType: 'alien_invasion' }),
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      post(w.requester.auth, {
        contractId: w.contract.id,
        kind: 'proactive',
        catalogItemId: catalog['Tabletop exercise'],
        description: 'x',
      }),
      400,
      'VALIDATION_FAILED',
    );
    const eir = await refused(
      post(w.requester.auth, {
        ...proactive(w.contract.id, '2027-06-01'),
        catalogItemId: catalog['Emergency incident response'],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(eir.errors?.[0]?.path).toBe('body.catalogItemId');
  });
});

describe('proactive lead time', () => {
  it('allows exactly 28 calendar days in Pacific/Auckland and refuses one day less, with the earliest start', async () => {
    const w = await makeRequestWorld(t, { timeZone: 'Pacific/Auckland' });
    t.clock.set('2026-11-02T10:59:00Z'); // 23:59 on 2 November in Auckland (UTC+13)
    const ok = await post(w.requester.auth, proactive(w.contract.id, '2026-11-30'));
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      leadTimeDays: 28,
      earliestStart: '2026-11-30',
      desiredStart: '2026-11-30',
      timeZone: 'Pacific/Auckland',
      slaTargets: [],
      slaStatus: null,
    });
    const early = await refused(
      post(w.requester.auth, proactive(w.contract.id, '2026-11-29')),
      422,
      'LEAD_TIME_TOO_SHORT',
    );
    expect(early.details).toMatchObject({
      earliestStart: '2026-11-30',
      leadTimeDays: 28,
      timeZone: 'Pacific/Auckland',
    });
    expect(early.detail).toContain('2026-11-30');

    t.clock.set('2026-11-02T11:00:00Z'); // midnight: 3 November in Auckland, still 2 November in UTC
    const late = await refused(
      post(w.requester.auth, proactive(w.contract.id, '2026-11-30')),
      422,
      'LEAD_TIME_TOO_SHORT',
    );
    expect(late.details?.['earliestStart']).toBe('2026-12-01');
    expect((await post(w.requester.auth, proactive(w.contract.id, '2026-12-01'))).statusCode).toBe(201);
  });

  it('counts calendar days across a daylight-saving change (Auckland leaves DST on 2027-04-04)', async () => {
    const w = await makeRequestWorld(t, { timeZone: 'Pacific/Auckland' });
    t.clock.set('2027-03-20T10:30:00Z'); // 23:30 NZDT on 20 March
    await refused(post(w.requester.auth, proactive(w.contract.id, '2027-04-16')), 422, 'LEAD_TIME_TOO_SHORT');
    const ok = await post(w.requester.auth, proactive(w.contract.id, '2027-04-17'));
    expect(ok.statusCode).toBe(201);
    expect(ok.json().earliestStart).toBe('2027-04-17');
  });

  it('counts from the receivedAt of a logged email, not from when it was typed in', async () => {
    const w = await makeRequestWorld(t, { timeZone: 'Europe/Berlin' });
    t.clock.set('2026-11-05T09:00:00Z');
    const r = await post(w.irManager.auth, {
      ...proactive(w.contract.id, '2026-11-30'),
      channel: 'email',
      receivedAt: '2026-11-02T08:00:00Z',
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ channel: 'email', earliestStart: '2026-11-30' });
  });

  it("takes the catalog item's longer lead time, and the contract's override over everything", async () => {
    t.clock.set('2026-11-02T09:00:00Z');
    const w = await makeRequestWorld(t);
    const e = await refused(
      post(w.requester.auth, proactive(w.contract.id, '2026-12-13', 'Technical exercise')),
      422,
      'LEAD_TIME_TOO_SHORT',
    );
    expect(e.details).toMatchObject({ earliestStart: '2026-12-14', leadTimeDays: 42, leadTimeSource: 'catalog_item' });
    const override = await makeContract(t, w.customer.customerId, { settings: { leadTimeDaysOverride: 10 } });
    const r = await post(w.requester.auth, proactive(override.id, '2026-11-12', 'Technical exercise'));
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ leadTimeDays: 10, earliestStart: '2026-11-12' });
  });

  it('tells the portal the earliest allowed start before submitting', async () => {
    t.clock.set('2026-11-02T23:30:00Z'); // already 3 November in Berlin
    const w = await makeRequestWorld(t, { timeZone: 'Europe/Berlin' });
    const r = await call(
      t.app,
      w.viewer.auth,
      'GET',
      `/api/v1/requests/lead-time?contractId=${w.contract.id}&catalogItemId=${catalog['Tabletop exercise']}`,
    );
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      contractId: w.contract.id,
      catalogItemId: catalog['Tabletop exercise'],
      leadTimeDays: 28,
      source: 'firm_setting',
      earliestStart: '2026-12-01',
      timeZone: 'Europe/Berlin',
      today: '2026-11-03',
      contractActive: true,
    });
    const other = await makeRequestWorld(t);
    expect(
      (
        await call(
          t.app,
          w.viewer.auth,
          'GET',
          `/api/v1/requests/lead-time?contractId=${other.contract.id}&catalogItemId=${catalog['Tabletop exercise']}`,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await call(t.app, w.viewer.auth, 'GET', `/api/v1/requests/lead-time?contractId=${w.contract.id}`)).statusCode,
    ).toBe(400);
  });
});

describe('firm-wide settings', () => {
  it('reads the defaults; only admins change them, with a reason, audited', async () => {
    const irm = await makeUserWithToken(t, { role: 'ir_manager' });
    const g = await call(t.app, irm.auth, 'GET', '/api/v1/settings');
    expect(g.statusCode).toBe(200);
    expect(g.json()).toMatchObject({
      leadTimeDays: 28,
      emergencyApprovalDeadlineHours: 48,
      proactiveApprovalDeadlineDays: 14,
    });
    const w = await makeRequestWorld(t);
    expect((await call(t.app, w.approver.auth, 'GET', '/api/v1/settings')).statusCode).toBe(403);
    await refused(
      call(t.app, irm.auth, 'PATCH', '/api/v1/settings', { leadTimeDays: 35, reason: 'busy quarter' }),
      403,
      'FORBIDDEN',
    );
    await refused(call(t.app, admin.auth, 'PATCH', '/api/v1/settings', { leadTimeDays: 35 }), 400, 'VALIDATION_FAILED');
    await refused(
      call(t.app, admin.auth, 'PATCH', '/api/v1/settings', { leadTimeDays: -1, reason: 'typo' }),
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      call(t.app, w.approver.auth, 'PATCH', '/api/v1/settings', { leadTimeDays: 1, reason: 'please' }),
      403,
      'FORBIDDEN',
    );
  });

  it('applies a raised lead time to requests received afterwards only', async () => {
    t.clock.set('2026-11-02T09:00:00Z');
    const w = await makeRequestWorld(t);
    const before = (await post(w.requester.auth, proactive(w.contract.id, '2026-11-30'))).json();
    expect(before.leadTimeDays).toBe(28);

    const p = await call(t.app, admin.auth, 'PATCH', '/api/v1/settings', {
      leadTimeDays: 35,
      reason: 'High demand in December',
    });
    expect(p.statusCode).toBe(200);
    expect(p.json()).toMatchObject({ leadTimeDays: 35, emergencyApprovalDeadlineHours: 48 });
    expect(p.json().updatedBy).toContain(admin.email);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'settings.updated')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.before).toEqual({ leadTimeDays: 28 });
    expect(audit.after).toEqual({ leadTimeDays: 35, reason: 'High demand in December' });

    const e = await refused(post(w.requester.auth, proactive(w.contract.id, '2026-11-30')), 422, 'LEAD_TIME_TOO_SHORT');
    expect(e.details).toMatchObject({ earliestStart: '2026-12-07', leadTimeDays: 35, leadTimeSource: 'firm_setting' });
    const after = (await post(w.requester.auth, proactive(w.contract.id, '2026-12-07'))).json();
    expect(after.leadTimeDays).toBe(35);
    const again = (await call(t.app, w.requester.auth, 'GET', `/api/v1/requests/${before.id}`)).json();
    expect(again).toMatchObject({ leadTimeDays: 28, earliestStart: '2026-11-30' });

    expect(
      (await call(t.app, admin.auth, 'PATCH', '/api/v1/settings', { leadTimeDays: 28, reason: 'Back to normal' }))
        .statusCode,
    ).toBe(200);
    expect((await call(t.app, admin.auth, 'GET', '/api/v1/settings')).json().leadTimeDays).toBe(28);
  });
});

describe('session users', () => {
  it('needs the CSRF token for a portal request', async () => {
    const w = await makeRequestWorld(t);
    const s = await signIn(t, w.requester.email);
    await refused(
      t.app.inject({
        method: 'POST',
        url: '/api/v1/requests',
        headers: { cookie: s.cookie },
        payload: emergency(w.contract.id),
      }),
      403,
      'CSRF_TOKEN_MISSING',
    );
  });
});
