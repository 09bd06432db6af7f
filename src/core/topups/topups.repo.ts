import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { ContractUnit } from '../../shared/units.ts';
import type { TopUpRequestStatus } from '../../shared/contracts/topups.ts';
import type { TopUpRequestsTable } from './topups.tables.ts';

export type TopUpRequestRow = Selectable<TopUpRequestsTable>;

/** A request with what its readers need: the contract, the customer's tenant, the source's number, the posted entry. */
export type TopUpRequestWithContext = TopUpRequestRow & {
  contract_number: string;
  unit: ContractUnit;
  customer_name: string;
  organization_id: string;
  source_number: string | null;
  balance_after: number | null;
  reserved_after: number | null;
  price_minor: number | null;
  price_currency: string | null;
};

const withContext = (ex: Executor) =>
  ex
    .selectFrom('topup_requests as r')
    .innerJoin('contracts', 'contracts.id', 'r.contract_id')
    .innerJoin('customers', 'customers.id', 'r.customer_id')
    .leftJoin('work_orders', (j) =>
      j.onRef('work_orders.id', '=', 'r.source_id').on('r.source_type', '=', 'work_order'),
    )
    .leftJoin('change_orders', (j) =>
      j.onRef('change_orders.id', '=', 'r.source_id').on('r.source_type', '=', 'change_order'),
    )
    .leftJoin('ledger_entries', 'ledger_entries.id', 'r.ledger_entry_id')
    .leftJoin('topup_prices', 'topup_prices.ledger_entry_id', 'r.ledger_entry_id')
    .selectAll('r')
    .select((eb) => [
      'contracts.number as contract_number',
      'contracts.unit as unit',
      'customers.name as customer_name',
      'customers.organization_id as organization_id',
      eb.fn.coalesce('work_orders.number', 'change_orders.number').as('source_number'),
      'ledger_entries.balance_after as balance_after',
      'ledger_entries.reserved_after as reserved_after',
      'topup_prices.price_minor as price_minor',
      'topup_prices.currency as price_currency',
    ]);

export interface TopUpRequestListFilter {
  contractId?: string;
  organizationId?: string;
  status?: TopUpRequestStatus;
  after?: readonly [string, string];
  limit: number;
}

/** The only place that builds SQL for top-up requests; every method takes the executor. */
export const topUpsRepo = {
  async insert(ex: Executor, row: Insertable<TopUpRequestsTable>): Promise<void> {
    await ex.insertInto('topup_requests').values(row).execute();
  },

  async byId(ex: Executor, id: string): Promise<TopUpRequestWithContext | undefined> {
    return (await withContext(ex).where('r.id', '=', id).executeTakeFirst()) as TopUpRequestWithContext | undefined;
  },

  /** Newest first; keyset after (requested_at, id). */
  async list(ex: Executor, f: TopUpRequestListFilter): Promise<TopUpRequestWithContext[]> {
    let q = withContext(ex);
    if (f.contractId) q = q.where('r.contract_id', '=', f.contractId);
    if (f.organizationId) q = q.where('customers.organization_id', '=', f.organizationId);
    if (f.status) q = q.where('r.status', '=', f.status);
    if (f.after) {
      const [at, id] = f.after;
      q = q.where((eb) =>
        eb.or([
          eb('r.requested_at', '<', new Date(at)),
          eb.and([eb('r.requested_at', '=', new Date(at)), eb('r.id', '<', id)]),
        ]),
      );
    }
    return (await q
      .orderBy('r.requested_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(f.limit + 1)
      .execute()) as TopUpRequestWithContext[];
  },

  /**
   * Moves a pending request to its outcome, or does nothing (another decision won; the row lock makes a
   * concurrent second decider wait for the first and then find it no longer pending). True when it moved.
   */
  async decide(
    ex: Executor,
    id: string,
    to: Exclude<TopUpRequestStatus, 'pending'>,
    by: { at: Date; name: string; reason?: string | null },
  ): Promise<boolean> {
    const moved = await ex
      .updateTable('topup_requests')
      .set({ status: to, decided_at: by.at, decided_by: by.name, decline_reason: by.reason ?? null })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returning('id')
      .executeTakeFirst();
    return moved !== undefined;
  },

  async linkEntry(ex: Executor, id: string, entryId: string): Promise<void> {
    await ex.updateTable('topup_requests').set({ ledger_entry_id: entryId }).where('id', '=', id).execute();
  },
};
