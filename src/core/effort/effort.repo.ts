import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import { columnsOf } from '../../db/statement.ts';
import type { Activity } from '../../shared/domain.ts';
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

/** Every column of effort_entries (the optimistic statement inserts them from JSON). */
export const EFFORT_COLUMNS = columnsOf<EffortEntriesTable>({
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

/** A unique index refused an insert (the whole statement wrote nothing). */
export const isUniqueViolation = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === '23505';
/** The error of an insert whose Idempotency-Key the engagement already has (effort_entries_key, migration 0012). */
export const isKeyTaken = (e: unknown): boolean =>
  isUniqueViolation(e) && (e as { constraint?: unknown }).constraint === 'effort_entries_key';

export const effortRepo = {
  async insert(ex: Executor, row: Insertable<EffortEntriesTable>): Promise<void> {
    await ex.insertInto('effort_entries').values(row).execute();
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
    const result = await ex
      .updateTable('effort_entries')
      .set({ billing_status: 'written_off', written_off_at: at })
      .where('engagement_id', '=', engagementId)
      .where('billing_status', '=', 'held')
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  /** Entries in work-date order (then id), filtered; active ones only unless asked. */
  async list(ex: Executor, filter: EffortFilter): Promise<EffortWithNames[]> {
    let query = withNames(ex).orderBy('f.work_date').orderBy('f.id');
    if (filter.engagementId) query = query.where('f.engagement_id', '=', filter.engagementId);
    if (filter.userId) query = query.where('f.user_id', '=', filter.userId);
    if (filter.from) query = query.where('f.work_date', '>=', filter.from);
    if (filter.to) query = query.where('f.work_date', '<=', filter.to);
    if (!filter.includeCorrected) query = query.where('f.status', '=', 'active');
    if (filter.after) {
      const [d, id] = filter.after;
      query = query.where((eb) =>
        eb.or([eb('f.work_date', '>', d), eb.and([eb('f.work_date', '=', d), eb('f.id', '>', id)])]),
      );
    }
    if (filter.limit) query = query.limit(filter.limit);
    return query.execute();
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
    const result = await ex
      .selectFrom('effort_entries')
      .select([
        sql<string>`coalesce(sum(amount) FILTER (WHERE billing_status = 'consumed'), 0)`.as('consumed'),
        sql<string>`coalesce(sum(amount) FILTER (WHERE billing_status = 'held'), 0)`.as('held'),
      ])
      .where('engagement_id', '=', engagementId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return { consumed: Number(result.consumed), held: Number(result.held) };
  },
};
