import type { Executor } from '../../db/create-db.ts';
import type { DeliverableKind } from '../../shared/domain.ts';
import { deliverablesRepo, type DeliverableViewRow, type VersionViewRow } from './deliverables.repo.ts';
import { customerSeesVersion, type DeliverableStatus } from './deliverables.rules.ts';

export interface DeliverableVersionView {
  version: number;
  file: { name: string; contentType: string; size: number; sha256: string; url: string };
  note: string;
  createdBy: { id: string; name: string } | null;
  createdAt: Date;
  issuedAt: Date | null;
}

export interface DeliverableView {
  id: string;
  engagementId: string;
  engagementNumber: string;
  kind: DeliverableKind;
  title: string;
  status: DeliverableStatus;
  /** The newest version the caller may see (for a customer: the one issued last). */
  currentVersion: number;
  issuedVersion: number | null;
  issuedAt: Date | null;
  issuedBy: { id: string; name: string } | null;
  acceptedVersion: number | null;
  acceptedAt: Date | null;
  acceptedBy: { id: string; name: string } | null;
  acceptanceNote: string | null;
  versions: DeliverableVersionView[];
  createdAt: Date;
  updatedAt: Date;
}

const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? id } : null);

function toVersionView(version: VersionViewRow): DeliverableVersionView {
  return {
    version: version.version,
    file: {
      name: version.file_name,
      contentType: version.content_type,
      size: version.size_bytes,
      sha256: version.sha256,
      url: `/api/v1/deliverables/${version.deliverable_id}/versions/${version.version}/file`,
    },
    note: version.note,
    createdBy: person(version.created_by, version.created_by_name),
    createdAt: version.created_at,
    issuedAt: version.issued_at,
  };
}

/** A deliverable as the caller sees it: provider staff every version, a customer only the issued ones. */
export function toDeliverableView(
  row: DeliverableViewRow,
  versions: readonly VersionViewRow[],
  staff: boolean,
): DeliverableView {
  const shown = versions.filter(
    (version) => version.deliverable_id === row.id && (staff || customerSeesVersion(version)),
  );
  return {
    id: row.id,
    engagementId: row.engagement_id,
    engagementNumber: row.engagement_number,
    kind: row.kind,
    title: row.title,
    status: row.status,
    currentVersion: staff ? row.current_version : (row.issued_version ?? 0),
    issuedVersion: row.issued_version,
    issuedAt: row.issued_at,
    issuedBy: person(row.issued_by, row.issued_by_name),
    acceptedVersion: row.accepted_version,
    acceptedAt: row.accepted_at,
    acceptedBy: person(row.accepted_by, row.accepted_by_name),
    acceptanceNote: row.acceptance_note,
    versions: shown.map(toVersionView),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The view of one deliverable row with its versions. */
export async function viewOf(ex: Executor, row: DeliverableViewRow, staff: boolean): Promise<DeliverableView> {
  return toDeliverableView(row, await deliverablesRepo.versions(ex, [row.id]), staff);
}

/** The view of a deliverable as provider staff see it, read afresh (after a change). */
export async function staffViewOf(ex: Executor, id: string): Promise<DeliverableView> {
  return viewOf(ex, (await deliverablesRepo.view(ex, id))!, true);
}
