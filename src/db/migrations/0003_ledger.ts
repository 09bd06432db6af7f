import { type Kysely, sql } from 'kysely';
import { appendOnly } from './0001_foundation.ts';

/**
 * The retainer ledger: append-only entries forming a hash chain per contract, a cached balance row per
 * contract (locked to serialise postings), per-engagement reservation sums and daily consumption (the
 * trailing burn rate without scanning entries).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE contracts ADD COLUMN initial_amount bigint NOT NULL DEFAULT 0 CHECK (initial_amount >= 0)`.execute(
    db,
  );
  await sql`ALTER TABLE contracts ADD COLUMN created_by text`.execute(db);
  await sql`CREATE INDEX contracts_active_term_end ON contracts (term_end) WHERE status = 'active'`.execute(db);

  await sql`
    CREATE TABLE ledger_entries (
      id text PRIMARY KEY,
      contract_id text NOT NULL REFERENCES contracts(id),
      seq integer NOT NULL CHECK (seq > 0),
      kind text NOT NULL CHECK (kind IN ('grant', 'top_up', 'reserve', 'release', 'consume', 'minimum_true_up',
                                         'adjustment', 'reversal', 'expire', 'rollover_out', 'rollover_in')),
      amount bigint NOT NULL,
      engagement_id text,
      reverses_id text REFERENCES ledger_entries(id),
      reference text,
      reason text,
      idempotency_key text,
      request_hash text,
      overage bigint NOT NULL DEFAULT 0 CHECK (overage >= 0),
      balance_after bigint NOT NULL,
      reserved_after bigint NOT NULL,
      actor_type text NOT NULL CHECK (actor_type IN ('user', 'contact', 'system')),
      actor_id text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      prev_hash text,
      hash text NOT NULL,
      UNIQUE (contract_id, seq),
      CHECK (amount <> 0 AND (kind IN ('adjustment', 'reversal') OR amount > 0)),
      CHECK ((kind IN ('reserve', 'release', 'consume', 'minimum_true_up')) <= (engagement_id IS NOT NULL)),
      CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL)),
      CHECK ((seq = 1) = (prev_hash IS NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX ledger_entries_idempotency ON ledger_entries (contract_id, idempotency_key) WHERE idempotency_key IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX ledger_entries_reversed_once ON ledger_entries (reverses_id) WHERE reverses_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX ledger_entries_engagement ON ledger_entries (engagement_id) WHERE engagement_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX ledger_entries_contract_at ON ledger_entries (contract_id, created_at)`.execute(db);
  await appendOnly(db, 'ledger_entries');

  await sql`
    CREATE TABLE contract_balances (
      contract_id text PRIMARY KEY REFERENCES contracts(id),
      last_seq integer NOT NULL DEFAULT 0,
      last_hash text,
      granted bigint NOT NULL DEFAULT 0,
      topped_up bigint NOT NULL DEFAULT 0,
      rolled_over_in bigint NOT NULL DEFAULT 0,
      adjusted bigint NOT NULL DEFAULT 0,
      consumed bigint NOT NULL DEFAULT 0,
      minimum_true_ups bigint NOT NULL DEFAULT 0,
      expired bigint NOT NULL DEFAULT 0,
      rolled_over_out bigint NOT NULL DEFAULT 0,
      reserved bigint NOT NULL DEFAULT 0 CHECK (reserved >= 0),
      updated_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE ledger_reservations (
      contract_id text NOT NULL REFERENCES contracts(id),
      engagement_id text NOT NULL,
      reserved bigint NOT NULL DEFAULT 0,
      released bigint NOT NULL DEFAULT 0,
      consumed bigint NOT NULL DEFAULT 0,
      minimum_true_ups bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (contract_id, engagement_id)
    )`.execute(db);

  await sql`
    CREATE TABLE ledger_daily_consumption (
      contract_id text NOT NULL REFERENCES contracts(id),
      day date NOT NULL,
      consumed bigint NOT NULL,
      PRIMARY KEY (contract_id, day)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['ledger_daily_consumption', 'ledger_reservations', 'contract_balances', 'ledger_entries']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
  await sql`DROP INDEX IF EXISTS contracts_active_term_end`.execute(db);
  await sql`ALTER TABLE contracts DROP COLUMN IF EXISTS created_by`.execute(db);
  await sql`ALTER TABLE contracts DROP COLUMN IF EXISTS initial_amount`.execute(db);
}
