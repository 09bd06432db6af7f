import { type Kysely, sql } from 'kysely';

/**
 * Staffing suggestions and the on-call rota. Sites gain business hours (default 09:00–17:00 on weekdays in the
 * site's zone) for the time-zone overlap of remote work; an emergency request may name a site. On-call rotas
 * hold shifts of eligible consultants; within a rota two shifts never overlap (exclusion constraint on a
 * generated tstzrange). Coverage gap notices are told once through the outbox's dedupe key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gist`.execute(db);
  await sql`
    ALTER TABLE sites
      ADD COLUMN business_start_minute integer NOT NULL DEFAULT 540,
      ADD COLUMN business_end_minute integer NOT NULL DEFAULT 1020,
      ADD CONSTRAINT sites_business_hours CHECK (
        business_start_minute >= 0 AND business_start_minute < business_end_minute AND business_end_minute <= 1440
      )`.execute(db);
  await sql`ALTER TABLE service_requests ADD COLUMN site_id text REFERENCES sites(id)`.execute(db);

  await sql`
    CREATE TABLE oncall_rotas (
      id text PRIMARY KEY,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      active boolean NOT NULL DEFAULT true,
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX oncall_rotas_name ON oncall_rotas (lower(name))`.execute(db);
  await sql`
    CREATE TABLE oncall_shifts (
      id text PRIMARY KEY,
      rota_id text NOT NULL REFERENCES oncall_rotas(id) ON DELETE CASCADE,
      user_id text NOT NULL REFERENCES users(id),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      period tstzrange GENERATED ALWAYS AS (tstzrange(starts_at, ends_at, '[)')) STORED,
      note text NOT NULL DEFAULT '',
      created_by_user_id text REFERENCES users(id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT oncall_shifts_order CHECK (starts_at < ends_at),
      CONSTRAINT oncall_shifts_no_overlap EXCLUDE USING gist (rota_id WITH =, period WITH &&)
    )`.execute(db);
  await sql`CREATE INDEX oncall_shifts_time ON oncall_shifts USING gist (period)`.execute(db);
  await sql`CREATE INDEX oncall_shifts_user ON oncall_shifts (user_id, starts_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE oncall_shifts`.execute(db);
  await sql`DROP TABLE oncall_rotas`.execute(db);
  await sql`ALTER TABLE service_requests DROP COLUMN site_id`.execute(db);
  await sql`
    ALTER TABLE sites DROP CONSTRAINT sites_business_hours,
      DROP COLUMN business_start_minute, DROP COLUMN business_end_minute`.execute(db);
}
