import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { DeliverablesTable, DeliverableVersionsTable } from './deliverables.tables.ts';

export type DeliverableRow = Selectable<DeliverablesTable>;
export type DeliverableViewRow = DeliverableRow & {
  engagement_number: string;
  issued_by_name: string | null;
  accepted_by_name: string | null;
};
export type VersionViewRow = Selectable<DeliverableVersionsTable> & {
  created_by_name: string | null;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
};

const viewQuery = (ex: Executor) =>
  ex
    .selectFrom('deliverables')
    .innerJoin('engagements', 'engagements.id', 'deliverables.engagement_id')
    .leftJoin('users as issuer', 'issuer.id', 'deliverables.issued_by')
    .leftJoin('users as acceptor', 'acceptor.id', 'deliverables.accepted_by')
    .selectAll('deliverables')
    .select([
      'engagements.number as engagement_number',
      'issuer.name as issued_by_name',
      'acceptor.name as accepted_by_name',
    ]);

export const deliverablesRepo = {
  async insert(ex: Executor, row: Insertable<DeliverablesTable>): Promise<void> {
    await ex.insertInto('deliverables').values(row).execute();
  },

  async insertVersion(ex: Executor, row: Insertable<DeliverableVersionsTable>): Promise<void> {
    await ex.insertInto('deliverable_versions').values(row).execute();
  },

  async view(ex: Executor, id: string): Promise<DeliverableViewRow | undefined> {
    return viewQuery(ex).where('deliverables.id', '=', id).executeTakeFirst();
  },

  /** Locks the deliverable: versions, issue and acceptance of one deliverable run one after another. */
  async lock(ex: Executor, id: string): Promise<DeliverableRow | undefined> {
    return ex.selectFrom('deliverables').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async update(ex: Executor, id: string, patch: Updateable<DeliverablesTable>): Promise<void> {
    await ex.updateTable('deliverables').set(patch).where('id', '=', id).execute();
  },

  async markVersionIssued(ex: Executor, id: string, version: number, at: Date): Promise<void> {
    await ex
      .updateTable('deliverable_versions')
      .set({ issued_at: at })
      .where('deliverable_id', '=', id)
      .where('version', '=', version)
      .execute();
  },

  /** An engagement's deliverables in creation order; `issuedOnly` for customers. */
  async list(
    ex: Executor,
    f: { engagementId: string; issuedOnly: boolean; afterId?: string; limit: number },
  ): Promise<DeliverableViewRow[]> {
    let query = viewQuery(ex)
      .where('deliverables.engagement_id', '=', f.engagementId)
      .orderBy('deliverables.id')
      .limit(f.limit);
    if (f.issuedOnly) query = query.where('deliverables.issued_version', 'is not', null);
    if (f.afterId) query = query.where('deliverables.id', '>', f.afterId);
    return query.execute();
  },

  /** The versions of these deliverables with their files' metadata (no bytes), oldest first. */
  async versions(ex: Executor, deliverableIds: readonly string[]): Promise<VersionViewRow[]> {
    if (deliverableIds.length === 0) return [];
    return ex
      .selectFrom('deliverable_versions')
      .innerJoin('stored_files', 'stored_files.id', 'deliverable_versions.file_id')
      .leftJoin('users', 'users.id', 'deliverable_versions.created_by')
      .selectAll('deliverable_versions')
      .select([
        'users.name as created_by_name',
        'stored_files.original_name as file_name',
        'stored_files.content_type',
        'stored_files.size_bytes',
        'stored_files.sha256',
      ])
      .where('deliverable_versions.deliverable_id', 'in', deliverableIds)
      .orderBy('deliverable_versions.deliverable_id')
      .orderBy('deliverable_versions.version')
      .execute();
  },

  /** Who asked for the work: the request's contact, else the contact of the customer user who filed it. */
  async requesterContactId(ex: Executor, requestId: string): Promise<string | null> {
    const row = await ex
      .selectFrom('service_requests')
      .leftJoin('users', 'users.id', 'service_requests.requester_user_id')
      .select(['service_requests.requester_contact_id', 'users.contact_id as user_contact_id'])
      .where('service_requests.id', '=', requestId)
      .executeTakeFirst();
    return row?.requester_contact_id ?? row?.user_contact_id ?? null;
  },
};
