import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  counts as fileCounts,
  fileExpense,
  jpegBytes,
  makeExpenseWorld,
  pdfBytes,
  postForm,
} from './support/expense-factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { counts as requestCounts, makeRequestWorld } from './support/request-factories.ts';

// Issue 16: refusals raised by the upload plugin and by use cases speak like the schema's (plain-errors): the
// field as the form labels it and what to do; the technical words only in `debug`.
let t: TestEnv;
let w: Awaited<ReturnType<typeof makeExpenseWorld>>;

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:30:00Z' });
  w = await makeExpenseWorld(t);
});
afterAll(async () => t.close());

interface Problem {
  code: string;
  detail: string;
  errors: { path: string; field?: string; message: string; debug: string }[];
}

/** Words no person should read in a refusal. */
const jargon =
  /request is invalid|deliverable is invalid|body\.|Invalid option|expected one of|Too small|\d{4}-\d\d-\d\dT\d\d:\d\d|`/;

function expectPlain(r: { statusCode: number; body: string; json(): unknown }, detail: RegExp): Problem {
  expect(r.statusCode, r.body).toBe(400);
  const p = r.json() as Problem;
  expect(p.code).toBe('VALIDATION_FAILED');
  expect(p.detail).toMatch(detail);
  expect(p.detail).not.toMatch(jargon);
  for (const e of p.errors) expect(`${e.field ?? ''} ${e.message}`).not.toMatch(jargon);
  return p;
}

describe('multipart forms refuse in plain words and write nothing', () => {
  it('a text field the schema refuses names the field and its choices by their labels', async () => {
    const before = await fileCounts(t);
    const r = await fileExpense(t, w.staff.consultant.auth, w.engagement.id, { fields: { category: 'yacht' } });
    const p = expectPlain(r, /^Category: choose one of .*Airfare/);
    expect(p.errors[0]).toMatchObject({ path: 'body.category', field: 'Category' });
    expect(p.errors[0]!.debug).not.toBe('');
    expect(await fileCounts(t)).toEqual(before);
  });

  it('a file in a field that takes none says where the file goes', async () => {
    const before = await fileCounts(t);
    const r = await postForm(
      t,
      w.staff.consultant.auth,
      `/api/v1/engagements/${w.engagement.id}/expenses`,
      { date: '2026-10-30', category: 'airfare', amount: 48_250, currency: 'EUR' },
      { content: jpegBytes(), name: 'pass.jpg', type: 'image/jpeg', field: 'photo' },
    );
    const p = expectPlain(r, /^Photo: attach the file in the field "receipt"/);
    expect(p.errors[0]).toMatchObject({ path: 'body.photo', field: 'Photo', debug: 'is not a file field' });
    expect(await fileCounts(t)).toEqual(before);
  });

  it('a field given twice asks for it once', async () => {
    const before = await fileCounts(t);
    const form = new FormData();
    for (const [k, v] of Object.entries({ date: '2026-10-30', category: 'airfare', amount: '100', currency: 'EUR' }))
      form.append(k, v);
    form.append('amount', '200');
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/engagements/${w.engagement.id}/expenses`,
      headers: { authorization: `Bearer ${w.staff.consultant.auth.token}` },
      payload: form as unknown as string,
    });
    const p = expectPlain(r, /^Amount: give it once/);
    expect(p.errors[0]).toMatchObject({ path: 'body.amount', debug: 'is given twice' });
    expect(await fileCounts(t)).toEqual(before);
  });

  it('a deliverable without its document asks for the document', async () => {
    const before = await fileCounts(t);
    const r = await postForm(t, w.staff.consultant.auth, `/api/v1/engagements/${w.engagement.id}/deliverables`, {
      kind: 'final_report',
      title: 'Final report',
    });
    const p = expectPlain(r, /^File: attach the document \(it is required\)\.$/);
    expect(p.errors[0]).toMatchObject({ path: 'body.file', field: 'File' });
    expect(await fileCounts(t)).toEqual(before);
  });

  it('while a complete form is taken', async () => {
    const r = await postForm(
      t,
      w.staff.consultant.auth,
      `/api/v1/engagements/${w.engagement.id}/deliverables`,
      {
        kind: 'final_report',
        title: 'Final report',
      },
      { content: await pdfBytes(), name: 'final.pdf' },
    );
    expect(r.statusCode, r.body).toBe(201);
  });
});

describe('use-case refusals speak as the form does', () => {
  it('a milestone in the future: the field by its label, what to do, the instant only in debug', async () => {
    const rw = await makeRequestWorld(t);
    const created = await call(t.app, rw.irManager.auth, 'POST', '/api/v1/requests', {
      contractId: rw.contract.id,
      kind: 'emergency',
      incidentType: 'ransomware',
      severity: 'P1',
      description: 'Encrypted',
      channel: 'hotline',
    });
    expect(created.statusCode, created.body).toBe(201);
    const before = await requestCounts(t);
    const r = await call(t.app, rw.irManager.auth, 'POST', `/api/v1/requests/${created.json().id}/milestones`, {
      kind: 'initial_contact',
      at: '2026-11-03T09:00:00Z',
    });
    const p = expectPlain(r, /^When: give a time that has come/);
    expect(p.errors[0]).toMatchObject({ path: 'body.at', field: 'When' });
    expect(p.errors[0]!.debug).toMatch(/2026-11-02T09:30/);
    expect(await requestCounts(t)).toEqual(before);
  });

  it('a request received in the future, the same way', async () => {
    const rw = await makeRequestWorld(t);
    const before = await requestCounts(t);
    const r = await call(t.app, rw.irManager.auth, 'POST', '/api/v1/requests', {
      contractId: rw.contract.id,
      kind: 'emergency',
      incidentType: 'ransomware',
      severity: 'P1',
      description: 'Encrypted',
      channel: 'hotline',
      receivedAt: '2026-11-05T09:00:00Z',
    });
    const p = expectPlain(r, /: give a time that has come/);
    expect(p.errors[0]).toMatchObject({ path: 'body.receivedAt' });
    expect(await requestCounts(t)).toEqual(before);
  });
});
