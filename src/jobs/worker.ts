import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Core } from '../core/core.ts';
import { countedRun } from './job-stats.ts';
import { scheduledJobs, type ScheduledJob } from './registry.ts';

export interface Worker {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The background side of the product: pg-boss for scheduled jobs (cron, retries, one run at a time
 * across workers), and the outbox dispatcher, which polls for due messages and delivers them after
 * commit. Every query goes through the core's one pool (pg-boss's too), so it works on PGlite.
 */
export function createWorker(
  core: Core,
  log: Pick<Logger, 'info' | 'warn' | 'error'>,
  jobs: ScheduledJob[] = scheduledJobs,
): Worker {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => core.db.pool.query(text, values as unknown[]) },
    schema: 'pgboss',
    supervise: true,
    schedule: true,
    migrate: true,
    // How soon a job whose worker died (kill -9) is found expired and retried: JOB_EXPIRE_SECONDS after it started.
    maintenanceIntervalSeconds: core.config.jobs.maintenanceSeconds,
  });
  boss.on('error', (err) => log.error({ err }, 'job system error'));

  let stopping = false;
  let dispatcher: Promise<void> | undefined;
  let hooks: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let wakeHooks: (() => void) | undefined;

  const pause = (set: (w: () => void) => void) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, core.config.outboxPollMs);
      set(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  /** Webhooks: relay committed ledger entries as `ledger.posted`, then deliver due messages (core/webhooks). */
  async function webhookLoop(): Promise<void> {
    while (!stopping) {
      try {
        const { relayed } = await core.services.webhooks.relayLedger();
        const { delivered, failed } = await core.services.webhooks.deliverDue(20, log);
        if (relayed + delivered + failed > 0) continue;
      } catch (err) {
        log.error({ err }, 'webhook dispatch failed');
      }
      await pause((w) => (wakeHooks = w));
    }
  }

  async function dispatchLoop(): Promise<void> {
    while (!stopping) {
      try {
        const { delivered, failed } = await core.services.delivery.deliverDue(20, log);
        if (delivered + failed > 0) continue;
      } catch (err) {
        log.error({ err }, 'outbox dispatch failed');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, core.config.outboxPollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  return {
    async start() {
      await boss.start();
      for (const job of jobs) {
        const queue = { name: job.name, policy: 'singleton', expireInSeconds: core.config.jobs.expireSeconds };
        await boss.createQueue(job.name, queue as never);
        // createQueue leaves an existing queue as it was: apply a changed JOB_EXPIRE_SECONDS too.
        await boss.updateQueue(job.name, queue as never);
        await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
        await boss.work(job.name, { pollingIntervalSeconds: 5 }, async () => {
          await countedRun(job.name, () => job.run(core));
        });
      }
      dispatcher = dispatchLoop();
      hooks = webhookLoop();
      log.info({ jobs: jobs.map((j) => j.name) }, 'worker started');
    },
    async stop() {
      stopping = true;
      wake?.();
      wakeHooks?.();
      await dispatcher;
      await hooks;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
