import { type Kysely, sql } from 'kysely';
import { appendOnly } from './0001_foundation.ts';

/**
 * Monthly statements: one per contract and period (calendar month in the customer's zone), exactly once by
 * the unique key, whatever the number of job runs or workers. Frozen at issue (append-only): the figures, the
 * ledger head (sequence and hash) at period end, and the PDF stored once in the files store.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE statements (
      id text PRIMARY KEY,
      contract_id text NOT NULL REFERENCES contracts(id),
      customer_id text NOT NULL REFERENCES customers(id),
      period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      number text NOT NULL UNIQUE,
      figures jsonb NOT NULL,
      head_seq integer NOT NULL CHECK (head_seq >= 0),
      head_hash text,
      file_id text NOT NULL REFERENCES stored_files(id),
      issued_at timestamptz NOT NULL,
      issued_by text NOT NULL,
      CONSTRAINT statements_contract_period UNIQUE (contract_id, period)
    )`.execute(db);
  await appendOnly(db, 'statements');
  await sql`CREATE INDEX statements_customer ON statements (customer_id, period)`.execute(db);
  // A statement's consumption by activity reads the effort entry behind each consume entry.
  await sql`CREATE INDEX effort_entries_ledger_entry ON effort_entries (ledger_entry_id) WHERE ledger_entry_id IS NOT NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX effort_entries_ledger_entry`.execute(db);
  await sql`DROP TABLE statements`.execute(db);
}
