import { type Kysely, sql } from 'kysely';

/**
 * Change notifications for the server's in-memory caches (`db/change-feed.ts`, CHANGE_CHANNELS): a
 * trigger announces, in the changing transaction (delivered at its commit), what a cache may hold a
 * stale copy of. `imr_auth`: a user changed or an API token was revoked or deleted (bearer lookups).
 * Only rare changes notify: NOTIFY takes a database-wide lock at commit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION imr_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify(TG_ARGV[0], COALESCE(TG_ARGV[1], ''));
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER users_notify_auth AFTER UPDATE OR DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION imr_notify_change('imr_auth')`.execute(db);
  await sql`
    CREATE TRIGGER api_tokens_notify_auth AFTER UPDATE OF revoked_at, user_id, token_hash OR DELETE ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION imr_notify_change('imr_auth')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS api_tokens_notify_auth ON api_tokens`.execute(db);
  await sql`DROP TRIGGER IF EXISTS users_notify_auth ON users`.execute(db);
  await sql`DROP FUNCTION IF EXISTS imr_notify_change()`.execute(db);
}
