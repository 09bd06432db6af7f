import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { CustomersTable } from '../customers/customers.tables.ts';
import type { ContractStatus, ContractsTable } from './contracts.tables.ts';

export type ContractRow = Selectable<ContractsTable>;
export type CustomerRow = Selectable<CustomersTable>;

/** A contract with what every reader needs of its customer (tenant, time zone) and its successor. */
export type ContractWithCustomer = ContractRow & {
  customer_name: string;
  organization_id: string;
  time_zone: string;
  successor_id: string | null;
};

const withCustomer = (ex: Executor) =>
  ex
    .selectFrom('contracts')
    .innerJoin('customers', 'customers.id', 'contracts.customer_id')
    .leftJoin('contracts as successor', 'successor.predecessor_id', 'contracts.id')
    .selectAll('contracts')
    .select([
      'customers.name as customer_name',
      'customers.organization_id as organization_id',
      'customers.time_zone as time_zone',
      'successor.id as successor_id',
    ]);

export const contractsRepo = {
  /** The customer row, read by this feature for tenant, time zone and name (customers own the table). */
  async customer(ex: Executor, id: string): Promise<CustomerRow | undefined> {
    return ex.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async onAccountTeam(ex: Executor, customerId: string, userId: string): Promise<boolean> {
    const result = await ex
      .selectFrom('customer_account_team')
      .select('user_id')
      .where('customer_id', '=', customerId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return result !== undefined;
  },

  /** Whether the user is on the team of an engagement drawing on the contract (a consultant reads its balance). */
  async onEngagementTeam(ex: Executor, contractId: string, userId: string): Promise<boolean> {
    const result = await ex
      .selectFrom('engagement_team')
      .innerJoin('engagements', 'engagements.id', 'engagement_team.engagement_id')
      .select('engagement_team.user_id')
      .where('engagements.contract_id', '=', contractId)
      .where('engagement_team.user_id', '=', userId)
      .executeTakeFirst();
    return result !== undefined;
  },

  /** Who hears about a contract: contacts flagged for statements and the active members of the account team. */
  async statementRecipients(ex: Executor, customerId: string): Promise<string[]> {
    const contacts = await ex
      .selectFrom('contacts')
      .select('email')
      .where('customer_id', '=', customerId)
      .where('receives_statements', '=', true)
      .execute();
    const team = await ex
      .selectFrom('customer_account_team')
      .innerJoin('users', 'users.id', 'customer_account_team.user_id')
      .select('users.email')
      .where('customer_account_team.customer_id', '=', customerId)
      .where('users.status', '=', 'active')
      .execute();
    const seen = new Set<string>();
    return [...contacts, ...team]
      .map((r) => r.email)
      .filter((e) => !seen.has(e.toLowerCase()) && seen.add(e.toLowerCase()));
  },

  async insert(ex: Executor, row: Insertable<ContractsTable>): Promise<void> {
    await ex.insertInto('contracts').values(row).execute();
  },

  async byId(ex: Executor, id: string): Promise<ContractWithCustomer | undefined> {
    return withCustomer(ex).where('contracts.id', '=', id).executeTakeFirst();
  },

  /**
   * Locks the contract row (edits, status changes: they queue here) and returns it with its customer. FOR NO
   * KEY UPDATE, the lock an UPDATE of the row takes anyway: it leaves the key-share locks of foreign-key
   * checks free, so a posting that holds the balance row and inserts its entry (a key-share lock on this
   * row) never deadlocks with a contract change waiting for that balance row (term end, termination).
   */
  async forUpdate(ex: Executor, id: string): Promise<ContractWithCustomer | undefined> {
    const locked = await ex
      .selectFrom('contracts')
      .select('id')
      .where('id', '=', id)
      .forNoKeyUpdate()
      .executeTakeFirst();
    return locked ? contractsRepo.byId(ex, id) : undefined;
  },

  async numberTaken(ex: Executor, number: string, exceptId?: string): Promise<boolean> {
    let query = ex
      .selectFrom('contracts')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['number']), '=', number.toLowerCase()));
    if (exceptId) query = query.where('id', '!=', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  },

  async update(ex: Executor, id: string, patch: Updateable<ContractsTable>): Promise<void> {
    await ex.updateTable('contracts').set(patch).where('id', '=', id).execute();
  },

  async list(
    ex: Executor,
    f: {
      customerId?: string;
      status?: ContractStatus;
      number?: string;
      organizationId?: string;
      afterId?: string;
      limit: number;
    },
  ): Promise<ContractWithCustomer[]> {
    let query = withCustomer(ex).orderBy('contracts.id').limit(f.limit);
    if (f.number) query = query.where((eb) => eb(eb.fn('lower', ['contracts.number']), '=', f.number!.toLowerCase()));
    if (f.customerId) query = query.where('contracts.customer_id', '=', f.customerId);
    if (f.status) query = query.where('contracts.status', '=', f.status);
    if (f.organizationId) query = query.where('customers.organization_id', '=', f.organizationId);
    if (f.afterId) query = query.where('contracts.id', '>', f.afterId);
    return query.execute();
  },

  /** Active contracts whose last day is on or before `latestDay` (candidates for the term end, zone checked by the caller). */
  async activeEndingBy(
    ex: Executor,
    latestDay: string,
  ): Promise<{ id: string; term_end: string; time_zone: string }[]> {
    return ex
      .selectFrom('contracts')
      .innerJoin('customers', 'customers.id', 'contracts.customer_id')
      .select(['contracts.id', 'contracts.term_end', 'customers.time_zone'])
      .where('contracts.status', '=', 'active')
      .where('contracts.term_end', '<=', latestDay)
      .orderBy('contracts.term_end')
      .orderBy('contracts.id')
      .execute();
  },
};
