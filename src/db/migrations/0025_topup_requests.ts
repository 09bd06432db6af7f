import { type Kysely, sql } from 'kysely';

/**
 * Customer top-up requests (issue 17): a customer's point of contact asks for more hours (or units) with a
 * purchase order; an account manager accepts (the top-up is posted through the ledger, once: the entry is
 * linked here and keyed by the request) or declines with a reason; the customer may withdraw while pending.
 * The status moves only forward (pending → accepted | declined | withdrawn), by `UPDATE … WHERE status =
 * 'pending'`, so two deciders cannot both win.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE topup_requests (
      id text PRIMARY KEY,
      contract_id text NOT NULL REFERENCES contracts(id),
      customer_id text NOT NULL REFERENCES customers(id),
      amount integer NOT NULL CHECK (amount > 0),
      purchase_order text NOT NULL CHECK (length(purchase_order) BETWEEN 1 AND 200),
      note text CHECK (note IS NULL OR length(note) <= 2000),
      status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
      requested_by_contact_id text NOT NULL REFERENCES contacts(id),
      requested_by text NOT NULL,
      requested_channel text NOT NULL,
      source_type text CHECK (source_type IS NULL OR source_type IN ('work_order', 'change_order')),
      source_id text,
      requested_at timestamptz NOT NULL,
      decided_at timestamptz,
      decided_by text,
      decline_reason text CHECK (decline_reason IS NULL OR length(decline_reason) <= 2000),
      ledger_entry_id text REFERENCES ledger_entries(id),
      CONSTRAINT topup_requests_decided CHECK ((status = 'pending') = (decided_at IS NULL)),
      CONSTRAINT topup_requests_declined_reason CHECK (status <> 'declined' OR decline_reason IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX topup_requests_contract ON topup_requests (contract_id, requested_at DESC, id DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX topup_requests_pending ON topup_requests (requested_at DESC, id DESC) WHERE status = 'pending'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE topup_requests`.execute(db);
}
