import { sql } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { BookingMode, BookingStatus, BusyKind } from '../../shared/contracts/staffing.ts';

/** A provider user whose calendar a feed shows. */
export interface FeedOwner {
  id: string;
  name: string;
  status: string;
}

/** A booking or a time off as a feed shows it (never the time off's reason). */
export interface FeedPeriodRow {
  id: string;
  consultant_id: string;
  kind: BusyKind;
  start: Date;
  end: Date;
  mode: BookingMode | null;
  status: BookingStatus | null;
  sequence: number;
  revision: number;
  engagement_id: string | null;
  engagement_number: string | null;
  engagement_title: string | null;
  customer_name: string | null;
  site_name: string | null;
  site_address: string | null;
}

export const calendarRepo = {
  /** The user a feed may be made for: an active or disabled provider user (customers' users are not staff). */
  async providerUser(ex: Executor, userId: string): Promise<FeedOwner | undefined> {
    return ex
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select(['users.id', 'users.name', 'users.status'])
      .where('users.id', '=', userId)
      .where('organizations.kind', '=', 'provider')
      .executeTakeFirst();
  },

  /** Stores the hash of a user's new feed token, replacing the previous one (whose URL then answers 404). */
  async replaceFeed(ex: Executor, row: { user_id: string; token_hash: string; created_at: Date; created_by: string }) {
    await ex
      .insertInto('calendar_feeds')
      .values(row)
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({
          token_hash: row.token_hash,
          created_at: row.created_at,
          created_by: row.created_by,
        }),
      )
      .execute();
  },

  /** The active provider user whose feed token has this hash. */
  async ownerOfFeed(ex: Executor, tokenHash: string): Promise<FeedOwner | undefined> {
    return ex
      .selectFrom('calendar_feeds')
      .innerJoin('users', 'users.id', 'calendar_feeds.user_id')
      .select(['users.id', 'users.name', 'users.status'])
      .where('calendar_feeds.token_hash', '=', tokenHash)
      .where('users.status', '=', 'active')
      .executeTakeFirst();
  },

  /**
   * Bookings (not cancelled) and time off overlapping [from, to), in time order, never a time off's reason:
   * one consultant's (his feed) or everyone's (the staff timeline).
   */
  async busyPeriods(ex: Executor, from: Date, to: Date, consultantId?: string): Promise<FeedPeriodRow[]> {
    let query = ex
      .selectFrom('busy_periods as bp')
      .leftJoin('engagements as e', 'e.id', 'bp.engagement_id')
      .leftJoin('customers as c', 'c.id', 'e.customer_id')
      .leftJoin('sites as s', 's.id', 'bp.site_id')
      .select([
        'bp.id',
        'bp.consultant_id',
        'bp.kind',
        sql<Date>`lower(bp.period)`.as('start'),
        sql<Date>`upper(bp.period)`.as('end'),
        'bp.mode',
        'bp.status',
        'bp.sequence',
        'bp.revision',
        'bp.engagement_id',
        'e.number as engagement_number',
        'e.title as engagement_title',
        'c.name as customer_name',
        's.name as site_name',
        's.address as site_address',
      ])
      .where('bp.cancelled_at', 'is', null)
      .where(sql<boolean>`bp.period && tstzrange(${from}, ${to}, '[)')`)
      .orderBy(sql`lower(bp.period)`)
      .orderBy('bp.id');
    if (consultantId) query = query.where('bp.consultant_id', '=', consultantId);
    return query.execute();
  },

  /** The consultant's time zone (profile; UTC without one). */
  async timeZoneOf(ex: Executor, userId: string): Promise<string> {
    const row = await ex
      .selectFrom('consultant_profiles')
      .select('time_zone')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.time_zone ?? 'UTC';
  },

  /** A consultant's on-call shifts overlapping [from, to), with their rota's name. */
  async onCallShifts(ex: Executor, userId: string, from: Date, to: Date) {
    return ex
      .selectFrom('oncall_shifts as s')
      .innerJoin('oncall_rotas as r', 'r.id', 's.rota_id')
      .select(['s.id', 's.starts_at', 's.ends_at', 'r.name as rota_name'])
      .where('s.user_id', '=', userId)
      .where('s.starts_at', '<', to)
      .where('s.ends_at', '>', from)
      .orderBy('s.starts_at')
      .orderBy('s.id')
      .execute();
  },
};
