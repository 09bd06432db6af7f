import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE inbound_messages (
      id text PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      message_id text NOT NULL UNIQUE,
      from_address text NOT NULL,
      to_addresses jsonb NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      headers jsonb NOT NULL,
      automated boolean NOT NULL,
      received_at timestamptz NOT NULL,
      handler text,
      outcome text,
      outcome_detail text,
      handled_at timestamptz,
      raw text NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE inbound_messages`.execute(db);
}
