import type { DateOnly, Generated, Timestamp } from '../../db/types.ts';
import type { Activity } from '../../shared/domain.ts';

/**
 * consumed: drawn from the retainer (a `consume` ledger entry); non_billable: scoping, internal, travel
 * time not billable under the contract; held: billable but past estimate + tolerance, waiting for a
 * change order; fixed_price: billable work of a fixed-price engagement (the price is consumed at close);
 * written_off: held effort still unbilled when the engagement closed.
 */
export type BillingStatus = 'consumed' | 'non_billable' | 'held' | 'fixed_price' | 'written_off';
/** active, or replaced: deleted (a DELETE) or superseded (a PATCH made a new entry). */
export type EffortEntryStatus = 'active' | 'deleted' | 'superseded';

export interface EffortEntriesTable {
  id: string;
  engagement_id: string;
  contract_id: string;
  user_id: string;
  /** The day the work was done, in the customer's time zone. */
  work_date: DateOnly;
  /** As logged. */
  minutes: number;
  /** Rounded up to the contract's increment. */
  rounded_minutes: number;
  /** After the activity and after-hours multipliers. */
  weighted_minutes: number;
  /** The converted value in the contract's ledger unit (0 when not billable). */
  amount: number;
  activity: Activity;
  after_hours: Generated<boolean>;
  billable: boolean;
  billing_status: BillingStatus;
  status: Generated<EffortEntryStatus>;
  note: Generated<string>;
  /** The `consume` entry that drew it down. */
  ledger_entry_id: string | null;
  /** The `reversal` posted when it was corrected. */
  reversal_entry_id: string | null;
  replaces_id: string | null;
  replaced_by_id: string | null;
  correction_reason: string | null;
  corrected_at: Timestamp | null;
  corrected_by: string | null;
  /** When it was consumed (at once, or later when a change order made room for held effort). */
  posted_at: Timestamp | null;
  written_off_at: Timestamp | null;
  idempotency_key: string | null;
  request_hash: string | null;
  created_by_user_id: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface EffortTables {
  effort_entries: EffortEntriesTable;
}
