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
  async consultantTimeZone(ex: Executor, userId: string): Promise<string | null> {
    const row = await ex
      .selectFrom('consultant_profiles')
      .select('time_zone')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.time_zone ?? null;
  },
};
