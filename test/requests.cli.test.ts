import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImr } from './support/cli-runner.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';
import { makeRequestWorld } from './support/request-factories.ts';

let t: TestEnv;
let w: Awaited<ReturnType<typeof makeRequestWorld>>;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-req-cli-'));
const saved = { ...process.env };

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T09:20:00Z' });
  w = await makeRequestWorld(t);
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  Object.assign(process.env, { IMR_URL: url, IMR_TOKEN: w.irManager.auth.token, XDG_CONFIG_HOME: home });
});
afterAll(async () => {
  process.env = saved;
  fs.rmSync(home, { recursive: true, force: true });
  await t.close();
});

const imr = runImr;

describe('imr requests', () => {
  it('logs a hotline emergency, lists it, records a milestone and shows the request', async () => {
    const created = await imr(
      'requests',
      'create',
      '--contract',
      w.contract.id,
      '--kind',
      'emergency',
      '--incident-type',
      'ransomware',
      '--severity',
      'p1',
      '--description',
      'File servers encrypted',
      '--channel',
      'hotline',
      '--received-at',
      '2026-11-02T03:07:00-06:00',
      '--requester',
      w.approver.contactId,
      '--json',
    );
    expect(created.code, created.err).toBe(0);
    const r = JSON.parse(created.out);
    expect(r).toMatchObject({
      channel: 'hotline',
      severity: 'P1',
      receivedAt: '2026-11-02T09:07:00.000Z',
      requesterContactId: w.approver.contactId,
    });

    const list = await imr('requests', 'list', '--kind', 'emergency', '--customer', w.customer.customerId);
    expect(list.code, list.err).toBe(0);
    expect(r.number).toMatch(/^REQ-2026-\d{4}$/);
    expect(list.out).toContain(r.number);
    expect(list.out).not.toContain(r.id);
    expect(list.out).toContain('P1 ransomware');

    const m = await imr('requests', 'milestone', r.id, 'initial_contact', '--at', '2026-11-02T09:18:00Z');
    expect(m.code, m.err).toBe(0);
    expect(m.out).toContain('Initial contact recorded at 2026-11-02T09:18:00.000Z: Met (due 2026-11-02T10:07:00.000Z)');
    const again = await imr('requests', 'milestone', r.id, 'initial_contact');
    expect(again.code).toBe(6);
    expect(again.err).toContain('CONFLICT');

    const show = await imr('requests', 'show', r.number.toLowerCase());
    expect(show.code, show.err).toBe(0);
    expect(show.out).toMatch(/Initial contact\s+due 2026-11-02T10:07:00.000Z {2}Met/);
    expect(show.out.split('\n')[0]).toContain(`${r.number}  Emergency: P1 ransomware  Received`);
    expect((await imr('requests', 'show', r.id)).out).toContain(r.number);
    expect(show.out).toContain('Timeline:');
  });

  it('creates a proactive request by catalog item name and reports a refused lead time with exit code 7', async () => {
    const early = await imr(
      'requests',
      'create',
      '--contract',
      w.contract.id,
      '--kind',
      'proactive',
      '--catalog-item',
      'tabletop exercise',
      '--desired-start',
      '2026-11-20',
      '--description',
      'Board tabletop',
    );
    expect(early.code).toBe(7);
    expect(early.err).toContain('LEAD_TIME_TOO_SHORT');
    expect(early.err).toContain('2026-11-30');
    const ok = await imr(
      'requests',
      'create',
      '--contract',
      w.contract.id,
      '--kind',
      'proactive',
      '--catalog-item',
      'Tabletop exercise',
      '--desired-start',
      '2026-11-30',
      '--description',
      'Board tabletop',
    );
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('earliest 2026-11-30, lead time 28 days');
    const missing = await imr('requests', 'show', 'req_missing');
    expect(missing.code).toBe(5);
  });
});

describe('imr requests contacted / assign', () => {
  it('assigns an owner (initial contact recorded once) and notes a later contact without moving it', async () => {
    t.clock.set('2026-11-02T10:00:00Z');
    const created = await imr(
      'requests',
      'create',
      '--contract',
      w.contract.id,
      '--kind',
      'emergency',
      '--incident-type',
      'ransomware',
      '--severity',
      'P2',
      '--description',
      'Mailbox rules',
      '--channel',
      'hotline',
      '--requester',
      w.approver.contactId,
      '--json',
    );
    expect(created.code, created.err).toBe(0);
    const id = JSON.parse(created.out).id as string;
    t.clock.set('2026-11-02T10:05:00Z');
    const assign = await imr('requests', 'assign', id, '--owner', w.irManager.email);
    expect(assign.code, assign.err).toBe(0);
    expect(assign.out).toMatch(/^Owner: \S/);
    t.clock.set('2026-11-02T10:30:00Z');
    const contacted = await imr('requests', 'contacted', id, '--channel', 'phone');
    expect(contacted.code, contacted.err).toBe(0);
    expect(contacted.out).toContain('The initial contact stays at');
    expect(contacted.out).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    const bad = await imr('requests', 'assign', id, '--owner', 'nobody@example.test');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('not a user of the IR firm');
    const list = await imr('requests', 'list', '--triage', '--json');
    expect(list.code, list.err).toBe(0);
    const row = (JSON.parse(list.out) as { id: string; owner: { name: string } | null }[]).find((x) => x.id === id);
    expect(row?.owner?.name).toBe(
      assign.out
        .trim()
        .replace(/^Owner: /, '')
        .replace(/\.$/, ''),
    );
  });
});
