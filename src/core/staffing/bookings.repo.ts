import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { BusyPeriodsTable } from './staffing.tables.ts';

/** A busy period with its instants, person, engagement and site (what views and notifications need). */
export type BusyRow = Omit<Selectable<BusyPeriodsTable>, 'period'> & {
  start: Date;
  end: Date;
  consultant_name: string;
  consultant_email: string;
  consultant_time_zone: string | null;
  engagement_number: string | null;
  engagement_title: string | null;
  customer_name: string | null;
  organization_id: string | null;
  site_name: string | null;
  site_address: string | null;
  site_time_zone: string | null;
  checked_in_by_name: string | null;
};

export interface BusyFilter {
  kind?: 'booking' | 'time_off';
  consultantId?: string;
  engagementId?: string;
  /** Only bookings of engagements the consultant is on the team of (consultants' own view). */
  from?: Date;
  to?: Date;
  includeCancelled?: boolean;
  ids?: readonly string[];
}

/** `[start, end)` as a tstzrange expression. */
export const rangeOf = (start: Date, end: Date) =>
  sql<string>`tstzrange(${start.toISOString()}::timestamptz, ${end.toISOString()}::timestamptz, '[)')`;

const base = (ex: Executor) =>
  ex
    .selectFrom('busy_periods as b')
    .innerJoin('users as u', 'u.id', 'b.consultant_id')
    .leftJoin('consultant_profiles as p', 'p.user_id', 'b.consultant_id')
    .leftJoin('engagements as e', 'e.id', 'b.engagement_id')
    .leftJoin('customers as c', 'c.id', 'e.customer_id')
    .leftJoin('sites as s', 's.id', 'b.site_id')
    .leftJoin('users as ci', 'ci.id', 'b.checked_in_by')
    .select([
      'b.id',
      'b.consultant_id',
      'b.kind',
      'b.engagement_id',
      'b.mode',
      'b.status',
      'b.site_id',
      'b.note',
      'b.checked_in_at',
      'b.checked_in_by',
      'b.sequence',
      'b.cancelled_at',
      'b.cancelled_by',
      'b.cancel_reason',
      'b.reason',
      'b.blocking',
      'b.revision',
      'b.created_by',
      'b.created_at',
      'b.updated_at',
      sql<Date>`lower(b.period)`.as('start'),
      sql<Date>`upper(b.period)`.as('end'),
      'u.name as consultant_name',
      'u.email as consultant_email',
      // The zone of his emails: his own choice, else his home base's (the firm's default applies after both).
      sql<string | null>`coalesce(u.time_zone, p.time_zone)`.as('consultant_time_zone'),
      'e.number as engagement_number',
      'e.title as engagement_title',
      'c.name as customer_name',
      'c.organization_id',
      's.name as site_name',
      's.address as site_address',
      's.time_zone as site_time_zone',
      'ci.name as checked_in_by_name',
    ]);

/** Bookings and time off: rows of the one busy-period table. */
export const bookingsRepo = {
  async insert(ex: Executor, row: Omit<Insertable<BusyPeriodsTable>, 'period'>, start: Date, end: Date): Promise<void> {
    await ex
      .insertInto('busy_periods')
      .values({ ...row, period: rangeOf(start, end) })
      .execute();
  },

  async update(
    ex: Executor,
    id: string,
    patch: Omit<Updateable<BusyPeriodsTable>, 'period'>,
    period?: { start: Date; end: Date },
  ): Promise<void> {
    await ex
      .updateTable('busy_periods')
      .set({ ...patch, ...(period ? { period: rangeOf(period.start, period.end) } : {}) })
      .where('id', '=', id)
      .execute();
  },

  async remove(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('busy_periods').where('id', '=', id).execute();
  },

  async get(ex: Executor, id: string, options: { lock?: boolean } = {}): Promise<BusyRow | undefined> {
    const q = base(ex).where('b.id', '=', id);
    return (options.lock ? await q.forUpdate('b').executeTakeFirst() : await q.executeTakeFirst()) as
      BusyRow | undefined;
  },

  async list(ex: Executor, f: BusyFilter): Promise<BusyRow[]> {
    let q = base(ex);
    if (f.kind) q = q.where('b.kind', '=', f.kind);
    if (f.consultantId) q = q.where('b.consultant_id', '=', f.consultantId);
    if (f.engagementId) q = q.where('b.engagement_id', '=', f.engagementId);
    if (f.ids) q = q.where('b.id', 'in', f.ids.length ? [...f.ids] : ['']);
    if (f.from) q = q.where(sql<boolean>`upper(b.period) > ${f.from.toISOString()}::timestamptz`);
    if (f.to) q = q.where(sql<boolean>`lower(b.period) < ${f.to.toISOString()}::timestamptz`);
    if (!f.includeCancelled) q = q.where('b.cancelled_at', 'is', null);
    return (await q
      .orderBy(sql`lower(b.period)`)
      .orderBy('b.id')
      .limit(2000)
      .execute()) as BusyRow[];
  },

  /** Blocking periods of the consultant that overlap `[start, end)` (a confirmed booking or time off), but `exceptId`. */
  async blockingOverlaps(
    ex: Executor,
    consultantId: string,
    start: Date,
    end: Date,
    o: { exceptId?: string; kind?: 'booking' | 'time_off' } = {},
  ): Promise<BusyRow[]> {
    let q = base(ex)
      .where('b.consultant_id', '=', consultantId)
      .where('b.blocking', '=', true)
      .where(sql<boolean>`b.period && ${rangeOf(start, end)}`);
    if (o.exceptId) q = q.where('b.id', '<>', o.exceptId);
    if (o.kind) q = q.where('b.kind', '=', o.kind);
    return (await q.orderBy(sql`lower(b.period)`).execute()) as BusyRow[];
  },

  /** Live bookings of a consultant on an engagement that end after `after` (cancelled when he leaves the team). */
  async futureBookings(ex: Executor, engagementId: string, consultantId: string, after: Date): Promise<BusyRow[]> {
    return (await base(ex)
      .where('b.engagement_id', '=', engagementId)
      .where('b.consultant_id', '=', consultantId)
      .where('b.cancelled_at', 'is', null)
      .where(sql<boolean>`upper(b.period) > ${after.toISOString()}::timestamptz`)
      .orderBy(sql`lower(b.period)`)
      .forUpdate('b')
      .execute()) as BusyRow[];
  },

  /** Live bookings of an engagement (its location or window changed). */
  async liveBookingsOf(ex: Executor, engagementId: string): Promise<BusyRow[]> {
    return (await base(ex)
      .where('b.engagement_id', '=', engagementId)
      .where('b.cancelled_at', 'is', null)
      .orderBy(sql`lower(b.period)`)
      .execute()) as BusyRow[];
  },

  /** Adds the user to the engagement's team unless he is on it; true when added. */
  async joinTeam(ex: Executor, engagementId: string, userId: string, role: string, at: Date): Promise<boolean> {
    const r = await ex
      .insertInto('engagement_team')
      .values({ engagement_id: engagementId, user_id: userId, role, added_at: at })
      .onConflict((oc) => oc.columns(['engagement_id', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    return r !== undefined;
  },

  async isOnTeam(ex: Executor, engagementId: string, userId: string): Promise<boolean> {
    return !!(await ex
      .selectFrom('engagement_team')
      .select('user_id')
      .where('engagement_id', '=', engagementId)
      .where('user_id', '=', userId)
      .executeTakeFirst());
  },

  /** The customer's site (null when it is not one of the customer's). */
  async site(ex: Executor, customerId: string, siteId: string): Promise<{ id: string; name: string } | undefined> {
    return ex
      .selectFrom('sites')
      .select(['id', 'name'])
      .where('id', '=', siteId)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
  },

  /** The request's earliest allowed start (proactive engagements never start before it). */
  async requestEarliestStart(ex: Executor, requestId: string): Promise<string | null> {
    const r = await ex
      .selectFrom('service_requests')
      .select('earliest_start')
      .where('id', '=', requestId)
      .executeTakeFirst();
    return r?.earliest_start ?? null;
  },
};

/** True when `e` is the exclusion constraint's refusal (SQLSTATE 23P01): two blocking periods overlap. */
export const isBusyOverlap = (e: unknown): boolean => {
  const err = e as { code?: string; cause?: { code?: string } } | null;
  return err?.code === '23P01' || err?.cause?.code === '23P01';
};
