import { type Kysely, sql } from 'kysely';

/**
 * Emails by recipient (issue 16): contacts and users gain an optional IANA time zone, in which every time in
 * an email to them is written. Null: a contact's customer's zone, a staff user's firm default (the firm
 * profile's time zone). The zone is checked by the API (an unknown zone is refused); the column only bounds it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE contacts ADD COLUMN time_zone text CHECK (length(time_zone) BETWEEN 1 AND 64)`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN time_zone text CHECK (length(time_zone) BETWEEN 1 AND 64)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN time_zone`.execute(db);
  await sql`ALTER TABLE contacts DROP COLUMN time_zone`.execute(db);
}
