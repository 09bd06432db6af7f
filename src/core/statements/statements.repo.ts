import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { LedgerKind } from '../ledger/ledger.tables.ts';
import type { StatementsTable } from './statements.tables.ts';

export type StatementRow = Selectable<StatementsTable>;

/** A contract as the statements see it: its term, status, zone, statement day and customer. */
export interface StatementCandidate {
  id: string;
  number: string;
  customer_id: string;
  organization_id: string;
  customer_name: string;
  time_zone: string;
  term_start: string;
  term_end: string;
  unit: 'hours' | 'service_units';
  status: 'draft' | 'active' | 'expired' | 'terminated';
  status_changed_at: Date | null;
  settings: Partial<ContractSettings>;
}

/** A ledger entry with what a statement needs of it: the reversed entry and the effort's activity. */
export interface StatementEntry {
  seq: number;
  kind: LedgerKind;
  amount: number;
  engagement_id: string | null;
  reference: string | null;
  created_at: Date;
  hash: string;
  activity: string | null;
  /** The effort's work date (the customer's day the work was done), when an effort entry is behind it. */
  work_date: string | null;
  reversed_kind: LedgerKind | null;
  reversed_amount: number | null;
  reversed_engagement_id: string | null;
  reversed_activity: string | null;
}

const candidates = (ex: Executor) =>
  ex
    .selectFrom('contracts')
    .innerJoin('customers', 'customers.id', 'contracts.customer_id')
    .select([
      'contracts.id',
      'contracts.number',
      'contracts.customer_id',
      'customers.organization_id',
      'customers.name as customer_name',
      'customers.time_zone',
      'contracts.term_start',
      'contracts.term_end',
      'contracts.unit',
      'contracts.status',
      'contracts.status_changed_at',
      'contracts.settings',
    ]);

export const statementsRepo = {
  /** The id of the statement with this number (STM-2026-11-…), any tenant: the caller's access rules still apply. */
  async idByNumber(ex: Executor, number: string): Promise<string | undefined> {
    return (await ex.selectFrom('statements').select('id').where('number', '=', number).executeTakeFirst())?.id;
  },

  /** Every contract that was ever active (drafts never get statements). */
  async candidates(ex: Executor): Promise<StatementCandidate[]> {
    return candidates(ex).where('contracts.status', '!=', 'draft').orderBy('contracts.id').execute();
  },

  async candidate(ex: Executor, contractId: string): Promise<StatementCandidate | undefined> {
    return candidates(ex).where('contracts.id', '=', contractId).executeTakeFirst();
  },

  /** The periods already issued, per contract. */
  async issuedPeriods(ex: Executor, contractId?: string): Promise<Map<string, Set<string>>> {
    let q = ex.selectFrom('statements').select(['contract_id', 'period']);
    if (contractId) q = q.where('contract_id', '=', contractId);
    const issued = new Map<string, Set<string>>();
    for (const r of await q.execute()) {
      let set = issued.get(r.contract_id);
      if (!set) issued.set(r.contract_id, (set = new Set()));
      set.add(r.period);
    }
    return issued;
  },

  async exists(ex: Executor, contractId: string, period: string): Promise<boolean> {
    const r = await ex
      .selectFrom('statements')
      .select('id')
      .where('contract_id', '=', contractId)
      .where('period', '=', period)
      .executeTakeFirst();
    return r !== undefined;
  },

  /** A contract's entries posted before `end`, in chain order, each with its reversed entry and activity. */
  async entriesBefore(ex: Executor, contractId: string, end: Date): Promise<StatementEntry[]> {
    return ex
      .selectFrom('ledger_entries as e')
      .leftJoin('ledger_entries as r', 'r.id', 'e.reverses_id')
      .leftJoin('effort_entries as ee', 'ee.ledger_entry_id', 'e.id')
      .leftJoin('effort_entries as re', 're.ledger_entry_id', 'r.id')
      .select([
        'e.seq',
        'e.kind',
        'e.amount',
        'e.engagement_id',
        'e.reference',
        'e.created_at',
        'e.hash',
        'ee.activity as activity',
        sql<string | null>`coalesce(ee.work_date, re.work_date)`.as('work_date'),
        'r.kind as reversed_kind',
        'r.amount as reversed_amount',
        'r.engagement_id as reversed_engagement_id',
        're.activity as reversed_activity',
      ])
      .where('e.contract_id', '=', contractId)
      .where('e.created_at', '<', end)
      .orderBy('e.seq')
      .execute();
  },

  async engagements(ex: Executor, ids: readonly string[]): Promise<{ id: string; number: string; title: string }[]> {
    if (!ids.length) return [];
    return ex.selectFrom('engagements').select(['id', 'number', 'title']).where('id', 'in', ids).execute();
  },

  /** Sums per currency of the contract's expenses with this status dated within [from, to]. */
  async expenseTotals(
    ex: Executor,
    contractId: string,
    filter: { status: 'approved'; from: string; to: string },
  ): Promise<{ currency: string; amountMinor: number; count: number }[]> {
    const rows = await ex
      .selectFrom('expenses')
      .innerJoin('engagements', 'engagements.id', 'expenses.engagement_id')
      .select((eb) => [
        'expenses.currency',
        eb.fn.sum<string>('expenses.amount').as('total'),
        eb.fn.countAll<string>().as('n'),
      ])
      .where('engagements.contract_id', '=', contractId)
      .where('expenses.status', '=', filter.status)
      .where('expenses.date', '>=', filter.from)
      .where('expenses.date', '<=', filter.to)
      .groupBy('expenses.currency')
      .orderBy('expenses.currency')
      .execute();
    return rows.map((r) => ({ currency: r.currency, amountMinor: Number(r.total), count: Number(r.n) }));
  },

  /** Inserts a statement unless its contract and period have one: false when it existed (exactly once). */
  async insert(ex: Executor, row: Insertable<StatementsTable>): Promise<boolean> {
    const r = await ex
      .insertInto('statements')
      .values(row)
      .onConflict((oc) => oc.columns(['contract_id', 'period']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return r !== undefined;
  },

  async byId(ex: Executor, id: string): Promise<StatementRow | undefined> {
    return ex.selectFrom('statements').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async byContract(ex: Executor, contractId: string): Promise<StatementRow[]> {
    return ex
      .selectFrom('statements')
      .selectAll()
      .where('contract_id', '=', contractId)
      .orderBy('period', 'desc')
      .execute();
  },

  /** The statement messages of a contract (issue and re-sends), keyed `statement:<id>:…`. */
  async messages(ex: Executor, contractId: string) {
    return ex
      .selectFrom('outbox')
      .select(['dedupe_key', 'payload', 'status', 'locked_until', 'last_error', 'created_at', 'delivered_at'])
      .where('contract_id', '=', contractId)
      .where('dedupe_key', 'like', 'statement:%')
      .orderBy('created_at')
      .execute();
  },

  /** The contacts of a customer among `ids` (another customer's are not found). */
  async contacts(ex: Executor, customerId: string, ids: readonly string[]) {
    return ex
      .selectFrom('contacts')
      .select(['id', 'name', 'email'])
      .where('customer_id', '=', customerId)
      .where('id', 'in', ids)
      .execute();
  },
};
