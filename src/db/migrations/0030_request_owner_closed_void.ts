import { type Kysely, sql } from 'kysely';

/**
 * SLA milestones from real events and triage (issue 16):
 * - a request gains an owner (an IR manager or consultant, set at triage) and the final status `closed`
 *   (it follows its engagement when that is closed or cancelled);
 * - a milestone keeps the channel of an initial contact (phone, email, video, in person…) and what
 *   recorded it (`source`: a hand entry, triage, a scoping call, the engagement's start, a check-in);
 * - an EWO version gains the status `void` (its request was withdrawn or rejected while it was a draft).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE service_requests ADD COLUMN owner_user_id text REFERENCES users(id)`.execute(db);
  await sql`CREATE INDEX service_requests_owner ON service_requests (owner_user_id) WHERE owner_user_id IS NOT NULL`.execute(
    db,
  );
  await sql`ALTER TABLE service_requests DROP CONSTRAINT service_requests_status_check`.execute(db);
  await sql`ALTER TABLE service_requests ADD CONSTRAINT service_requests_status_check CHECK (status IN ('received',
    'scoping', 'ewo_drafting', 'awaiting_approval', 'approved', 'declined', 'expired', 'rejected', 'withdrawn',
    'closed_advice_only', 'closed'))`.execute(db);
  await sql`ALTER TABLE request_milestones ADD COLUMN channel text CHECK (channel IN ('phone', 'email', 'video', 'in_person', 'chat'))`.execute(
    db,
  );
  await sql`ALTER TABLE request_milestones ADD COLUMN source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual',
    'contacted', 'triage', 'scoping_call', 'engagement_started', 'check_in'))`.execute(db);
  await sql`ALTER TABLE work_order_versions DROP CONSTRAINT work_order_versions_status_check`.execute(db);
  await sql`ALTER TABLE work_order_versions ADD CONSTRAINT work_order_versions_status_check CHECK (status IN ('draft',
    'sent', 'approved', 'declined', 'changes_requested', 'superseded', 'expired', 'void'))`.execute(db);
  // A void version was never sent: like a draft, it has no frozen document, hash or deadline.
  await sql`ALTER TABLE work_order_versions DROP CONSTRAINT work_order_versions_check`.execute(db);
  await sql`ALTER TABLE work_order_versions ADD CONSTRAINT work_order_versions_check CHECK (status IN ('draft', 'void')
    OR (content_hash IS NOT NULL AND frozen IS NOT NULL AND sent_at IS NOT NULL AND approval_deadline IS NOT NULL))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE work_order_versions DROP CONSTRAINT work_order_versions_check`.execute(db);
  await sql`ALTER TABLE work_order_versions ADD CONSTRAINT work_order_versions_check CHECK (status = 'draft'
    OR (content_hash IS NOT NULL AND frozen IS NOT NULL AND sent_at IS NOT NULL AND approval_deadline IS NOT NULL))`.execute(
    db,
  );
  await sql`ALTER TABLE work_order_versions DROP CONSTRAINT work_order_versions_status_check`.execute(db);
  await sql`ALTER TABLE work_order_versions ADD CONSTRAINT work_order_versions_status_check CHECK (status IN ('draft',
    'sent', 'approved', 'declined', 'changes_requested', 'superseded', 'expired'))`.execute(db);
  await sql`ALTER TABLE request_milestones DROP COLUMN source`.execute(db);
  await sql`ALTER TABLE request_milestones DROP COLUMN channel`.execute(db);
  await sql`ALTER TABLE service_requests DROP CONSTRAINT service_requests_status_check`.execute(db);
  await sql`ALTER TABLE service_requests ADD CONSTRAINT service_requests_status_check CHECK (status IN ('received',
    'scoping', 'ewo_drafting', 'awaiting_approval', 'approved', 'declined', 'expired', 'rejected', 'withdrawn',
    'closed_advice_only'))`.execute(db);
  await sql`DROP INDEX service_requests_owner`.execute(db);
  await sql`ALTER TABLE service_requests DROP COLUMN owner_user_id`.execute(db);
}
