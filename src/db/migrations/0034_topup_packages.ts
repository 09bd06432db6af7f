import { type Kysely, sql } from 'kysely';

/**
 * Top-up packages (issue 17): a firm-wide catalog of blocks a customer may ask for instead of a quantity
 * ("40 hours"), with a price per currency, active or retired. A request that names a package records the
 * package, its quantity (in `amount`, as any request) and its price at the time of the request, so a later
 * change of the package never alters a request already made.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE topup_packages (
      id text PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      unit text NOT NULL CHECK (unit IN ('hours', 'service_units')),
      quantity integer NOT NULL CHECK (quantity > 0 AND quantity <= 10000000),
      prices jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(prices) = 'array'),
      active boolean NOT NULL DEFAULT true,
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX topup_packages_name ON topup_packages (lower(name))`.execute(db);
  await sql`
    ALTER TABLE topup_requests
      ADD COLUMN package_id text REFERENCES topup_packages(id),
      ADD COLUMN package_name text,
      ADD COLUMN package_price_minor bigint CHECK (package_price_minor IS NULL OR package_price_minor >= 0),
      ADD COLUMN package_currency char(3) CHECK (package_currency IS NULL OR package_currency ~ '^[A-Z]{3}$'),
      ADD CONSTRAINT topup_requests_package CHECK (
        (package_id IS NULL) = (package_name IS NULL)
        AND (package_id IS NULL) = (package_price_minor IS NULL)
        AND (package_id IS NULL) = (package_currency IS NULL)
      )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE topup_requests
      DROP CONSTRAINT topup_requests_package,
      DROP COLUMN package_currency,
      DROP COLUMN package_price_minor,
      DROP COLUMN package_name,
      DROP COLUMN package_id`.execute(db);
  await sql`DROP TABLE topup_packages`.execute(db);
}
