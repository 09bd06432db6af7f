import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../src/main/core.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger, scrubCredentials, scrubUrl } from '../src/server/logger.ts';
import { makeUser } from './support/factories.ts';
import { call, createTestEnv, TEST_PUBLIC_URL, type TestEnv } from './support/harness.ts';
import { startSmtpSink, freePort, type SmtpSink } from './support/smtp-sink.ts';
import { approvalMails, makeWorkOrderWorld, sentWorkOrder } from './support/workorder-world.ts';

// Logs never hold a secret. Known secrets are planted (a password set through a reset link, the reset
// token, an API token, a session, an approval link's token, a wrong password tried, the SMTP password in
// SMTP_URL); a full flow runs through the HTTP API with the product's logger (src/server/logger.ts) at
// level `debug`, mail is delivered to a real SMTP server that requires that password (and to one that
// refuses it, and to none); every line is captured and must be JSON, and none may contain a secret.

const SMTP_USER = 'imr-mailer';
const SMTP_SECRET = 'Smtp-Secret-7c1f9e2ab4';
const NEW_PASSWORD = 'Planted-Password-5d8e0c13';
const WRONG_PASSWORD = 'Wrong-Password-9a2b7f44';

const lines: string[] = [];
const logger = createLogger({ level: 'debug', service: 'imr-desk' }, { write: (s: string) => void lines.push(s) });
let t: TestEnv;
let smtp: SmtpSink;
const secrets = new Map<string, string>();

/** A secret and the forms it could leak in (URL-encoded, base64 as in SMTP AUTH PLAIN). */
function plant(name: string, value: string): void {
  secrets.set(name, value);
  secrets.set(`${name} (URL-encoded)`, encodeURIComponent(value));
}

beforeAll(async () => {
  smtp = await startSmtpSink(0, { auth: { user: SMTP_USER, pass: SMTP_SECRET } });
  plant('SMTP password', SMTP_SECRET);
  secrets.set('SMTP AUTH PLAIN', Buffer.from(`\0${SMTP_USER}\0${SMTP_SECRET}`).toString('base64'));
  t = await createTestEnv({
    now: new Date().toISOString(),
    logger,
    env: { LOG_LEVEL: 'debug', SMTP_URL: `smtp://${SMTP_USER}:${SMTP_SECRET}@127.0.0.1:${smtp.port}` },
  });
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});

describe('logs at level debug', () => {
  it('hold no password, token, reset link, approval token or SMTP password through a full flow', async () => {
    // A password set through a reset link, then signing in with it (and once with a wrong one).
    const admin = await makeUser(t, { role: 'admin' });
    expect((await call(t.app, null, 'POST', '/api/v1/auth/password-reset', { email: admin.email })).statusCode).toBe(
      202,
    );
    const reset = await t.db.kysely
      .selectFrom('outbox')
      .select('payload')
      .where('topic', 'like', '%reset%')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const resetToken = decodeURIComponent(/\?token=([\w%-]+)/.exec(reset.payload.text)![1]!);
    plant('reset token', resetToken);
    plant('new password', NEW_PASSWORD);
    plant('wrong password', WRONG_PASSWORD);
    const confirmed = await call(t.app, null, 'POST', '/api/v1/auth/password-reset/confirm', {
      token: resetToken,
      password: NEW_PASSWORD,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const wrong = await call(t.app, null, 'POST', '/api/v1/auth/login', {
      email: admin.email,
      password: WRONG_PASSWORD,
    });
    expect(wrong.statusCode).toBe(401);
    const login = await call(t.app, null, 'POST', '/api/v1/auth/login', { email: admin.email, password: NEW_PASSWORD });
    expect(login.statusCode).toBe(200);
    const sessionCookie = login.cookies.find((c) => c.name === 'imr_session')!.value;
    const csrf = (login.json() as { csrfToken: string }).csrfToken;
    plant('session cookie', sessionCookie);
    plant('CSRF token', csrf);
    const session = { cookie: `imr_session=${sessionCookie}`, csrf };

    // An API token made with the session, then used.
    const made = await call(t.app, session, 'POST', '/api/v1/tokens', { name: 'logs test' });
    expect(made.statusCode, made.body).toBe(201);
    const apiToken = (made.json() as { token: string }).token;
    plant('API token', apiToken);
    expect((await call(t.app, { token: apiToken }, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await call(t.app, { token: `${apiToken}x` }, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);

    // An EWO sent and approved through its approval link (the link's token in the URL), also as the web path.
    const w = await makeWorkOrderWorld(t);
    const { wo } = await sentWorkOrder(t, w);
    const link = (await approvalMails(t, w.mailApprover.email))[0]!.link!;
    plant('approval token', link);
    expect((await call(t.app, null, 'GET', `/api/v1/approval-links/${link}`)).statusCode).toBe(200);
    await call(t.app, null, 'GET', `/approve/${link}?decision=decline`);
    await call(t.app, null, 'GET', `/set-password?token=${encodeURIComponent(resetToken)}`);
    const decided = await call(t.app, null, 'POST', `/api/v1/approval-links/${link}/decision`, {
      decision: 'approve',
      contentHash: wo.contentHash,
      signerName: 'Seán Ó Briain',
    });
    expect(decided.statusCode, decided.body).toBeLessThan(500);

    // Mail: delivered with the SMTP password; then refused (wrong password) and unreachable, each logged.
    const delivered = await t.core.services.delivery.deliverDue(100, logger);
    expect(delivered.delivered).toBeGreaterThan(0);
    expect(smtp.messages.length).toBe(delivered.delivered);
    for (const url of [
      `smtp://${SMTP_USER}:${SMTP_SECRET}x@127.0.0.1:${smtp.port}`,
      `smtp://${SMTP_USER}:${SMTP_SECRET}@127.0.0.1:${await freePort()}`,
    ]) {
      const core = createCore({
        config: loadConfig({ NODE_ENV: 'test', PUBLIC_URL: TEST_PUBLIC_URL, SMTP_URL: url, LOG_LEVEL: 'debug' }),
        db: t.db,
      });
      await t.core.services.outbox.enqueueEmail(t.db.kysely, {
        topic: 'logs.test',
        to: ['someone@example.test'],
        subject: 'A test message',
        text: `reset link ${TEST_PUBLIC_URL}/set-password?token=${resetToken}`,
        html: 'x',
      });
      const r = await core.services.delivery.deliverDue(100, logger);
      expect(r.failed).toBeGreaterThan(0);
      await core.close();
      await t.db.kysely.deleteFrom('outbox').where('topic', '=', 'logs.test').execute();
    }
    // The product's own error path: an error whose message quotes the SMTP URL.
    logger.error({ err: new Error(`cannot reach smtp://${SMTP_USER}:${SMTP_SECRET}@mail.example.test:587`) }, 'x');

    // Every line is JSON; request lines carry the request id; none holds a secret.
    expect(lines.length).toBeGreaterThan(30);
    const parsed = lines.map((l) => JSON.parse(l) as { reqId?: string; req?: unknown; msg?: string; level: number });
    expect(parsed.filter((l) => l.req && !l.reqId)).toEqual([]);
    expect(parsed.some((l) => l.msg === 'mail delivery failed, will retry')).toBe(true);
    expect(parsed.some((l) => l.level >= 50 && /deliver/.test(l.msg ?? ''))).toBe(true);
    const leaks = [...secrets].flatMap(([name, value]) =>
      lines.filter((l) => l.includes(value)).map((l) => `${name}: ${l.slice(0, 300)}`),
    );
    expect(leaks).toEqual([]);
  });

  it('scrubs URLs and credentials the same way in every line', () => {
    expect(scrubUrl('/api/v1/approval-links/abc_DEF-123/decision?x=1')).toBe(
      '/api/v1/approval-links/[redacted]/decision?x=1',
    );
    expect(scrubUrl('/approve/abc?decision=decline')).toBe('/approve/[redacted]?decision=decline');
    expect(scrubUrl('/set-password?next=1&token=a%2Fb')).toBe('/set-password?next=1&token=[redacted]');
    expect(scrubCredentials('smtps://user:p%40ss@mail.example.test:465 refused')).toBe(
      'smtps://user:[redacted]@mail.example.test:465 refused',
    );
  });
});
