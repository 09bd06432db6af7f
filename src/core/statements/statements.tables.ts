import type { Json, Timestamp } from '../../db/types.ts';
import type { StatementFigures } from '../../shared/contracts/statements.ts';

/** One statement per contract and period, frozen at issue (append-only; migration 0018). */
export interface StatementsTable {
  id: string;
  contract_id: string;
  customer_id: string;
  /** YYYY-MM: the calendar month in the customer's time zone. */
  period: string;
  /** What customers read, e.g. STM-2026-11-NW-2026-01. */
  number: string;
  figures: Json<StatementFigures>;
  /** The ledger's head at period end: the last entry's sequence (0: none) and hash. */
  head_seq: number;
  head_hash: string | null;
  /** The PDF, stored once in stored_files; the outbox messages reference it. */
  file_id: string;
  issued_at: Timestamp;
  /** Who issued it: 'job', or the actor label of an admin's run. */
  issued_by: string;
}

export interface StatementsTables {
  statements: StatementsTable;
}
