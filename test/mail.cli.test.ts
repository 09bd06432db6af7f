import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailTransport } from '../src/core/mail/transport.ts';
import { runImrWith } from './support/cli-runner.ts';
import { makeUserWithToken } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-mail-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('imr mail queue and imr mail retry against a running server', () => {
  let t: TestEnv;
  let env: Record<string, string>;
  let managerEnv: Record<string, string>;
  const smtp = { down: true, sent: [] as string[] };
  const transport: MailTransport = {
    kind: 'smtp',
    async send(m) {
      if (smtp.down)
        throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:587'), {
          code: 'ESOCKET',
          originalCode: 'ECONNREFUSED',
        });
      smtp.sent.push(m.subject);
    },
    async close() {},
  };

  beforeAll(async () => {
    t = await createTestEnv({ transport });
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const manager = await makeUserWithToken(t, { role: 'ir_manager' });
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    // Tokyo is UTC+9 all year: 09:00 UTC reads 18:00.
    env = { IMR_URL: url, IMR_TOKEN: admin.auth.token, XDG_CONFIG_HOME: dir, TZ: 'Asia/Tokyo' };
    managerEnv = { ...env, IMR_TOKEN: manager.auth.token };
    await t.db.transaction(async (trx) => {
      await t.core.services.outbox.enqueueEmail(trx, {
        topic: 'user.invited',
        to: ['new.analyst@example.test'],
        subject: 'Your IMR Desk invitation',
        text: 'b',
        html: 'b',
      });
      await t.core.services.outbox.enqueueEmail(trx, {
        topic: 'ewo.sent',
        to: ['a@customer.test', 'b@customer.test', 'c@customer.test'],
        subject: 'Work order EWO-2026-0001',
        text: 'b',
        html: 'b',
      });
    });
    await t.core.services.delivery.deliverDue();
  });
  afterAll(async () => {
    delete process.env['TZ'];
    await t.close();
  });

  it('prints the counts and a table with local times, subjects, recipients, states and errors', async () => {
    const r = await runImrWith(env, 'mail', 'queue');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(
      'Outgoing mail to the SMTP server: 0 queued, 0 sending, 2 failing, 0 failed, 0 delivered; oldest waiting since 2026-11-02 18:00:00.',
    );
    expect(lines[2]).toMatch(/^CREATED\s+STATUS\s+ATTEMPTS\s+NEXT\s+SUBJECT\s+TO\s+ERROR\s+ID$/);
    const ewo = lines.find((l) => l.includes('Work order EWO-2026-0001'))!;
    expect(ewo).toMatch(
      /^2026-11-02 18:00:00\s+failing\s+1\s+2026-11-02 18:00:10\s+Work order EWO-2026-0001\s+a@customer\.test, b@customer\.test \+1\s+connect ECONNREFUSED 10\.0\.0\.5:587\s+out_\w+$/,
    );
    expect(r.out).toContain('Your IMR Desk invitation');
    expect(r.out).toContain('Send again now: imr mail retry ID, or imr mail retry --all failed (or failing)');
    expect(r.out).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });

  it('filters by status and prints JSON with the summary', async () => {
    const none = await runImrWith(env, 'mail', 'queue', '--status', 'failed');
    expect(none.code).toBe(0);
    expect(none.out).toContain('(none)');
    const json = JSON.parse((await runImrWith(env, 'mail', 'queue', '--status', 'failing', '--json')).out);
    expect(json.summary).toMatchObject({ failing: 2, transport: 'smtp' });
    expect(json.items).toHaveLength(2);
    const bad = await runImrWith(env, 'mail', 'queue', '--status', 'stuck');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('VALIDATION_FAILED');
  });

  it('retries one message now after the outage, refuses a second retry of a delivered one and non-admins', async () => {
    const id = JSON.parse((await runImrWith(env, 'mail', 'queue', '--json')).out).items.find(
      (m: { subject: string }) => m.subject === 'Your IMR Desk invitation',
    ).id;
    const denied = await runImrWith(managerEnv, 'mail', 'retry', id);
    expect(denied.code).toBe(4);
    expect(denied.err).toContain('FORBIDDEN');
    smtp.down = false;
    const ok = await runImrWith(env, 'mail', 'retry', id);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toBe(
      'Queued again: "Your IMR Desk invitation" to new.analyst@example.test (attempts so far: 1); it goes out with the next delivery round.\n',
    );
    expect(await t.core.services.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect(smtp.sent).toEqual(['Your IMR Desk invitation']);
    const again = await runImrWith(env, 'mail', 'retry', id);
    expect(again.code).toBe(6);
    expect(again.err).toContain('it was delivered already');
    const missing = await runImrWith(env, 'mail', 'retry', 'out_nope');
    expect(missing.code).toBe(5);

    // The other one, with --all; naming neither or both is a usage error.
    expect((await runImrWith(env, 'mail', 'retry')).code).toBe(2);
    expect((await runImrWith(env, 'mail', 'retry', id, '--all', 'failing')).code).toBe(2);
    const all = await runImrWith(env, 'mail', 'retry', '--all', 'failing');
    expect(all.err).toBe('');
    expect(all.out).toBe('Queued again: 1 failing message; it goes out with the next delivery round.\n');
    expect(await t.core.services.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    expect((await runImrWith(env, 'mail', 'retry', '--all', 'failed')).out).toBe('No failed messages.\n');
    expect((await runImrWith(env, 'mail', 'retry', '--all', 'delivered')).code).toBe(2);
  });
});
