import { type Kysely, sql } from 'kysely';
import { appendOnly } from './0001_foundation.ts';

/**
 * Engagement Work Orders and their versions, change orders, approval tokens (signed links and reply-to
 * addresses, stored hashed) and the append-only evidence of every decision.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE work_order_numbers`.execute(db);
  await sql`CREATE SEQUENCE change_order_numbers`.execute(db);

  await sql`
    CREATE TABLE work_orders (
      id text PRIMARY KEY,
      number text NOT NULL UNIQUE,
      request_id text NOT NULL UNIQUE REFERENCES service_requests(id),
      organization_id text NOT NULL REFERENCES organizations(id),
      customer_id text NOT NULL REFERENCES customers(id),
      contract_id text NOT NULL REFERENCES contracts(id),
      kind text NOT NULL CHECK (kind IN ('emergency', 'proactive')),
      current_version integer NOT NULL DEFAULT 1 CHECK (current_version > 0),
      revision integer NOT NULL DEFAULT 1,
      engagement_id text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX work_orders_customer ON work_orders (customer_id, id)`.execute(db);
  await sql`CREATE INDEX work_orders_org ON work_orders (organization_id, id)`.execute(db);

  await sql`
    CREATE TABLE work_order_versions (
      id text PRIMARY KEY,
      work_order_id text NOT NULL REFERENCES work_orders(id),
      version integer NOT NULL CHECK (version > 0),
      status text NOT NULL CHECK (status IN ('draft', 'sent', 'approved', 'declined', 'changes_requested', 'superseded', 'expired')),
      status_reason text,
      content jsonb NOT NULL,
      approval_deadline timestamptz,
      frozen jsonb,
      content_hash text,
      pdf bytea,
      sent_at timestamptz,
      sent_by text,
      decided_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (work_order_id, version),
      CHECK (status = 'draft' OR (content_hash IS NOT NULL AND frozen IS NOT NULL AND sent_at IS NOT NULL AND approval_deadline IS NOT NULL))
    )`.execute(db);
  // domain.md: at most one version of an EWO is draft or sent at a time.
  await sql`CREATE UNIQUE INDEX work_order_versions_open ON work_order_versions (work_order_id) WHERE status IN ('draft', 'sent')`.execute(
    db,
  );
  await sql`CREATE INDEX work_order_versions_due ON work_order_versions (approval_deadline) WHERE status = 'sent'`.execute(
    db,
  );

  await sql`
    CREATE TABLE change_orders (
      id text PRIMARY KEY,
      number text NOT NULL UNIQUE,
      engagement_id text NOT NULL REFERENCES engagements(id),
      work_order_id text NOT NULL REFERENCES work_orders(id),
      organization_id text NOT NULL REFERENCES organizations(id),
      customer_id text NOT NULL REFERENCES customers(id),
      contract_id text NOT NULL REFERENCES contracts(id),
      status text NOT NULL CHECK (status IN ('draft', 'sent', 'approved', 'declined', 'superseded', 'expired')),
      status_reason text,
      revision integer NOT NULL DEFAULT 1,
      supersedes_id text REFERENCES change_orders(id),
      reason text NOT NULL,
      scope text,
      delta_lines jsonb NOT NULL,
      approval_deadline timestamptz,
      frozen jsonb,
      content_hash text,
      pdf bytea,
      sent_at timestamptz,
      sent_by text,
      decided_at timestamptz,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK (status = 'draft' OR (content_hash IS NOT NULL AND frozen IS NOT NULL AND sent_at IS NOT NULL AND approval_deadline IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX change_orders_engagement ON change_orders (engagement_id, id)`.execute(db);
  await sql`CREATE INDEX change_orders_org ON change_orders (organization_id, id)`.execute(db);
  await sql`CREATE INDEX change_orders_due ON change_orders (approval_deadline) WHERE status = 'sent'`.execute(db);

  await sql`
    CREATE TABLE approval_tokens (
      id text PRIMARY KEY,
      subject_type text NOT NULL CHECK (subject_type IN ('work_order', 'change_order')),
      subject_id text NOT NULL,
      version_id text,
      contact_id text NOT NULL REFERENCES contacts(id),
      channel text NOT NULL CHECK (channel IN ('link', 'reply')),
      token_hash text NOT NULL UNIQUE,
      content_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      voided_at timestamptz,
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX approval_tokens_subject ON approval_tokens (subject_type, subject_id)`.execute(db);

  await sql`
    CREATE TABLE approval_decisions (
      id text PRIMARY KEY,
      subject_type text NOT NULL CHECK (subject_type IN ('work_order', 'change_order')),
      subject_id text NOT NULL,
      version_id text,
      version integer,
      decision text NOT NULL CHECK (decision IN ('approved', 'declined', 'changes_requested')),
      channel text NOT NULL CHECK (channel IN ('portal', 'link', 'email')),
      contact_id text NOT NULL REFERENCES contacts(id),
      contact_name text NOT NULL,
      contact_email text NOT NULL,
      user_id text REFERENCES users(id),
      token_id text REFERENCES approval_tokens(id),
      content_hash text NOT NULL,
      reason text,
      decided_at timestamptz NOT NULL,
      evidence jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX approval_decisions_subject ON approval_decisions (subject_type, subject_id)`.execute(db);
  await appendOnly(db, 'approval_decisions');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['approval_decisions', 'approval_tokens', 'change_orders', 'work_order_versions', 'work_orders']) {
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
  }
  await sql`DROP SEQUENCE change_order_numbers`.execute(db);
  await sql`DROP SEQUENCE work_order_numbers`.execute(db);
}
