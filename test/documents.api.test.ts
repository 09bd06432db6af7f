import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHashOf } from '../src/core/documents/canonical-hash.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { pdfText } from './support/pdf-text.ts';
import {
  approve,
  draft,
  makeRequest,
  makeWorkOrderWorld,
  refusedUnchanged,
  send,
  type WorkOrderWorld,
} from './support/workorder-world.ts';

/**
 * The EWO and change-order PDFs a customer's legal team signs (issue 16, "Documents"): letterhead and
 * parties, labels and hours, dates in the customer's zone, the approval block once approved and signature
 * lines before, reply wording only with inbound mail; and a change order's frozen document served so that
 * its hash (planned dates included) can be recomputed.
 */

let t: TestEnv;
let w: WorkOrderWorld;
const zone = 'America/Chicago';

const firm = {
  name: 'Harbour Incident Response Ltd',
  postalAddress: '12 Quay Street\nDublin D02 XY45\nIreland',
  hotlines: [{ label: '24×7 hotline', number: '+353 1 555 0100' }],
  supportEmail: 'support@harbour-ir.example',
  website: 'https://harbour-ir.example',
};

/** What a customer reads never shows: an internal id, a snake_case slug, a UTC ISO instant, minutes as a unit. */
function expectPlainWords(text: string): void {
  expect(text).not.toMatch(/\b[a-z]{2,4}_[0-9a-z]{20,}\b/);
  expect(text).not.toMatch(/\b(eng|req|cus|ctr|wo|co)_[0-9a-zA-Z]{6,}/);
  expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  for (const slug of ['onsite_work', 'onsite work', 'ioc_list', 'ioc list', 'final_report', 'time_and_materials'])
    expect(text).not.toContain(slug);
  expect(text).not.toMatch(/Minutes/);
}

const pdfOf = async (url: string, auth = w.approver.auth) => {
  const r = await call(t.app, auth, 'GET', url);
  expect(r.statusCode, r.body).toBe(200);
  expect(r.headers['content-type']).toBe('application/pdf');
  return (await pdfText(r.rawPayload)).replace(/\s+/g, ' ');
};

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-03T10:02:00Z' });
  w = await makeWorkOrderWorld(t, { initialAmount: 200 * 60, timeZone: zone });
  const profile = await call(t.app, w.admin.auth, 'PATCH', '/api/v1/settings', {
    profile: firm,
    reason: 'Our letterhead',
  });
  expect(profile.statusCode, profile.body).toBe(200);
  const terms = await call(t.app, w.accountManager.auth, 'PUT', `/api/v1/contracts/${w.contract.id}/terms`, {
    currency: 'EUR',
    retainerPriceMinor: 5_000_000,
    topupRateMinor: 15_000,
    overageRateMinor: 18_000,
    paymentTermDays: 30,
    billingLegalName: 'Acme Industrial GmbH',
    billingAddress: 'Hauptstraße 1\n10115 Berlin',
  });
  expect(terms.statusCode, terms.body).toBe(200);
});
afterAll(async () => t.close());

/** An emergency EWO, hybrid at the customer's site, 30 hours on site and an IOC list due two days in. */
async function sentEwo() {
  const requestId = await makeRequest(t, w);
  const d = await draft(t, w, requestId, {
    deliveryMode: 'hybrid',
    siteIds: [w.siteId],
    estimateLines: [
      { activity: 'onsite_work', role: 'forensic lead', minutes: 1800 },
      { activity: 'analysis', role: 'malware analyst', minutes: 600 },
    ],
    proposedStart: '2026-11-04',
    proposedEnd: '2026-11-10',
    deliverables: [
      { kind: 'ioc_list', title: 'Indicators for the SOC', dueDate: '2026-11-06' },
      { kind: 'final_report', title: 'Incident report', dueDate: '2026-11-20' },
    ],
    staffingPlan: [{ role: 'forensic lead', count: 1, userId: w.irManager.id }],
  });
  return send(t, w, d.id);
}

describe('the EWO PDF', () => {
  it('names the firm and the parties, prints labels, hours and human dates, and signature lines before approval', async () => {
    const wo = await sentEwo();
    const text = await pdfOf(`/api/v1/work-orders/${wo.id}/pdf`);
    // The request by its human number.
    const request = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${wo.id}/versions`)).json()[0]
      .frozen.request;
    expect(request.number).toMatch(/^REQ-2026-\d{4}$/);
    expect(text).toContain(`Request ${request.number}`);
    for (const s of [
      // Letterhead and footer.
      firm.name,
      '12 Quay Street',
      '+353 1 555 0100',
      'support@harbour-ir.example',
      // Parties: the firm and the customer by its billing legal name.
      'Incident response provider',
      'Acme Industrial GmbH',
      'Hauptstraße 1',
      // Number, version, date in the customer's zone.
      wo.number,
      'Version 1',
      '04:02 on Tue 3 Nov 2026 (America/Chicago)',
      // Labels and hours.
      'On-site work',
      'Ransomware',
      'On site and remote',
      '30h 00m',
      '10h 00m',
      'Estimated hours 40h 00m',
      'IOC list',
      'Final report',
      'Fri 6 Nov 2026',
      'Wed 4 Nov 2026',
      'Time and materials',
      'Travel and expenses',
      'Rate card this version is priced with',
      // Signature lines, not an approval record.
      'Signed for Acme Industrial GmbH',
      'Signature',
      wo.contentHash!,
    ])
      expect(text).toContain(s);
    expect(text).not.toContain('Approved by');
    // Inbound mail is off here: no "reply APPROVE".
    expect(text).not.toMatch(/replying APPROVE/i);
    expectPlainWords(text);
  });

  it('shows who approved, when, on which channel and for which hash once approved', async () => {
    const wo = await sentEwo();
    t.clock.set('2026-11-03T16:30:00Z');
    const r = await approve(t, w.approver.auth, wo.id, wo.contentHash!);
    expect(r.statusCode, r.body).toBe(200);
    const versions = (await call(t.app, w.approver.auth, 'GET', `/api/v1/work-orders/${wo.id}/versions`)).json();
    // The versions list carries the decision (it used to match a decision against itself).
    expect(versions[0].decision).toMatchObject({ channel: 'portal', contentHash: wo.contentHash });
    const approver = versions[0].decision.contactName as string;
    const text = await pdfOf(`/api/v1/work-orders/${wo.id}/pdf`);
    for (const s of [
      `Approved by ${approver}, for Acme Industrial GmbH`,
      'Approved on 10:30 on Tue 3 Nov 2026 (America/Chicago)',
      'Channel Portal',
      `Content hash approved: ${wo.contentHash}`,
      firm.name,
    ])
      expect(text).toContain(s);
    expect(text).not.toContain('Signature');
    expectPlainWords(text);
  });

  it('refuses a deliverable due before the start with a 422 that names it, changing nothing', async () => {
    const d = await draft(t, w, await makeRequest(t, w), { proposedStart: '2026-11-10', proposedEnd: '2026-11-20' });
    const body = await refusedUnchanged(
      t,
      () =>
        call(t.app, w.irManager.auth, 'PATCH', `/api/v1/work-orders/${d.id}`, {
          deliverables: [
            { kind: 'ioc_list', title: 'Early indicators', dueDate: '2026-11-09' },
            { kind: 'final_report', title: 'Incident report', dueDate: '2026-11-30' },
          ],
        }),
      422,
      'BUSINESS_RULE',
    );
    expect(body.detail).toContain('"Early indicators"');
    expect(body.detail).toContain('2026-11-10');
    expect(JSON.stringify(body)).toContain('body.deliverables.0.dueDate');
    // On the start day is fine.
    const ok = await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/work-orders/${d.id}`, {
      deliverables: [{ kind: 'ioc_list', title: 'Early indicators', dueDate: '2026-11-10' }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe('the change-order document and PDF', () => {
  async function approvedEngagement(): Promise<string> {
    const wo = await sentEwo();
    const r = await approve(t, w.approver.auth, wo.id, wo.contentHash!);
    expect(r.statusCode, r.body).toBe(200);
    return r.json().engagementId as string;
  }

  it('serves the frozen document, whose hash recomputes and covers the planned dates, printed in the PDF', async () => {
    const engagementId = await approvedEngagement();
    const created = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${engagementId}/change-orders`, {
      reason: 'Lateral movement to the ERP servers.',
      estimateDeltaLines: [{ activity: 'analysis', role: 'forensic lead', minutes: 1800 }],
      plannedStart: '2026-11-20',
      plannedEnd: '2026-11-27',
    });
    expect(created.statusCode, created.body).toBe(201);
    const co = created.json() as { id: string; number: string };
    const documentUrl = `/api/v1/engagements/${engagementId}/change-orders/${co.id}/document`;
    // A draft has no frozen document yet.
    expect((await call(t.app, w.irManager.auth, 'GET', documentUrl)).statusCode).toBe(404);

    const sent = await call(t.app, w.irManager.auth, 'POST', `/api/v1/change-orders/${co.id}/send`);
    expect(sent.statusCode, sent.body).toBe(200);
    const contentHash = sent.json().contentHash as string;

    const doc = await call(t.app, w.approver.auth, 'GET', documentUrl);
    expect(doc.statusCode, doc.body).toBe(200);
    const { frozen, ...rest } = doc.json();
    expect(rest).toMatchObject({ id: co.id, number: co.number, status: 'sent', contentHash, decision: null });
    expect(contentHashOf(frozen)).toBe(contentHash);
    expect(frozen).toMatchObject({
      plannedDates: { start: '2026-11-20', end: '2026-11-27' },
      provider: { name: firm.name },
      customer: { legalName: 'Acme Industrial GmbH', timeZone: zone },
    });
    // The planned dates are covered by the hash: other dates, another hash.
    expect(contentHashOf({ ...frozen, plannedDates: { start: '2026-11-21', end: '2026-11-27' } })).not.toBe(
      contentHash,
    );
    const { plannedDates: _dropped, ...withoutDates } = frozen;
    expect(contentHashOf(withoutDates)).not.toBe(contentHash);

    const text = await pdfOf(`/api/v1/change-orders/${co.id}/pdf`);
    for (const s of [
      co.number,
      firm.name,
      'Acme Industrial GmbH',
      'First planned day Fri 20 Nov 2026',
      'Last planned day Fri 27 Nov 2026',
      'Analysis',
      'Hours',
      '30h 00m',
      '(America/Chicago)',
      'Signature',
      contentHash,
    ])
      expect(text).toContain(s);
    expect(text).not.toContain('1800');
    expectPlainWords(text);

    // Another engagement's path, or a stranger, does not find it.
    const other = await approvedEngagement();
    expect(
      (await call(t.app, w.approver.auth, 'GET', `/api/v1/engagements/${other}/change-orders/${co.id}/document`))
        .statusCode,
    ).toBe(404);
    const stranger = await makeWorkOrderWorld(t);
    expect((await call(t.app, stranger.approver.auth, 'GET', documentUrl)).statusCode).toBe(404);

    // Approved: the PDF carries the approval record, the document the decision.
    const r = await call(t.app, w.approver.auth, 'POST', `/api/v1/change-orders/${co.id}/approve`, { contentHash });
    expect(r.statusCode, r.body).toBe(200);
    const after = (await call(t.app, w.approver.auth, 'GET', documentUrl)).json();
    expect(after).toMatchObject({ status: 'approved', decision: { channel: 'portal', contentHash } });
    expect(contentHashOf(after.frozen)).toBe(contentHash);
    const approved = await pdfOf(`/api/v1/change-orders/${co.id}/pdf`);
    expect(approved).toContain(`Approved by ${after.decision.contactName}, for Acme Industrial GmbH`);
    expect(approved).toContain(`Content hash approved: ${contentHash}`);
    expect(approved).not.toContain('Signature');
    expectPlainWords(approved);
  });
});

describe('reply-to-approve wording', () => {
  it('appears in the PDF only when inbound mail is configured', async () => {
    const inbound = await createTestEnv({
      now: '2026-11-03T10:02:00Z',
      env: { SMTP_IN_PORT: '0', MAIL_IN_DOMAIN: 'in.imr.test' },
    });
    try {
      const saved = t;
      t = inbound;
      try {
        const world = await makeWorkOrderWorld(t);
        const d = await draft(t, world, await makeRequest(t, world));
        const wo = await send(t, world, d.id);
        const text = await pdfOf(`/api/v1/work-orders/${wo.id}/pdf`, world.approver.auth);
        expect(text).toContain('by replying APPROVE to that email');
      } finally {
        t = saved;
      }
    } finally {
      await inbound.close();
    }
  });
});
