import { type Kysely, sql } from 'kysely';
import { appendOnly } from './0001_foundation.ts';

/**
 * Billing exports (issue 17): a billing run records what the firm invoices for one period, one line per
 * invoiceable item. The UNIQUE (kind, source_id) key makes each item exported exactly once, even under two
 * concurrent runs (the second one's insert does nothing): a top-up by its ledger entry, an expense by its id,
 * the overage of a contract by `<contract id>:<period>`. Lines are append-only except their invoice number,
 * which is set once (a trigger refuses any other change, and any deletion).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE billing_runs (
      id text PRIMARY KEY,
      period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      created_at timestamptz NOT NULL,
      created_by text NOT NULL
    )`.execute(db);
  await appendOnly(db, 'billing_runs');
  await sql`CREATE INDEX billing_runs_period ON billing_runs (period, created_at)`.execute(db);
  await sql`
    CREATE TABLE billing_lines (
      id text PRIMARY KEY,
      run_id text NOT NULL REFERENCES billing_runs(id),
      position integer NOT NULL CHECK (position >= 1),
      kind text NOT NULL CHECK (kind IN ('top_up', 'overage', 'expense')),
      source_id text NOT NULL,
      customer_id text NOT NULL REFERENCES customers(id),
      contract_id text NOT NULL REFERENCES contracts(id),
      date date NOT NULL,
      description text NOT NULL,
      quantity bigint CHECK (quantity >= 0),
      unit text CHECK (unit IN ('minute', 'centiunit')),
      unit_price_minor bigint CHECK (unit_price_minor >= 0),
      amount_minor bigint CHECK (amount_minor >= 0),
      currency char(3) CHECK (currency ~ '^[A-Z]{3}$'),
      purchase_order text,
      engagement_numbers text[] NOT NULL DEFAULT '{}',
      receipt_url text,
      invoice_number text,
      invoiced_at timestamptz,
      invoiced_by text,
      CONSTRAINT billing_lines_once UNIQUE (kind, source_id),
      CHECK ((amount_minor IS NULL) = (currency IS NULL)),
      CHECK ((invoice_number IS NULL) = (invoiced_at IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX billing_lines_run ON billing_lines (run_id, position)`.execute(db);
  await sql`
    CREATE FUNCTION imr_billing_line_invoice_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR OLD.invoice_number IS NOT NULL
         OR (to_jsonb(NEW) - 'invoice_number' - 'invoiced_at' - 'invoiced_by')
            <> (to_jsonb(OLD) - 'invoice_number' - 'invoiced_at' - 'invoiced_by') THEN
        RAISE EXCEPTION 'billing_lines: only the invoice number may be set, once' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER billing_lines_invoice_once
    BEFORE UPDATE OR DELETE ON billing_lines
    FOR EACH ROW EXECUTE FUNCTION imr_billing_line_invoice_once()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE billing_lines`.execute(db);
  await sql`DROP FUNCTION imr_billing_line_invoice_once()`.execute(db);
  await sql`DROP TABLE billing_runs`.execute(db);
}
