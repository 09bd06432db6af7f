import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImr } from './support/cli-runner.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';
import { pdfText } from './support/pdf-text.ts';
import { draft, makeRequest, makeWorkOrderWorld, type WorkOrderWorld } from './support/workorder-world.ts';

let t: TestEnv;
let w: WorkOrderWorld;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-wo-cli-'));
const saved = { ...process.env };

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-03T10:02:00Z' });
  w = await makeWorkOrderWorld(t);
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  Object.assign(process.env, { IMR_URL: url, IMR_TOKEN: w.irManager.auth.token, XDG_CONFIG_HOME: home });
});
afterAll(async () => {
  process.env = saved;
  fs.rmSync(home, { recursive: true, force: true });
  await t.close();
});

const imr = runImr;

describe('imr work-orders', () => {
  it('lists, shows, sends and writes the PDF of a work order', async () => {
    const d = await draft(t, w, await makeRequest(t, w));
    const list = await imr('work-orders', 'list', '--customer', w.customer.customerId);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toContain(d.number);
    expect(list.out).toContain('draft');
    const sent = await imr('work-orders', 'send', d.id, '--revision', '1');
    expect(sent.code, sent.err).toBe(0);
    expect(sent.out).toMatch(/Sent EWO-\d{4}-\d{4} version 1/);
    const again = await imr('work-orders', 'send', d.id);
    expect(again.code).not.toBe(0);
    expect(again.err).toContain('INVALID_TRANSITION');
    const show = await imr('work-orders', 'show', d.id);
    expect(show.out).toContain('Content hash:');
    expect(show.out).toMatch(/v1 {2}sent/);
    // The card the sent version was priced with, frozen and in words (issue 17).
    expect(show.out).toContain(`Rate card: from ${d.number} version 1`);
    expect(show.out).toMatch(/^ {2}Time is rounded up to \d+ minutes per entry\.$/m);
    expect(show.out).toMatch(/^ {2}Travel time is (not )?drawn from the retainer\.$/m);
    const file = path.join(home, 'ewo.pdf');
    const pdf = await imr('work-orders', 'pdf', d.id, '--out', file);
    expect(pdf.code, pdf.err).toBe(0);
    const text = await pdfText(fs.readFileSync(file));
    expect(text).toContain(d.number);
    const missing = await imr('work-orders', 'show', 'ewo_missing');
    expect(missing.err).toContain('NOT_FOUND');
  });
});
