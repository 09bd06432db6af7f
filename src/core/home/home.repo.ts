import type { Executor } from '../../db/create-db.ts';

/** The few reads of the home pages no other feature answers; the rest comes from the features' services. */
export const homeRepo = {
  /** The dates (YYYY-MM-DD) from `from` to `to` on which the user logged effort that still counts. */
  async effortDates(ex: Executor, userId: string, from: string, to: string): Promise<string[]> {
    const rows = await ex
      .selectFrom('effort_entries')
      .select('work_date')
      .distinct()
      .where('user_id', '=', userId)
      .where('status', '=', 'active')
      .where('work_date', '>=', from)
      .where('work_date', '<=', to)
      .execute();
    return rows.map((r) => String(r.work_date));
  },

  /** The consultant's time zone (its profile's), or null without a profile. */
  /** The zone a consultant lives his week in: his own choice, else his home base's (null: neither is set). */
  async consultantTimeZone(ex: Executor, userId: string): Promise<string | null> {
    const row = await ex
      .selectFrom('users as u')
      .leftJoin('consultant_profiles as p', 'p.user_id', 'u.id')
      .select(['u.time_zone as own', 'p.time_zone as homeBase'])
      .where('u.id', '=', userId)
      .executeTakeFirst();
    return row?.own ?? row?.homeBase ?? null;
  },
};
