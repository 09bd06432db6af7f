import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { WorkOrderStatus } from '../../shared/contracts/workorders.ts';
import type { WorkOrdersTable, WorkOrderVersionsTable } from './workorders.tables.ts';

export type WorkOrderRow = Selectable<WorkOrdersTable>;
export type VersionRow = Selectable<WorkOrderVersionsTable>;

/**
 * A work order with what every reader needs of its request, customer and contract. The contract is the
 * request's current one (an IR manager may move a request to another contract of the customer before its
 * EWO is approved); sending records it on the work order.
 */
const withContext = (ex: Executor) =>
  ex
    .selectFrom('work_orders as w')
    .innerJoin('customers as cu', 'cu.id', 'w.customer_id')
    .innerJoin('service_requests as r', 'r.id', 'w.request_id')
    .innerJoin('contracts as ct', 'ct.id', 'r.contract_id')
    .select([
      'w.id',
      'w.number',
      'w.request_id',
      'w.organization_id',
      'w.customer_id',
      'w.kind',
      'w.current_version',
      'w.revision',
      'w.engagement_id',
      'w.created_by',
      'w.created_at',
      'w.updated_at',
      'r.contract_id',
    ])
    .select([
      'cu.name as customer_name',
      'cu.time_zone',
      'ct.number as contract_number',
      'ct.unit',
      'ct.units_per_hour',
      'ct.settings',
      'ct.status as contract_status',
      'r.number as request_number',
      'r.status as request_status',
      'r.incident_type',
      'r.severity',
      'r.description as request_description',
      'r.requester_contact_id',
      'r.requester_user_id',
      'r.earliest_start',
      'r.lead_time_days',
      'r.received_at',
    ]);

export type WorkOrderWithContext = Awaited<ReturnType<ReturnType<typeof withContext>['executeTakeFirstOrThrow']>>;

/** Work orders and their versions, and the reads of other features' rows their documents need. */
export const workOrdersRepo = {
  /** The id of the work order with this number (EWO-2026-0007), any tenant: the caller's access rules still apply. */
  async idByNumber(ex: Executor, number: string): Promise<string | undefined> {
    return (await ex.selectFrom('work_orders').select('id').where('number', '=', number).executeTakeFirst())?.id;
  },

  /** The next readable number of the year (EWO-2026-0007); numbers come from a sequence, so concurrent drafts never clash. */
  async nextNumber(ex: Executor, prefix: 'EWO' | 'CO', year: number): Promise<string> {
    const seq = prefix === 'EWO' ? sql`nextval('work_order_numbers')` : sql`nextval('change_order_numbers')`;
    const result = await sql<{ n: string | number }>`SELECT ${seq} AS n`.execute(ex);
    return `${prefix}-${year}-${String(result.rows[0]!.n).padStart(4, '0')}`;
  },

  async insertWorkOrder(ex: Executor, row: Insertable<WorkOrdersTable>): Promise<void> {
    await ex.insertInto('work_orders').values(row).execute();
  },

  async insertVersion(ex: Executor, row: Insertable<WorkOrderVersionsTable>): Promise<void> {
    await ex.insertInto('work_order_versions').values(row).execute();
  },

  async byId(ex: Executor, id: string): Promise<WorkOrderWithContext | undefined> {
    return withContext(ex).where('w.id', '=', id).executeTakeFirst();
  },

  async byRequest(ex: Executor, requestId: string): Promise<WorkOrderRow | undefined> {
    return ex.selectFrom('work_orders').selectAll().where('request_id', '=', requestId).executeTakeFirst();
  },

  /** Locks the work order row: every edit, send and decision of an EWO runs one after another (the approval race). */
  async lock(ex: Executor, id: string): Promise<WorkOrderWithContext | undefined> {
    const locked = await ex.selectFrom('work_orders').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    return locked ? workOrdersRepo.byId(ex, id) : undefined;
  },

  async update(ex: Executor, id: string, patch: Updateable<WorkOrdersTable>, bumpRevision = false): Promise<void> {
    await ex
      .updateTable('work_orders')
      .set({ ...patch, ...(bumpRevision ? { revision: sql`revision + 1` } : {}) })
      .where('id', '=', id)
      .execute();
  },

  async list(
    ex: Executor,
    f: {
      organizationId?: string;
      customerId?: string;
      requestId?: string;
      status?: WorkOrderStatus;
      customerVisible?: boolean;
      afterId?: string;
      limit: number;
    },
  ): Promise<WorkOrderWithContext[]> {
    let query = withContext(ex)
      .innerJoin('work_order_versions as v', (j) =>
        j.onRef('v.work_order_id', '=', 'w.id').onRef('v.version', '=', 'w.current_version'),
      )
      .orderBy('w.id', 'desc')
      .limit(f.limit);
    if (f.organizationId) query = query.where('w.organization_id', '=', f.organizationId);
    if (f.customerId) query = query.where('w.customer_id', '=', f.customerId);
    if (f.requestId) query = query.where('w.request_id', '=', f.requestId);
    if (f.status) query = query.where('v.status', '=', f.status);
    if (f.customerVisible)
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('work_order_versions as x')
            .select('x.id')
            .whereRef('x.work_order_id', '=', 'w.id')
            .where('x.status', '!=', 'draft'),
        ),
      );
    if (f.afterId) query = query.where('w.id', '<', f.afterId);
    return query.execute();
  },

  async version(ex: Executor, workOrderId: string, version: number): Promise<VersionRow | undefined> {
    return ex
      .selectFrom('work_order_versions')
      .selectAll()
      .where('work_order_id', '=', workOrderId)
      .where('version', '=', version)
      .executeTakeFirst();
  },

  async versionById(ex: Executor, id: string): Promise<VersionRow | undefined> {
    return ex.selectFrom('work_order_versions').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Every version, oldest first (without the PDF bytes). */
  async versions(ex: Executor, workOrderId: string): Promise<(Omit<VersionRow, 'pdf'> & { has_pdf: boolean })[]> {
    return ex
      .selectFrom('work_order_versions')
      .select([
        'id',
        'work_order_id',
        'version',
        'status',
        'status_reason',
        'content',
        'approval_deadline',
        'frozen',
        'content_hash',
        'rate_card',
        'sent_at',
        'sent_by',
        'decided_at',
        'created_at',
        'updated_at',
        sql<boolean>`pdf IS NOT NULL`.as('has_pdf'),
      ])
      .where('work_order_id', '=', workOrderId)
      .orderBy('version')
      .execute();
  },

  /** The latest version that is not a draft (what customers see), if any. */
  async latestSent(ex: Executor, workOrderId: string): Promise<VersionRow | undefined> {
    return ex
      .selectFrom('work_order_versions')
      .selectAll()
      .where('work_order_id', '=', workOrderId)
      .where('status', 'not in', ['draft', 'void'])
      .orderBy('version', 'desc')
      .executeTakeFirst();
  },

  async updateVersion(ex: Executor, id: string, patch: Updateable<WorkOrderVersionsTable>): Promise<void> {
    await ex.updateTable('work_order_versions').set(patch).where('id', '=', id).execute();
  },

  /** Sent EWO versions whose deadline has passed (candidates for the expiry job). */
  async dueVersions(ex: Executor, now: Date, limit: number): Promise<{ work_order_id: string; id: string }[]> {
    return ex
      .selectFrom('work_order_versions')
      .select(['work_order_id', 'id'])
      .where('status', '=', 'sent')
      .where('approval_deadline', '<=', now)
      .orderBy('approval_deadline')
      .limit(limit)
      .execute();
  },

  // ── reads of other features' rows for documents and checks ──

  /** The names of skills of the catalog by id (the staffing plan of a document names them). */
  async skillNames(ex: Executor, ids: string[]): Promise<Record<string, string>> {
    if (ids.length === 0) return {};
    const rows = await ex.selectFrom('skills').select(['id', 'name']).where('id', 'in', ids).execute();
    return Object.fromEntries(rows.map((row) => [row.id, row.name]));
  },

  /** The billing legal name and address of a contract's commercial terms (written by the commerce feature), if set. */
  async billingParty(
    ex: Executor,
    contractId: string,
  ): Promise<{ legalName: string | null; address: string | null } | null> {
    const row = await ex
      .selectFrom('contract_terms')
      .select(['billing_legal_name', 'billing_address'])
      .where('contract_id', '=', contractId)
      .executeTakeFirst();
    return row ? { legalName: row.billing_legal_name, address: row.billing_address } : null;
  },

  async sites(ex: Executor, customerId: string): Promise<{ id: string; name: string; address: string }[]> {
    return ex
      .selectFrom('sites')
      .select(['id', 'name', 'address'])
      .where('customer_id', '=', customerId)
      .orderBy('name')
      .execute();
  },

  async providerUsers(ex: Executor, ids: string[]): Promise<{ id: string; name: string; email: string }[]> {
    if (ids.length === 0) return [];
    return ex
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select(['users.id', 'users.name', 'users.email'])
      .where('organizations.kind', '=', 'provider')
      .where('users.id', 'in', ids)
      .execute();
  },

  async catalogItemName(ex: Executor, id: string | null): Promise<string | null> {
    if (!id) return null;
    const result = await ex.selectFrom('catalog_items').select('name').where('id', '=', id).executeTakeFirst();
    return result?.name ?? null;
  },

  async userEmail(ex: Executor, id: string): Promise<string | null> {
    const result = await ex
      .selectFrom('users')
      .select('email')
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return result?.email ?? null;
  },

  /** The rate card columns of a contract (unit, units per hour, settings). */
  async contractCard(ex: Executor, contractId: string) {
    return ex
      .selectFrom('contracts')
      .select(['unit', 'units_per_hour', 'settings'])
      .where('id', '=', contractId)
      .executeTakeFirstOrThrow();
  },

  async customerTimeZone(ex: Executor, customerId: string): Promise<string> {
    const row = await ex
      .selectFrom('customers')
      .select(['time_zone'])
      .where('id', '=', customerId)
      .executeTakeFirstOrThrow();
    return row.time_zone;
  },
};
