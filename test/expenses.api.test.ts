import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../src/core/context.ts';
import { MAX_RECEIPT_BYTES } from '../src/shared/expenses.ts';
import { encodePng } from '../src/core/files/png.ts';
import {
  counts,
  fileExpense,
  jpegBytes,
  makeEngagement,
  makeExpenseWorld,
  makePortalUser,
  makeTenant,
  pdfBytes,
  pngBytes,
  postForm,
  zipBytes,
} from './support/expense-factories.ts';
import { call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let w: Awaited<ReturnType<typeof makeExpenseWorld>>;
const url = (id = w.engagement.id) => `/api/v1/engagements/${id}/expenses`;

beforeAll(async () => {
  t = await createTestEnv();
  w = await makeExpenseWorld(t);
  // A real retainer ledger for the contract: expenses must never touch it.
  await t.db.transaction(async (trx) => {
    await t.core.services.ledger.postGrant(trx, systemCtx('test'), {
      contractId: w.tenant.contractId,
      amount: 120 * 60,
    });
    await t.core.services.ledger.reserve(trx, systemCtx('test'), {
      contractId: w.tenant.contractId,
      engagementId: w.engagement.id,
      amount: 40 * 60,
    });
  });
});
afterAll(async () => t.close());

const ledgerSnapshot = async () => ({
  entries: await t.db.kysely.selectFrom('ledger_entries').selectAll().orderBy('contract_id').orderBy('seq').execute(),
  balances: await t.db.kysely.selectFrom('contract_balances').selectAll().orderBy('contract_id').execute(),
  reservations: await t.db.kysely.selectFrom('ledger_reservations').selectAll().orderBy('engagement_id').execute(),
});

/** Files an expense as the team consultant and returns its id. */
async function filed(
  o: Parameters<typeof fileExpense>[3] = {},
  auth = w.staff.consultant.auth,
  engagementId = w.engagement.id,
): Promise<string> {
  const r = await fileExpense(t, auth, engagementId, o);
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

describe('filing an expense (multipart)', () => {
  it('stores a JPEG receipt for a team member, pending, with the type detected from the content, and audits it', async () => {
    const before = await counts(t);
    const r = await fileExpense(t, w.staff.consultant.auth, w.engagement.id, {
      receipt: { content: jpegBytes(), name: 'C:\\scans\\boarding pass.jpg', type: 'application/octet-stream' },
    });
    expect(r.statusCode, r.body).toBe(201);
    const e = r.json();
    expect(e).toMatchObject({
      engagementId: w.engagement.id,
      engagementNumber: w.engagement.number,
      userId: w.staff.consultant.id,
      userName: 'Lena Fischer',
      date: '2026-10-30',
      category: 'airfare',
      amount: { amount: 48_250, currency: 'EUR', display: '482.50 EUR' },
      note: 'ORD–DUB',
      status: 'pending',
      receipt: {
        name: 'boarding pass.jpg',
        contentType: 'image/jpeg',
        size: jpegBytes().length,
        url: `/api/v1/expenses/${e.id}/receipt`,
      },
      decidedBy: null,
      decidedAt: null,
      rejectionReason: null,
    });
    expect(e.id).toMatch(/^exp_/);
    expect(await counts(t)).toMatchObject({
      stored_files: before.stored_files + 1,
      expenses: before.expenses + 1,
      audit_events: before.audit_events + 1,
    });
    const audit = await t.db.kysely.selectFrom('audit_events').selectAll().where('entity_id', '=', e.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['expense.created']);
    expect(audit[0]!.organization_id).toBe(w.tenant.organizationId);
    expect(audit[0]!.after).toMatchObject({ amount: 48_250, currency: 'EUR', receipt: { contentType: 'image/jpeg' } });
  });

  it('accepts PDF and PNG receipts whatever their names and declared types, from IR managers and admins off the team too', async () => {
    const pdf = await fileExpense(t, w.staff.manager2.auth, w.engagement.id, {
      fields: { category: 'lodging', amount: 61_230, currency: 'USD', note: 'Hotel, 3 nights' },
      receipt: { content: await pdfBytes(), name: 'hotel.txt', type: 'text/plain' },
    });
    expect(pdf.statusCode, pdf.body).toBe(201);
    expect(pdf.json().receipt.contentType).toBe('application/pdf');
    const png = await fileExpense(t, w.staff.admin.auth, w.engagement.id, {
      fields: { category: 'ground_transport', amount: 4_500, currency: 'JPY', note: undefined },
      receipt: { content: pngBytes(), name: 'taxi', type: 'image/jpeg' },
    });
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json()).toMatchObject({
      note: '',
      amount: { display: '4,500 JPY' },
      receipt: { contentType: 'image/png', name: 'taxi' },
    });
  });

  it('downloads the receipt as an attachment with the detected type and nosniff; the bytes are the ones uploaded', async () => {
    const pdf = await pdfBytes();
    const id = await filed({ receipt: { content: pdf, name: 'Hôtel Müller.pdf', type: 'image/png' } });
    const r = await call(t.app, w.staff.consultant.auth, 'GET', `/api/v1/expenses/${id}/receipt`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toBe(
      `attachment; filename="Hotel Muller.pdf"; filename*=UTF-8''H%C3%B4tel%20M%C3%BCller.pdf`,
    );
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('private, no-store');
    expect(r.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(r.rawPayload.equals(pdf)).toBe(true);
  });

  it('accepts a receipt of exactly 10 MB and the largest amount', async () => {
    const big = Buffer.concat([pngBytes(), Buffer.alloc(MAX_RECEIPT_BYTES - pngBytes().length)]);
    const r = await fileExpense(t, w.staff.consultant.auth, w.engagement.id, {
      fields: { amount: 10_000_000_000 },
      receipt: { content: big, name: 'scan.png' },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      amount: { amount: 10_000_000_000 },
      receipt: { size: MAX_RECEIPT_BYTES, contentType: 'image/png' },
    });
  });
});

describe('refusals when filing change nothing', () => {
  const refused = async (
    o: Parameters<typeof fileExpense>[3],
    status: number,
    code: string,
    auth: Auth = w.staff.consultant.auth,
    engagementId = w.engagement.id,
  ) => {
    const before = await counts(t);
    const r = await fileExpense(t, auth, engagementId, o);
    expect(r.statusCode, r.body).toBe(status);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json().code).toBe(code);
    expect(await counts(t)).toEqual(before);
    return r.json();
  };

  it('refuses a text file named .pdf and declared as a PDF', async () => {
    const p = await refused(
      {
        receipt: {
          content: Buffer.from('Hotel Lakeside, total 612.30 USD\n'),
          name: 'receipt.pdf',
          type: 'application/pdf',
        },
      },
      422,
      'RECEIPT_TYPE_NOT_ALLOWED',
    );
    expect(p.details).toMatchObject({
      detected: 'text/plain; charset=utf-8',
      allowed: ['application/pdf', 'image/png', 'image/jpeg'],
    });
    expect(p.detail).toContain('PDF, PNG or JPEG');
    // Starting with the four-byte PDF signature does not make text a PDF.
    await refused(
      {
        receipt: {
          content: Buffer.from('%PDF-1.7\nHotel Lakeside, total 612.30 USD\n'),
          name: 'receipt.pdf',
          type: 'application/pdf',
        },
      },
      422,
      'RECEIPT_TYPE_NOT_ALLOWED',
    );
  });

  it('refuses a ZIP declared as image/png', async () => {
    const p = await refused(
      { receipt: { content: zipBytes(), name: 'receipt.png', type: 'image/png' } },
      422,
      'RECEIPT_TYPE_NOT_ALLOWED',
    );
    expect(p.details.detected).toBe('application/zip');
  });

  it('refuses a receipt over 10 MB', async () => {
    const big = Buffer.concat([pngBytes(), Buffer.alloc(MAX_RECEIPT_BYTES + 1 - pngBytes().length)]);
    const p = await refused(
      { receipt: { content: big, name: 'huge.png', type: 'image/png' } },
      422,
      'RECEIPT_TOO_LARGE',
    );
    expect(p.details).toEqual({ maxBytes: MAX_RECEIPT_BYTES });
  });

  it('refuses a missing or empty receipt, and a file in another field', async () => {
    const p = await refused({ receipt: null }, 400, 'VALIDATION_FAILED');
    expect(p.errors).toEqual([{ path: 'body.receipt', message: expect.stringContaining('required') }]);
    await refused({ receipt: { content: Buffer.alloc(0), name: 'empty.pdf' } }, 400, 'VALIDATION_FAILED');
    const before = await counts(t);
    const r = await postForm(
      t,
      w.staff.consultant.auth,
      url(),
      { date: '2026-10-30', category: 'meals', amount: 100, currency: 'EUR' },
      { content: pngBytes(), name: 'x.png', field: 'photo' },
    );
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].path).toBe('body.photo');
    expect(await counts(t)).toEqual(before);
  });

  it('refuses currencies that are not ISO 4217 codes in circulation', async () => {
    for (const currency of ['EURO', 'eur', 'XYZ', 'XAU', '']) {
      const p = await refused({ fields: { currency } }, 400, 'VALIDATION_FAILED');
      expect(p.errors.map((e: { path: string }) => e.path)).toEqual(['body.currency']);
    }
  });

  it('refuses amounts that are not whole minor units from 1 to 10^10, unknown categories and dates in the future', async () => {
    for (const amount of ['0', '-5', '12.50', '10000000001', 'abc']) {
      const p = await refused({ fields: { amount } }, 400, 'VALIDATION_FAILED');
      expect(p.errors[0].path).toBe('body.amount');
    }
    expect((await refused({ fields: { category: 'champagne' } }, 400, 'VALIDATION_FAILED')).errors[0].path).toBe(
      'body.category',
    );
    expect((await refused({ fields: { date: '2026-11-04' } }, 400, 'VALIDATION_FAILED')).errors[0].path).toBe(
      'body.date',
    );
    expect((await refused({ fields: { date: '2026-02-30' } }, 400, 'VALIDATION_FAILED')).errors[0].path).toBe(
      'body.date',
    );
  });

  it('refuses a JSON body: the form is multipart', async () => {
    const before = await counts(t);
    const r = await call(t.app, w.staff.consultant.auth, 'POST', url(), {
      date: '2026-10-30',
      category: 'meals',
      amount: 100,
      currency: 'EUR',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('VALIDATION_FAILED');
    expect(await counts(t)).toEqual(before);
  });

  it('answers 401 without credentials, 404 to consultants off the team and other tenants, 403 to account managers and customers', async () => {
    await refused({}, 401, 'UNAUTHENTICATED', null);
    await refused({}, 404, 'NOT_FOUND', w.staff.outsider.auth);
    await refused({}, 404, 'NOT_FOUND', w.otherApprover.auth);
    await refused({}, 404, 'NOT_FOUND', w.staff.consultant.auth, 'eng_missing');
    await refused({}, 403, 'FORBIDDEN', w.staff.accountManager.auth);
    await refused({}, 403, 'FORBIDDEN', w.approver.auth);
    // Authorization comes before the upload is read: an outsider's oversized or bad file is still a 404.
    await refused({ receipt: { content: zipBytes(), name: 'x.zip' } }, 404, 'NOT_FOUND', w.staff.outsider.auth);
  });
});

describe('approving and rejecting', () => {
  it('lets an IR manager approve once; a second decision is 409 INVALID_TRANSITION and changes nothing', async () => {
    const id = await filed();
    const r = await call(t.app, w.staff.manager.auth, 'POST', `/api/v1/expenses/${id}/approve`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'approved',
      decidedBy: { id: w.staff.manager.id, name: 'Maria Keller' },
      decidedAt: '2026-11-02T09:00:00.000Z',
    });
    const before = await counts(t);
    const again = await call(t.app, w.staff.manager.auth, 'POST', `/api/v1/expenses/${id}/approve`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'approved', to: 'approved' } });
    const reject = await call(t.app, w.staff.admin.auth, 'POST', `/api/v1/expenses/${id}/reject`, {
      reason: 'Changed my mind',
    });
    expect(reject.statusCode).toBe(409);
    expect(await counts(t)).toEqual(before);
    expect((await call(t.app, w.staff.admin.auth, 'GET', `/api/v1/expenses/${id}`)).json().status).toBe('approved');
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select(['action', 'before', 'after'])
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['expense.created', 'expense.approved']);
    expect(audit[1]).toMatchObject({ before: { status: 'pending' }, after: { status: 'approved' } });
  });

  it('rejects with a reason that the consultant is told by email', async () => {
    const id = await filed({ fields: { amount: 9_900, category: 'meals', note: 'Team dinner' } });
    const noReason = await call(t.app, w.staff.manager.auth, 'POST', `/api/v1/expenses/${id}/reject`, {});
    expect(noReason.statusCode).toBe(400);
    const r = await call(t.app, w.staff.manager.auth, 'POST', `/api/v1/expenses/${id}/reject`, {
      reason: 'Alcohol is not billable under this contract',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Alcohol is not billable under this contract',
    });
    const mail = await t.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', 'expense.rejected').execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.payload.to).toEqual([w.staff.consultant.email]);
    expect(mail[0]!.payload.text).toContain('Alcohol is not billable under this contract');
    expect(mail[0]!.payload.text).toContain('99.00 EUR');
  });

  it('refuses deciders who may not: 403 inside the tenant, 404 for those who cannot see the expense; nothing changes', async () => {
    const id = await filed();
    const before = await counts(t);
    const tries: [Parameters<typeof call>[1], number][] = [
      [w.staff.consultant.auth, 403],
      [w.staff.accountManager.auth, 403],
      [w.staff.outsider.auth, 404],
      [w.approver.auth, 404],
      [w.otherApprover.auth, 404],
      [null, 401],
    ];
    for (const [auth, status] of tries) {
      expect((await call(t.app, auth, 'POST', `/api/v1/expenses/${id}/approve`)).statusCode).toBe(status);
      expect(
        (await call(t.app, auth, 'POST', `/api/v1/expenses/${id}/reject`, { reason: 'No receipt date' })).statusCode,
      ).toBe(status);
    }
    expect((await call(t.app, w.staff.manager.auth, 'POST', '/api/v1/expenses/exp_missing/approve')).statusCode).toBe(
      404,
    );
    expect(await counts(t)).toEqual(before);
    expect((await call(t.app, w.staff.admin.auth, 'GET', `/api/v1/expenses/${id}`)).json().status).toBe('pending');
    // Approved, the expense is visible to the customer, who still may not decide.
    await call(t.app, w.staff.manager.auth, 'POST', `/api/v1/expenses/${id}/approve`);
    expect(
      (await call(t.app, w.approver.auth, 'POST', `/api/v1/expenses/${id}/reject`, { reason: 'Too expensive' }))
        .statusCode,
    ).toBe(403);
  });

  it('decides once when two managers decide at the same time: one wins, the other is 409', async () => {
    const id = await filed();
    const [a, b] = await Promise.all([
      call(t.app, w.staff.manager.auth, 'POST', `/api/v1/expenses/${id}/approve`),
      call(t.app, w.staff.manager2.auth, 'POST', `/api/v1/expenses/${id}/reject`, { reason: 'Not on the travel plan' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const decisions = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', id)
      .where('action', '!=', 'expense.created')
      .execute();
    expect(decisions).toHaveLength(1);
    const final = (await call(t.app, w.staff.admin.auth, 'GET', `/api/v1/expenses/${id}`)).json();
    expect(final.status).toBe(a.statusCode === 200 ? 'approved' : 'rejected');
  });

  it('never lets an IR manager approve their own expense; another one may', async () => {
    const id = await filed({}, w.staff.manager.auth);
    const own = await call(t.app, w.staff.manager.auth, 'POST', `/api/v1/expenses/${id}/approve`);
    expect(own.statusCode).toBe(403);
    expect(own.json().detail).toContain('another IR manager');
    expect((await call(t.app, w.staff.manager2.auth, 'POST', `/api/v1/expenses/${id}/approve`)).statusCode).toBe(200);
  });
});

describe('lists, totals and what customers see', () => {
  let engagementId: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    engagementId = (await makeEngagement(t, w.tenant, { team: [{ userId: w.staff.consultant.id }] })).id;
    const file = async (key: string, fields: Record<string, string | number>, decision?: 'approve' | 'reject') => {
      ids[key] = await filed({ fields }, w.staff.consultant.auth, engagementId);
      if (decision) {
        const r = await call(
          t.app,
          w.staff.manager.auth,
          'POST',
          `/api/v1/expenses/${ids[key]}/${decision}`,
          decision === 'reject' ? { reason: 'Duplicate' } : undefined,
        );
        expect(r.statusCode, r.body).toBe(200);
      }
    };
    await file('flight', { date: '2026-10-28', amount: 48_250, currency: 'EUR' }, 'approve');
    await file('hotel', { date: '2026-10-29', category: 'lodging', amount: 61_230, currency: 'USD' }, 'approve');
    await file('taxi', { date: '2026-10-29', category: 'ground_transport', amount: 3_150, currency: 'EUR' });
    await file('dup', { date: '2026-10-30', amount: 48_250, currency: 'EUR' }, 'reject');
    await file('meal', { date: '2026-10-31', category: 'meals', amount: 2_500, currency: 'EUR' }, 'approve');
  });

  it('gives staff every status, newest date first, with totals per currency (approved and pending; no conversion)', async () => {
    const r = await call(t.app, w.staff.consultant.auth, 'GET', `/api/v1/engagements/${engagementId}/expenses`);
    expect(r.statusCode).toBe(200);
    const page = r.json();
    expect(page.scope).toBe('all');
    expect(page.items.map((e: { id: string }) => e.id)).toEqual([
      ids['meal'],
      ids['dup'],
      ids['taxi'],
      ids['hotel'],
      ids['flight'],
    ]);
    expect(page.totals).toEqual([
      {
        currency: 'EUR',
        approved: { amount: 50_750, currency: 'EUR', display: '507.50 EUR' },
        pending: { amount: 3_150, currency: 'EUR', display: '31.50 EUR' },
        approvedCount: 2,
        pendingCount: 1,
      },
      {
        currency: 'USD',
        approved: { amount: 61_230, currency: 'USD', display: '612.30 USD' },
        pending: { amount: 0, currency: 'USD', display: '0.00 USD' },
        approvedCount: 1,
        pendingCount: 0,
      },
    ]);
    const pending = (
      await call(t.app, w.staff.manager.auth, 'GET', `/api/v1/engagements/${engagementId}/expenses?status=pending`)
    ).json();
    expect(pending.items.map((e: { id: string }) => e.id)).toEqual([ids['taxi']]);
  });

  it('pages with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (
        await call(t.app, w.staff.manager.auth, 'GET', `/api/v1/engagements/${engagementId}/expenses?${q}`)
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e: { id: string }) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids['meal'], ids['dup'], ids['taxi'], ids['hotel'], ids['flight']]);
  });

  it('shows customers of every role approved expenses only, with approved totals; pending and rejected ones are 404', async () => {
    const viewer = await makePortalUser(t, w.tenant, 'customer_viewer');
    for (const auth of [w.approver.auth, w.requester.auth, viewer.auth]) {
      const page = (await call(t.app, auth, 'GET', `/api/v1/engagements/${engagementId}/expenses`)).json();
      expect(page.scope).toBe('approved_only');
      expect(page.items.map((e: { id: string }) => e.id)).toEqual([ids['meal'], ids['hotel'], ids['flight']]);
      expect(
        page.totals.map((x: { currency: string; approved: { amount: number }; pending: { amount: number } }) => [
          x.currency,
          x.approved.amount,
          x.pending.amount,
        ]),
      ).toEqual([
        ['EUR', 50_750, 0],
        ['USD', 61_230, 0],
      ]);
      expect(
        (await call(t.app, auth, 'GET', `/api/v1/engagements/${engagementId}/expenses?status=pending`)).json().items,
      ).toEqual([]);
    }
    expect((await call(t.app, w.approver.auth, 'GET', `/api/v1/expenses/${ids['hotel']}`)).statusCode).toBe(200);
    const receipt = await call(t.app, w.approver.auth, 'GET', `/api/v1/expenses/${ids['hotel']}/receipt`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toBe('image/jpeg');
    for (const key of ['taxi', 'dup']) {
      expect((await call(t.app, w.approver.auth, 'GET', `/api/v1/expenses/${ids[key]}`)).statusCode).toBe(404);
      expect((await call(t.app, w.approver.auth, 'GET', `/api/v1/expenses/${ids[key]}/receipt`)).statusCode).toBe(404);
    }
  });

  it("answers another tenant's users and consultants off the team 404 on every read", async () => {
    for (const auth of [w.otherApprover.auth, w.staff.outsider.auth]) {
      expect((await call(t.app, auth, 'GET', `/api/v1/engagements/${engagementId}/expenses`)).statusCode).toBe(404);
      expect((await call(t.app, auth, 'GET', `/api/v1/expenses/${ids['hotel']}`)).statusCode).toBe(404);
      expect((await call(t.app, auth, 'GET', `/api/v1/expenses/${ids['hotel']}/receipt`)).statusCode).toBe(404);
    }
    const missing = await call(t.app, w.otherApprover.auth, 'GET', `/api/v1/expenses/${ids['hotel']}`);
    const none = await call(t.app, w.otherApprover.auth, 'GET', '/api/v1/expenses/exp_missing');
    expect(missing.json().detail).toBe(none.json().detail.replace('exp_missing', ids['hotel']!));
  });

  it('reports totals per currency by engagement for a contract and a date range', async () => {
    const q = `contractId=${w.tenant.contractId}&from=2026-10-29&to=2026-10-31`;
    const r = await call(t.app, w.staff.accountManager.auth, 'GET', `/api/v1/reports/expenses?${q}`);
    expect(r.statusCode, r.body).toBe(200);
    const report = r.json();
    expect(report).toMatchObject({
      contractId: w.tenant.contractId,
      from: '2026-10-29',
      to: '2026-10-31',
      scope: 'all',
    });
    const mine = report.engagements.find((e: { engagementId: string }) => e.engagementId === engagementId);
    expect(
      mine.totals.map((x: { currency: string; approved: { amount: number }; pending: { amount: number } }) => [
        x.currency,
        x.approved.amount,
        x.pending.amount,
      ]),
    ).toEqual([
      ['EUR', 2_500, 3_150],
      ['USD', 61_230, 0],
    ]);
    const sum = (c: string, k: 'approved' | 'pending') =>
      report.engagements.reduce(
        (a: number, e: { totals: { currency: string; approved: { amount: number }; pending: { amount: number } }[] }) =>
          a + (e.totals.find((x) => x.currency === c)?.[k].amount ?? 0),
        0,
      );
    for (const tot of report.totals) {
      expect(tot.approved.amount).toBe(sum(tot.currency, 'approved'));
      expect(tot.pending.amount).toBe(sum(tot.currency, 'pending'));
    }
  });

  it("reports to customers their approved expenses only; another tenant's contract is 404; consultants 403; bad ranges 400", async () => {
    const r = await call(t.app, w.viewer.auth, 'GET', `/api/v1/reports/expenses?contractId=${w.tenant.contractId}`);
    expect(r.statusCode).toBe(200);
    expect(r.json().scope).toBe('approved_only');
    expect(
      r
        .json()
        .totals.every(
          (x: { pending: { amount: number }; pendingCount: number }) => x.pending.amount === 0 && x.pendingCount === 0,
        ),
    ).toBe(true);
    const mine = r.json().engagements.find((e: { engagementId: string }) => e.engagementId === engagementId);
    expect(
      mine.totals.map((x: { currency: string; approved: { amount: number } }) => [x.currency, x.approved.amount]),
    ).toEqual([
      ['EUR', 50_750],
      ['USD', 61_230],
    ]);
    const all = (await call(t.app, w.approver.auth, 'GET', '/api/v1/reports/expenses')).json();
    expect(all.engagements.every((e: { contractId: string }) => e.contractId === w.tenant.contractId)).toBe(true);
    expect(
      (await call(t.app, w.otherApprover.auth, 'GET', `/api/v1/reports/expenses?contractId=${w.tenant.contractId}`))
        .statusCode,
    ).toBe(404);
    const others = (await call(t.app, w.otherApprover.auth, 'GET', '/api/v1/reports/expenses')).json();
    expect(others.engagements).toEqual([]);
    expect(
      (await call(t.app, w.staff.manager.auth, 'GET', '/api/v1/reports/expenses?contractId=ctr_missing')).statusCode,
    ).toBe(404);
    expect((await call(t.app, w.staff.consultant.auth, 'GET', '/api/v1/reports/expenses')).statusCode).toBe(403);
    expect(
      (await call(t.app, w.staff.manager.auth, 'GET', '/api/v1/reports/expenses?from=2026-11-02&to=2026-11-01'))
        .statusCode,
    ).toBe(400);
  });
});

describe('the retainer', () => {
  it('is never touched by filing, approving or rejecting expenses', async () => {
    const before = await ledgerSnapshot();
    expect(before.entries.filter((e) => e.contract_id === w.tenant.contractId).map((e) => e.kind)).toEqual([
      'grant',
      'reserve',
    ]);
    const a = await filed({ fields: { amount: 150_000, currency: 'EUR' } });
    const b = await filed({ fields: { amount: 20_000, currency: 'GBP' } });
    expect((await call(t.app, w.staff.manager.auth, 'POST', `/api/v1/expenses/${a}/approve`)).statusCode).toBe(200);
    expect(
      (await call(t.app, w.staff.manager.auth, 'POST', `/api/v1/expenses/${b}/reject`, { reason: 'Personal' }))
        .statusCode,
    ).toBe(200);
    expect(await ledgerSnapshot()).toEqual(before);
    const balance = await call(t.app, w.staff.admin.auth, 'GET', `/api/v1/contracts/${w.tenant.contractId}/balance`);
    expect(balance.statusCode).toBe(200);
    expect(balance.json()).toMatchObject({ balance: { amount: 120 * 60 }, reserved: { amount: 40 * 60 } });
  });
});

describe('engagements in other states and tenants', () => {
  it('files expenses on a closed engagement (late receipts) and keeps tenants apart', async () => {
    const tenant = await makeTenant(t);
    const closed = await makeEngagement(t, tenant, { status: 'closed', team: [{ userId: w.staff.consultant.id }] });
    const r = await fileExpense(t, w.staff.consultant.auth, closed.id, {
      receipt: { content: encodePng(4, 4, () => [0, 0, 0]), name: 'late.png' },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect((await call(t.app, w.approver.auth, 'GET', `/api/v1/engagements/${closed.id}/expenses`)).statusCode).toBe(
      404,
    );
  });
});
