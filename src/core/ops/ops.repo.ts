import { sql } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import { slaStatusRank } from '../../shared/sla.ts';
import { mailRepo } from '../mail/mail.repo.ts';
import { targetSlaRank } from '../requests/sla.repo.ts';

/** One scheduled job's runs as pg-boss's tables hold them (live jobs and the archive), across every worker. */
export interface JobRunsRow {
  name: string;
  completed: number;
  failed: number;
  /** Created or waiting for a retry. */
  waiting: number;
  active: number;
  last_completed_at: Date | null;
  last_failed_at: Date | null;
  last_started_at: Date | null;
}

/** What operators watch (imr status, /metrics): read-only queries over the outbox, SLA targets and pg-boss. */
export const opsRepo = {
  outbox: (ex: Executor, now: Date) => mailRepo.outboxSummary(ex, now),

  /** Unmet SLA targets of requests whose clocks run, at risk and breached at `now` (the rule of shared/sla.ts). */
  async slaTargets(ex: Executor, now: Date): Promise<{ atRisk: number; breached: number }> {
    const rank = targetSlaRank(now, {
      metAt: 't.met_at',
      dueAt: 't.due_at',
      atRiskAt: 't.at_risk_at',
      stoppedAt: 'r.clocks_stopped_at',
    });
    const row = await ex
      .selectFrom('request_sla_targets as t')
      .innerJoin('service_requests as r', 'r.id', 't.request_id')
      .select([
        sql<number>`count(*) FILTER (WHERE ${rank} = ${slaStatusRank.at_risk})::int`.as('atRisk'),
        sql<number>`count(*) FILTER (WHERE ${rank} = ${slaStatusRank.breached})::int`.as('breached'),
      ])
      .where('t.met_at', 'is', null)
      .where('r.clocks_stopped_at', 'is', null)
      .executeTakeFirstOrThrow();
    return row;
  },

  /** Every scheduled job's runs; empty while no worker has created pg-boss's schema yet. */
  async jobRuns(ex: Executor): Promise<JobRunsRow[]> {
    const exists = await sql<{ ok: boolean }>`SELECT to_regclass('pgboss.archive') IS NOT NULL AS ok`.execute(ex);
    if (!exists.rows[0]?.ok) return [];
    const result = await sql<JobRunsRow>`
      SELECT name,
        count(*) FILTER (WHERE state::text = 'completed')::int AS completed,
        count(*) FILTER (WHERE state::text = 'failed')::int AS failed,
        count(*) FILTER (WHERE state::text IN ('created', 'retry'))::int AS waiting,
        count(*) FILTER (WHERE state::text = 'active')::int AS active,
        max(completed_on) FILTER (WHERE state::text = 'completed') AS last_completed_at,
        max(completed_on) FILTER (WHERE state::text = 'failed') AS last_failed_at,
        max(started_on) AS last_started_at
      FROM (
        SELECT name, state, started_on, completed_on FROM pgboss.job
        UNION ALL
        SELECT name, state, started_on, completed_on FROM pgboss.archive
      ) AS jobs
      WHERE name NOT LIKE '\\_\\_pgboss%'
      GROUP BY name
      ORDER BY name`.execute(ex);
    return result.rows;
  },
};
