import { type Kysely, sql } from 'kysely';

/**
 * Calendars (issue 15): messages that must arrive in order (a booking's invite, its updates, its
 * cancellation) share an ordering key, and one waits while an earlier message of its key is undelivered;
 * `queue_seq` is their order (allocated at insert, so in commit order for writers that lock the same row).
 * Each consultant has at most one personal calendar feed, stored as the SHA-256 of its secret token.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE outbox ADD COLUMN ordering_key text`.execute(db);
  await sql`ALTER TABLE outbox ADD COLUMN queue_seq bigserial NOT NULL`.execute(db);
  await sql`
    CREATE INDEX outbox_ordering ON outbox (ordering_key, queue_seq)
    WHERE status = 'pending' AND ordering_key IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE calendar_feeds (
      user_id text PRIMARY KEY REFERENCES users(id),
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE calendar_feeds`.execute(db);
  await sql`DROP INDEX outbox_ordering`.execute(db);
  await sql`ALTER TABLE outbox DROP COLUMN queue_seq`.execute(db);
  await sql`ALTER TABLE outbox DROP COLUMN ordering_key`.execute(db);
}
