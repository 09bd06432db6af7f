import { type Kysely, sql } from 'kysely';

/**
 * Money beside the hours. `contract_terms` holds a contract's commercial terms (1:1, absent until an account
 * manager sets them: billing lists such contracts as "terms missing"); amounts are integer minor units of the
 * row's ISO 4217 currency. `topup_prices` records what a top-up cost, keyed by the top-up's ledger entry: the
 * ledger entry and its hashed `reference` never change, and a top-up posted without a price has no row here
 * ("not recorded"). A price row is append-only except for its invoice reference, set once when invoiced.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE contract_terms (
      contract_id text PRIMARY KEY REFERENCES contracts(id),
      currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      retainer_price_minor bigint CHECK (retainer_price_minor >= 0),
      topup_rate_minor bigint CHECK (topup_rate_minor >= 0),
      overage_rate_minor bigint CHECK (overage_rate_minor >= 0),
      payment_term_days integer CHECK (payment_term_days BETWEEN 0 AND 365),
      billing_legal_name text,
      billing_address text,
      tax_id text,
      billing_contact_name text,
      billing_contact_email text,
      purchase_order text,
      revision integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE topup_prices (
      ledger_entry_id text PRIMARY KEY REFERENCES ledger_entries(id),
      contract_id text NOT NULL REFERENCES contracts(id),
      price_minor bigint NOT NULL CHECK (price_minor >= 0),
      currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      purchase_order text,
      invoice_reference text,
      invoiced_at timestamptz,
      recorded_at timestamptz NOT NULL,
      recorded_by text NOT NULL,
      CHECK ((invoice_reference IS NULL) = (invoiced_at IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX topup_prices_contract ON topup_prices (contract_id, recorded_at)`.execute(db);
  // Uninvoiced prices are what a billing run picks up.
  await sql`CREATE INDEX topup_prices_uninvoiced ON topup_prices (contract_id) WHERE invoice_reference IS NULL`.execute(
    db,
  );
  await sql`
    CREATE FUNCTION imr_topup_price_invoice_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR OLD.invoice_reference IS NOT NULL
         OR NEW.ledger_entry_id <> OLD.ledger_entry_id OR NEW.contract_id <> OLD.contract_id
         OR NEW.price_minor <> OLD.price_minor OR NEW.currency <> OLD.currency
         OR NEW.purchase_order IS DISTINCT FROM OLD.purchase_order
         OR NEW.recorded_at <> OLD.recorded_at OR NEW.recorded_by <> OLD.recorded_by THEN
        RAISE EXCEPTION 'topup_prices: only the invoice reference may be set, once' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER topup_prices_invoice_once
    BEFORE UPDATE OR DELETE ON topup_prices
    FOR EACH ROW EXECUTE FUNCTION imr_topup_price_invoice_once()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE topup_prices`.execute(db);
  await sql`DROP FUNCTION imr_topup_price_invoice_once()`.execute(db);
  await sql`DROP TABLE contract_terms`.execute(db);
}
