import { type Kysely, sql } from 'kysely';

/**
 * Messages about a contract (statements, term-end reminders, consumption alerts) name it, so the contract
 * page lists them with their delivery state. Null for every other message and for older rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE outbox ADD COLUMN contract_id text`.execute(db);
  await sql`CREATE INDEX outbox_contract ON outbox (contract_id, created_at) WHERE contract_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX outbox_contract`.execute(db);
  await sql`ALTER TABLE outbox DROP COLUMN contract_id`.execute(db);
}
