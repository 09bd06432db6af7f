import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import { columnsOf, compiledOnce, insertFromJson, namedStatement } from '../../db/statement.ts';
import type { Activity } from '../../shared/domain.ts';
import { auditInsertFromJson, type AuditJsonRow } from '../audit/audit.repo.ts';
import { effortContextQuery, toEffortContext, type EffortContext } from '../engagements/engagements.repo.ts';
import type { LockedLedger } from '../ledger/ledger.repo.ts';
import { guardedAppendManyCtes, guardedAppendManyValues, type ExpectedHead } from '../ledger/ledger.repo.ts';
import type { LedgerEntriesTable } from '../ledger/ledger.tables.ts';
import type { LedgerTotals, ReservationSums } from '../ledger/ledger.rules.ts';
import type { BillingStatus, EffortEntriesTable } from './effort.tables.ts';

export type EffortRow = Selectable<EffortEntriesTable>;
export type EffortWithNames = EffortRow & { user_name: string; engagement_number: string };

export interface EffortFilter {
  engagementId?: string;
  userId?: string;
  /** Engagements whose team the user is on (a consultant reading timesheets of their engagements). */
  from?: string;
  to?: string;
  includeCorrected?: boolean;
  /** Cursor: (work_date, id) of the last row of the previous page. */
  after?: [string, string];
  limit?: number;
}

const withNames = (ex: Executor) =>
  ex
    .selectFrom('effort_entries as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .innerJoin('engagements as e', 'e.id', 'f.engagement_id')
    .selectAll('f')
    .select(['u.name as user_name', 'e.number as engagement_number']);

const EFFORT_COLUMNS = columnsOf<EffortEntriesTable>({
  id: true,
  engagement_id: true,
  contract_id: true,
  user_id: true,
  work_date: true,
  minutes: true,
  rounded_minutes: true,
  weighted_minutes: true,
  amount: true,
  activity: true,
  after_hours: true,
  billable: true,
  billing_status: true,
  status: true,
  note: true,
  ledger_entry_id: true,
  reversal_entry_id: true,
  replaces_id: true,
  replaced_by_id: true,
  correction_reason: true,
  corrected_at: true,
  corrected_by: true,
  posted_at: true,
  written_off_at: true,
  idempotency_key: true,
  request_hash: true,
  created_by_user_id: true,
  created_by: true,
  created_at: true,
});

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
  /** The contract's rate the effort was converted at (service units; null for hours): editable on an active contract. */
  unitsPerHour: string | null;
  /** The engagement's reservation sums the draft drew on (null: no row): the statement writes their new values, not deltas. */
  reservation: ReservationSums | null;
  /** The customer's time zone the draft dated by (today, the day's consumption): editable at any time. */
  timeZone: string;
}

/**
 * effortRepo.appendConsumedMany's statement: optimistic effort postings, each on its own contract, from one
 * JSON parameter (one object per posting). `eng` locks the engagements that are as drafted (status, sums,
 * estimate, reservation row, the person's membership, the contract's rate, the customer's time zone), in
 * id order, before any balance row (the ledger's guard_many evaluates it in full first), so concurrent
 * statements and the locking path (engagement, then balance row) take their locks in one order and never
 * deadlock. Each posting that passed both guards then writes its `consume` entry, head and totals,
 * reservation and daily sums, effort entry, the engagement's sums and its audit event; the others write
 * nothing.
 */
const APPEND_CONSUMED_EFFORTS = namedStatement<{ k: number }>(
  (p) => `
    WITH input AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${p('rows')}::jsonb) AS x(
        k int, contract text, expected_seq bigint, expected_status text, expected_settings jsonb, entry jsonb, head jsonb,
        eng_id text, eng_status text, eng_consumed bigint, eng_held bigint, eng_estimate bigint, eng_member text, eng_units_per_hour numeric, eng_time_zone text,
        was_reserved bigint, was_released bigint, was_consumed bigint, was_minimum_true_ups bigint,
        res_reserved bigint, res_released bigint, res_consumed bigint, res_minimum_true_ups bigint, day date, amount bigint, at timestamptz,
        effort jsonb, audit jsonb)
    ), eng AS MATERIALIZED (
      SELECT i.k FROM input i JOIN engagements e ON e.id = i.eng_id
      WHERE e.contract_id = i.contract AND e.status = i.eng_status AND e.effort_consumed = i.eng_consumed AND e.effort_held = i.eng_held AND e.estimate = i.eng_estimate
        AND (i.eng_member IS NULL OR EXISTS (SELECT 1 FROM engagement_team t WHERE t.engagement_id = i.eng_id AND t.user_id = i.eng_member))
        AND EXISTS (SELECT 1 FROM contracts c WHERE c.id = i.contract AND c.units_per_hour IS NOT DISTINCT FROM i.eng_units_per_hour)
        AND EXISTS (SELECT 1 FROM customers cu WHERE cu.id = e.customer_id AND cu.time_zone = i.eng_time_zone)
        AND (SELECT row(r.reserved, r.released, r.consumed, r.minimum_true_ups) FROM ledger_reservations r WHERE r.contract_id = i.contract AND r.engagement_id = i.eng_id)
          IS NOT DISTINCT FROM (SELECT row(i.was_reserved, i.was_released, i.was_consumed, i.was_minimum_true_ups) WHERE i.was_reserved IS NOT NULL)
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

/** effortRepo.draftContext's query, compiled once: building it cost more than running it. */
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

const isUniqueViolation = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === '23505';
/** The error of an insert whose Idempotency-Key the engagement already has (effort_entries_key, migration 0012). */
export const isKeyTaken = (e: unknown): boolean =>
  isUniqueViolation(e) && (e as { constraint?: unknown }).constraint === 'effort_entries_key';

export const effortRepo = {
  async insert(ex: Executor, row: Insertable<EffortEntriesTable>): Promise<void> {
    await ex.insertInto('effort_entries').values(row).execute();
  },

  /** effortContextQuery (unlocked) with the contract's ledger head and the engagement's reservation on it, in one round trip. */
  async draftContext(
    ex: Executor,
    engagementId: string,
    userId: string,
    key: string | null,
  ): Promise<EffortDraftContext | undefined> {
    const r = toEffortContext(
      (await ex.executeQuery(DRAFT_CONTEXT.bind({ engagementId, userId, key: key ?? '' }))).rows[0],
      key,
    );
    if (!r) return undefined;
    const ledger: LockedLedger = {
      contract_id: r.contract_id,
      last_seq: r.last_seq,
      last_hash: r.last_hash,
      updated_at: r.b_updated_at,
      granted: r.granted,
      topped_up: r.topped_up,
      rolled_over_in: r.rolled_over_in,
      adjusted: r.adjusted,
      consumed: r.b_consumed,
      minimum_true_ups: r.b_minimum_true_ups,
      expired: r.expired,
      rolled_over_out: r.rolled_over_out,
      reserved: r.b_reserved,
      number: r.contract_number,
      status: r.contract_status,
      unit: r.unit,
      settings: r.settings,
      term_start: r.term_start,
      term_end: r.term_end,
      customer_id: r.customer_id,
      customer_name: r.customer_name,
      organization_id: r.organization_id,
      time_zone: r.time_zone,
    };
    const reservation =
      r.r_reserved === null
        ? null
        : {
            reserved: r.r_reserved,
            released: r.r_released!,
            consumed: r.r_consumed!,
            minimumTrueUps: r.r_minimum_true_ups!,
          };
    return { ...r, ledger, reservation };
  },

  /**
   * Writes optimistic effort postings, each on a different contract, in one statement without a
   * transaction of its own (APPEND_CONSUMED_EFFORTS): the index of each one written; the others found
   * their engagement or ledger moved and wrote nothing. 'duplicate' when an Idempotency-Key was taken:
   * that fails the whole statement (nothing written), and the caller writes them one by one.
   */
  async appendConsumedMany(ex: Executor, ws: readonly ConsumedEffort[]): Promise<Set<number> | 'duplicate'> {
    const rows = ws.map((w, k) => {
      const g = w.engagement;
      return {
        k,
        ...guardedAppendManyValues(w.entry, w.totals, w.expected),
        eng_id: g.id,
        eng_status: g.status,
        eng_consumed: g.consumed,
        eng_held: g.held,
        eng_estimate: g.estimate,
        eng_member: g.memberUserId,
        eng_units_per_hour: g.unitsPerHour,
        eng_time_zone: g.timeZone,
        was_reserved: g.reservation?.reserved ?? null,
        was_released: g.reservation?.released ?? null,
        was_consumed: g.reservation?.consumed ?? null,
        was_minimum_true_ups: g.reservation?.minimumTrueUps ?? null,
        res_reserved: w.reservation.reserved,
        res_released: w.reservation.released,
        res_consumed: w.reservation.consumed,
        res_minimum_true_ups: w.reservation.minimumTrueUps,
        day: w.day,
        amount: w.entry.amount,
        at: w.effort.created_at,
        effort: w.effort,
        audit: w.audit,
      };
    });
    try {
      const r = await ex.executeQuery(APPEND_CONSUMED_EFFORTS.bind({ rows: JSON.stringify(rows) }));
      return new Set(r.rows.map((x) => x.k));
    } catch (e) {
      if (isUniqueViolation(e)) return 'duplicate';
      throw e;
    }
  },

  async byId(ex: Executor, id: string): Promise<EffortWithNames | undefined> {
    return withNames(ex).where('f.id', '=', id).executeTakeFirst();
  },

  async byKey(ex: Executor, engagementId: string, key: string): Promise<EffortRow | undefined> {
    return ex
      .selectFrom('effort_entries')
      .selectAll()
      .where('engagement_id', '=', engagementId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  },

  async update(ex: Executor, id: string, patch: Updateable<EffortEntriesTable>): Promise<void> {
    await ex.updateTable('effort_entries').set(patch).where('id', '=', id).execute();
  },

  /** Active held entries of an engagement, oldest first. */
  async held(ex: Executor, engagementId: string): Promise<EffortRow[]> {
    return ex
      .selectFrom('effort_entries')
      .selectAll()
      .where('engagement_id', '=', engagementId)
      .where('billing_status', '=', 'held')
      .where('status', '=', 'active')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  async markWrittenOff(ex: Executor, engagementId: string, at: Date): Promise<number> {
    const r = await ex
      .updateTable('effort_entries')
      .set({ billing_status: 'written_off', written_off_at: at })
      .where('engagement_id', '=', engagementId)
      .where('billing_status', '=', 'held')
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /** Entries in work-date order (then id), filtered; active ones only unless asked. */
  async list(ex: Executor, f: EffortFilter): Promise<EffortWithNames[]> {
    let q = withNames(ex).orderBy('f.work_date').orderBy('f.id');
    if (f.engagementId) q = q.where('f.engagement_id', '=', f.engagementId);
    if (f.userId) q = q.where('f.user_id', '=', f.userId);
    if (f.from) q = q.where('f.work_date', '>=', f.from);
    if (f.to) q = q.where('f.work_date', '<=', f.to);
    if (!f.includeCorrected) q = q.where('f.status', '=', 'active');
    if (f.after) {
      const [d, id] = f.after;
      q = q.where((eb) => eb.or([eb('f.work_date', '>', d), eb.and([eb('f.work_date', '=', d), eb('f.id', '>', id)])]));
    }
    if (f.limit) q = q.limit(f.limit);
    return q.execute();
  },

  /** Active effort of an engagement summed by activity and billing status (minutes as logged, rounded, and ledger units). */
  async totals(
    ex: Executor,
    engagementId: string,
  ): Promise<
    {
      activity: Activity;
      billing_status: BillingStatus;
      entries: number;
      minutes: number;
      rounded_minutes: number;
      amount: number;
    }[]
  > {
    const rows = await ex
      .selectFrom('effort_entries')
      .select([
        'activity',
        'billing_status',
        sql<string>`count(*)`.as('entries'),
        sql<string>`coalesce(sum(minutes), 0)`.as('minutes'),
        sql<string>`coalesce(sum(rounded_minutes), 0)`.as('rounded_minutes'),
        sql<string>`coalesce(sum(amount), 0)`.as('amount'),
      ])
      .where('engagement_id', '=', engagementId)
      .where('status', '=', 'active')
      .groupBy(['activity', 'billing_status'])
      .execute();
    return rows.map((r) => ({
      activity: r.activity,
      billing_status: r.billing_status,
      entries: Number(r.entries),
      minutes: Number(r.minutes),
      rounded_minutes: Number(r.rounded_minutes),
      amount: Number(r.amount),
    }));
  },

  /** Consumed effort per work date (burn chart). */
  async consumedByDate(ex: Executor, engagementId: string): Promise<{ date: string; amount: number }[]> {
    const rows = await ex
      .selectFrom('effort_entries')
      .select(['work_date', sql<string>`sum(amount)`.as('amount')])
      .where('engagement_id', '=', engagementId)
      .where('status', '=', 'active')
      .where('billing_status', '=', 'consumed')
      .groupBy('work_date')
      .execute();
    return rows.map((r) => ({ date: r.work_date, amount: Number(r.amount) }));
  },

  /** The sums the engagement row caches, recomputed from the entries (tests check the cache against them). */
  async sums(ex: Executor, engagementId: string): Promise<{ consumed: number; held: number }> {
    const r = await ex
      .selectFrom('effort_entries')
      .select([
        sql<string>`coalesce(sum(amount) FILTER (WHERE billing_status = 'consumed'), 0)`.as('consumed'),
        sql<string>`coalesce(sum(amount) FILTER (WHERE billing_status = 'held'), 0)`.as('held'),
      ])
      .where('engagement_id', '=', engagementId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return { consumed: Number(r.consumed), held: Number(r.held) };
  },
};
