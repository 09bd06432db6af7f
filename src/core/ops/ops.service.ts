import type { Db } from '../../db/create-db.ts';
import { migrationStatus } from '../../db/migrate.ts';
import type { Clock } from '../../shared/clock.ts';
import { providerWith, authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { opsRepo } from './ops.repo.ts';

export type OpsService = ReturnType<typeof createOpsService>;

/** Admins (and the metrics endpoint) read how the installation runs; nothing here writes. */
const canReadStatus = providerWith('admin');

/**
 * The operator's view of a running installation: the outbox's queue and its oldest undelivered message,
 * SLA targets at risk and breached, every scheduled job's runs (across all workers: pg-boss's tables), the
 * version and the migrations. `gauges()` is what /metrics reads on each scrape; `status()` what
 * `imr status` prints (admins).
 */
export function createOpsService(deps: { db: Db; clock: Clock; version: string }) {
  async function gauges() {
    const now = deps.clock.now();
    const ex = deps.db.kysely;
    const [outbox, sla, jobs] = await Promise.all([
      opsRepo.outbox(ex, now),
      opsRepo.slaTargets(ex, now),
      opsRepo.jobRuns(ex),
    ]);
    return { now, outbox, sla, jobs };
  }

  return {
    gauges,

    async status(ctx: Ctx) {
      authorize(ctx.actor, canReadStatus, 'Only administrators read the installation status.');
      const { now, outbox, sla, jobs } = await gauges();
      const migrations = await migrationStatus(deps.db);
      const applied = migrations.filter((m) => m.executedAt !== null);
      return {
        version: deps.version,
        database: deps.db.kind,
        now,
        outbox,
        sla,
        jobs,
        migrations: {
          applied: applied.length,
          pending: migrations.filter((m) => m.executedAt === null).map((m) => m.name),
          latest: applied.at(-1)?.name ?? null,
        },
      };
    },
  };
}
