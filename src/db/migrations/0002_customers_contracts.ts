import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE customers (
      id text PRIMARY KEY,
      organization_id text NOT NULL UNIQUE REFERENCES organizations(id),
      name text NOT NULL,
      time_zone text NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'inactive')),
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX customers_name_lower ON customers (lower(name))`.execute(db);

  await sql`
    CREATE TABLE customer_account_team (
      customer_id text NOT NULL REFERENCES customers(id),
      user_id text NOT NULL REFERENCES users(id),
      PRIMARY KEY (customer_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX customer_account_team_user ON customer_account_team (user_id)`.execute(db);

  await sql`
    CREATE TABLE sites (
      id text PRIMARY KEY,
      customer_id text NOT NULL REFERENCES customers(id),
      name text NOT NULL,
      address text NOT NULL,
      latitude double precision,
      longitude double precision,
      time_zone text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX sites_customer ON sites (customer_id)`.execute(db);

  await sql`
    CREATE TABLE contacts (
      id text PRIMARY KEY,
      customer_id text NOT NULL REFERENCES customers(id),
      name text NOT NULL,
      email text NOT NULL,
      email_lower text GENERATED ALWAYS AS (lower(email)) STORED,
      phones jsonb NOT NULL DEFAULT '[]',
      can_request boolean NOT NULL DEFAULT false,
      can_approve boolean NOT NULL DEFAULT false,
      receives_statements boolean NOT NULL DEFAULT false,
      escalation_order integer,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX contacts_customer_email ON contacts (customer_id, email_lower)`.execute(db);
  await sql`CREATE INDEX contacts_email ON contacts (email_lower)`.execute(db);
  await sql`ALTER TABLE users ADD CONSTRAINT users_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts(id)`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX users_contact ON users (contact_id) WHERE contact_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE contracts (
      id text PRIMARY KEY,
      customer_id text NOT NULL REFERENCES customers(id),
      number text NOT NULL,
      term_start date NOT NULL,
      term_end date NOT NULL,
      unit text NOT NULL CHECK (unit IN ('hours', 'service_units')),
      units_per_hour numeric(8,2),
      status text NOT NULL CHECK (status IN ('draft', 'active', 'expired', 'terminated')),
      settings jsonb NOT NULL,
      predecessor_id text REFERENCES contracts(id),
      status_reason text,
      status_changed_at timestamptz,
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK (term_end >= term_start),
      CHECK ((unit = 'service_units') = (units_per_hour IS NOT NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX contracts_number ON contracts (lower(number))`.execute(db);
  await sql`CREATE INDEX contracts_customer ON contracts (customer_id)`.execute(db);
  await sql`CREATE UNIQUE INDEX contracts_one_successor ON contracts (predecessor_id) WHERE predecessor_id IS NOT NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['contracts', 'contacts', 'sites', 'customer_account_team', 'customers']) {
    if (t === 'contacts') await sql`ALTER TABLE users DROP CONSTRAINT IF EXISTS users_contact_fk`.execute(db);
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  }
}
