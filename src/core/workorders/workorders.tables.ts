import type { ColumnType } from 'kysely';
import type { DateOnly, Generated, Json, Timestamp } from '../../db/types.ts';
import type { RateCard } from '../../shared/rate-card.ts';
import type { RequestKind } from '../../shared/domain.ts';
import type {
  ApprovalSubject,
  ChangeOrderStatus,
  Decision,
  DecisionChannel,
  DeltaLineInput,
  WorkOrderContent,
  WorkOrderStatus,
} from '../../shared/contracts/workorders.ts';

/** bytea: a Buffer both ways. */
type Bytes = ColumnType<Buffer, Buffer, Buffer>;

/** One EWO per request; its content lives in versions. */
export interface WorkOrdersTable {
  id: string;
  /** Readable number, e.g. EWO-2026-0007. */
  number: string;
  request_id: string;
  organization_id: string;
  customer_id: string;
  contract_id: string;
  kind: RequestKind;
  /** The latest version's number (draft, sent or decided). */
  current_version: Generated<number>;
  /** Raised by every edit (optimistic concurrency: If-Match / `revision`). */
  revision: Generated<number>;
  /** Set by the approval that created the engagement. */
  engagement_id: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A version: editable while draft; frozen (content hash, PDF) once sent, and immutable after that. */
export interface WorkOrderVersionsTable {
  id: string;
  work_order_id: string;
  version: number;
  status: WorkOrderStatus;
  status_reason: string | null;
  content: Json<WorkOrderContent>;
  /** Explicit in a draft (null: the default at sending); the effective deadline once sent. */
  approval_deadline: Timestamp | null;
  /** Exactly the document the content hash covers. */
  frozen: Json<Record<string, unknown> | null>;
  content_hash: string | null;
  pdf: Bytes | null;
  sent_at: Timestamp | null;
  sent_by: string | null;
  decided_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The rate card the version was priced with, stored when sent (0024; null while a draft). */
  rate_card: ColumnType<RateCard | null, string | null | undefined, string | null>;
}

/** A change of an engagement's estimate, decided like an EWO version. */
export interface ChangeOrdersTable {
  id: string;
  number: string;
  engagement_id: string;
  work_order_id: string;
  organization_id: string;
  customer_id: string;
  contract_id: string;
  status: ChangeOrderStatus;
  status_reason: string | null;
  revision: Generated<number>;
  supersedes_id: string | null;
  reason: string;
  scope: string | null;
  delta_lines: Json<DeltaLineInput[]>;
  approval_deadline: Timestamp | null;
  frozen: Json<Record<string, unknown> | null>;
  content_hash: string | null;
  pdf: Bytes | null;
  sent_at: Timestamp | null;
  sent_by: string | null;
  decided_at: Timestamp | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Optional new planned dates (customer's zone): approval moves the engagement's schedule window (0020). */
  planned_start: DateOnly | null;
  planned_end: DateOnly | null;
  /** The rate card the change order was priced with, stored when sent (0024; null while a draft). */
  rate_card: ColumnType<RateCard | null, string | null | undefined, string | null>;
}

export type TokenChannel = 'link' | 'reply';

/** A signed link or reply-to address of one approving contact for one sent version; only its hash is stored. */
export interface ApprovalTokensTable {
  id: string;
  subject_type: ApprovalSubject;
  /** The EWO (work_order) or the change order. */
  subject_id: string;
  /** The EWO version the token was issued for (null for change orders). */
  version_id: string | null;
  contact_id: string;
  channel: TokenChannel;
  token_hash: string;
  /** The hash of the exact content the token was issued for. */
  content_hash: string;
  expires_at: Timestamp;
  /** Used up by a decision that took effect. */
  used_at: Timestamp | null;
  /** Voided when the version stopped awaiting a decision (superseded, decided, expired). */
  voided_at: Timestamp | null;
  created_at: Timestamp;
}

/** Append-only (a trigger refuses UPDATE and DELETE): who decided what, how, when, on which exact content. */
export interface ApprovalDecisionsTable {
  id: string;
  subject_type: ApprovalSubject;
  subject_id: string;
  version_id: string | null;
  version: number | null;
  decision: Decision;
  channel: DecisionChannel;
  contact_id: string;
  contact_name: string;
  contact_email: string;
  user_id: string | null;
  token_id: string | null;
  content_hash: string;
  reason: string | null;
  decided_at: Timestamp;
  /** IP and user agent (portal, link), or Message-ID, From, Date and Received headers (email). */
  evidence: Json<Record<string, unknown>>;
}

export interface WorkOrdersTables {
  work_orders: WorkOrdersTable;
  work_order_versions: WorkOrderVersionsTable;
  change_orders: ChangeOrdersTable;
  approval_tokens: ApprovalTokensTable;
  approval_decisions: ApprovalDecisionsTable;
}
