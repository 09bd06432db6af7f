import { sql } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { SlaKind } from '../../shared/contracts/requests.ts';
import { slaStatusRank } from '../../shared/sla.ts';

/** The SQL columns (qualified names) of one SLA target and of its request's clock stop. */
export interface TargetColumns {
  metAt: string;
  dueAt: string;
  atRiskAt: string;
  stoppedAt: string;
}

/**
 * One target's SLA status in SQL, as its rank in shared/sla.ts `slaStatusRank`: the rule of shared/sla.ts
 * `slaStatus` (met by due → met, met late → breached; unmet judged at `now` or when the clocks stopped:
 * past due → breached, from the at-risk point → at_risk, else pending). test/requests.sla-status.test.ts
 * runs it over a table of cases and fails when it and the pure function disagree.
 */
export function targetSlaRank(now: Date, columns: TargetColumns) {
  const metAt = sql.ref(columns.metAt);
  const dueAt = sql.ref(columns.dueAt);
  const atRiskAt = sql.ref(columns.atRiskAt);
  const judgedAt = sql`LEAST(${now}::timestamptz, COALESCE(${sql.ref(columns.stoppedAt)}, ${now}::timestamptz))`;
  return sql<number>`CASE
    WHEN ${metAt} IS NOT NULL THEN CASE WHEN ${metAt} <= ${dueAt} THEN ${slaStatusRank.met}::int ELSE ${slaStatusRank.breached}::int END
    WHEN ${judgedAt} > ${dueAt} THEN ${slaStatusRank.breached}::int
    WHEN ${judgedAt} >= ${atRiskAt} THEN ${slaStatusRank.at_risk}::int
    ELSE ${slaStatusRank.pending}::int END`;
}

export const slaRepo = {
  /**
   * Targets of open requests that may need a notification at `now`: unmet and at risk without an at-risk
   * notice, or breached (unmet past due, or met late) without a breach notice: the statuses of shared/sla.ts,
   * checked by test/requests.sla-status.test.ts. Locked with SKIP LOCKED so two workers never take the same target.
   */
  async watchCandidates(ex: Executor, now: Date, limit: number) {
    return ex
      .selectFrom('request_sla_targets as t')
      .innerJoin('service_requests as r', 'r.id', 't.request_id')
      .innerJoin('customers as cu', 'cu.id', 'r.customer_id')
      .innerJoin('contracts as ct', 'ct.id', 'r.contract_id')
      .select([
        't.request_id',
        't.kind',
        't.target_minutes',
        't.due_at',
        't.at_risk_at',
        't.met_at',
        't.at_risk_notified_at',
        't.breach_notified_at',
        'r.received_at',
        'r.clocks_stopped_at',
        'r.severity',
        'r.incident_type',
        'r.status',
        'r.number as request_number',
        'r.organization_id',
        'cu.name as customer_name',
        'ct.number as contract_number',
      ])
      .where('r.clocks_stopped_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('t.at_risk_notified_at', 'is', null), eb('t.met_at', 'is', null), eb('t.at_risk_at', '<=', now)]),
          eb.and([
            eb('t.breach_notified_at', 'is', null),
            eb.or([
              eb.and([eb('t.met_at', 'is', null), eb('t.due_at', '<', now)]),
              eb('t.met_at', '>', eb.ref('t.due_at')),
            ]),
          ]),
        ]),
      )
      .orderBy('t.due_at')
      .limit(limit)
      .forUpdate(['t'])
      .skipLocked()
      .execute();
  },

  async markNotified(
    ex: Executor,
    requestId: string,
    kind: SlaKind,
    m: { atRisk?: Date; breach?: Date },
  ): Promise<void> {
    await ex
      .updateTable('request_sla_targets')
      .set({
        ...(m.atRisk ? { at_risk_notified_at: m.atRisk } : {}),
        ...(m.breach ? { breach_notified_at: m.breach } : {}),
      })
      .where('request_id', '=', requestId)
      .where('kind', '=', kind)
      .execute();
  },

  /** Targets of emergency requests received in [from, to), for the SLA report. */
  async reportRows(ex: Executor, filter: { organizationId?: string; contractId?: string; from?: Date; to?: Date }) {
    let query = ex
      .selectFrom('request_sla_targets as t')
      .innerJoin('service_requests as r', 'r.id', 't.request_id')
      .select([
        't.request_id',
        't.kind',
        't.due_at',
        't.at_risk_at',
        't.met_at',
        'r.received_at',
        'r.clocks_stopped_at',
      ]);
    if (filter.organizationId) query = query.where('r.organization_id', '=', filter.organizationId);
    if (filter.contractId) query = query.where('r.contract_id', '=', filter.contractId);
    if (filter.from) query = query.where('r.received_at', '>=', filter.from);
    if (filter.to) query = query.where('r.received_at', '<', filter.to);
    return query.execute();
  },
};
