import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImrWith } from './support/cli-runner.ts';
import { makeUserWithToken } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-webhooks-cli-'));
let t: TestEnv;
let rx: WebhookReceiver;
let env: Record<string, string>;

beforeAll(async () => {
  t = await createTestEnv({ env: { WEBHOOKS_ALLOW_PRIVATE: '1' } });
  rx = await startWebhookReceiver(() => t.clock.now());
  const admin = await makeUserWithToken(t, { role: 'admin' });
  const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  env = { IMR_URL: url, IMR_TOKEN: admin.auth.token, XDG_CONFIG_HOME: dir, TZ: 'Asia/Tokyo' };
});
afterAll(async () => {
  await rx.stop();
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('imr webhooks', () => {
  it('creates (secret once), lists, tests, shows deliveries, redelivers and deletes', async () => {
    const created = await runImrWith(
      env,
      'webhooks',
      'create',
      rx.url('/cli'),
      '--events',
      'request.created,ledger.posted',
    );
    expect(created.code, created.err).toBe(0);
    const secret = /(whsec_\S+)/.exec(created.out)?.[1];
    expect(secret).toBeDefined();
    rx.register('/cli', secret!);
    const id = /Webhook (whk_\w+) created/.exec(created.out)![1]!;
    const list = await runImrWith(env, 'webhooks', 'list');
    expect(list.out).toContain(rx.url('/cli'));
    expect(list.out).not.toContain('whsec_');
    const test = await runImrWith(env, 'webhooks', 'test', id);
    expect(test.code, test.err).toBe(0);
    const messageId = /Test event (msg_\w+) queued/.exec(test.out)![1]!;
    await t.core.services.webhooks.deliverDue();
    const log = await runImrWith(env, 'webhooks', 'deliveries', id);
    expect(log.out).toMatch(/webhook\.test\s+delivered\s+1\s+204/);
    expect(log.out).toContain('2026-11-02 18:00:00'); // 09:00 UTC in Tokyo
    const again = await runImrWith(env, 'webhooks', 'redeliver', id, messageId);
    expect(again.code, again.err).toBe(0);
    await t.core.services.webhooks.deliverDue();
    expect(rx.received.filter((r) => r.id === messageId)).toHaveLength(2);
    expect(rx.received.every((r) => 'type' in r.verified)).toBe(true);
    const refused = await runImrWith(env, 'webhooks', 'create', 'ftp://hooks.example.com/x', '--events', 'all');
    expect(refused.code).toBe(7);
    expect(refused.err).toMatch(/https:\/\//);
    expect((await runImrWith(env, 'webhooks', 'delete', id)).code).toBe(0);
    expect((await runImrWith(env, 'webhooks', 'list')).out).not.toContain(id);
  });
});
