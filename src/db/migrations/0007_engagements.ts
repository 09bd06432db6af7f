import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE engagements (
      id text PRIMARY KEY,
      number text NOT NULL UNIQUE,
      customer_id text NOT NULL REFERENCES customers(id),
      contract_id text NOT NULL REFERENCES contracts(id),
      request_id text NOT NULL,
      work_order_id text NOT NULL,
      title text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('emergency', 'proactive')),
      status text NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'on_hold', 'delivering', 'closed', 'cancelled')),
      delivery_mode text NOT NULL CHECK (delivery_mode IN ('onsite', 'remote', 'hybrid')),
      site_ids jsonb NOT NULL DEFAULT '[]',
      pricing_mode text NOT NULL CHECK (pricing_mode IN ('time_and_materials', 'fixed')),
      estimate bigint NOT NULL CHECK (estimate >= 0),
      fixed_price bigint CHECK (fixed_price IS NULL OR fixed_price >= 0),
      minimum_billable bigint NOT NULL DEFAULT 0 CHECK (minimum_billable >= 0),
      planned_start timestamptz,
      planned_end timestamptz,
      schedule_sequence integer NOT NULL DEFAULT 0,
      status_before_hold text,
      status_reason text,
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      closed_at timestamptz,
      CHECK (planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start)
    )`.execute(db);
  await sql`CREATE INDEX engagements_customer ON engagements (customer_id)`.execute(db);
  await sql`CREATE INDEX engagements_contract ON engagements (contract_id)`.execute(db);
  await sql`CREATE UNIQUE INDEX engagements_work_order ON engagements (work_order_id)`.execute(db);

  await sql`
    CREATE TABLE engagement_team (
      engagement_id text NOT NULL REFERENCES engagements(id),
      user_id text NOT NULL REFERENCES users(id),
      role text NOT NULL,
      added_at timestamptz NOT NULL,
      PRIMARY KEY (engagement_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX engagement_team_user ON engagement_team (user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE engagement_team`.execute(db);
  await sql`DROP TABLE engagements`.execute(db);
}
