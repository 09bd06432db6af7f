import { type Kysely, sql } from 'kysely';

/**
 * Signed webhooks (issue 18). Subscriptions (admin-made; the secret is kept to sign with); one message per
 * event and subscription, written in the event's transaction and delivered after commit by the worker with
 * the outbox's claim pattern; the log of every delivery attempt; and per-contract cursors of the ledger
 * relay (`ledger.posted` is read from the ledger's own rows after commit). Existing ledgers start relayed
 * up to their current head: a new installation of this feature does not replay history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE webhook_subscriptions (
      id text PRIMARY KEY,
      url text NOT NULL,
      events jsonb NOT NULL,
      secret text NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      disabled_reason text,
      disabled_at timestamptz,
      consecutive_failures integer NOT NULL DEFAULT 0,
      failing_since timestamptz,
      created_by text NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE webhook_messages (
      id text PRIMARY KEY,
      subscription_id text NOT NULL REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
      event_type text NOT NULL,
      body text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      locked_until timestamptz,
      last_error text,
      dedupe_key text UNIQUE,
      created_at timestamptz NOT NULL,
      delivered_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX webhook_messages_due ON webhook_messages (next_attempt_at) WHERE status = 'pending'`.execute(
    db,
  );
  await sql`CREATE INDEX webhook_messages_subscription ON webhook_messages (subscription_id, id)`.execute(db);
  await sql`
    CREATE TABLE webhook_attempts (
      id text PRIMARY KEY,
      message_id text NOT NULL REFERENCES webhook_messages(id) ON DELETE CASCADE,
      attempt integer NOT NULL,
      status text NOT NULL CHECK (status IN ('delivered', 'failed')),
      response_code integer,
      latency_ms integer NOT NULL,
      error text,
      at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX webhook_attempts_message ON webhook_attempts (message_id, id)`.execute(db);
  await sql`
    CREATE TABLE webhook_ledger_cursors (
      contract_id text PRIMARY KEY REFERENCES contracts(id),
      last_seq integer NOT NULL
    )`.execute(db);
  await sql`INSERT INTO webhook_ledger_cursors (contract_id, last_seq) SELECT contract_id, last_seq FROM contract_balances`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['webhook_ledger_cursors', 'webhook_attempts', 'webhook_messages', 'webhook_subscriptions']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
