import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { ContractTermsTable, TopupPricesTable } from './commerce.tables.ts';

export type TermsRow = Selectable<ContractTermsTable>;
export type TopupPriceRow = Selectable<TopupPricesTable>;
export type TermsValues = Omit<Insertable<ContractTermsTable>, 'contract_id' | 'revision'>;

/** The only place that builds SQL on `contract_terms` and `topup_prices`; every function takes the executor. */
export const commerceRepo = {
  /** A contract's terms, or undefined when none are set ("terms missing"). */
  async readTerms(ex: Executor, contractId: string): Promise<TermsRow | undefined> {
    return ex.selectFrom('contract_terms').selectAll().where('contract_id', '=', contractId).executeTakeFirst();
  },

  /** Terms of several contracts at once (billing, lists), keyed by contract id. */
  async readTermsOf(ex: Executor, contractIds: readonly string[]): Promise<Map<string, TermsRow>> {
    if (!contractIds.length) return new Map();
    const rows = await ex.selectFrom('contract_terms').selectAll().where('contract_id', 'in', contractIds).execute();
    return new Map(rows.map((row) => [row.contract_id, row]));
  },

  /** Locks the terms row for an edit (FOR UPDATE), so two editors serialise on the revision. */
  async lockTerms(ex: Executor, contractId: string): Promise<TermsRow | undefined> {
    return ex
      .selectFrom('contract_terms')
      .selectAll()
      .where('contract_id', '=', contractId)
      .forUpdate()
      .executeTakeFirst();
  },

  async insertTerms(ex: Executor, contractId: string, values: TermsValues): Promise<TermsRow> {
    return ex
      .insertInto('contract_terms')
      .values({ ...values, contract_id: contractId, revision: 1 })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  async updateTerms(ex: Executor, contractId: string, revision: number, values: TermsValues): Promise<TermsRow> {
    return ex
      .updateTable('contract_terms')
      .set({ ...values, revision: revision + 1 })
      .where('contract_id', '=', contractId)
      .where('revision', '=', revision)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /**
   * The recorded prices of the given top-up ledger entries (or of the whole contract when `entryIds` is
   * omitted), keyed by ledger entry id. A top-up without a row has no recorded price.
   */
  async readTopupPrices(
    ex: Executor,
    contractId: string,
    entryIds?: readonly string[],
  ): Promise<Map<string, TopupPriceRow>> {
    if (entryIds && !entryIds.length) return new Map();
    let query = ex.selectFrom('topup_prices').selectAll().where('contract_id', '=', contractId);
    if (entryIds) query = query.where('ledger_entry_id', 'in', entryIds);
    const rows = await query.orderBy('recorded_at').execute();
    return new Map(rows.map((row) => [row.ledger_entry_id, row]));
  },

  /** Records a top-up's price once: a replay of the same top-up finds the row and writes nothing. */
  async insertTopupPrice(ex: Executor, row: Insertable<TopupPricesTable>): Promise<boolean> {
    const inserted = await ex
      .insertInto('topup_prices')
      .values(row)
      .onConflict((oc) => oc.column('ledger_entry_id').doNothing())
      .returning('ledger_entry_id')
      .executeTakeFirst();
    return inserted !== undefined;
  },
};
