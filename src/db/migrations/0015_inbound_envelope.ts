import { type Kysely, sql } from 'kysely';

/**
 * The SMTP envelope sender (MAIL FROM) of each inbound message, kept as evidence beside the From header
 * (docs/security.md). Null for messages received before this migration; '' for a null reverse-path (<>).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE inbound_messages ADD COLUMN envelope_from text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE inbound_messages DROP COLUMN envelope_from`.execute(db);
}
