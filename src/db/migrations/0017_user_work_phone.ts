import { type Kysely, sql } from 'kysely';

/**
 * Provider users gain a work phone: the portal's account team shows it to the customers they look after.
 * Null for customer users and for staff who have not given one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN work_phone text`.execute(db);
  await sql`ALTER TABLE users ADD CONSTRAINT users_work_phone_length CHECK (char_length(work_phone) <= 40)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP CONSTRAINT users_work_phone_length`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN work_phone`.execute(db);
}
