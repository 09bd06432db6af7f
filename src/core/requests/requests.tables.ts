import type { DateOnly, Generated, Json, Timestamp } from '../../db/types.ts';
import type { IncidentType, RequestKind, Severity, SupportLevel } from '../../shared/domain.ts';
import type {
  ContactChannel,
  MilestoneSource,
  RequestChannel,
  RequestFlag,
  RequestStatus,
  ScopingOutcome,
  SlaKind,
} from '../../shared/contracts/requests.ts';

export interface ServiceRequestsTable {
  id: string;
  /** What people read and type, e.g. REQ-2026-0042 (migration 0031). */
  number: string;
  /** The customer's organisation (the tenant). */
  organization_id: string;
  customer_id: string;
  contract_id: string;
  kind: RequestKind;
  /** 0 for emergencies, 1 for proactive: the board's order. */
  kind_rank: Generated<number>;
  status: RequestStatus;
  channel: RequestChannel;
  catalog_item_id: string | null;
  incident_type: IncidentType | null;
  severity: Severity | null;
  onsite_required: boolean;
  description: string;
  /** The SLA clocks start here. */
  received_at: Timestamp;
  desired_start: DateOnly | null;
  /** The lead time and earliest start that applied when the request was received (proactive). */
  lead_time_days: number | null;
  earliest_start: DateOnly | null;
  /** The contract's level of support for the incident type (emergency). */
  support_level: SupportLevel | null;
  flags: Json<RequestFlag[]>;
  requester_contact_id: string | null;
  requester_user_id: string | null;
  created_by_user_id: string | null;
  status_reason: string | null;
  status_changed_at: Timestamp;
  /** When the request ended without an engagement: unmet SLA targets stop there. */
  clocks_stopped_at: Timestamp | null;
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The site an emergency names (staffing suggestions measure zone and distance to it). */
  site_id: string | null;
  /** The IR manager or consultant who owns the request, set at triage (migration 0030). */
  owner_user_id: Generated<string | null>;
}

export interface RequestSlaTargetsTable {
  request_id: string;
  kind: SlaKind;
  target_minutes: number;
  due_at: Timestamp;
  /** 75 % of the target's time gone. */
  at_risk_at: Timestamp;
  /** The current milestone of this kind (the latest correction). */
  met_at: Timestamp | null;
  at_risk_notified_at: Timestamp | null;
  breach_notified_at: Timestamp | null;
}

/** Append-only: a correction is a new row that supersedes the previous one, with a reason. */
export interface RequestMilestonesTable {
  id: string;
  request_id: string;
  kind: SlaKind;
  at: Timestamp;
  reason: string | null;
  /** How the customer was contacted (initial contact by the "contacted" action); migration 0030. */
  channel: Generated<ContactChannel | null>;
  /** What recorded it: a hand entry or an event of the work (migration 0030). */
  source: Generated<MilestoneSource>;
  supersedes_id: string | null;
  recorded_by_user_id: string | null;
  recorded_by_label: string;
  recorded_at: Timestamp;
}

export interface ScopingAttendeeRow {
  type: 'contact' | 'user';
  id: string;
  name: string;
  email: string;
}

export interface ScopingCallsTable {
  id: string;
  request_id: string;
  status: 'scheduled' | 'held' | 'cancelled';
  starts_at: Timestamp;
  duration_minutes: number;
  /** The customer's zone: the invitation states the time in it. */
  time_zone: string;
  join_info: string;
  attendees: Json<ScopingAttendeeRow[]>;
  organizer_user_id: string;
  organizer_name: string;
  organizer_email: string;
  /** Stable iCalendar UID; SEQUENCE rises on every change of the event. */
  ical_uid: string;
  sequence: Generated<number>;
  notes: Generated<string>;
  outcome: ScopingOutcome | null;
  outcome_reason: string | null;
  outcome_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The per-year counter of request numbers, row-locked by its upsert. */
export interface RequestNumbersTable {
  year: number;
  last: number;
}

export interface RequestsTables {
  service_requests: ServiceRequestsTable;
  request_numbers: RequestNumbersTable;
  request_sla_targets: RequestSlaTargetsTable;
  request_milestones: RequestMilestonesTable;
  scoping_calls: ScopingCallsTable;
}
