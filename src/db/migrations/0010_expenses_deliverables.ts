import { type Kysely, sql } from 'kysely';
import { appendOnly } from './0001_foundation.ts';

/**
 * Stored files (receipts, deliverables) live in the database, so every server of a deployment reads the
 * same bytes; a stored file never changes (append-only). Expenses are billed at cost, never from the
 * retainer: nothing here references the ledger.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE stored_files (
      id text PRIMARY KEY,
      content bytea NOT NULL,
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size_bytes bigint NOT NULL CHECK (size_bytes = octet_length(content)),
      content_type text NOT NULL,
      original_name text NOT NULL,
      created_by text REFERENCES users(id),
      created_at timestamptz NOT NULL
    )`.execute(db);
  await appendOnly(db, 'stored_files');

  await sql`
    CREATE TABLE expenses (
      id text PRIMARY KEY,
      engagement_id text NOT NULL REFERENCES engagements(id),
      user_id text NOT NULL REFERENCES users(id),
      date date NOT NULL,
      category text NOT NULL CHECK (category IN ('airfare', 'lodging', 'ground_transport', 'meals', 'other')),
      amount bigint NOT NULL CHECK (amount > 0 AND amount <= 10000000000),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      note text NOT NULL DEFAULT '',
      receipt_file_id text NOT NULL REFERENCES stored_files(id),
      status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
      decided_by text REFERENCES users(id),
      decided_at timestamptz,
      decision_reason text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK ((status = 'pending') = (decided_at IS NULL)),
      CHECK (status <> 'rejected' OR decision_reason IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX expenses_engagement ON expenses (engagement_id, date, id)`.execute(db);
  await sql`CREATE INDEX expenses_pending ON expenses (created_at) WHERE status = 'pending'`.execute(db);

  await sql`
    CREATE TABLE deliverables (
      id text PRIMARY KEY,
      engagement_id text NOT NULL REFERENCES engagements(id),
      kind text NOT NULL CHECK (kind IN ('final_report', 'executive_briefing', 'ioc_list', 'after_action_report', 'scenario_pack', 'other')),
      title text NOT NULL,
      status text NOT NULL CHECK (status IN ('draft', 'issued', 'accepted')),
      current_version integer NOT NULL CHECK (current_version >= 1),
      issued_version integer,
      issued_at timestamptz,
      issued_by text REFERENCES users(id),
      accepted_version integer,
      accepted_at timestamptz,
      accepted_by text REFERENCES users(id),
      accepted_contact_id text REFERENCES contacts(id),
      acceptance_note text,
      created_by text REFERENCES users(id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK ((status = 'draft') = (issued_version IS NULL)),
      CHECK ((status = 'accepted') = (accepted_at IS NOT NULL)),
      CHECK (issued_version IS NULL OR issued_version <= current_version)
    )`.execute(db);
  await sql`CREATE INDEX deliverables_engagement ON deliverables (engagement_id, id)`.execute(db);

  await sql`
    CREATE TABLE deliverable_versions (
      deliverable_id text NOT NULL REFERENCES deliverables(id),
      version integer NOT NULL CHECK (version >= 1),
      file_id text NOT NULL REFERENCES stored_files(id),
      note text NOT NULL DEFAULT '',
      created_by text REFERENCES users(id),
      created_at timestamptz NOT NULL,
      issued_at timestamptz,
      PRIMARY KEY (deliverable_id, version)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE deliverable_versions`.execute(db);
  await sql`DROP TABLE deliverables`.execute(db);
  await sql`DROP TABLE expenses`.execute(db);
  await sql`DROP TABLE stored_files`.execute(db);
}
