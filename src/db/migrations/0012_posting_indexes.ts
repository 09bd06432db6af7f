import { type Kysely, sql } from 'kysely';

/**
 * Fewer index entries per effort posting (each is written, and logged, inside the posting's statement):
 * - effort_entries_key covers every row (NULL keys never collide), so it also serves the engagement's
 *   entries, and effort_entries_engagement goes.
 * - audit_events_at becomes a BRIN index: events are appended in time order, so a block range's summary
 *   finds a period as well as a B-tree, and an insert writes nothing to it while its range is unsummarised.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX effort_entries_engagement`.execute(db);
  await sql`DROP INDEX effort_entries_key`.execute(db);
  await sql`CREATE UNIQUE INDEX effort_entries_key ON effort_entries (engagement_id, idempotency_key)`.execute(db);
  await sql`DROP INDEX audit_events_at`.execute(db);
  await sql`CREATE INDEX audit_events_at ON audit_events USING brin (at) WITH (autosummarize = on)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX audit_events_at`.execute(db);
  await sql`CREATE INDEX audit_events_at ON audit_events (at)`.execute(db);
  await sql`DROP INDEX effort_entries_key`.execute(db);
  await sql`CREATE UNIQUE INDEX effort_entries_key ON effort_entries (engagement_id, idempotency_key) WHERE idempotency_key IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX effort_entries_engagement ON effort_entries (engagement_id, created_at, id)`.execute(db);
}
