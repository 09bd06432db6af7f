import { sql, type Insertable, type Selectable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Executor } from '../../db/create-db.ts';
import { columnsOf } from '../../db/statement.ts';
import type { ContractsTable } from '../contracts/contracts.tables.ts';
import type {
  ContractBalancesTable,
  LedgerEntriesTable,
  LedgerKind,
  LedgerReservationsTable,
} from './ledger.tables.ts';
import { emptyTotals, type LedgerTotals, type ReservationSums } from './ledger.rules.ts';

export type LedgerEntryRow = Selectable<LedgerEntriesTable>;
export type BalanceRow = Selectable<ContractBalancesTable>;

/** The balance row with the contract and customer fields a posting decides on. */
export type LockedLedger = BalanceRow & {
  number: string;
  status: Selectable<ContractsTable>['status'];
  unit: Selectable<ContractsTable>['unit'];
  settings: Selectable<ContractsTable>['settings'];
  term_start: string;
  term_end: string;
  customer_id: string;
  customer_name: string;
  organization_id: string;
  time_zone: string;
};

export const totalsOf = (row: BalanceRow): LedgerTotals => ({
  granted: row.granted,
  toppedUp: row.topped_up,
  rolledOverIn: row.rolled_over_in,
  adjusted: row.adjusted,
  consumed: row.consumed,
  minimumTrueUps: row.minimum_true_ups,
  expired: row.expired,
  rolledOverOut: row.rolled_over_out,
  reserved: row.reserved,
});

const ledgerWithContract = (ex: Executor) =>
  ex
    .selectFrom('contract_balances')
    .innerJoin('contracts', 'contracts.id', 'contract_balances.contract_id')
    .innerJoin('customers', 'customers.id', 'contracts.customer_id')
    .selectAll('contract_balances')
    .select([
      'contracts.number',
      'contracts.status',
      'contracts.unit',
      'contracts.settings',
      'contracts.term_start',
      'contracts.term_end',
      'contracts.customer_id',
      'customers.name as customer_name',
      'customers.organization_id',
      'customers.time_zone',
    ]);

/** The balance row's columns for cached totals (the inverse of totalsOf). */
export const totalsColumns = (totals: LedgerTotals) => ({
  granted: totals.granted,
  topped_up: totals.toppedUp,
  rolled_over_in: totals.rolledOverIn,
  adjusted: totals.adjusted,
  consumed: totals.consumed,
  minimum_true_ups: totals.minimumTrueUps,
  expired: totals.expired,
  rolled_over_out: totals.rolledOverOut,
  reserved: totals.reserved,
});

/** Every column of ledger_entries (the optimistic statements insert them by name). */
export const ENTRY_COLUMNS = columnsOf<LedgerEntriesTable>({
  id: true,
  contract_id: true,
  seq: true,
  kind: true,
  amount: true,
  engagement_id: true,
  reverses_id: true,
  reference: true,
  reason: true,
  idempotency_key: true,
  request_hash: true,
  overage: true,
  balance_after: true,
  reserved_after: true,
  actor_type: true,
  actor_id: true,
  created_by: true,
  created_at: true,
  prev_hash: true,
  hash: true,
});
/** The balance row's head and cached totals (what an append moves). */
export const HEAD_COLUMNS = [
  'last_seq',
  'last_hash',
  'updated_at',
  ...(Object.keys(totalsColumns(emptyTotals)) as (keyof ReturnType<typeof totalsColumns>)[]),
] as const;

/** The balance row's head columns once `row` (with totals `t`) is appended. */
export function headColumns<D extends Date | string>(
  row: { seq: number; hash: string; created_at: D },
  t: LedgerTotals,
): { last_seq: number; last_hash: string; updated_at: D } & ReturnType<typeof totalsColumns> {
  return { last_seq: row.seq, last_hash: row.hash, updated_at: row.created_at, ...totalsColumns(t) };
}

export interface EntryFilter {
  kinds?: LedgerKind[];
  from?: Date;
  to?: Date;
  afterSeq?: number;
  limit?: number;
}

export const ledgerRepo = {
  /** Opens a contract's ledger: the cached balance row, empty, in the transaction that creates the contract. */
  async insertBalance(ex: Executor, contractId: string, at: Date): Promise<void> {
    await ex.insertInto('contract_balances').values({ contract_id: contractId, updated_at: at }).execute();
  },

  /**
   * Opens the ledger of a contract that has none yet (one inserted without the contracts service);
   * false when the contract does not exist.
   */
  async ensureBalance(ex: Executor, contractId: string, at: Date): Promise<boolean> {
    const exists = await ex.selectFrom('contracts').select('id').where('id', '=', contractId).executeTakeFirst();
    if (!exists) return false;
    await ex
      .insertInto('contract_balances')
      .values({ contract_id: contractId, updated_at: at })
      .onConflict((oc) => oc.column('contract_id').doNothing())
      .execute();
    return true;
  },

  /** Locks the contract's balance row: postings on one contract run one after another. */
  async lock(ex: Executor, contractId: string): Promise<LockedLedger | undefined> {
    return ledgerWithContract(ex)
      .where('contract_balances.contract_id', '=', contractId)
      .forUpdate('contract_balances')
      .executeTakeFirst();
  },

  /** The heads of several contracts at once, unlocked (the balance cache confirms what it holds). */
  async readMany(ex: Executor, contractIds: readonly string[]): Promise<LockedLedger[]> {
    return ledgerWithContract(ex)
      .where(sql<boolean>`contract_balances.contract_id = ANY(${[...contractIds]}::text[])`)
      .execute();
  },

  /** The same without a lock (reads). */
  async read(ex: Executor, contractId: string): Promise<LockedLedger | undefined> {
    return ledgerWithContract(ex).where('contract_balances.contract_id', '=', contractId).executeTakeFirst();
  },

  async entryByKey(ex: Executor, contractId: string, key: string): Promise<LedgerEntryRow | undefined> {
    return ex
      .selectFrom('ledger_entries')
      .selectAll()
      .where('contract_id', '=', contractId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  },

  async entry(ex: Executor, id: string): Promise<LedgerEntryRow | undefined> {
    return ex.selectFrom('ledger_entries').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async isReversed(ex: Executor, id: string): Promise<boolean> {
    return (
      (await ex.selectFrom('ledger_entries').select('id').where('reverses_id', '=', id).executeTakeFirst()) !==
      undefined
    );
  },

  /**
   * Appends an entry and saves the contract's cached totals and chain head in one statement (the caller
   * holds the balance row's lock). False, writing nothing, when the contract already has an entry with
   * the entry's idempotency key.
   */
  async append(ex: Executor, row: Insertable<LedgerEntriesTable>, totals: LedgerTotals): Promise<boolean> {
    const result = await ex
      .with('appended', (db) =>
        db
          .insertInto('ledger_entries')
          .values(row)
          .onConflict((oc) =>
            oc.columns(['contract_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing(),
          )
          .returning('id'),
      )
      .updateTable('contract_balances')
      .set(headColumns(row, totals))
      .where('contract_id', '=', row.contract_id)
      .where((eb) => eb.exists(eb.selectFrom('appended').select('appended.id')))
      .executeTakeFirstOrThrow();
    return result.numUpdatedRows === 1n;
  },

  /** An engagement's reservation sums on a contract; null when it never had an entry there. */
  async reservation(ex: Executor, contractId: string, engagementId: string): Promise<ReservationSums | null> {
    const result = await ex
      .selectFrom('ledger_reservations')
      .select(['reserved', 'released', 'consumed', 'minimum_true_ups'])
      .where('contract_id', '=', contractId)
      .where('engagement_id', '=', engagementId)
      .executeTakeFirst();
    return result
      ? {
          reserved: result.reserved,
          released: result.released,
          consumed: result.consumed,
          minimumTrueUps: result.minimum_true_ups,
        }
      : null;
  },

  async saveReservation(ex: Executor, contractId: string, engagementId: string, sums: ReservationSums): Promise<void> {
    const values: Insertable<LedgerReservationsTable> = {
      contract_id: contractId,
      engagement_id: engagementId,
      reserved: sums.reserved,
      released: sums.released,
      consumed: sums.consumed,
      minimum_true_ups: sums.minimumTrueUps,
    };
    await ex
      .insertInto('ledger_reservations')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['contract_id', 'engagement_id']).doUpdateSet({
          reserved: sums.reserved,
          released: sums.released,
          consumed: sums.consumed,
          minimum_true_ups: sums.minimumTrueUps,
        }),
      )
      .execute();
  },

  /** The readable numbers (ENG-2026-0007) of these engagements, by id. */
  async engagementNumbers(ex: Executor, ids: readonly string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await ex
      .selectFrom('engagements')
      .select(['id', 'number'])
      .where('id', 'in', [...ids])
      .execute();
    return new Map(rows.map((r) => [r.id, r.number]));
  },

  async addDailyConsumption(ex: Executor, contractId: string, day: string, delta: number): Promise<void> {
    await ex
      .insertInto('ledger_daily_consumption')
      .values({ contract_id: contractId, day, consumed: delta })
      .onConflict((oc) =>
        oc
          .columns(['contract_id', 'day'])
          .doUpdateSet({ consumed: sql`ledger_daily_consumption.consumed + excluded.consumed` }),
      )
      .execute();
  },

  /**
   * The ledger row (as `read`) with its daily consumption from `sinceDay` on, in one query: the balance
   * read needs both, and its burn window depends on the row (term start, time zone), so the caller asks
   * for a few days more and sums its window (at most ~92 small rows: independent of the number of entries).
   */
  async readWithDailyConsumption(
    ex: Executor,
    contractId: string,
    sinceDay: string,
  ): Promise<(LockedLedger & { daily: { day: string; consumed: number }[] }) | undefined> {
    return ledgerWithContract(ex)
      .select((eb) =>
        jsonArrayFrom(
          eb
            .selectFrom('ledger_daily_consumption')
            .select(['ledger_daily_consumption.day', 'ledger_daily_consumption.consumed'])
            .whereRef('ledger_daily_consumption.contract_id', '=', 'contract_balances.contract_id')
            .where('ledger_daily_consumption.day', '>=', sinceDay),
        ).as('daily'),
      )
      .where('contract_balances.contract_id', '=', contractId)
      .executeTakeFirst();
  },

  /** Entries in chain order, filtered; pages by seq. */
  async entries(ex: Executor, contractId: string, filter: EntryFilter = {}): Promise<LedgerEntryRow[]> {
    let query = ex.selectFrom('ledger_entries').selectAll().where('contract_id', '=', contractId).orderBy('seq');
    if (filter.kinds?.length) query = query.where('kind', 'in', filter.kinds);
    if (filter.from) query = query.where('created_at', '>=', filter.from);
    if (filter.to) query = query.where('created_at', '<', filter.to);
    if (filter.afterSeq !== undefined) query = query.where('seq', '>', filter.afterSeq);
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    return query.execute();
  },

  async allReservations(ex: Executor, contractId: string): Promise<(ReservationSums & { engagementId: string })[]> {
    const rows = await ex
      .selectFrom('ledger_reservations')
      .selectAll()
      .where('contract_id', '=', contractId)
      .orderBy('engagement_id')
      .execute();
    return rows.map((r) => ({
      engagementId: r.engagement_id,
      reserved: r.reserved,
      released: r.released,
      consumed: r.consumed,
      minimumTrueUps: r.minimum_true_ups,
    }));
  },
};
