import { type Kysely, sql } from 'kysely';

/**
 * Single sign-on (OpenID Connect) sign-ins under way: what the browser was sent to the identity provider
 * with (state, nonce, PKCE verifier), found again by the hash of a handle kept in an HttpOnly cookie of
 * that browser, used once, for ten minutes. Kept in the database so any server of a cluster can finish it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sso_pending_logins (
      id text PRIMARY KEY,
      handle_hash text NOT NULL UNIQUE,
      state text NOT NULL,
      nonce text NOT NULL,
      code_verifier text NOT NULL,
      return_to text NOT NULL DEFAULT '/',
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )
  `.execute(db);
  await sql`CREATE INDEX sso_pending_logins_expires ON sso_pending_logins (expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE sso_pending_logins`.execute(db);
}
