import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { BillingLinesTable, BillingRunsTable } from './invoicing.tables.ts';

export type BillingRunRow = Selectable<BillingRunsTable>;
export type BillingLineRow = Selectable<BillingLinesTable> & { customer_name: string; contract_number: string };

/** A contract billing looks at: its customer's zone and its commercial terms (null when missing). */
export interface BillingContract {
  id: string;
  number: string;
  customer_id: string;
  customer_name: string;
  time_zone: string;
  unit: 'hours' | 'service_units';
  currency: string | null;
  overage_rate_minor: number | null;
}

/** A top-up not exported yet, with its recorded price (null: "not recorded"). */
export interface TopUpCandidate {
  id: string;
  amount: number;
  reference: string | null;
  created_at: Date;
  price_minor: number | null;
  currency: string | null;
  purchase_order: string | null;
}

/** A ledger entry as the overage reads it. */
export interface ChainEntryRow {
  id: string;
  seq: number;
  kind: string;
  amount: number;
  balance_after: number;
  engagement_id: string | null;
  reverses_id: string | null;
  created_at: Date;
}

/** An exported overage line; `credited_*` are positive sums of its correction lines. */
export interface ExportedOverageRow {
  id: string;
  source_id: string;
  period: string;
  quantity: number | null;
  amount_minor: number | null;
  unit_price_minor: number | null;
  currency: string | null;
  unit: 'minute' | 'centiunit' | null;
  engagement_numbers: string[];
  invoice_number: string | null;
  credited_quantity: number;
  credited_amount_minor: number;
}

export interface ExpenseCandidate {
  id: string;
  date: string;
  category: string;
  note: string;
  amount: number;
  currency: string;
  engagement_number: string;
}

export const invoicingRepo = {
  /** Every contract that was ever active (drafts bill nothing), with its customer and terms, by customer name. */
  async contracts(ex: Executor): Promise<BillingContract[]> {
    return ex
      .selectFrom('contracts')
      .innerJoin('customers', 'customers.id', 'contracts.customer_id')
      .leftJoin('contract_terms', 'contract_terms.contract_id', 'contracts.id')
      .select([
        'contracts.id',
        'contracts.number',
        'contracts.customer_id',
        'customers.name as customer_name',
        'customers.time_zone',
        'contracts.unit',
        'contract_terms.currency',
        'contract_terms.overage_rate_minor',
      ])
      .where('contracts.status', '!=', 'draft')
      .orderBy('customers.name')
      .orderBy('contracts.number')
      .execute();
  },

  /**
   * The contract's top-ups posted in [start, end) that no run exported, not reversed, and not invoiced by
   * other means (an invoice reference on the price), in chain order.
   */
  async topUps(ex: Executor, contractId: string, start: Date, end: Date): Promise<TopUpCandidate[]> {
    return ex
      .selectFrom('ledger_entries as e')
      .leftJoin('topup_prices as p', 'p.ledger_entry_id', 'e.id')
      .select(['e.id', 'e.amount', 'e.reference', 'e.created_at', 'p.price_minor', 'p.currency', 'p.purchase_order'])
      .where('e.contract_id', '=', contractId)
      .where('e.kind', '=', 'top_up')
      .where('e.created_at', '>=', start)
      .where('e.created_at', '<', end)
      .where('p.invoice_reference', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('billing_lines as bl')
              .select('bl.id')
              .where('bl.kind', '=', 'top_up')
              .whereRef('bl.source_id', '=', 'e.id'),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('ledger_entries as r').select('r.id').whereRef('r.reverses_id', '=', 'e.id'))),
      )
      .orderBy('e.seq')
      .execute();
  },

  /**
   * The contract's entries the overage reads, posted before `end`, in chain order, with the balance after
   * each: consumption and the corrections of it (reversals, adjustments).
   */
  async chainBefore(ex: Executor, contractId: string, end: Date): Promise<ChainEntryRow[]> {
    return ex
      .selectFrom('ledger_entries')
      .select(['id', 'seq', 'kind', 'amount', 'balance_after', 'engagement_id', 'reverses_id', 'created_at'])
      .where('contract_id', '=', contractId)
      .where('kind', 'in', ['consume', 'minimum_true_up', 'adjustment', 'reversal'])
      .where('created_at', '<', end)
      .orderBy('seq')
      .execute();
  },

  /** Whether the overage of a contract and period was exported. */
  async overageExported(ex: Executor, sourceId: string): Promise<boolean> {
    const r = await ex
      .selectFrom('billing_lines')
      .select('id')
      .where('kind', '=', 'overage')
      .where('source_id', '=', sourceId)
      .executeTakeFirst();
    return r !== undefined;
  },

  /** The contract's exported overage lines, each with the sums its correction lines credited so far. */
  async exportedOverage(ex: Executor, contractId: string): Promise<ExportedOverageRow[]> {
    // Two runs of different months must not both credit the same line: the second waits for the first and
    // then (a new statement, a new snapshot) reads its correction.
    await ex
      .selectFrom('billing_lines')
      .select('id')
      .where('contract_id', '=', contractId)
      .where('kind', '=', 'overage')
      .forUpdate()
      .execute();
    const rows = await ex
      .selectFrom('billing_lines as bl')
      .leftJoin('billing_lines as c', (j) => j.onRef('c.corrects_line_id', '=', 'bl.id'))
      .select(({ fn }) => [
        'bl.id',
        'bl.source_id',
        'bl.quantity',
        'bl.amount_minor',
        'bl.unit_price_minor',
        'bl.currency',
        'bl.unit',
        'bl.engagement_numbers',
        'bl.invoice_number',
        fn.coalesce(fn.sum<number>('c.quantity'), sql<number>`0`).as('credited_quantity'),
        fn.coalesce(fn.sum<number>('c.amount_minor'), sql<number>`0`).as('credited_amount_minor'),
      ])
      .where('bl.contract_id', '=', contractId)
      .where('bl.kind', '=', 'overage')
      .groupBy('bl.id')
      .orderBy('bl.source_id')
      .execute();
    return rows.map((r) => ({
      ...r,
      // The overage line's period is in its source id (`<contract id>:<period>`), not the run's.
      period: r.source_id.slice(r.source_id.lastIndexOf(':') + 1),
      credited_quantity: -Number(r.credited_quantity),
      credited_amount_minor: -Number(r.credited_amount_minor),
    }));
  },

  /** The contract's expenses billed at cost in the period (`billedAtCostIn`) that no run exported, by date. */
  async expenses(
    ex: Executor,
    contractId: string,
    filter: { status: 'approved'; from: string; to: string },
  ): Promise<ExpenseCandidate[]> {
    return ex
      .selectFrom('expenses')
      .innerJoin('engagements', 'engagements.id', 'expenses.engagement_id')
      .select([
        'expenses.id',
        'expenses.date',
        'expenses.category',
        'expenses.note',
        'expenses.amount',
        'expenses.currency',
        'engagements.number as engagement_number',
      ])
      .where('engagements.contract_id', '=', contractId)
      .where('expenses.status', '=', filter.status)
      .where('expenses.date', '>=', filter.from)
      .where('expenses.date', '<=', filter.to)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('billing_lines as bl')
              .select('bl.id')
              .where('bl.kind', '=', 'expense')
              .whereRef('bl.source_id', '=', 'expenses.id'),
          ),
        ),
      )
      .orderBy('expenses.date')
      .orderBy('expenses.id')
      .execute();
  },

  async engagementNumbers(ex: Executor, ids: readonly string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await ex.selectFrom('engagements').select(['id', 'number']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.number]));
  },

  /** The last position of a run's lines (0 when it has none). */
  async lastPosition(ex: Executor, runId: string): Promise<number> {
    const r = await ex
      .selectFrom('billing_lines')
      .select((eb) => eb.fn.max('position').as('last'))
      .where('run_id', '=', runId)
      .executeTakeFirst();
    return Number(r?.last ?? 0);
  },

  async insertRun(ex: Executor, row: Insertable<BillingRunsTable>): Promise<void> {
    await ex.insertInto('billing_runs').values(row).execute();
  },

  /** Inserts a line unless its item was exported (by this or a concurrent run): false then (exactly once). */
  async insertLine(ex: Executor, row: Insertable<BillingLinesTable>): Promise<boolean> {
    const r = await ex
      .insertInto('billing_lines')
      .values(row)
      .onConflict((oc) => oc.constraint('billing_lines_once').doNothing())
      .returning('id')
      .executeTakeFirst();
    return r !== undefined;
  },

  async runs(ex: Executor): Promise<BillingRunRow[]> {
    return ex.selectFrom('billing_runs').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  },

  async run(ex: Executor, id: string): Promise<BillingRunRow | undefined> {
    return ex.selectFrom('billing_runs').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Lines of the runs (all when `runIds` is omitted), in run order; `lock` takes them FOR UPDATE. */
  async lines(ex: Executor, runIds: readonly string[], opts: { lock?: boolean } = {}): Promise<BillingLineRow[]> {
    if (!runIds.length) return [];
    let q = ex
      .selectFrom('billing_lines as bl')
      .innerJoin('customers as cu', 'cu.id', 'bl.customer_id')
      .innerJoin('contracts as co', 'co.id', 'bl.contract_id')
      .selectAll('bl')
      .select(['cu.name as customer_name', 'co.number as contract_number'])
      .where('bl.run_id', 'in', runIds)
      .orderBy('bl.run_id')
      .orderBy('bl.position');
    if (opts.lock) q = q.forUpdate('bl');
    return q.execute();
  },

  /** Sets the invoice number of lines that have none; returns the ids it set. */
  async setInvoiceNumber(
    ex: Executor,
    ids: readonly string[],
    invoice: { number: string; at: Date; by: string },
  ): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await ex
      .updateTable('billing_lines')
      .set({ invoice_number: invoice.number, invoiced_at: invoice.at, invoiced_by: invoice.by })
      .where('id', 'in', ids)
      .where('invoice_number', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  },

  /** Records the invoice on the top-ups' prices that have none yet (the price row's only change). */
  async markTopUpsInvoiced(ex: Executor, ledgerEntryIds: readonly string[], number: string, at: Date): Promise<void> {
    if (!ledgerEntryIds.length) return;
    await ex
      .updateTable('topup_prices')
      .set({ invoice_reference: number, invoiced_at: at })
      .where('ledger_entry_id', 'in', ledgerEntryIds)
      .where('invoice_reference', 'is', null)
      .execute();
  },
};
