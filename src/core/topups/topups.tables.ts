import type { Generated, Timestamp } from '../../db/types.ts';
import type { TopUpRequestStatus } from '../../shared/contracts/topups.ts';

/** A customer's request for more hours or units on one contract (migration 0025). */
export interface TopUpRequestsTable {
  id: string;
  contract_id: string;
  customer_id: string;
  /** In the contract's ledger unit (minutes or hundredths of a service unit). */
  amount: number;
  purchase_order: string;
  note: string | null;
  status: Generated<TopUpRequestStatus>;
  requested_by_contact_id: string;
  /** The requesting contact's name, as the request was made. */
  requested_by: string;
  requested_channel: string;
  /** The approval page (EWO or change order) the request was made from. */
  source_type: 'work_order' | 'change_order' | null;
  source_id: string | null;
  requested_at: Timestamp;
  decided_at: Timestamp | null;
  /** The name of who accepted, declined or withdrew it. */
  decided_by: string | null;
  decline_reason: string | null;
  /** The top-up an accepted request posted. */
  ledger_entry_id: string | null;
}

export interface TopUpsTables {
  topup_requests: TopUpRequestsTable;
}
