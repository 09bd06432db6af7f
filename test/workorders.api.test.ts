import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, contentHashOf } from '../src/core/documents/canonical-hash.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { pdfText } from './support/pdf-text.ts';
import {
  approvalMails,
  draft,
  makeRequest,
  makeWorkOrderWorld,
  refusedUnchanged,
  send,
  type WorkOrderWorld,
} from './support/workorder-world.ts';

let t: TestEnv;
let w: WorkOrderWorld;
let other: WorkOrderWorld;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-03T10:02:00Z', env: { SMTP_IN_PORT: '0', MAIL_IN_DOMAIN: 'in.imr.test' } });
  w = await makeWorkOrderWorld(t, { initialAmount: 120 * 60 });
  other = await makeWorkOrderWorld(t);
});
afterAll(async () => t.close());

const requestStatus = async (id: string) =>
  (await t.db.kysely.selectFrom('service_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status;

describe('drafting', () => {
  it('prefills an emergency EWO from the request and the EIR template, with the estimate, reservation and balance impact', async () => {
    const requestId = await makeRequest(t, w);
    const wo = await draft(t, w, requestId);
    expect(wo).toMatchObject({
      status: 'draft',
      version: 1,
      revision: 1,
      contentHash: null,
      requestId,
      kind: 'emergency',
      incidentType: 'ransomware',
      severity: 'P1',
      pricingMode: 'time_and_materials',
      deliveryMode: 'remote',
      approvalDeadline: null,
      approvalDeadlineDefault: '48 hours after sending',
      estimate: { total: { amount: 2400, unit: 'minute', display: '40h 00m' } },
      reservation: { amount: 2400 },
      minimumBillable: { display: '4h 00m' },
      balanceImpact: {
        availableBefore: { display: '120h 00m' },
        change: { display: '40h 00m' },
        availableAfter: { display: '80h 00m' },
        refused: false,
      },
    });
    expect((wo['estimateLines'] as unknown[]).length).toBe(2);
    expect(wo['preAuthorizedActions']).toContain('Isolate affected hosts from the network');
    expect(await requestStatus(requestId)).toBe('ewo_drafting');
    // One EWO per request.
    const again = await call(t.app, w.irManager.auth, 'POST', `/api/v1/requests/${requestId}/work-orders`, {});
    expect(again.statusCode).toBe(409);
  });

  it('prefills a proactive service with its catalog size and fixed price, and keeps its dates to the lead time', async () => {
    const requestId = await makeRequest(t, w, { kind: 'proactive', desiredStart: '2026-12-14', onsite: true });
    const wo = await draft(t, w, requestId, { siteIds: [w.siteId] });
    expect(wo).toMatchObject({
      pricingMode: 'fixed',
      sizeCode: 'M',
      fixedPrice: { display: '16h 00m' },
      reservation: { display: '16h 00m' },
      deliveryMode: 'onsite',
      proposedStart: '2026-12-14',
      approvalDeadlineDefault: '14 days after sending',
    });
    const early = await refusedUnchanged(
      t,
      () => call(t.app, w.irManager.auth, 'PATCH', `/api/v1/work-orders/${wo.id}`, { proposedStart: '2026-11-20' }),
      422,
      'LEAD_TIME_TOO_SHORT',
    );
    expect(early.details).toMatchObject({ earliestStart: '2026-12-01' });
    const fine = await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/work-orders/${wo.id}`, {
      proposedStart: '2026-12-01T09:00:00+01:00',
      proposedEnd: '2026-12-02',
    });
    expect(fine.statusCode, fine.body).toBe(200);
  });

  it('refuses a stale edit (If-Match or revision) with 409 STALE_REVISION and raises the revision on every edit', async () => {
    const wo = await draft(t, w, await makeRequest(t, w));
    const r = await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/work-orders/${wo.id}`, {
      scope: 'Contain the ransomware on the file servers.',
      revision: 1,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ revision: 2, scope: 'Contain the ransomware on the file servers.' });
    expect(r.headers['etag']).toBe('"2"');
    await refusedUnchanged(
      t,
      () =>
        call(
          t.app,
          w.irManager.auth,
          'PATCH',
          `/api/v1/work-orders/${wo.id}`,
          { scope: 'stale' },
          { 'if-match': '"1"' },
        ),
      409,
      'STALE_REVISION',
    );
    await refusedUnchanged(
      t,
      () => call(t.app, w.irManager.auth, 'PATCH', `/api/v1/work-orders/${wo.id}`, { scope: 'stale', revision: 1 }),
      409,
      'STALE_REVISION',
    );
    await refusedUnchanged(
      t,
      () => call(t.app, w.irManager.auth, 'PATCH', `/api/v1/work-orders/${wo.id}`, { siteIds: [other.siteId] }),
      400,
      'VALIDATION_FAILED',
    );
    const fake = await refusedUnchanged(
      t,
      () =>
        call(t.app, w.irManager.auth, 'PATCH', `/api/v1/work-orders/${wo.id}`, {
          travelEstimate: { amountMinor: 100, currency: 'ABC' },
        }),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(fake)).toContain('ISO 4217');
    const ok = await call(
      t.app,
      w.irManager.auth,
      'PATCH',
      `/api/v1/work-orders/${wo.id}`,
      { title: 'Ransomware response' },
      { 'if-match': '"2"' },
    );
    expect(ok.json().revision).toBe(3);
  });

  it('lets only IR managers and admins draft and edit; customers never see a draft', async () => {
    const requestId = await makeRequest(t, w);
    for (const u of [w.accountManager, w.approver, w.requester]) {
      await refusedUnchanged(
        t,
        () => call(t.app, u.auth, 'POST', `/api/v1/requests/${requestId}/work-orders`, {}),
        403,
        'FORBIDDEN',
      );
    }
    const consultant = await makeUserWithToken(t, { role: 'consultant' });
    await refusedUnchanged(
      t,
      () => call(t.app, consultant.auth, 'POST', `/api/v1/requests/${requestId}/work-orders`, {}),
      403,
      'FORBIDDEN',
    );
    const wo = await draft(t, w, requestId);
    expect((await call(t.app, w.approver.auth, 'GET', `/api/v1/work-orders/${wo.id}`)).statusCode).toBe(404);
    expect(
      (await call(t.app, w.approver.auth, 'GET', '/api/v1/work-orders?limit=200'))
        .json()
        .items.map((i: { id: string }) => i.id),
    ).not.toContain(wo.id);
    expect((await call(t.app, w.accountManager.auth, 'GET', `/api/v1/work-orders/${wo.id}`)).statusCode).toBe(200);
    expect((await call(t.app, null, 'GET', `/api/v1/work-orders/${wo.id}`)).statusCode).toBe(401);
  });
});

describe('sending', () => {
  it('freezes the version with a verifiable content hash and emails each approving contact a link, a decline link, a reply-to address and the PDF', async () => {
    const requestId = await makeRequest(t, w);
    const d = await draft(t, w, requestId);
    const wo = await send(t, w, d.id);
    expect(wo).toMatchObject({
      status: 'sent',
      version: 1,
      approvalDeadline: '2026-11-05T10:02:00.000Z',
      revision: d.revision + 1,
    });
    expect(wo.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await requestStatus(requestId)).toBe('awaiting_approval');

    const versions = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${d.id}/versions`)).json();
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, status: 'sent', contentHash: wo.contentHash, pdfAvailable: true });
    // Anyone can check the hash: SHA-256 of the RFC 8785 canonical JSON of the frozen document.
    expect(contentHashOf(versions[0].frozen)).toBe(wo.contentHash);
    expect(canonicalJson(versions[0].frozen)).toContain('"reservation":{"amount":2400');

    for (const email of [w.approver.email, w.mailApprover.email]) {
      const [mail] = await approvalMails(t, email);
      expect(mail, email).toBeDefined();
      expect(mail!.link).toBeTruthy();
      expect(mail!.reply).toMatch(/^[0-9a-f]{48}$/);
      expect(mail!.payload.subject).toContain(`${wo.number} v1`);
      expect(mail!.payload.text).toContain(`/approve/${mail!.link}?decision=decline`);
      expect(mail!.payload.attachments?.[0]).toMatchObject({
        filename: `${wo.number}-v1.pdf`,
        contentType: 'application/pdf',
      });
    }
    // Tokens are stored hashed only.
    const [mail] = await approvalMails(t, w.approver.email);
    const stored = await t.db.kysely
      .selectFrom('approval_tokens')
      .select('token_hash')
      .where('subject_id', '=', d.id)
      .execute();
    expect(stored).toHaveLength(4);
    expect(stored.map((s) => s.token_hash)).not.toContain(mail!.link);

    await refusedUnchanged(
      t,
      () => call(t.app, w.irManager.auth, 'POST', `/api/v1/work-orders/${d.id}/send`),
      409,
      'INVALID_TRANSITION',
    );
    // Customers see the sent version now.
    expect((await call(t.app, w.viewer.auth, 'GET', `/api/v1/work-orders/${d.id}`)).json()).toMatchObject({
      status: 'sent',
      contentHash: wo.contentHash,
    });
  });

  it('renders a PDF whose text holds the scope, the estimate, the version and the hash, with any name', async () => {
    const requestId = await makeRequest(t, w);
    const d = await draft(t, w, requestId, {
      scope: 'Contain the Łódź and Zürich file servers; acquire memory of 12 hosts.',
      staffingPlan: [{ role: 'forensic lead', count: 1, userId: w.irManager.id }],
    });
    const wo = await send(t, w, d.id);
    const r = await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${d.id}/pdf?version=1`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(r.rawPayload)).replace(/\s+/g, ' ');
    for (const s of ['Contain the Łódź and Zürich file servers', '40h 00m', 'Version 1', wo.contentHash!, wo.number])
      expect(text).toContain(s);
    const json = (await call(t.app, w.approver.auth, 'GET', `/api/v1/work-orders/${d.id}/pdf?format=base64`)).json();
    expect(Buffer.from(json.contentBase64, 'base64').equals(r.rawPayload)).toBe(true);
    expect((await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${d.id}/pdf?version=2`)).statusCode).toBe(
      404,
    );
  });

  it('refuses to send an incomplete draft, or one whose customer has no approving contact', async () => {
    const d = await draft(t, w, await makeRequest(t, w), { deliveryMode: 'onsite' });
    const body = await refusedUnchanged(
      t,
      () => call(t.app, w.irManager.auth, 'POST', `/api/v1/work-orders/${d.id}/send`),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(body)).toContain('body.siteIds');
    const lonely = await makeWorkOrderWorld(t);
    await t.db.kysely
      .updateTable('contacts')
      .set({ can_approve: false })
      .where('customer_id', '=', lonely.customer.customerId)
      .execute();
    const d2 = await draft(t, lonely, await makeRequest(t, lonely));
    await refusedUnchanged(
      t,
      () => call(t.app, lonely.irManager.auth, 'POST', `/api/v1/work-orders/${d2.id}/send`),
      422,
      'BUSINESS_RULE',
    );
  });

  it('supersedes a sent version when it is edited: the next version is a draft and the request goes back to drafting', async () => {
    const requestId = await makeRequest(t, w);
    const d = await draft(t, w, requestId);
    const v1 = await send(t, w, d.id);
    const r = await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/work-orders/${d.id}`, {
      estimateLines: [{ activity: 'analysis', role: 'forensic lead', minutes: 30 * 60 }],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      version: 2,
      status: 'draft',
      contentHash: null,
      reservation: { display: '30h 00m' },
    });
    expect(await requestStatus(requestId)).toBe('ewo_drafting');
    const versions = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${d.id}/versions`)).json();
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'draft'],
    ]);
    const tokens = await t.db.kysely
      .selectFrom('approval_tokens')
      .select(['voided_at'])
      .where('subject_id', '=', d.id)
      .execute();
    expect(tokens.every((x) => x.voided_at !== null)).toBe(true);
    // The customer still sees v1 (superseded) until v2 is sent.
    expect((await call(t.app, w.approver.auth, 'GET', `/api/v1/work-orders/${d.id}`)).json()).toMatchObject({
      version: 1,
      status: 'superseded',
      contentHash: v1.contentHash,
    });
    const v2 = await send(t, w, d.id);
    expect(v2).toMatchObject({ version: 2, status: 'sent' });
    expect(v2.contentHash).not.toBe(v1.contentHash);
  });
});

describe('tenant isolation', () => {
  it("answers another tenant's work order 404 on every route, exactly like a missing one", async () => {
    const { wo } = await (async () => {
      const requestId = await makeRequest(t, w);
      const d = await draft(t, w, requestId);
      return { wo: await send(t, w, d.id) };
    })();
    const hash = wo.contentHash!;
    for (const id of [wo.id, 'ewo_missing']) {
      for (const [method, url, body] of [
        ['GET', `/api/v1/work-orders/${id}`],
        ['GET', `/api/v1/work-orders/${id}/versions`],
        ['GET', `/api/v1/work-orders/${id}/pdf`],
        ['GET', `/api/v1/work-orders/${id}/summary`],
        ['POST', `/api/v1/work-orders/${id}/approve`, { contentHash: hash }],
        ['POST', `/api/v1/work-orders/${id}/decline`, { contentHash: hash, reason: 'no' }],
        ['POST', `/api/v1/work-orders/${id}/request-changes`, { contentHash: hash, reason: 'no' }],
      ] as const) {
        const r = await call(t.app, other.approver.auth, method, url, body);
        expect([url, r.statusCode, r.json().code]).toEqual([url, 404, 'NOT_FOUND']);
      }
    }
    expect(
      (await call(t.app, other.approver.auth, 'GET', '/api/v1/work-orders?limit=200'))
        .json()
        .items.map((i: { id: string }) => i.id),
    ).not.toContain(wo.id);
    expect(
      (await call(t.app, other.approver.auth, 'GET', '/api/v1/approvals'))
        .json()
        .items.map((i: { id: string }) => i.id),
    ).not.toContain(wo.id);
    // Writes of staff-only routes are 403 for every customer user.
    expect(
      (await call(t.app, other.approver.auth, 'PATCH', `/api/v1/work-orders/${wo.id}`, { title: 'x' })).statusCode,
    ).toBe(403);
    expect((await call(t.app, other.approver.auth, 'POST', `/api/v1/work-orders/${wo.id}/send`)).statusCode).toBe(403);
  });
});
