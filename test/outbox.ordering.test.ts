import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailTransport, OutgoingEmail } from '../src/core/mail/transport.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

/** A transport that records what it sends and refuses the subjects listed in `failing` (each while listed). */
function recordingTransport() {
  const sent: OutgoingEmail[] = [];
  const failing = new Set<string>();
  const transport: MailTransport = {
    kind: 'mailbox',
    async send(mail) {
      if (failing.has(mail.subject)) throw Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 });
      sent.push(mail);
    },
    async close() {},
  };
  return { transport, sent, failing };
}

describe('outbox ordering keys', () => {
  let t: TestEnv;
  let rec: ReturnType<typeof recordingTransport>;
  beforeAll(async () => {
    rec = recordingTransport();
    t = await createTestEnv({ transport: rec.transport });
  });
  afterAll(async () => t.close());

  const enqueue = (subject: string, orderingKey?: string) =>
    t.db.transaction((trx) =>
      t.core.services.outbox.enqueueEmail(trx, {
        topic: 'test',
        to: ['someone@example.test'],
        subject,
        text: subject,
        html: `<p>${subject}</p>`,
        ...(orderingKey ? { orderingKey } : {}),
      }),
    );
  const statusOf = async (subject: string) =>
    (
      await t.db.kysely
        .selectFrom('outbox')
        .select('status')
        .where('payload', '@>', JSON.stringify({ subject }) as never)
        .executeTakeFirstOrThrow()
    ).status;

  it('holds a later message of the same key while the first one fails, then delivers both in order', async () => {
    await enqueue('A original', 'key-a');
    await enqueue('A update', 'key-a');
    await enqueue('A cancel', 'key-a');
    await enqueue('B unrelated', 'key-b');
    await enqueue('No key');
    rec.failing.add('A original');

    const first = await t.core.services.delivery.deliverDue(20);
    expect(first).toEqual({ delivered: 2, failed: 1 });
    expect(rec.sent.map((m) => m.subject).sort()).toEqual(['B unrelated', 'No key']);
    expect(await statusOf('A update')).toBe('pending');

    // Due again later, still failing: the update and the cancellation keep waiting.
    t.clock.advance(60_000);
    expect(await t.core.services.delivery.deliverDue(20)).toEqual({ delivered: 0, failed: 1 });
    expect(rec.sent.map((m) => m.subject)).not.toContain('A update');

    rec.failing.clear();
    t.clock.advance(120_000);
    for (let round = 0; round < 5; round++) await t.core.services.delivery.deliverDue(20);
    expect(rec.sent.map((m) => m.subject).filter((s) => s.startsWith('A '))).toEqual([
      'A original',
      'A update',
      'A cancel',
    ]);
    expect(await statusOf('A cancel')).toBe('delivered');
  });

  it('lets a later message go once the earlier one has failed permanently', async () => {
    await enqueue('C original', 'key-c');
    await enqueue('C update', 'key-c');
    await t.db.kysely
      .updateTable('outbox')
      .set({ status: 'failed' })
      .where('payload', '@>', JSON.stringify({ subject: 'C original' }) as never)
      .execute();
    await t.core.services.delivery.deliverDue(20);
    expect(rec.sent.map((m) => m.subject)).toContain('C update');
    expect(rec.sent.map((m) => m.subject)).not.toContain('C original');
  });
});
