import { type Kysely, sql } from 'kysely';

/** Append-only tables refuse UPDATE and DELETE at the database level. */
export async function appendOnly(db: Kysely<unknown>, table: string): Promise<void> {
  await sql`
    CREATE TRIGGER ${sql.raw(`${table}_append_only`)}
    BEFORE UPDATE OR DELETE ON ${sql.table(table)}
    FOR EACH ROW EXECUTE FUNCTION imr_refuse_change()`.execute(db);
}

// eslint-disable-next-line max-lines-per-function -- a migration is one schema step, read top to bottom
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gist`.execute(db);
  await sql`
    CREATE FUNCTION imr_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);

  await sql`
    CREATE TABLE organizations (
      id text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('provider', 'customer')),
      name text NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX organizations_one_provider ON organizations (kind) WHERE kind = 'provider'`.execute(db);

  await sql`
    CREATE TABLE users (
      id text PRIMARY KEY,
      organization_id text NOT NULL REFERENCES organizations(id),
      email text NOT NULL,
      email_lower text GENERATED ALWAYS AS (lower(email)) STORED,
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin','ir_manager','consultant','account_manager',
                                         'customer_approver','customer_requester','customer_viewer')),
      status text NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
      password_hash text,
      contact_id text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX users_email_lower ON users (email_lower)`.execute(db);
  await sql`CREATE INDEX users_organization ON users (organization_id)`.execute(db);

  await sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      user_id text NOT NULL REFERENCES users(id),
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ended_at timestamptz,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`CREATE INDEX sessions_user ON sessions (user_id) WHERE ended_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE api_tokens (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id),
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX api_tokens_user ON api_tokens (user_id)`.execute(db);

  await sql`
    CREATE TABLE one_time_tokens (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users(id),
      purpose text NOT NULL CHECK (purpose IN ('set_password', 'reset_password')),
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`.execute(db);

  await sql`
    CREATE TABLE login_attempts (
      id bigserial PRIMARY KEY,
      email_lower text NOT NULL,
      ip text NOT NULL,
      succeeded boolean NOT NULL,
      at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX login_attempts_email ON login_attempts (email_lower, at)`.execute(db);
  await sql`CREATE INDEX login_attempts_ip ON login_attempts (ip, at)`.execute(db);

  await sql`
    CREATE TABLE audit_events (
      id text PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      at timestamptz NOT NULL,
      actor_type text NOT NULL CHECK (actor_type IN ('user', 'contact', 'system')),
      actor_id text,
      actor_label text NOT NULL,
      organization_id text,
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text NOT NULL,
      before jsonb,
      after jsonb,
      channel text NOT NULL,
      request_id text,
      ip text
    )`.execute(db);
  await sql`CREATE INDEX audit_events_entity ON audit_events (entity_type, entity_id, seq)`.execute(db);
  await sql`CREATE INDEX audit_events_actor ON audit_events (actor_id, seq)`.execute(db);
  await sql`CREATE INDEX audit_events_at ON audit_events (at)`.execute(db);
  await appendOnly(db, 'audit_events');

  await sql`
    CREATE TABLE outbox (
      id text PRIMARY KEY,
      channel text NOT NULL CHECK (channel IN ('email')),
      topic text NOT NULL,
      payload jsonb NOT NULL,
      message_id text NOT NULL UNIQUE,
      dedupe_key text UNIQUE,
      status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      locked_until timestamptz,
      last_error text,
      created_at timestamptz NOT NULL,
      delivered_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending'`.execute(db);

  await sql`
    CREATE TABLE mailbox_messages (
      id text PRIMARY KEY,
      outbox_id text UNIQUE,
      message_id text NOT NULL,
      from_address text NOT NULL,
      to_addresses jsonb NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text NOT NULL,
      attachments jsonb NOT NULL,
      raw text NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by text
    )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be reverted; restore a backup instead.');
}
