import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImr } from './support/cli-runner.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { pdfText } from './support/pdf-text.ts';
import { approve, sentWorkOrder, makeWorkOrderWorld, type WorkOrderWorld } from './support/workorder-world.ts';

let t: TestEnv;
let w: WorkOrderWorld;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-co-cli-'));
const saved = { ...process.env };

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-03T10:02:00Z' });
  w = await makeWorkOrderWorld(t, { initialAmount: 120 * 60 });
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  Object.assign(process.env, { IMR_URL: url, IMR_TOKEN: w.irManager.auth.token, XDG_CONFIG_HOME: home });
});
afterAll(async () => {
  process.env = saved;
  fs.rmSync(home, { recursive: true, force: true });
  await t.close();
});

describe('imr change-orders', () => {
  it("writes a sent change order's PDF and its frozen document, recomputing the content hash", async () => {
    const { wo } = await sentWorkOrder(t, w);
    const engagementId = (await approve(t, w.approver.auth, wo.id, wo.contentHash!)).json().engagementId as string;
    const created = await call(t.app, w.irManager.auth, 'POST', `/api/v1/engagements/${engagementId}/change-orders`, {
      reason: 'More hosts to image.',
      estimateDeltaLines: [{ activity: 'analysis', role: 'forensic lead', minutes: 1800 }],
      plannedEnd: '2026-11-30',
    });
    expect(created.statusCode, created.body).toBe(201);
    const co = created.json() as { id: string; number: string };
    const sent = await call(t.app, w.irManager.auth, 'POST', `/api/v1/change-orders/${co.id}/send`);
    const contentHash = sent.json().contentHash as string;

    const file = path.join(home, 'co.pdf');
    const pdf = await runImr('change-orders', 'pdf', co.id, '--out', file);
    expect(pdf.code, pdf.err).toBe(0);
    expect(pdf.out).toContain(`Wrote ${co.number}.pdf`);
    const text = (await pdfText(fs.readFileSync(file))).replace(/\s+/g, ' ');
    expect(text).toContain(co.number);
    expect(text).toContain('30h 00m');
    expect(text).toContain('Last planned day Mon 30 Nov 2026');

    const json = path.join(home, 'co.json');
    const doc = await runImr('change-orders', 'document', engagementId, co.id, '--out', json);
    expect(doc.code, doc.err).toBe(0);
    expect(doc.out).toContain(`Content hash: ${contentHash}`);
    expect(doc.out).toContain(`Recomputed:   ${contentHash} (matches)`);
    expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toMatchObject({
      number: co.number,
      plannedDates: { start: null, end: '2026-11-30' },
    });

    const wrong = await runImr('change-orders', 'document', wo.id, co.id);
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain('NOT_FOUND');
  });

  it('drafts a change order with new planned dates, changes them, and the approval page says them in words', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const engagementId = (await approve(t, w.approver.auth, wo.id, wo.contentHash!)).json().engagementId as string;
    const count = async () =>
      (await call(t.app, w.irManager.auth, 'GET', `/api/v1/change-orders?engagementId=${engagementId}`)).json().items
        .length as number;
    const badLine = await runImr('change-orders', 'create', engagementId, '--reason', 'More', '--line', 'lunch:me:+2');
    expect(badLine.code).not.toBe(0);
    expect(badLine.err).toContain('--line is ACTIVITY:ROLE:HOURS');
    const backwards = await runImr(
      'change-orders',
      'create',
      engagementId,
      '--reason',
      'More hosts',
      '--line',
      'analysis:forensic lead:+12',
      '--planned-start',
      '2026-12-10',
      '--planned-end',
      '2026-12-01',
    );
    expect(backwards.code).not.toBe(0);
    expect(backwards.err).toContain('before the new first planned day');
    expect(await count()).toBe(0);

    const created = await runImr(
      'change-orders',
      'create',
      engagementId,
      '--reason',
      'More hosts to image',
      '--line',
      'analysis:forensic lead:+12',
      '--planned-start',
      '2026-12-01',
      '--json',
    );
    expect(created.code, created.err).toBe(0);
    const co = JSON.parse(created.out) as {
      id: string;
      number: string;
      revision: number;
      plannedStart: string;
      plannedEnd: null;
    };
    expect(co).toMatchObject({ plannedStart: '2026-12-01', plannedEnd: null });

    const refused = await runImr('change-orders', 'update', co.id, '--planned-end', '2026-11-20');
    expect(refused.code).not.toBe(0);
    const unchanged = await call(t.app, w.irManager.auth, 'GET', `/api/v1/change-orders/${co.id}`);
    expect(unchanged.json()).toMatchObject({ plannedStart: '2026-12-01', plannedEnd: null, revision: co.revision });

    const updated = await runImr('change-orders', 'update', co.id, '--planned-end', '2026-12-18');
    expect(updated.code, updated.err).toBe(0);
    expect(updated.out).toContain('New planned dates: Tue 1 Dec 2026 to Fri 18 Dec 2026');

    const sent = await call(t.app, w.irManager.auth, 'POST', `/api/v1/change-orders/${co.id}/send`);
    expect(sent.statusCode, sent.body).toBe(200);
    const summary = await call(t.app, w.approver.auth, 'GET', `/api/v1/change-orders/${co.id}/summary`);
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json().facts).toContainEqual({
      label: 'New planned dates',
      value: 'Tue 1 Dec 2026 to Fri 18 Dec 2026',
    });

    // Revising the sent one keeps its dates on the new draft.
    const revised = await runImr('change-orders', 'update', co.id, '--reason', 'Even more hosts', '--json');
    expect(revised.code, revised.err).toBe(0);
    expect(JSON.parse(revised.out)).toMatchObject({ plannedStart: '2026-12-01', plannedEnd: '2026-12-18' });
    expect(JSON.parse(revised.out).id).not.toBe(co.id);
  });
});
