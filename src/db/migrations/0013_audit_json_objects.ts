import { type Kysely, sql } from 'kysely';

/**
 * Repairs audit events whose `before` or `after` was stored as a JSON string holding an object's JSON text
 * (effort's optimistic path before the fix: its statement read the audit row from a JSON document in which
 * these were JSON text). They become the objects they spell, as every other event has them, so the audit
 * log can list them.
 *
 * audit_events is append-only (trigger audit_events_append_only refuses UPDATE and DELETE): the trigger is
 * disabled for the repair only, inside the migration's transaction. ALTER TABLE holds the table's
 * exclusive lock until commit, so no other session writes, or sees the trigger off, meanwhile.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`.execute(db);
  for (const column of ['before', 'after']) {
    const columnRef = sql.ref(column);
    await sql`
      UPDATE audit_events SET ${columnRef} = (${columnRef} #>> '{}')::jsonb
      WHERE jsonb_typeof(${columnRef}) = 'string' AND left(${columnRef} #>> '{}', 1) = '{'`.execute(db);
  }
  await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`.execute(db);
}

/** Nothing to undo: turning objects back into strings would only break the audit log again, and no earlier version needs them so. */
export async function down(): Promise<void> {}
