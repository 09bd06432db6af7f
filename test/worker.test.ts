import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker } from '../src/jobs/worker.ts';
import { scheduledJobs } from '../src/jobs/registry.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe('worker', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = await createTestEnv({ env: { OUTBOX_POLL_MS: '50' } });
  });
  afterAll(async () => t.close());

  it('starts pg-boss on the shared pool, delivers the outbox after commit, runs a scheduled job on demand and stops cleanly', async () => {
    let ran = 0;
    const worker = createWorker(t.core, silent, [
      ...scheduledJobs,
      {
        name: 'test-job',
        cron: '0 0 1 1 *',
        run: async () => {
          ran++;
        },
      },
    ]);
    await worker.start();
    try {
      await t.db.transaction((trx) =>
        t.core.services.outbox.enqueueEmail(trx, {
          topic: 'test',
          to: ['w@example.test'],
          subject: 'from the worker',
          text: 't',
          html: 'h',
        }),
      );
      const deadline = Date.now() + 15_000;
      let delivered = 0;
      while (Date.now() < deadline && delivered === 0) {
        await new Promise((r) => setTimeout(r, 100));
        delivered = (
          await t.db.kysely
            .selectFrom('mailbox_messages')
            .select('id')
            .where('subject', '=', 'from the worker')
            .execute()
        ).length;
      }
      expect(delivered).toBe(1);
      const queues = (await t.db.kysely
        .selectFrom('pgboss.queue' as never)
        .select('name' as never)
        .execute()) as { name: string }[];
      expect(queues.map((q) => q.name)).toEqual(expect.arrayContaining(['maintenance-prune', 'test-job']));
    } finally {
      await worker.stop();
    }
    expect(ran).toBe(0);
  });

  it('scheduled handlers run directly with the fake clock (maintenance prunes old login attempts)', async () => {
    await t.db.kysely
      .insertInto('login_attempts')
      .values([
        {
          email_lower: 'old@example.test',
          ip: '1.1.1.1',
          succeeded: false,
          at: new Date(t.clock.now().getTime() - 24 * 3600_000),
        },
        { email_lower: 'new@example.test', ip: '1.1.1.1', succeeded: false, at: t.clock.now() },
      ])
      .execute();
    const job = scheduledJobs.find((j) => j.name === 'maintenance-prune')!;
    await job.run(t.core);
    const left = await t.db.kysely.selectFrom('login_attempts').select('email_lower').execute();
    expect(left.map((r) => r.email_lower)).toEqual(['new@example.test']);
  });
});
