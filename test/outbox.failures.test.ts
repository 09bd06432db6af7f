import { Writable } from 'node:stream';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpTransport } from '../src/core/mail/transport.ts';
import { createWorker } from '../src/jobs/worker.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';
import { freePort } from './support/smtp-sink.ts';

const PASSWORD = 'Sup3r-s3cret/pw';
const BODY = 'Confidential body text 7f3a';

interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

/** A real pino logger writing JSON lines to memory, as the server's does to stdout. */
function capturingLogger() {
  const text: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = pino({ level: 'info' }, stream);
  return {
    log,
    text: () => text.join(''),
    lines: (): LogLine[] =>
      text
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as LogLine),
  };
}

/** An SMTP server that wants a login and refuses some recipients: `temp…` with 451, `perm…` with 550 (echoing what it was sent). */
async function startRefusingServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    logger: false,
    authOptional: false,
    allowInsecureAuth: true,
    onAuth(auth, _s, cb) {
      cb(null, { user: auth.username });
    },
    onRcptTo(addr, session, cb) {
      if (addr.address.startsWith('temp'))
        return cb(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
      if (addr.address.startsWith('perm'))
        return cb(
          Object.assign(new Error(`No such user ${addr.address} (login ${session.user}:${PASSWORD})`), {
            responseCode: 550,
          }),
        );
      cb();
    },
    onData(s, _x, cb) {
      s.resume();
      s.on('end', () => cb());
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.server.address();
  return {
    port: typeof a === 'object' && a ? a.port : 0,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function enqueue(t: TestEnv, to: string, subject: string): Promise<string> {
  await t.db.transaction((trx) =>
    t.core.services.outbox.enqueueEmail(trx, { topic: 'test', to: [to], subject, text: BODY, html: `<p>${BODY}</p>` }),
  );
  const row = await t.db.kysely
    .selectFrom('outbox')
    .select('id')
    .where('payload', '@>', JSON.stringify({ subject }) as never)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('failed deliveries are logged, without secrets', () => {
  let smtp: { port: number; stop(): Promise<void> };
  let t: TestEnv;
  beforeAll(async () => {
    smtp = await startRefusingServer();
    t = await createTestEnv({
      transport: createSmtpTransport(`smtp://mailer:${encodeURIComponent(PASSWORD)}@127.0.0.1:${smtp.port}`),
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('warns for a temporary refusal and logs a permanent one as an error, with codes and the next attempt', async () => {
    const cap = capturingLogger();
    const temp = await enqueue(t, 'temp.person@busy.example.com', 'Temporary refusal');
    const perm = await enqueue(t, 'perm.person@gone.example.com', 'Permanent refusal');
    expect(await t.core.services.delivery.deliverDue(20, cap.log)).toEqual({ delivered: 0, failed: 2 });

    const lines = cap.lines();
    const warn = lines.find((l) => l['outboxId'] === temp)!;
    expect(warn).toMatchObject({
      level: 40,
      msg: 'mail delivery failed, will retry',
      attempt: 1,
      smtpCode: 451,
      errorCode: 'EENVELOPE',
      permanent: false,
      recipients: 1,
      recipientDomains: ['busy.example.com'],
      topic: 'test',
      nextAttemptAt: new Date(t.clock.now().getTime() + 10_000).toISOString(),
    });
    expect(warn['messageId']).toMatch(/^<out_.+@imr\.test>$/);
    expect(warn['error']).toBe('recipient refused: 451 Mailbox busy, try later');

    const error = lines.find((l) => l['outboxId'] === perm)!;
    expect(error).toMatchObject({
      level: 50,
      msg: 'mail delivery failed permanently, giving up',
      attempt: 1,
      smtpCode: 550,
      permanent: true,
      nextAttemptAt: null,
      recipientDomains: ['gone.example.com'],
    });
    expect(String(error['error'])).toMatch(
      /^recipient refused: 550 No such user …@gone\.example\.com \(login mailer:\*\*\*\)$/,
    );

    const all = cap.text();
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), BODY, 'temp.person', 'perm.person'])
      expect(all).not.toContain(secret);

    // The outbox keeps the same sanitised error for admins.
    const rows = await t.db.kysely
      .selectFrom('outbox')
      .select(['id', 'status', 'last_error'])
      .where('id', 'in', [temp, perm])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(temp)).toMatchObject({ status: 'pending' });
    expect(byId.get(perm)).toMatchObject({ status: 'failed' });
    expect(byId.get(perm)!.last_error).toContain('550');
    expect(byId.get(perm)!.last_error).not.toContain(PASSWORD);
  });
});

describe('an SMTP outage shows in the worker log', () => {
  let t: TestEnv;
  beforeAll(async () => {
    const port = await freePort();
    t = await createTestEnv({
      env: { OUTBOX_POLL_MS: '50' },
      transport: createSmtpTransport(`smtp://mailer:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`),
    });
  });
  afterAll(async () => t.close());

  it('warns on each failed attempt of the dispatcher the server runs', async () => {
    const cap = capturingLogger();
    const worker = createWorker(t.core, cap.log, []);
    await worker.start();
    let id = '';
    try {
      id = await enqueue(t, 'someone@outage.example.com', 'During the outage');
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && !cap.lines().some((l) => l['outboxId'] === id))
        await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.stop();
    }
    const warn = cap.lines().find((l) => l['outboxId'] === id);
    expect(warn).toMatchObject({
      level: 40,
      msg: 'mail delivery failed, will retry',
      attempt: 1,
      smtpCode: null,
      errorCode: 'ECONNREFUSED',
      recipients: 1,
      recipientDomains: ['outage.example.com'],
    });
    expect(String(warn!['error'])).toContain('ECONNREFUSED');
    expect(cap.text()).not.toContain(PASSWORD);
    expect(cap.text()).not.toContain('someone@');
  });
});
