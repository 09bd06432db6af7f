import type { DateOnly, Generated, Json, Timestamp } from '../../db/types.ts';
import type { engagementStatuses } from '../../shared/contracts/engagements.ts';
import type { RateCard } from '../../shared/rate-card.ts';

export type EngagementStatus = (typeof engagementStatuses)[number];

/**
 * An engagement, created when an EWO version is approved. Amounts are integers in the contract's
 * ledger unit (minutes or centiunits). `estimate` is the approved estimate including approved change
 * orders; the open reservation itself lives on the ledger.
 */
export interface EngagementsTable {
  id: string;
  /** Readable number, e.g. ENG-2026-0007. */
  number: string;
  customer_id: string;
  contract_id: string;
  request_id: string;
  work_order_id: string;
  title: string;
  kind: 'emergency' | 'proactive';
  status: EngagementStatus;
  delivery_mode: 'onsite' | 'remote' | 'hybrid';
  site_ids: Json<string[]>;
  pricing_mode: 'time_and_materials' | 'fixed';
  estimate: number;
  fixed_price: number | null;
  minimum_billable: number;
  planned_start: Timestamp | null;
  planned_end: Timestamp | null;
  /** iCalendar SEQUENCE of the schedule invitation, raised on every change. */
  schedule_sequence: Generated<number>;
  /** Where an engagement on hold goes back to. */
  status_before_hold: EngagementStatus | null;
  status_reason: string | null;
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
  /** Sum of the ledger units consumed by effort entries (net of corrections): cached, updated with every entry under the row lock. */
  effort_consumed: Generated<number>;
  /** Sum of the ledger units of held effort entries not yet posted. */
  effort_held: Generated<number>;
  /** The figures of the close or cancel operation (fixed price, true-up or waiver, write-off, release). */
  closing: Json<EngagementClosing | null>;
  /** Who closed or cancelled it (actor label). */
  closed_by: string | null;
  /** The approved schedule window (staffing, 0020): the EWO's proposed start to end, dates in the customer's zone; moved by an approved change order's planned dates. Null for engagements approved before it. */
  window_start: DateOnly | null;
  window_end: DateOnly | null;
  /** The rate card its effort converts with (0024): its EWO's, then its latest approved change order's. */
  rate_card: Json<RateCard>;
  /** The approved change order whose card that is; null: the EWO's. */
  rate_card_change_order_id: Generated<string | null>;
}

/** What a close or cancel posted, in ledger units, kept on the engagement for its page and statements. */
export interface EngagementClosing {
  operation: 'close' | 'cancel';
  at: string;
  fixedPrice: number;
  /** Fixed pricing: the approved change orders drawn at close (absent on closings before issue 17). */
  changeOrders?: { number: string; amount: number }[];
  trueUp: number;
  shortfall: number;
  waived: { reason: string; by: string } | null;
  writtenOff: number;
  writtenOffEntries: number;
  released: number;
  expired: number;
  reason: string | null;
  ledgerEntryIds: string[];
}

export interface EngagementNumbersTable {
  year: number;
  last: number;
}

/** Every value the estimate took (approval, change orders), for burn charts. */
export interface EngagementEstimatesTable {
  engagement_id: string;
  seq: number;
  at: Timestamp;
  estimate: number;
  delta: number;
  reason: string | null;
}

export interface EngagementTeamTable {
  engagement_id: string;
  user_id: string;
  role: string;
  added_at: Timestamp;
}

export interface EngagementsTables {
  engagements: EngagementsTable;
  engagement_team: EngagementTeamTable;
  engagement_numbers: EngagementNumbersTable;
  engagement_estimates: EngagementEstimatesTable;
}
