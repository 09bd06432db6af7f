import { type Kysely, sql } from 'kysely';

/**
 * A version number of the busy periods (bookings and time off), raised by a statement trigger on every insert,
 * update or delete of `busy_periods` in the writing transaction. Staffing suggestions keep the busy periods
 * they read for a window in memory and read this row (with the roster's, migration 0037, in one query) to know
 * whether they are still current: exact on every node. A row of its own, not a column on the roster's row, so
 * that booking writes and profile edits do not wait on each other.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE staffing_busy_version (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      version bigint NOT NULL
    )`.execute(db);
  await sql`INSERT INTO staffing_busy_version (id, version) VALUES (true, 0)`.execute(db);
  await sql`
    CREATE FUNCTION imr_bump_staffing_busy() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE staffing_busy_version SET version = version + 1;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER busy_periods_bump_busy AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON busy_periods
    FOR EACH STATEMENT EXECUTE FUNCTION imr_bump_staffing_busy()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS busy_periods_bump_busy ON busy_periods`.execute(db);
  await sql`DROP FUNCTION IF EXISTS imr_bump_staffing_busy()`.execute(db);
  await sql`DROP TABLE staffing_busy_version`.execute(db);
}
