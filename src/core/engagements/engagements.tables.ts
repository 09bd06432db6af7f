import type { Generated, Json, Timestamp } from '../../db/types.ts';

export type EngagementStatus = 'scheduled' | 'in_progress' | 'on_hold' | 'delivering' | 'closed' | 'cancelled';

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
}
