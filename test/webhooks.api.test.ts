import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookEventTypes } from '../src/shared/webhooks.ts';
import { makeEngagement } from './support/engagement-factories.ts';
import { makeUser, makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';
import { draft, makeRequest, makeWorkOrderWorld, send, sentWorkOrder } from './support/workorder-world.ts';

let t: TestEnv;
let rx: WebhookReceiver;
let admin: Awaited<ReturnType<typeof makeUserWithToken>>;

beforeAll(async () => {
  t = await createTestEnv({
    env: { WEBHOOKS_ALLOW_PRIVATE: '1', WEBHOOKS_DISABLE_AFTER_FAILURES: '3', WEBHOOKS_DISABLE_AFTER_HOURS: '1' },
  });
  rx = await startWebhookReceiver(() => t.clock.now());
  admin = await makeUserWithToken(t, { role: 'admin' });
});
afterAll(async () => {
  await rx.stop();
  await t.close();
});

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
  call(t.app, admin.auth, method, url, body);

/** Subscribes a receiver path; registers its secret with the receiver. */
async function subscribe(path: string, events: string[] = [...webhookEventTypes]) {
  const r = await api('POST', '/api/v1/webhooks', { url: rx.url(path), events });
  expect(r.statusCode, r.body).toBe(201);
  const created = r.json() as { id: string; secret: string };
  rx.register(path, created.secret);
  return created;
}

/** What the worker does: relay the ledger, deliver what is due, until nothing is left. */
async function deliverAll() {
  for (let i = 0; i < 20; i++) {
    const { relayed } = await t.core.services.webhooks.relayLedger();
    const { delivered, failed } = await t.core.services.webhooks.deliverDue(100);
    if (relayed + delivered + failed === 0) return;
  }
}

const counts = async () => ({
  subscriptions: (await t.db.kysely.selectFrom('webhook_subscriptions').select('id').execute()).length,
  audit: (await t.db.kysely.selectFrom('audit_events').select('id').execute()).length,
});

describe('webhook subscriptions', () => {
  it('lets an admin subscribe, shows the secret once, and lists, reads, changes and deletes it', async () => {
    const created = await subscribe('/crud', ['request.created']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(24);
    const one = await api('GET', `/api/v1/webhooks/${created.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).not.toContain(created.secret.slice(6));
    expect(one.json()).toMatchObject({ url: rx.url('/crud'), events: ['request.created'], enabled: true });
    const list = await api('GET', '/api/v1/webhooks');
    expect(list.body).not.toContain('whsec_');
    expect(list.json().items.map((s: { id: string }) => s.id)).toContain(created.id);
    const patched = await api('PATCH', `/api/v1/webhooks/${created.id}`, { events: ['ledger.posted'], enabled: false });
    expect(patched.json()).toMatchObject({ events: ['ledger.posted'], enabled: false });
    expect((await api('DELETE', `/api/v1/webhooks/${created.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/api/v1/webhooks/${created.id}`)).statusCode).toBe(404);
  });

  it('refuses other roles, customers, bad input and private targets, and writes nothing', async () => {
    const irm = await makeUserWithToken(t, { role: 'ir_manager' });
    const before = await counts();
    const body = { url: rx.url('/x'), events: ['request.created'] };
    expect((await call(t.app, irm.auth, 'POST', '/api/v1/webhooks', body)).json().code).toBe('FORBIDDEN');
    expect((await call(t.app, irm.auth, 'GET', '/api/v1/webhooks')).statusCode).toBe(403);
    expect((await call(t.app, null, 'GET', '/api/v1/webhooks')).statusCode).toBe(401);
    for (const bad of [
      { url: rx.url('/x'), events: [] },
      { url: rx.url('/x'), events: ['request.deleted'] },
      { events: ['request.created'] },
    ]) {
      const r = await api('POST', '/api/v1/webhooks', bad);
      expect({ status: r.statusCode, code: r.json().code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    }
    const strict = await createTestEnv({ env: { PUBLIC_URL: 'https://imr.example.com' } });
    try {
      const strictAdmin = await makeUserWithToken(strict, { role: 'admin' });
      for (const url of [
        'https://127.0.0.1/hook',
        'https://10.1.2.3/hook',
        'https://169.254.169.254/latest/meta-data',
        'https://[::1]/hook',
        'https://[::ffff:127.0.0.1]/hook',
        'https://[fd00::1]/hook',
        'http://hooks.example.com/plain-http',
        'https://user:pw@hooks.example.com/creds',
        'ftp://hooks.example.com/',
      ]) {
        const r = await call(strict.app, strictAdmin.auth, 'POST', '/api/v1/webhooks', {
          url,
          events: ['ledger.posted'],
        });
        expect({ url, status: r.statusCode, code: r.json().code }).toEqual({
          url,
          status: 422,
          code: 'WEBHOOK_URL_REFUSED',
        });
        expect(r.json().detail).not.toMatch(/ZodError|invalid_/);
      }
      const ok = await call(strict.app, strictAdmin.auth, 'POST', '/api/v1/webhooks', {
        url: 'https://hooks.example.com/imr',
        events: ['ledger.posted'],
      });
      expect(ok.statusCode).toBe(201);
      expect(
        (await strict.db.kysely.selectFrom('webhook_subscriptions').select('url').execute()).map((s) => s.url),
      ).toEqual(['https://hooks.example.com/imr']);
    } finally {
      await strict.close();
    }
    expect(await counts()).toEqual(before);
  });
});

describe('webhook delivery', () => {
  it('emits each event type from its action, signed so that the reference verifier accepts it', async () => {
    rx.received.length = 0;
    const sub = await subscribe('/all');
    const w = await makeWorkOrderWorld(t); // contract grant → ledger.posted
    // request.created, workorder.sent, workorder.approved (reservation → ledger.posted)
    const { wo } = await sentWorkOrder(t, w);
    const approved = await call(t.app, w.approver.auth, 'POST', `/api/v1/work-orders/${wo.id}/approve`, {
      contentHash: wo.contentHash,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const engagementId = approved.json().engagementId as string;
    // engagement.started, engagement.closed
    const irm = w.irManager.auth;
    expect(
      (await call(t.app, irm, 'POST', `/api/v1/engagements/${engagementId}/transitions`, { to: 'in_progress' }))
        .statusCode,
    ).toBe(200);
    expect((await call(t.app, irm, 'POST', `/api/v1/engagements/${engagementId}/close`, {})).statusCode).toBe(200);
    // workorder.declined
    const other = await send(t, w, (await draft(t, w, await makeRequest(t, w))).id);
    const declined = await call(t.app, w.approver.auth, 'POST', `/api/v1/work-orders/${other.id}/decline`, {
      contentHash: other.contentHash,
      reason: 'not now',
    });
    expect(declined.statusCode, declined.body).toBe(200);
    // topup.requested: the customer's approver asks for ten more hours
    const asked = await call(t.app, w.approver.auth, 'POST', `/api/v1/contracts/${w.contract.id}/topup-requests`, {
      amount: 600,
      purchaseOrder: 'PO-WEBHOOK-1',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    // balance.threshold_crossed: effort past half of a 10-hour retainer
    const consultant = await makeUserWithToken(t, { role: 'consultant' });
    const e = await makeEngagement(t, {
      estimate: 600,
      team: [{ userId: consultant.id, role: 'lead' }],
      contractOptions: { initialAmount: 600 },
    });
    const logged = await call(t.app, consultant.auth, 'POST', `/api/v1/engagements/${e.id}/effort`, {
      date: '2026-11-02',
      minutes: 330,
      activity: 'analysis',
    });
    expect(logged.statusCode, logged.body).toBe(201);
    // request.sla_at_risk then request.sla_breached (P1 initial contact: 1 h) of a new emergency nobody has
    // contacted yet (the first request's clocks stopped when its engagement closed)
    await makeRequest(t, w);
    t.clock.advance(50 * 60 * 1000);
    await t.core.services.sla.watch();
    t.clock.advance(20 * 60 * 1000);
    await t.core.services.sla.watch();
    // statement.issued: the 1st of next month at 08:00 in the customer's zone
    t.clock.set('2026-12-02T12:00:00Z');
    await t.core.services.statements.issueDue();
    await deliverAll();

    const mine = rx.received.filter((r) => r.path === '/all');
    const types = new Set(
      mine.map((r) => ('type' in r.verified ? r.verified.type : `unverified: ${r.verified.error}`)),
    );
    for (const type of webhookEventTypes) expect(types, type).toContain(type);
    expect([...types].filter((x) => x.startsWith('unverified'))).toEqual([]);
    const topUp = mine.find((r) => 'type' in r.verified && r.verified.type === 'topup.requested')!;
    expect(topUp.verified).toMatchObject({ data: { amount: 600, purchaseOrder: 'PO-WEBHOOK-1' } });
    const created = mine.find((r) => 'type' in r.verified && r.verified.type === 'request.created')!;
    expect(created.verified).toMatchObject({ data: { kind: 'emergency', severity: 'P1' } });
    expect(created.id).toMatch(/^msg_/);
    // each message once, and the log says delivered with the receiver's status
    expect(new Set(mine.map((r) => r.id)).size).toBe(mine.length);
    const log = (await api('GET', `/api/v1/webhooks/${sub.id}/deliveries?limit=200`)).json();
    expect(log.items.length).toBe(mine.length);
    expect(log.items[0]).toMatchObject({
      status: 'delivered',
      attempts: 1,
      log: [{ status: 'delivered', responseCode: 204 }],
    });
    await api('PATCH', `/api/v1/webhooks/${sub.id}`, { enabled: false });
  });

  it('retries a failing receiver with growing delays, then delivers once it recovers', async () => {
    t.clock.set('2026-12-10T10:00:00Z');
    rx.received.length = 0;
    const sub = await subscribe('/flaky', ['request.created']);
    rx.answerWith((p) => (p === '/flaky' ? 503 : 204));
    const test = await api('POST', `/api/v1/webhooks/${sub.id}/test`);
    expect(test.statusCode).toBe(202);
    await t.core.services.webhooks.deliverDue();
    await t.core.services.webhooks.deliverDue(); // not due yet: nothing more
    expect(rx.received).toHaveLength(1);
    const first = (await api('GET', `/api/v1/webhooks/${sub.id}/deliveries`)).json().items[0];
    expect(first).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: '2026-12-10T10:00:30.000Z' });
    expect(first.log[0]).toMatchObject({ status: 'failed', responseCode: 503, error: 'receiver answered 503' });
    t.clock.advance(30_000);
    await t.core.services.webhooks.deliverDue();
    const second = (await api('GET', `/api/v1/webhooks/${sub.id}/deliveries`)).json().items[0];
    expect(second.nextAttemptAt).toBe('2026-12-10T10:01:30.000Z'); // 60 s after the second attempt
    rx.answerWith(() => 204);
    t.clock.advance(60_000);
    await t.core.services.webhooks.deliverDue();
    await t.core.services.webhooks.deliverDue();
    expect(rx.received.map((r) => r.id)).toEqual([test.json().id, test.json().id, test.json().id]);
    expect(rx.received.at(-1)!.verified).toMatchObject({ type: 'webhook.test' });
    const done = (await api('GET', `/api/v1/webhooks/${sub.id}/deliveries`)).json().items[0];
    expect(done).toMatchObject({ status: 'delivered', attempts: 3, nextAttemptAt: null });
    expect(done.log.map((a: { status: string }) => a.status)).toEqual(['failed', 'failed', 'delivered']);
    expect((await api('GET', `/api/v1/webhooks/${sub.id}`)).json().consecutiveFailures).toBe(0);
    // redelivery: a new attempt with the same webhook-id and a fresh signature
    t.clock.advance(60_000);
    const again = await api('POST', `/api/v1/webhooks/${sub.id}/deliveries/${test.json().id}/redeliver`);
    expect(again.statusCode, again.body).toBe(202);
    await t.core.services.webhooks.deliverDue();
    expect(rx.received).toHaveLength(4);
    expect(rx.received[3]!.id).toBe(test.json().id);
    expect(rx.received[3]!.timestamp).not.toBe(rx.received[2]!.timestamp);
    expect(rx.received[3]!.verified).toMatchObject({ type: 'webhook.test' });
    // another subscription's message is not found here
    const otherSub = await subscribe('/other', ['request.created']);
    const r404 = await api('POST', `/api/v1/webhooks/${otherSub.id}/deliveries/${test.json().id}/redeliver`);
    expect(r404.statusCode).toBe(404);
    await api('DELETE', `/api/v1/webhooks/${otherSub.id}`);
    await api('DELETE', `/api/v1/webhooks/${sub.id}`);
  });

  it('disables a subscription that keeps failing past the rule, tells its owner, and resumes when enabled', async () => {
    t.clock.set('2026-12-11T10:00:00Z');
    rx.received.length = 0;
    const owner = await makeUser(t, { role: 'admin', email: 'hook-owner@example.test' });
    const created = await t.core.services.webhooks.create(owner.ctx, {
      url: rx.url('/dead'),
      events: ['request.created'],
    });
    rx.register('/dead', created.secret);
    rx.answerWith((p) => (p === '/dead' ? 500 : 204));
    const test = await api('POST', `/api/v1/webhooks/${created.id}/test`);
    // three failures (the rule's count) but the first not an hour old yet: still enabled
    for (const wait of [0, 30_000, 60_000]) {
      t.clock.advance(wait);
      await t.core.services.webhooks.deliverDue();
    }
    expect((await api('GET', `/api/v1/webhooks/${created.id}`)).json()).toMatchObject({
      enabled: true,
      consecutiveFailures: 3,
    });
    t.clock.advance(60 * 60 * 1000);
    await t.core.services.webhooks.deliverDue();
    const disabled = (await api('GET', `/api/v1/webhooks/${created.id}`)).json();
    expect(disabled).toMatchObject({ enabled: false, consecutiveFailures: 4 });
    expect(disabled.disabledReason).toContain('receiver answered 500');
    const mail = await t.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', 'webhook.disabled').execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.payload.to).toEqual(['hook-owner@example.test']);
    expect(mail[0]!.payload.text).toContain(rx.url('/dead'));
    expect(mail[0]!.payload.text).not.toMatch(/whk_|msg_|\d{4}-\d\d-\d\dT/);
    // disabled: nothing is claimed, no test event, no redelivery
    t.clock.advance(24 * 60 * 60 * 1000);
    const sentBefore = rx.received.length;
    await t.core.services.webhooks.deliverDue();
    expect(rx.received.length).toBe(sentBefore);
    expect((await api('POST', `/api/v1/webhooks/${created.id}/test`)).json().code).toBe('INVALID_TRANSITION');
    // enabled again: its waiting message goes out, and the failures are cleared
    rx.answerWith(() => 204);
    const enabled = await api('PATCH', `/api/v1/webhooks/${created.id}`, { enabled: true });
    expect(enabled.json()).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });
    await t.core.services.webhooks.deliverDue();
    expect(rx.received.at(-1)).toMatchObject({ id: test.json().id, verified: { type: 'webhook.test' } });
    await api('DELETE', `/api/v1/webhooks/${created.id}`);
  });
});
