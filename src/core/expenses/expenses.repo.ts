import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { ExpenseStatus } from './expenses.rules.ts';
import type { ExpensesTable } from './expenses.tables.ts';

export type ExpenseRow = Selectable<ExpensesTable>;
export type ExpenseViewRow = ExpenseRow & {
  engagement_number: string;
  user_name: string;
  user_email: string;
  decided_by_name: string | null;
  receipt_name: string;
  receipt_type: string;
  receipt_size: number;
  receipt_sha256: string;
};

/** Sums of one currency and status (minor units). */
export interface AmountGroup {
  currency: string;
  status: ExpenseStatus;
  amount: number;
  count: number;
}

const viewQuery = (ex: Executor) =>
  ex
    .selectFrom('expenses')
    .innerJoin('engagements', 'engagements.id', 'expenses.engagement_id')
    .innerJoin('users as submitter', 'submitter.id', 'expenses.user_id')
    .leftJoin('users as decider', 'decider.id', 'expenses.decided_by')
    .innerJoin('stored_files', 'stored_files.id', 'expenses.receipt_file_id')
    .selectAll('expenses')
    .select([
      'engagements.number as engagement_number',
      'submitter.name as user_name',
      'submitter.email as user_email',
      'decider.name as decided_by_name',
      'stored_files.original_name as receipt_name',
      'stored_files.content_type as receipt_type',
      'stored_files.size_bytes as receipt_size',
      'stored_files.sha256 as receipt_sha256',
    ]);

export interface ReportFilter {
  contractId?: string;
  /** Only this customer's engagements (a customer user's own). */
  customerId?: string;
  from?: string;
  to?: string;
  statuses: readonly ExpenseStatus[];
}

export const expensesRepo = {
  async insert(ex: Executor, row: Insertable<ExpensesTable>): Promise<void> {
    await ex.insertInto('expenses').values(row).execute();
  },

  async view(ex: Executor, id: string): Promise<ExpenseViewRow | undefined> {
    return viewQuery(ex).where('expenses.id', '=', id).executeTakeFirst();
  },

  async lock(ex: Executor, id: string): Promise<ExpenseRow | undefined> {
    return ex.selectFrom('expenses').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async update(ex: Executor, id: string, patch: Updateable<ExpensesTable>): Promise<void> {
    await ex.updateTable('expenses').set(patch).where('id', '=', id).execute();
  },

  /** An engagement's expenses, newest date first (then newest filed), after the cursor's (date, id). */
  async list(
    ex: Executor,
    f: {
      engagementId: string;
      statuses: readonly ExpenseStatus[];
      after?: { date: string; id: string };
      limit: number;
    },
  ): Promise<ExpenseViewRow[]> {
    let query = viewQuery(ex)
      .where('expenses.engagement_id', '=', f.engagementId)
      .where('expenses.status', 'in', f.statuses)
      .orderBy('expenses.date', 'desc')
      .orderBy('expenses.id', 'desc')
      .limit(f.limit);
    const after = f.after;
    if (after) {
      query = query.where((eb) =>
        eb.or([
          eb('expenses.date', '<', after.date),
          eb.and([eb('expenses.date', '=', after.date), eb('expenses.id', '<', after.id)]),
        ]),
      );
    }
    return query.execute();
  },

  /** Sums per currency and status of one engagement's expenses. */
  async engagementTotals(
    ex: Executor,
    engagementId: string,
    statuses: readonly ExpenseStatus[],
  ): Promise<AmountGroup[]> {
    const rows = await ex
      .selectFrom('expenses')
      .select(['currency', 'status'])
      .select((eb) => [eb.fn.sum<number>('amount').as('amount'), eb.fn.countAll<number>().as('count')])
      .where('engagement_id', '=', engagementId)
      .where('status', 'in', statuses)
      .groupBy(['currency', 'status'])
      .execute();
    return rows.map((r) => ({
      currency: r.currency,
      status: r.status,
      amount: toSafeInteger(r.amount),
      count: Number(r.count),
    }));
  },

  /** Sums per engagement, currency and status over a contract (or a customer, or everything) and a date range. */
  async reportGroups(
    ex: Executor,
    f: ReportFilter,
  ): Promise<
    (AmountGroup & {
      engagement_id: string;
      engagement_number: string;
      engagement_title: string;
      contract_id: string;
    })[]
  > {
    let query = ex
      .selectFrom('expenses')
      .innerJoin('engagements', 'engagements.id', 'expenses.engagement_id')
      .select([
        'expenses.engagement_id',
        'engagements.number as engagement_number',
        'engagements.title as engagement_title',
        'engagements.contract_id',
        'expenses.currency',
        'expenses.status',
      ])
      .select((eb) => [eb.fn.sum<number>('expenses.amount').as('amount'), eb.fn.countAll<number>().as('count')])
      .where('expenses.status', 'in', f.statuses)
      .groupBy([
        'expenses.engagement_id',
        'engagements.number',
        'engagements.title',
        'engagements.contract_id',
        'expenses.currency',
        'expenses.status',
      ])
      .orderBy('engagements.number');
    if (f.contractId) query = query.where('engagements.contract_id', '=', f.contractId);
    if (f.customerId) query = query.where('engagements.customer_id', '=', f.customerId);
    if (f.from) query = query.where('expenses.date', '>=', f.from);
    if (f.to) query = query.where('expenses.date', '<=', f.to);
    const rows = await query.execute();
    return rows.map((r) => ({ ...r, amount: toSafeInteger(r.amount), count: Number(r.count) }));
  },

  /** A contract with its customer's tenant (report filter), or undefined. */
  async contract(
    ex: Executor,
    id: string,
  ): Promise<{ id: string; number: string; customer_id: string; organization_id: string } | undefined> {
    return ex
      .selectFrom('contracts')
      .innerJoin('customers', 'customers.id', 'contracts.customer_id')
      .select(['contracts.id', 'contracts.number', 'contracts.customer_id', 'customers.organization_id'])
      .where('contracts.id', '=', id)
      .executeTakeFirst();
  },
};

/** SUM(bigint) is numeric, which arrives as a string: parse it to a safe integer at the edge. */
function toSafeInteger(v: unknown): number {
  const parsed = Number(v ?? 0);
  if (!Number.isSafeInteger(parsed)) throw new Error(`sum ${String(v)} exceeds the safe integer range`);
  return parsed;
}
