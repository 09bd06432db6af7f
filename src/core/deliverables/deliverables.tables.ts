import type { Timestamp } from '../../db/types.ts';
import type { DeliverableKind } from '../../shared/domain.ts';
import type { DeliverableStatus } from './deliverables.rules.ts';

/**
 * A deliverable of an engagement (final report, IOC list…): versions of a file. `issued_version` is the
 * latest version the customer may see; the customer accepts an issued version.
 */
export interface DeliverablesTable {
  id: string;
  engagement_id: string;
  kind: DeliverableKind;
  title: string;
  status: DeliverableStatus;
  /** The newest version (1, 2, …). */
  current_version: number;
  issued_version: number | null;
  issued_at: Timestamp | null;
  issued_by: string | null;
  accepted_version: number | null;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  /** The contact the accepting customer user acts for (its authority). */
  accepted_contact_id: string | null;
  acceptance_note: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DeliverableVersionsTable {
  deliverable_id: string;
  version: number;
  file_id: string;
  note: string;
  created_by: string | null;
  created_at: Timestamp;
  /** Set when this version was issued to the customer: only issued versions are ever shown to it. */
  issued_at: Timestamp | null;
}

export interface DeliverablesTables {
  deliverables: DeliverablesTable;
  deliverable_versions: DeliverableVersionsTable;
}
