import type { Generated, Timestamp } from '../../db/types.ts';
import type { ActorType } from '../audit/audit.tables.ts';

export const ledgerKinds = [
  'grant',
  'top_up',
  'reserve',
  'release',
  'consume',
  'minimum_true_up',
  'adjustment',
  'reversal',
  'expire',
  'rollover_out',
  'rollover_in',
] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

/** Append-only (a trigger refuses UPDATE and DELETE); each entry chains to the previous one of its contract. */
export interface LedgerEntriesTable {
  id: string;
  contract_id: string;
  /** 1, 2, 3… per contract, without gaps. */
  seq: number;
  kind: LedgerKind;
  /** Integer in ledger units; positive except for adjustments (signed) and reversals of negative adjustments. */
  amount: number;
  engagement_id: string | null;
  reverses_id: string | null;
  reference: string | null;
  reason: string | null;
  idempotency_key: string | null;
  /** SHA-256 of the request that posted this entry, so a replayed key with another body is refused. */
  request_hash: string | null;
  /** What this posting took past the available balance (overdraft policy `allow` / `allow_up_to`). */
  overage: number;
  balance_after: number;
  reserved_after: number;
  actor_type: ActorType;
  actor_id: string | null;
  created_by: string;
  created_at: Timestamp;
  prev_hash: string | null;
  hash: string;
}

/** The cached totals of one contract's ledger, updated in the transaction of every entry (row-locked). */
export interface ContractBalancesTable {
  contract_id: string;
  last_seq: Generated<number>;
  last_hash: Generated<string | null>;
  granted: Generated<number>;
  topped_up: Generated<number>;
  rolled_over_in: Generated<number>;
  adjusted: Generated<number>;
  consumed: Generated<number>;
  minimum_true_ups: Generated<number>;
  expired: Generated<number>;
  rolled_over_out: Generated<number>;
  /** Sum of the engagements' open reservations. */
  reserved: Generated<number>;
  updated_at: Timestamp;
}

/** Per engagement: the sums its open reservation is derived from. */
export interface LedgerReservationsTable {
  contract_id: string;
  engagement_id: string;
  reserved: number;
  released: number;
  consumed: number;
  minimum_true_ups: number;
}

/** Consumption (consume + minimum true-up, net of reversals) per day in the customer's time zone. */
export interface LedgerDailyConsumptionTable {
  contract_id: string;
  day: string;
  consumed: number;
}

export interface LedgerTables {
  ledger_entries: LedgerEntriesTable;
  contract_balances: ContractBalancesTable;
  ledger_reservations: LedgerReservationsTable;
  ledger_daily_consumption: LedgerDailyConsumptionTable;
}
