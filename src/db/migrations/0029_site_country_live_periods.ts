import { type Kysely, sql } from 'kysely';

/**
 * Staffing (issue 15), back end finish:
 * - sites gain a country (ISO 3166-1 alpha-2, optional: older sites have none), which staffing suggestions
 *   use for on-site travel (a consultant who travels only domestically, and the sentence naming the country);
 * - a partial GiST index on the period of live busy periods (not cancelled), so that suggestions read only the
 *   planned window's bookings and time off of all consultants at once (the exclusion constraint's index leads
 *   with the consultant and serves a window over everyone poorly).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sites ADD COLUMN country text CHECK (country ~ '^[A-Z]{2}$')`.execute(db);
  await sql`CREATE INDEX busy_periods_live_period ON busy_periods USING gist (period) WHERE cancelled_at IS NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX busy_periods_live_period`.execute(db);
  await sql`ALTER TABLE sites DROP COLUMN country`.execute(db);
}
