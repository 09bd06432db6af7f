import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DELIVERABLE_BYTES } from '../src/core/deliverables/deliverables.rules.ts';
import {
  counts,
  makeEngagement,
  makeExpenseWorld,
  pdfBytes,
  pngBytes,
  postForm,
  zipBytes,
} from './support/expense-factories.ts';
import { call, createTestEnv, type Auth, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let w: Awaited<ReturnType<typeof makeExpenseWorld>>;

beforeAll(async () => {
  t = await createTestEnv();
  w = await makeExpenseWorld(t);
});
afterAll(async () => t.close());

const iocCsv = Buffer.from('indicator,type\n198.51.100.7,ipv4\nupdate-check.example,domain\n');

/** Creates a deliverable through the API and returns its body. */
async function create(
  o: { kind?: string; title?: string; content?: Buffer; name?: string; auth?: Auth; engagementId?: string } = {},
) {
  const r = await postForm(
    t,
    o.auth ?? w.staff.consultant.auth,
    `/api/v1/engagements/${o.engagementId ?? w.engagement.id}/deliverables`,
    {
      kind: o.kind ?? 'final_report',
      title: o.title ?? 'Final report',
      note: 'First draft',
    },
    { content: o.content ?? (await pdfBytes()), name: o.name ?? 'final-report.pdf', type: 'application/octet-stream' },
  );
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

const addVersion = (id: string, content: Buffer, name: string, auth: Auth = w.staff.consultant.auth) =>
  postForm(t, auth, `/api/v1/deliverables/${id}/versions`, { note: 'Revised after review' }, { content, name });

const issue = (id: string, auth: Auth = w.staff.manager.auth, body?: unknown) =>
  call(t.app, auth, 'POST', `/api/v1/deliverables/${id}/issue`, body);
const accept = (id: string, auth: Auth, body?: unknown) =>
  call(t.app, auth, 'POST', `/api/v1/deliverables/${id}/accept`, body);
const download = (id: string, v: number, auth: Auth) =>
  call(t.app, auth, 'GET', `/api/v1/deliverables/${id}/versions/${v}/file`);

describe('deliverables from draft to accepted', () => {
  let id: string;

  it('creates a draft with its first version; the stored type comes from the content', async () => {
    const before = await counts(t);
    const d = await create();
    id = d.id;
    expect(d).toMatchObject({
      engagementId: w.engagement.id,
      kind: 'final_report',
      title: 'Final report',
      status: 'draft',
      currentVersion: 1,
      issuedVersion: null,
      acceptedAt: null,
      versions: [
        {
          version: 1,
          note: 'First draft',
          issuedAt: null,
          createdBy: { id: w.staff.consultant.id },
          file: { name: 'final-report.pdf', contentType: 'application/pdf' },
        },
      ],
    });
    expect(d.versions[0].file.url).toBe(`/api/v1/deliverables/${id}/versions/1/file`);
    expect(await counts(t)).toMatchObject({
      stored_files: before.stored_files + 1,
      deliverables: before.deliverables + 1,
      deliverable_versions: before.deliverable_versions + 1,
      audit_events: before.audit_events + 1,
    });
  });

  it('keeps drafts from the customer: list empty, the deliverable and its file 404', async () => {
    expect(
      (await call(t.app, w.approver.auth, 'GET', `/api/v1/engagements/${w.engagement.id}/deliverables`)).json().items,
    ).toEqual([]);
    expect((await call(t.app, w.approver.auth, 'GET', `/api/v1/deliverables/${id}`)).statusCode).toBe(404);
    expect((await download(id, 1, w.approver.auth)).statusCode).toBe(404);
    expect((await accept(id, w.approver.auth)).statusCode).toBe(404);
    const staff = await download(id, 1, w.staff.consultant.auth);
    expect(staff.statusCode).toBe(200);
    expect(staff.rawPayload.equals(await pdfBytes())).toBe(true);
  });

  it('adds a version (here a text file, stored as text/plain)', async () => {
    const r = await addVersion(id, iocCsv, 'report-v2.txt');
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ currentVersion: 2, status: 'draft' });
    expect(r.json().versions[1]).toMatchObject({
      version: 2,
      file: { contentType: 'text/plain; charset=utf-8', name: 'report-v2.txt' },
    });
  });

  it('lets only IR managers and admins issue: 403 for the team consultant, 404 for customers and outsiders; nothing changes', async () => {
    const before = await counts(t);
    expect((await issue(id, w.staff.consultant.auth)).statusCode).toBe(403);
    expect((await issue(id, w.staff.accountManager.auth)).statusCode).toBe(403);
    for (const auth of [w.approver.auth, w.otherApprover.auth, w.staff.outsider.auth])
      expect((await issue(id, auth)).statusCode).toBe(404);
    expect((await issue(id, w.staff.manager.auth, { version: 1 })).json()).toMatchObject({
      status: 409,
      code: 'STALE_REVISION',
    });
    expect(await counts(t)).toEqual(before);
  });

  it('issues the current version and tells the approving and statement contacts and the requester, once each', async () => {
    const outboxBefore = (await counts(t)).outbox;
    const r = await issue(id, w.staff.manager.auth, { version: 2 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'issued',
      issuedVersion: 2,
      issuedBy: { id: w.staff.manager.id, name: 'Maria Keller' },
      issuedAt: '2026-11-02T09:00:00.000Z',
    });
    expect(
      r.json().versions.map((v: { version: number; issuedAt: string | null }) => [v.version, v.issuedAt !== null]),
    ).toEqual([
      [1, false],
      [2, true],
    ]);
    const mail = await t.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', 'deliverable.issued').execute();
    expect(mail).toHaveLength((await counts(t)).outbox - outboxBefore);
    expect(mail.map((m) => m.payload.to[0]).sort()).toEqual(
      [w.approver.contactEmail, w.statementContact.email, w.requesterContact.email].sort(),
    );
    expect(mail.map((m) => m.payload.to[0])).not.toContain(w.viewer.contactEmail);
    expect(mail[0]!.payload.subject).toBe(`${w.engagement.number}: Final report (version 2) is ready`);
    expect(mail[0]!.payload.text).toContain(`http://imr.test/portal/engagements/${w.engagement.number}`);
    expect(mail[0]!.payload.attachments ?? []).toEqual([]);
    const again = await issue(id);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVALID_TRANSITION');
  });

  it('shows the customer the issued version only (version 1 was never issued)', async () => {
    for (const auth of [w.approver.auth, w.requester.auth, w.viewer.auth]) {
      const list = (await call(t.app, auth, 'GET', `/api/v1/engagements/${w.engagement.id}/deliverables`)).json();
      expect(list.items.map((d: { id: string }) => d.id)).toEqual([id]);
      expect(list.items[0]).toMatchObject({ currentVersion: 2, issuedVersion: 2 });
      expect(list.items[0].versions.map((v: { version: number }) => v.version)).toEqual([2]);
      const file = await download(id, 2, auth);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(file.headers['content-disposition']).toContain('attachment;');
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.rawPayload.equals(iocCsv)).toBe(true);
      expect((await download(id, 1, auth)).statusCode).toBe(404);
    }
  });

  it('keeps a newer version from the customer until it is issued; accepting the old one then is stale', async () => {
    const r = await addVersion(id, await pdfBytes(), 'final-report-v3.pdf');
    expect(r.statusCode).toBe(201);
    const seen = (await call(t.app, w.approver.auth, 'GET', `/api/v1/deliverables/${id}`)).json();
    expect(seen).toMatchObject({ currentVersion: 2, status: 'issued' });
    expect(seen.versions.map((v: { version: number }) => v.version)).toEqual([2]);
    expect((await download(id, 3, w.approver.auth)).statusCode).toBe(404);
    expect((await issue(id)).json()).toMatchObject({ issuedVersion: 3, currentVersion: 3 });
    const stale = await accept(id, w.approver.auth, { version: 2 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'STALE_REVISION', details: { issuedVersion: 3, version: 2 } });
    expect(
      (await call(t.app, w.approver.auth, 'GET', `/api/v1/deliverables/${id}`))
        .json()
        .versions.map((v: { version: number }) => v.version),
    ).toEqual([2, 3]);
  });

  it("lets only the customer's point of contact accept: 403 inside the tenant, 404 across; nothing changes", async () => {
    const before = await counts(t);
    for (const auth of [
      w.requester.auth,
      w.viewer.auth,
      w.staff.manager.auth,
      w.staff.admin.auth,
      w.staff.consultant.auth,
    ]) {
      const r = await accept(id, auth);
      expect(r.statusCode, r.body).toBe(403);
    }
    expect((await accept(id, w.otherApprover.auth)).statusCode).toBe(404);
    expect((await accept(id, w.staff.outsider.auth)).statusCode).toBe(404);
    expect((await accept(id, null)).statusCode).toBe(401);
    // A login whose contact lost canApprove (role not refreshed yet) is refused by the data check.
    await t.db.kysely
      .updateTable('contacts')
      .set({ can_approve: false })
      .where('id', '=', w.approver.contactId)
      .execute();
    expect((await accept(id, w.approver.auth)).statusCode).toBe(403);
    await t.db.kysely
      .updateTable('contacts')
      .set({ can_approve: true })
      .where('id', '=', w.approver.contactId)
      .execute();
    expect(await counts(t)).toEqual(before);
  });

  it('records the acceptance (when, who, which version) and tells the engagement and account teams', async () => {
    t.clock.advance(60 * 60 * 1000);
    const r = await accept(id, w.approver.auth, { version: 3, note: 'Thanks, exactly what the board needed.' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'accepted',
      acceptedVersion: 3,
      acceptedAt: '2026-11-02T10:00:00.000Z',
      acceptedBy: { id: w.approver.id },
      acceptanceNote: 'Thanks, exactly what the board needed.',
    });
    const row = await t.db.kysely.selectFrom('deliverables').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.accepted_contact_id).toBe(w.approver.contactId);
    const mail = await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'deliverable.accepted')
      .execute();
    expect(mail.map((m) => m.payload.to[0]).sort()).toEqual(
      [w.staff.consultant.email, w.staff.manager.email, w.staff.accountManager.email].sort(),
    );
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'deliverable.created',
      'deliverable.version_added',
      'deliverable.issued',
      'deliverable.version_added',
      'deliverable.issued',
      'deliverable.accepted',
    ]);
  });

  it('is final once accepted: no second acceptance, no new version, no issue', async () => {
    const before = await counts(t);
    expect((await accept(id, w.approver.auth)).json().code).toBe('INVALID_TRANSITION');
    const v = await addVersion(id, pngBytes(), 'x.png');
    expect(v.statusCode).toBe(409);
    expect(v.json().code).toBe('INVALID_TRANSITION');
    expect((await issue(id)).statusCode).toBe(409);
    expect(await counts(t)).toEqual(before);
  });
});

describe('refusals when writing deliverables change nothing', () => {
  const refused = async (
    send: () => Promise<{ statusCode: number; json(): { code: string; errors?: { path: string }[] } }>,
    status: number,
    code: string,
  ) => {
    const before = await counts(t);
    const r = await send();
    expect(r.statusCode).toBe(status);
    expect(r.json().code).toBe(code);
    expect(await counts(t)).toEqual(before);
    return r.json();
  };
  const form =
    (
      auth: Auth,
      fields: Record<string, string>,
      file?: { content: Buffer; name: string },
      engagementId = w.engagement.id,
    ) =>
    () =>
      postForm(t, auth, `/api/v1/engagements/${engagementId}/deliverables`, fields, file);

  it('refuses bad fields, a missing file and a file over 25 MB', async () => {
    const ok = { kind: 'ioc_list', title: 'IOCs' };
    const file = { content: iocCsv, name: 'iocs.csv' };
    expect(
      (await refused(form(w.staff.consultant.auth, { ...ok, kind: 'poem' }, file), 400, 'VALIDATION_FAILED'))
        .errors![0]!.path,
    ).toBe('body.kind');
    expect(
      (await refused(form(w.staff.consultant.auth, { ...ok, title: '  ' }, file), 400, 'VALIDATION_FAILED')).errors![0]!
        .path,
    ).toBe('body.title');
    expect((await refused(form(w.staff.consultant.auth, ok), 400, 'VALIDATION_FAILED')).errors![0]!.path).toBe(
      'body.file',
    );
    const big = {
      content: Buffer.concat([zipBytes(), Buffer.alloc(MAX_DELIVERABLE_BYTES + 1 - zipBytes().length)]),
      name: 'evidence.zip',
    };
    await refused(form(w.staff.consultant.auth, ok, big), 422, 'FILE_TOO_LARGE');
  });

  it('answers 404 to consultants off the team and other tenants, 403 to customers and account managers, on every write', async () => {
    const d = await create({ kind: 'ioc_list', title: 'IOCs', content: iocCsv, name: 'iocs.csv' });
    const file = { content: await pdfBytes(), name: 'x.pdf' };
    const ok = { kind: 'other', title: 'Notes' };
    await refused(form(w.staff.outsider.auth, ok, file), 404, 'NOT_FOUND');
    await refused(form(w.otherApprover.auth, ok, file), 404, 'NOT_FOUND');
    await refused(form(w.approver.auth, ok, file), 403, 'FORBIDDEN');
    await refused(form(w.staff.accountManager.auth, ok, file), 403, 'FORBIDDEN');
    await refused(form(w.staff.consultant.auth, ok, file, w.otherEngagement.id), 404, 'NOT_FOUND');
    await refused(() => addVersion(d.id, file.content, file.name, w.staff.outsider.auth), 404, 'NOT_FOUND');
    await refused(() => addVersion(d.id, file.content, file.name, w.otherApprover.auth), 404, 'NOT_FOUND');
    await refused(() => addVersion(d.id, file.content, file.name, w.approver.auth), 404, 'NOT_FOUND');
    await refused(() => addVersion(d.id, file.content, file.name, w.staff.accountManager.auth), 403, 'FORBIDDEN');
    await refused(() => addVersion('dlv_missing', file.content, file.name), 404, 'NOT_FOUND');
    await refused(() => issue('dlv_missing'), 404, 'NOT_FOUND');
  });

  it("answers 404 on every read of another tenant's or another team's deliverable, issued or not", async () => {
    const e = await makeEngagement(t, w.other, { team: [{ userId: w.staff.outsider.id }] });
    const d = await create({ auth: w.staff.outsider.auth, engagementId: e.id, title: 'Their report' });
    expect((await issue(d.id, w.staff.manager.auth)).statusCode).toBe(200);
    for (const auth of [w.approver.auth, w.staff.consultant.auth]) {
      expect((await call(t.app, auth, 'GET', `/api/v1/engagements/${e.id}/deliverables`)).statusCode).toBe(404);
      expect((await call(t.app, auth, 'GET', `/api/v1/deliverables/${d.id}`)).statusCode).toBe(404);
      expect((await download(d.id, 1, auth)).statusCode).toBe(404);
    }
    // Their own approver sees and may accept it.
    expect((await download(d.id, 1, w.otherApprover.auth)).statusCode).toBe(200);
    expect((await accept(d.id, w.otherApprover.auth)).statusCode).toBe(200);
    expect((await download(d.id, 9, w.staff.manager.auth)).statusCode).toBe(404);
  });

  it('numbers versions added at the same time one after another, without gaps or clashes', async () => {
    const d = await create({ title: 'Concurrent report' });
    const rs = await Promise.all(
      [1, 2, 3].map(async (n) => addVersion(d.id, Buffer.from(`revision ${n}\n`), `r${n}.txt`)),
    );
    expect(rs.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    const final = (await call(t.app, w.staff.manager.auth, 'GET', `/api/v1/deliverables/${d.id}`)).json();
    expect(final.currentVersion).toBe(4);
    expect(final.versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3, 4]);
    expect(new Set(final.versions.slice(1).map((v: { file: { sha256: string } }) => v.file.sha256)).size).toBe(3);
  });

  it('stores unrecognised binary as application/octet-stream and lists staff drafts with cursor pages', async () => {
    const e = await makeEngagement(t, w.tenant, { team: [{ userId: w.staff.consultant.id }] });
    const ids: string[] = [];
    for (const title of ['One', 'Two', 'Three'])
      ids.push(
        (
          await create({
            engagementId: e.id,
            title,
            content: Buffer.from([0, 1, 2, 3, 250, 251]),
            name: `${title}.bin`,
          })
        ).id,
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        items: { id: string; versions: { file: { contentType: string } }[] }[];
        nextCursor: string | null;
      } = (
        await call(
          t.app,
          w.staff.manager.auth,
          'GET',
          `/api/v1/engagements/${e.id}/deliverables?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      for (const d of page.items) expect(d.versions[0]!.file.contentType).toBe('application/octet-stream');
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
  });
});
