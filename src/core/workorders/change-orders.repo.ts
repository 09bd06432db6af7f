import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { ChangeOrderStatus } from '../../shared/contracts/workorders.ts';
import type { ChangeOrdersTable } from './workorders.tables.ts';

export type ChangeOrderRow = Selectable<ChangeOrdersTable>;

/** A change order with its engagement's number and title, its customer and contract. */
const changeOrderWithContext = (ex: Executor) =>
  ex
    .selectFrom('change_orders as c')
    .innerJoin('engagements as e', 'e.id', 'c.engagement_id')
    .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
    .innerJoin('contracts as ct', 'ct.id', 'c.contract_id')
    .innerJoin('work_orders as w', 'w.id', 'c.work_order_id')
    .selectAll('c')
    .select([
      'e.number as engagement_number',
      'e.title as engagement_title',
      'e.status as engagement_status',
      'e.estimate as engagement_estimate',
      'w.number as work_order_number',
      'w.kind',
      'cu.name as customer_name',
      'cu.time_zone',
      'ct.number as contract_number',
      'ct.unit',
      'ct.units_per_hour',
      'ct.settings',
      sql<string | null>`(SELECT s.id FROM change_orders s WHERE s.supersedes_id = c.id)`.as('superseded_by_id'),
    ]);

export type ChangeOrderWithContext = Awaited<
  ReturnType<ReturnType<typeof changeOrderWithContext>['executeTakeFirstOrThrow']>
>;

/** Change orders, and the engagement they change (read; the engagements feature writes it). */
export const changeOrdersRepo = {
  /** The id of the change order with this number (CO-2026-0003), any tenant: the caller's access rules still apply. */
  async idByNumber(ex: Executor, number: string): Promise<string | undefined> {
    return (await ex.selectFrom('change_orders').select('id').where('number', '=', number).executeTakeFirst())?.id;
  },

  async insert(ex: Executor, row: Insertable<ChangeOrdersTable>): Promise<void> {
    await ex.insertInto('change_orders').values(row).execute();
  },

  async byId(ex: Executor, id: string): Promise<ChangeOrderWithContext | undefined> {
    return changeOrderWithContext(ex).where('c.id', '=', id).executeTakeFirst();
  },

  /** Locks the change order row (edits, sending and decisions run one after another). */
  async lock(ex: Executor, id: string): Promise<ChangeOrderWithContext | undefined> {
    const locked = await ex
      .selectFrom('change_orders')
      .select('id')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return locked ? changeOrdersRepo.byId(ex, id) : undefined;
  },

  async update(ex: Executor, id: string, patch: Updateable<ChangeOrdersTable>, bumpRevision = false): Promise<void> {
    await ex
      .updateTable('change_orders')
      .set({ ...patch, ...(bumpRevision ? { revision: sql`revision + 1` } : {}) })
      .where('id', '=', id)
      .execute();
  },

  async list(
    ex: Executor,
    f: {
      organizationId?: string;
      engagementId?: string;
      status?: ChangeOrderStatus;
      customerVisible?: boolean;
      afterId?: string;
      limit: number;
    },
  ): Promise<ChangeOrderWithContext[]> {
    let query = changeOrderWithContext(ex).orderBy('c.id', 'desc').limit(f.limit);
    if (f.organizationId) query = query.where('c.organization_id', '=', f.organizationId);
    if (f.engagementId) query = query.where('c.engagement_id', '=', f.engagementId);
    if (f.status) query = query.where('c.status', '=', f.status);
    if (f.customerVisible) query = query.where('c.status', '!=', 'draft');
    if (f.afterId) query = query.where('c.id', '<', f.afterId);
    return query.execute();
  },

  async pdf(ex: Executor, id: string): Promise<Buffer | null> {
    const result = await ex.selectFrom('change_orders').select('pdf').where('id', '=', id).executeTakeFirst();
    return result?.pdf ?? null;
  },

  async due(ex: Executor, now: Date, limit: number): Promise<{ id: string }[]> {
    return ex
      .selectFrom('change_orders')
      .select('id')
      .where('status', '=', 'sent')
      .where('approval_deadline', '<=', now)
      .orderBy('approval_deadline')
      .limit(limit)
      .execute();
  },

  async engagement(ex: Executor, id: string) {
    return ex
      .selectFrom('engagements as e')
      .innerJoin('customers as cu', 'cu.id', 'e.customer_id')
      .select([
        'e.id',
        'e.number',
        'e.title',
        'e.status',
        'e.estimate',
        'e.customer_id',
        'e.contract_id',
        'e.work_order_id',
        'e.request_id',
        'e.kind',
        'cu.organization_id',
      ])
      .where('e.id', '=', id)
      .executeTakeFirst();
  },
};
