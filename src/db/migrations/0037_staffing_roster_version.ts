import { type Kysely, sql } from 'kysely';

/**
 * A version number of the staffing roster (who delivers work, their profiles, skills and certifications, and
 * the skill and certification catalogs), raised by statement triggers in the changing transaction. Staffing
 * suggestions keep the roster in memory and read only this row to know whether it is still current: exact
 * on every node, no notification channel needed. Writes to these tables are rare (profile edits, new staff).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE staffing_roster_version (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      version bigint NOT NULL
    )`.execute(db);
  await sql`INSERT INTO staffing_roster_version (id, version) VALUES (true, 0)`.execute(db);
  await sql`
    CREATE FUNCTION imr_bump_staffing_roster() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE staffing_roster_version SET version = version + 1;
      RETURN NULL;
    END $$`.execute(db);
  for (const table of rosterTables) {
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_bump_roster`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION imr_bump_staffing_roster()`.execute(db);
  }
  // Users: only what the roster shows (a new or removed user, a name, role, organization or status change), so
  // that sign-ins and other user updates do not touch the version row.
  await sql`
    CREATE TRIGGER users_bump_roster AFTER INSERT OR DELETE OR UPDATE OF name, role, status, organization_id ON users
    FOR EACH STATEMENT EXECUTE FUNCTION imr_bump_staffing_roster()`.execute(db);
}

const rosterTables = [
  'consultant_profiles',
  'consultant_skills',
  'consultant_certifications',
  'skills',
  'certifications',
] as const;

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS users_bump_roster ON users`.execute(db);
  for (const table of rosterTables) {
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(`${table}_bump_roster`)} ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS imr_bump_staffing_roster()`.execute(db);
  await sql`DROP TABLE staffing_roster_version`.execute(db);
}
