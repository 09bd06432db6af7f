import type { Insertable } from 'kysely';
import type { Executor } from '../../../db/create-db.ts';
import { compiledOnce, insertFrom, insertFromJson, namedStatement } from '../../../db/statement.ts';
import { auditInsertFrom, auditInsertFromJson, auditValues, type AuditJsonRow } from '../../audit/audit.repo.ts';
import type { AuditEventsTable } from '../../audit/audit.tables.ts';
import { EFFORT_COLUMNS, isUniqueViolation } from '../../effort/effort.repo.ts';
import type { EffortEntriesTable } from '../../effort/effort.tables.ts';
import { effortContextQuery, toEffortContext, type EffortContext } from '../../engagements/engagements.repo.ts';
import { ENTRY_COLUMNS, HEAD_COLUMNS, headColumns, type LockedLedger } from '../ledger.repo.ts';
import type { LedgerTotals, ReservationSums } from '../ledger.rules.ts';
import type { LedgerEntriesTable } from '../ledger.tables.ts';
import { guardColumns, guardCondition, guardValues, keyRule } from './guards.repo.ts';

/** The head an optimistic posting was drafted against: it is appended only while the contract still has these. */
export interface ExpectedHead {
  seq: number;
  status: string;
  settings: unknown;
}

/** What an optimistic effort posting drafts against: the effort context, the contract's ledger head and the engagement's reservation, read together. */
export type EffortDraftContext = EffortContext & { ledger: LockedLedger; reservation: ReservationSums | null };

/** The engagement as the optimistic posting found it: it is written only while the engagement still is. */
export interface ExpectedEngagement {
  id: string;
  status: string;
  consumed: number;
  held: number;
  estimate: number;
  /** The effort's person was allowed as a team member: they must still be one. */
  memberUserId: string | null;
  /** The engagement's rate card the effort was converted with, as stored (moved by an approved change order). */
  rateCard: unknown;
  /** The engagement's reservation sums the draft drew on (null: no row): the statement writes their new values, not deltas. */
  reservation: ReservationSums | null;
  /** The customer's time zone the draft dated by (today, the day's consumption): editable at any time. */
  timeZone: string;
}

/** One optimistic posting's writes, as drafted (appendConsumedMany). */
export interface ConsumedEffort {
  entry: Insertable<LedgerEntriesTable>;
  totals: LedgerTotals;
  expected: ExpectedHead;
  reservation: ReservationSums;
  day: string;
  engagement: ExpectedEngagement;
  effort: Insertable<EffortEntriesTable>;
  audit: AuditJsonRow;
}

/**
 * The ledger's part of a guarded append, as CTEs for a statement built once (namedStatement): `guard` locks
 * the balance row (FOR UPDATE, the lock every posting takes first) and yields a row only while the ledger
 * rules of guards.repo.ts hold; `appended` inserts the entry (not when its idempotency key is taken);
 * `head` moves the chain head and cached totals. Later CTEs write their rows `FROM appended`.
 */
const guardedAppendCtes = (p: (name: string) => string): string => `
    guard AS (
      SELECT 1 FROM contract_balances b JOIN contracts c ON c.id = b.contract_id
      WHERE b.contract_id = ${p('contract')} AND ${guardCondition('ledger', p)}
      FOR UPDATE OF b
    ), appended AS (
      ${insertFrom(p, 'ledger_entries', ENTRY_COLUMNS, 'entry', 'guard')}
      ${keyRule.onConflict}
      RETURNING id
    ), head AS (
      UPDATE contract_balances SET ${HEAD_COLUMNS.map((c) => `"${c}" = ${p(`head.${c}`)}`).join(', ')}
      WHERE contract_id = ${p('contract')} AND last_seq = ${p('expected.seq')} AND EXISTS (SELECT 1 FROM appended)
    )`;

/**
 * guardedAppendCtes for many postings in one statement, each on its own contract: the rows of `input`
 * whose `k` is in `allowed` (a CTE of `k`, evaluated in full first: its locks come before these).
 * `guard_many` locks the balance rows in contract order; `appended_many` yields the input row of each entry
 * written; `head_many` moves those heads.
 */
const guardedAppendManyCtes = (input: string, allowed: string): string => `
    guard_many AS MATERIALIZED (
      SELECT i.k FROM ${input} i JOIN contract_balances b ON b.contract_id = i.contract JOIN contracts c ON c.id = b.contract_id
      WHERE ${guardCondition('ledger')}
        AND i.k IN (SELECT k FROM ${allowed}) AND (SELECT count(*) FROM ${allowed}) >= 0
      ORDER BY b.contract_id
      FOR UPDATE OF b
    ), appended_rows AS (
      ${insertFromJson('ledger_entries', ENTRY_COLUMNS, input, 'entry')}
      WHERE s.k IN (SELECT k FROM guard_many)
      ${keyRule.onConflict}
      RETURNING id
    ), appended_many AS (
      SELECT i.* FROM ${input} i JOIN appended_rows a ON a.id = i.entry->>'id'
    ), head_many AS (
      UPDATE contract_balances b SET ${HEAD_COLUMNS.map((c) => `"${c}" = h."${c}"`).join(', ')}
      FROM appended_many i, LATERAL jsonb_populate_record(null::contract_balances, i.head) h
      WHERE b.contract_id = i.contract AND b.last_seq = i.expected_seq
    )`;

/** optimisticRepo.appendIfHead's statement: the guarded append and its audit event. */
const APPEND_IF_HEAD = namedStatement<{ outcome: 'appended' | 'stale' | 'duplicate' }>(
  (p) => `
    WITH ${guardedAppendCtes(p)}, audited AS (${auditInsertFrom(p, 'appended')})
    SELECT CASE WHEN EXISTS (SELECT 1 FROM appended) THEN 'appended'
                WHEN EXISTS (SELECT 1 FROM guard) THEN 'duplicate' ELSE 'stale' END AS outcome`,
);

/**
 * optimisticRepo.appendConsumedMany's statement: optimistic effort postings, each on its own contract, from
 * one JSON parameter (one object per posting). `eng` locks the engagements whose engagement rules
 * (guards.repo.ts) hold, in id order, before any balance row (guard_many evaluates it in full first), so
 * concurrent statements and the locking path (engagement, then balance row) take their locks in one order
 * and never deadlock. Each posting that passed both guards then writes its `consume` entry, head and
 * totals, reservation and daily sums, effort entry, the engagement's sums and its audit event; the others
 * write nothing.
 */
const APPEND_CONSUMED_EFFORTS = namedStatement<{ k: number }>(
  (p) => `
    WITH input AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${p('rows')}::jsonb) AS x(
        k int, contract text, entry jsonb, head jsonb, eng_id text, ${guardColumns()},
        res_reserved bigint, res_released bigint, res_consumed bigint, res_minimum_true_ups bigint, day date, amount bigint, at timestamptz,
        effort jsonb, audit jsonb)
    ), eng AS MATERIALIZED (
      SELECT i.k FROM input i JOIN engagements e ON e.id = i.eng_id
      WHERE ${guardCondition('engagement')}
      ORDER BY e.id
      FOR UPDATE OF e
    ), ${guardedAppendManyCtes('input', 'eng')}, reservation AS (
      INSERT INTO ledger_reservations (contract_id, engagement_id, reserved, released, consumed, minimum_true_ups)
      SELECT i.contract, i.eng_id, i.res_reserved, i.res_released, i.res_consumed, i.res_minimum_true_ups FROM appended_many i
      ON CONFLICT (contract_id, engagement_id) DO UPDATE SET reserved = excluded.reserved, released = excluded.released,
        consumed = excluded.consumed, minimum_true_ups = excluded.minimum_true_ups
    ), daily AS (
      INSERT INTO ledger_daily_consumption (contract_id, day, consumed) SELECT i.contract, i.day, i.amount FROM appended_many i
      ON CONFLICT (contract_id, day) DO UPDATE SET consumed = ledger_daily_consumption.consumed + excluded.consumed
    ), effort AS (
      ${insertFromJson('effort_entries', EFFORT_COLUMNS, 'appended_many', 'effort')}
    ), sums AS (
      UPDATE engagements e SET effort_consumed = e.effort_consumed + i.amount, updated_at = i.at FROM appended_many i WHERE e.id = i.eng_id
    ), audited AS (${auditInsertFromJson('appended_many', 'audit')})
    SELECT k FROM appended_many`,
);

/** optimisticRepo.draftContext's query, compiled once: building it cost more than running it. */
const DRAFT_CONTEXT = compiledOnce(['engagementId', 'userId', 'key'], (db, p) =>
  effortContextQuery(db, p.engagementId, p.userId, p.key)
    .innerJoin('contract_balances as b', 'b.contract_id', 'e.contract_id')
    .leftJoin('ledger_reservations as r', (j) =>
      j.onRef('r.contract_id', '=', 'e.contract_id').onRef('r.engagement_id', '=', 'e.id'),
    )
    .select([
      'k.term_start',
      'k.term_end',
      'b.last_seq',
      'b.last_hash',
      'b.updated_at as b_updated_at',
      'b.granted',
      'b.topped_up',
      'b.rolled_over_in',
      'b.adjusted',
      'b.consumed as b_consumed',
      'b.minimum_true_ups as b_minimum_true_ups',
      'b.expired',
      'b.rolled_over_out',
      'b.reserved as b_reserved',
      'r.reserved as r_reserved',
      'r.released as r_released',
      'r.consumed as r_consumed',
      'r.minimum_true_ups as r_minimum_true_ups',
    ]),
);

/** One optimistic effort posting's row of APPEND_CONSUMED_EFFORTS' JSON parameter. */
function consumedEffortRow(effort: ConsumedEffort, k: number) {
  return {
    k,
    contract: effort.entry.contract_id,
    entry: effort.entry,
    head: headColumns(effort.entry, effort.totals),
    eng_id: effort.engagement.id,
    ...guardValues(effort),
    res_reserved: effort.reservation.reserved,
    res_released: effort.reservation.released,
    res_consumed: effort.reservation.consumed,
    res_minimum_true_ups: effort.reservation.minimumTrueUps,
    day: effort.day,
    amount: effort.entry.amount,
    at: effort.effort.created_at,
    effort: effort.effort,
    audit: effort.audit,
  };
}

/** The guarded statements of the optimistic write paths (API top-ups, effort) and the read effort drafts on. */
export const optimisticRepo = {
  /**
   * Appends an entry without a transaction or lock of its own (the optimistic path of API top-ups): one
   * statement locks the balance row (the same lock, taken first, as every other posting: no deadlock),
   * inserts the entry only while the ledger rules of guards.repo.ts hold (the head is still `expected.seq`,
   * the contract still has the status and settings the entry was drafted against), moves the head and
   * cached totals, and writes the audit event. 'appended'; 'stale' when the head or the contract moved
   * meanwhile; 'duplicate' when the idempotency key is taken. Neither of the last two writes anything. The
   * text is built once (APPEND_IF_HEAD): this is the hottest write, and its query building cost more than
   * its values.
   */
  async appendIfHead(
    ex: Executor,
    row: Insertable<LedgerEntriesTable>,
    totals: LedgerTotals,
    expected: ExpectedHead,
    audit: Insertable<AuditEventsTable>,
  ): Promise<'appended' | 'stale' | 'duplicate'> {
    const values = {
      contract: row.contract_id,
      expected: { seq: expected.seq, status: expected.status, settings: JSON.stringify(expected.settings) },
      entry: row,
      head: headColumns(row, totals),
      ...auditValues(audit),
    };
    const result = await ex.executeQuery(APPEND_IF_HEAD.bind(values));
    return result.rows[0]!.outcome;
  },

  /** effortContextQuery (unlocked) with the contract's ledger head and the engagement's reservation on it, in one round trip. */
  async draftContext(
    ex: Executor,
    engagementId: string,
    userId: string,
    key: string | null,
  ): Promise<EffortDraftContext | undefined> {
    const context = toEffortContext(
      (await ex.executeQuery(DRAFT_CONTEXT.bind({ engagementId, userId, key: key ?? '' }))).rows[0],
      key,
    );
    if (!context) return undefined;
    const ledger: LockedLedger = {
      contract_id: context.contract_id,
      last_seq: context.last_seq,
      last_hash: context.last_hash,
      updated_at: context.b_updated_at,
      granted: context.granted,
      topped_up: context.topped_up,
      rolled_over_in: context.rolled_over_in,
      adjusted: context.adjusted,
      consumed: context.b_consumed,
      minimum_true_ups: context.b_minimum_true_ups,
      expired: context.expired,
      rolled_over_out: context.rolled_over_out,
      reserved: context.b_reserved,
      number: context.contract_number,
      status: context.contract_status,
      unit: context.unit,
      settings: context.settings,
      term_start: context.term_start,
      term_end: context.term_end,
      customer_id: context.customer_id,
      customer_name: context.customer_name,
      organization_id: context.organization_id,
      time_zone: context.time_zone,
    };
    const reservation =
      context.r_reserved === null
        ? null
        : {
            reserved: context.r_reserved,
            released: context.r_released!,
            consumed: context.r_consumed!,
            minimumTrueUps: context.r_minimum_true_ups!,
          };
    return { ...context, ledger, reservation };
  },

  /**
   * Writes optimistic effort postings, each on a different contract, in one statement without a
   * transaction of its own (APPEND_CONSUMED_EFFORTS): the index of each one written; the others found
   * their engagement or ledger moved and wrote nothing. 'duplicate' when an Idempotency-Key was taken:
   * that fails the whole statement (nothing written), and the caller writes them one by one.
   */
  async appendConsumedMany(ex: Executor, postings: readonly ConsumedEffort[]): Promise<Set<number> | 'duplicate'> {
    const rows = postings.map(consumedEffortRow);
    try {
      const result = await ex.executeQuery(APPEND_CONSUMED_EFFORTS.bind({ rows: JSON.stringify(rows) }));
      return new Set(result.rows.map((row) => row.k));
    } catch (e) {
      if (isUniqueViolation(e)) return 'duplicate';
      throw e;
    }
  },
};
