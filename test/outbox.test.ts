import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpTransport } from '../src/core/mail/transport.ts';
import { renderEmail } from '../src/core/mail/templates.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';
import { freePort, startSmtpSink } from './support/smtp-sink.ts';

describe('outbox across a mail-server outage', () => {
  let t: TestEnv;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    t = await createTestEnv({ transport: createSmtpTransport(`smtp://127.0.0.1:${port}`) });
  });
  afterAll(async () => t.close());

  it('loses nothing while SMTP is down and delivers every message exactly once when it is back', async () => {
    const { outbox, delivery } = t.core.services;
    const n = 12;
    await t.db.transaction(async (trx) => {
      for (let i = 0; i < n; i++) {
        await outbox.enqueueEmail(trx, {
          topic: 'test',
          to: [`person${i}@example.test`],
          subject: `Message ${i}`,
          ...renderEmail({ heading: `Hello ${i}`, paragraphs: ['Body'] }),
        });
      }
    });
    // Server down: every attempt fails, nothing is marked delivered, each gets a retry time.
    const down = await delivery.deliverDue(50);
    expect(down).toEqual({ delivered: 0, failed: n });
    const pending = await t.db.kysely.selectFrom('outbox').selectAll().where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(n);
    expect(pending.every((r) => r.attempts === 1 && r.last_error && r.next_attempt_at > t.clock.now())).toBe(true);
    // Not yet due: a second round does nothing.
    expect(await delivery.deliverDue(50)).toEqual({ delivered: 0, failed: 0 });

    const sink = await startSmtpSink(port);
    try {
      t.clock.advance(60_000);
      const up = await delivery.deliverDue(50);
      expect(up).toEqual({ delivered: n, failed: 0 });
      // Later rounds send nothing again.
      t.clock.advance(3_600_000);
      expect(await delivery.deliverDue(50)).toEqual({ delivered: 0, failed: 0 });
      expect(sink.messages).toHaveLength(n);
      const subjects = sink.messages.map((m) => m.subject).sort();
      expect(new Set(subjects).size).toBe(n);
      // Stable Message-IDs: the one recorded in the outbox is the one the server received.
      const rows = await t.db.kysely.selectFrom('outbox').select(['message_id', 'status']).execute();
      expect(rows.every((r) => r.status === 'delivered')).toBe(true);
      expect(sink.messages.map((m) => m.messageId).sort()).toEqual(rows.map((r) => r.message_id).sort());
      expect(sink.messages[0]!.html).toContain('<h1');
      expect(sink.messages[0]!.text).toContain('Body');
    } finally {
      await sink.stop();
    }
  });

  it('keeps a message when the transaction that wrote it rolls back: it never existed', async () => {
    const before = await t.db.kysely
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      t.db.transaction(async (trx) => {
        await t.core.services.outbox.enqueueEmail(trx, {
          topic: 'test',
          to: ['x@example.test'],
          subject: 'rolled back',
          text: 't',
          html: '<p>t</p>',
        });
        throw new Error('business rule refused');
      }),
    ).rejects.toThrow('business rule refused');
    const after = await t.db.kysely
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('enqueues a dedupe-keyed message once', async () => {
    const { outbox } = t.core.services;
    const first = await t.db.transaction((trx) =>
      outbox.enqueueEmail(trx, {
        topic: 'test',
        dedupeKey: 'once:1',
        to: ['a@example.test'],
        subject: 's',
        text: 't',
        html: 'h',
      }),
    );
    const second = await t.db.transaction((trx) =>
      outbox.enqueueEmail(trx, {
        topic: 'test',
        dedupeKey: 'once:1',
        to: ['a@example.test'],
        subject: 's',
        text: 't',
        html: 'h',
      }),
    );
    expect([first, second]).toEqual([true, false]);
  });
});

describe('local mailbox (no SMTP)', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = await createTestEnv();
  });
  afterAll(async () => t.close());

  it('stores each delivered message with its RFC 5322 source, readable by admins only', async () => {
    const { makeUserWithToken } = await import('./support/factories.ts');
    const { call } = await import('./support/harness.ts');
    await t.db.transaction((trx) =>
      t.core.services.outbox.enqueueEmail(trx, {
        topic: 'test',
        to: ['Reader@Example.test'],
        subject: 'Ünïcode subject',
        ...renderEmail({ heading: 'Hi', paragraphs: ['Körper'] }),
        attachments: [
          { filename: 'note.txt', contentType: 'text/plain', content: Buffer.from('attached').toString('base64') },
        ],
      }),
    );
    expect(await t.core.services.delivery.deliverDue()).toEqual({ delivered: 1, failed: 0 });
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const list = (await call(t.app, admin.auth, 'GET', '/api/v1/mailbox?to=reader@example.test')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      subject: 'Ünïcode subject',
      to: ['reader@example.test'],
      attachments: [{ filename: 'note.txt', size: 8 }],
    });
    const raw = await call(t.app, admin.auth, 'GET', `/api/v1/mailbox/${list.items[0].id}/raw`);
    expect(raw.statusCode).toBe(200);
    expect(raw.headers['content-type']).toContain('message/rfc822');
    const { simpleParser } = await import('mailparser');
    const parsed = await simpleParser(raw.body);
    expect(parsed.subject).toBe('Ünïcode subject');
    expect(parsed.attachments[0]!.content.toString()).toBe('attached');
    expect(parsed.messageId).toBe(list.items[0].messageId);
    const viewer = await makeUserWithToken(t, { role: 'ir_manager' });
    expect((await call(t.app, viewer.auth, 'GET', '/api/v1/mailbox')).statusCode).toBe(403);
    expect((await call(t.app, admin.auth, 'GET', '/api/v1/mailbox/mbx_missing')).statusCode).toBe(404);
  });
});
