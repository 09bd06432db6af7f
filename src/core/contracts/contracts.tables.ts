import type { DateOnly, Generated, Json, Timestamp } from '../../db/types.ts';
import type { ContractSettings } from '../../shared/contracts/contract-settings.ts';

export type ContractStatus = 'draft' | 'active' | 'expired' | 'terminated';
export type ContractUnit = 'hours' | 'service_units';

export interface ContractsTable {
  id: string;
  customer_id: string;
  number: string;
  /** Inclusive dates in the customer's time zone. */
  term_start: DateOnly;
  term_end: DateOnly;
  unit: ContractUnit;
  /** numeric(8,2) as a string ('1.50'); null for hours contracts. */
  units_per_hour: string | null;
  status: ContractStatus;
  settings: Json<ContractSettings>;
  predecessor_id: string | null;
  /** Why the status last changed (termination reason). */
  status_reason: string | null;
  status_changed_at: Timestamp | null;
  revision: Generated<number>;
  /** The grant posted at creation, in ledger units (0: none). */
  initial_amount: Generated<number>;
  /** Who created the contract (actor label). */
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContractsTables {
  contracts: ContractsTable;
}
