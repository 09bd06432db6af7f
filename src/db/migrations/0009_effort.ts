import { type Kysely, sql } from 'kysely';

/**
 * Effort entries and what engagements need to take effort: cached effort sums on the engagement row
 * (updated in the transaction of every entry, under the engagement's row lock), the close/cancel figures,
 * the estimate's history (burn charts) and the per-year counter of readable numbers (ENG-2026-0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE engagements
      ADD COLUMN effort_consumed bigint NOT NULL DEFAULT 0,
      ADD COLUMN effort_held bigint NOT NULL DEFAULT 0,
      ADD COLUMN closing jsonb,
      ADD COLUMN closed_by text`.execute(db);

  await sql`
    CREATE TABLE engagement_numbers (
      year integer PRIMARY KEY,
      last integer NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE engagement_estimates (
      engagement_id text NOT NULL REFERENCES engagements(id),
      seq integer NOT NULL,
      at timestamptz NOT NULL,
      estimate bigint NOT NULL CHECK (estimate >= 0),
      delta bigint NOT NULL,
      reason text,
      PRIMARY KEY (engagement_id, seq)
    )`.execute(db);

  await sql`
    CREATE TABLE effort_entries (
      id text PRIMARY KEY,
      engagement_id text NOT NULL REFERENCES engagements(id),
      contract_id text NOT NULL REFERENCES contracts(id),
      user_id text NOT NULL REFERENCES users(id),
      work_date date NOT NULL,
      minutes integer NOT NULL CHECK (minutes > 0),
      rounded_minutes integer NOT NULL CHECK (rounded_minutes >= 0),
      weighted_minutes integer NOT NULL CHECK (weighted_minutes >= 0),
      amount bigint NOT NULL CHECK (amount >= 0),
      activity text NOT NULL CHECK (activity IN ('kickoff', 'status_meeting', 'preparation', 'analysis', 'onsite_work', 'deliverable_preparation', 'travel_time', 'scoping', 'internal')),
      after_hours boolean NOT NULL DEFAULT false,
      billable boolean NOT NULL,
      billing_status text NOT NULL CHECK (billing_status IN ('consumed', 'non_billable', 'held', 'fixed_price', 'written_off')),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deleted', 'superseded')),
      note text NOT NULL DEFAULT '',
      ledger_entry_id text,
      reversal_entry_id text,
      replaces_id text REFERENCES effort_entries(id),
      replaced_by_id text REFERENCES effort_entries(id),
      correction_reason text,
      corrected_at timestamptz,
      corrected_by text,
      posted_at timestamptz,
      written_off_at timestamptz,
      idempotency_key text,
      request_hash text,
      created_by_user_id text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX effort_entries_key ON effort_entries (engagement_id, idempotency_key) WHERE idempotency_key IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX effort_entries_engagement ON effort_entries (engagement_id, created_at, id)`.execute(db);
  await sql`CREATE INDEX effort_entries_user ON effort_entries (user_id, work_date, id)`.execute(db);
  await sql`CREATE INDEX effort_entries_held ON effort_entries (engagement_id, created_at, id) WHERE billing_status = 'held' AND status = 'active'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE effort_entries`.execute(db);
  await sql`DROP TABLE engagement_estimates`.execute(db);
  await sql`DROP TABLE engagement_numbers`.execute(db);
  await sql`ALTER TABLE engagements DROP COLUMN effort_consumed, DROP COLUMN effort_held, DROP COLUMN closing, DROP COLUMN closed_by`.execute(
    db,
  );
}
