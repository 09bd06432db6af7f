import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { ContactsTable, CustomersTable, SitesTable } from './customers.tables.ts';

export type CustomerRow = Selectable<CustomersTable>;
export type SiteRow = Selectable<SitesTable>;
export type ContactRow = Selectable<ContactsTable>;

/** A contact with the portal login linked to it, if any. */
export type ContactWithUser = ContactRow & {
  user_id: string | null;
  user_email: string | null;
  user_role: string | null;
  user_status: string | null;
};

export interface TeamMemberRow {
  customer_id: string;
  user_id: string;
  email: string;
  name: string;
  role: string;
  status: string;
}

/** Contacts without an escalation order sort after every contact that has one. */
const LAST_IN_ESCALATION = 2147483647;

const likePattern = (q: string): string => `%${q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

const contactWithUser = (ex: Executor) =>
  ex
    .selectFrom('contacts')
    .leftJoin('users', 'users.contact_id', 'contacts.id')
    .selectAll('contacts')
    .select([
      'users.id as user_id',
      'users.email as user_email',
      'users.role as user_role',
      'users.status as user_status',
    ]);

export const customersRepo = {
  async insertCustomer(ex: Executor, row: Insertable<CustomersTable>): Promise<void> {
    await ex.insertInto('customers').values(row).execute();
  },

  async customer(ex: Executor, id: string): Promise<CustomerRow | undefined> {
    return ex.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Locks the customer row: edits of one customer (and its team) run one after another. */
  async customerForUpdate(ex: Executor, id: string): Promise<CustomerRow | undefined> {
    return ex.selectFrom('customers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async customerByOrganization(ex: Executor, organizationId: string): Promise<CustomerRow | undefined> {
    return ex.selectFrom('customers').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
  },

  /** The customer (other than `exceptId`) whose name has this normalised key, if any. */
  async customerByNameKey(
    ex: Executor,
    nameKey: string,
    exceptId?: string,
  ): Promise<{ id: string; name: string } | undefined> {
    let query = ex
      .selectFrom('customers')
      .select(['id', 'name'])
      .where('name_key', '=', nameKey)
      .orderBy('created_at')
      .orderBy('id');
    if (exceptId) query = query.where('id', '!=', exceptId);
    return query.executeTakeFirst();
  },

  /** Customers by their normalised name (name_key), after the cursor's (name_key, id); `q` is matched in the key. */
  async listCustomers(
    ex: Executor,
    f: {
      organizationId?: string;
      status?: string;
      q?: string;
      teamMember?: string;
      after?: [string, string];
      limit: number;
    },
  ): Promise<CustomerRow[]> {
    let query = ex.selectFrom('customers').selectAll().orderBy('name_key').orderBy('id').limit(f.limit);
    if (f.organizationId) query = query.where('organization_id', '=', f.organizationId);
    if (f.status) query = query.where('status', '=', f.status as CustomerRow['status']);
    if (f.q) query = query.where('name_key', 'like', likePattern(f.q));
    if (f.teamMember) {
      const member = f.teamMember;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('customer_account_team as t')
            .select('t.user_id')
            .whereRef('t.customer_id', '=', 'customers.id')
            .where('t.user_id', '=', member),
        ),
      );
    }
    if (f.after) query = query.where(sql<boolean>`(name_key, id) > (${f.after[0]}::text, ${f.after[1]}::text)`);
    return query.execute();
  },

  /** Bumps the revision with every change. */
  async updateCustomer(ex: Executor, id: string, patch: Updateable<CustomersTable>): Promise<void> {
    await ex
      .updateTable('customers')
      .set({ ...patch, revision: sql<number>`revision + 1` })
      .where('id', '=', id)
      .execute();
  },

  /** A customer's organisation carries the customer's name (users see it as their organisation). */
  async renameOrganization(ex: Executor, organizationId: string, name: string): Promise<void> {
    await ex.updateTable('organizations').set({ name }).where('id', '=', organizationId).execute();
  },

  async accountTeams(ex: Executor, customerIds: readonly string[]): Promise<TeamMemberRow[]> {
    if (customerIds.length === 0) return [];
    return ex
      .selectFrom('customer_account_team as t')
      .innerJoin('users', 'users.id', 't.user_id')
      .select(['t.customer_id', 't.user_id', 'users.email', 'users.name', 'users.role', 'users.status'])
      .where('t.customer_id', 'in', customerIds)
      .orderBy('users.name')
      .orderBy('users.id')
      .execute();
  },

  async setAccountTeam(ex: Executor, customerId: string, userIds: readonly string[]): Promise<void> {
    await ex.deleteFrom('customer_account_team').where('customer_id', '=', customerId).execute();
    if (userIds.length) {
      await ex
        .insertInto('customer_account_team')
        .values(userIds.map((user_id) => ({ customer_id: customerId, user_id })))
        .execute();
    }
  },

  async insertSite(ex: Executor, row: Insertable<SitesTable>): Promise<void> {
    await ex.insertInto('sites').values(row).execute();
  },

  async site(ex: Executor, id: string): Promise<SiteRow | undefined> {
    return ex.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async siteForUpdate(ex: Executor, id: string): Promise<SiteRow | undefined> {
    return ex.selectFrom('sites').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async listSites(ex: Executor, customerId: string, page: { afterId?: string; limit: number }): Promise<SiteRow[]> {
    let query = ex
      .selectFrom('sites')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('id')
      .limit(page.limit);
    if (page.afterId) query = query.where('id', '>', page.afterId);
    return query.execute();
  },

  async updateSite(ex: Executor, id: string, patch: Updateable<SitesTable>): Promise<void> {
    await ex.updateTable('sites').set(patch).where('id', '=', id).execute();
  },

  async insertContact(ex: Executor, row: Insertable<ContactsTable>): Promise<void> {
    await ex.insertInto('contacts').values(row).execute();
  },

  async contact(ex: Executor, id: string): Promise<ContactWithUser | undefined> {
    return contactWithUser(ex).where('contacts.id', '=', id).executeTakeFirst();
  },

  async contactForUpdate(ex: Executor, id: string): Promise<ContactRow | undefined> {
    return ex.selectFrom('contacts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async contactEmailTaken(ex: Executor, customerId: string, email: string, exceptId?: string): Promise<boolean> {
    let query = ex
      .selectFrom('contacts')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('email_lower', '=', email.trim().toLowerCase());
    if (exceptId) query = query.where('id', '!=', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  },

  /**
   * A customer's contacts, filtered by flag, in escalation order (contacts without one last), then in
   * the order they were added; the cursor is the last row's (escalation key, id).
   */
  async listContacts(
    ex: Executor,
    customerId: string,
    f: {
      canApprove?: boolean;
      canRequest?: boolean;
      receivesStatements?: boolean;
      q?: string;
      after?: [number, string];
      limit?: number;
    },
  ): Promise<(ContactWithUser & { order_key: number })[]> {
    const orderKey = sql<number>`coalesce(contacts.escalation_order, ${sql.lit(LAST_IN_ESCALATION)})`;
    let query = contactWithUser(ex).select(orderKey.as('order_key')).where('contacts.customer_id', '=', customerId);
    if (f.canApprove !== undefined) query = query.where('contacts.can_approve', '=', f.canApprove);
    if (f.canRequest !== undefined) query = query.where('contacts.can_request', '=', f.canRequest);
    if (f.receivesStatements !== undefined)
      query = query.where('contacts.receives_statements', '=', f.receivesStatements);
    if (f.q) {
      const like = likePattern(f.q);
      query = query.where((eb) =>
        eb.or([eb('contacts.email_lower', 'like', like), eb(sql`lower(contacts.name)`, 'like', like)]),
      );
    }
    if (f.after)
      query = query.where(sql<boolean>`(${orderKey}, contacts.id) > (${f.after[0]}::int, ${f.after[1]}::text)`);
    if (f.limit !== undefined) query = query.limit(f.limit);
    return query.orderBy(orderKey).orderBy('contacts.id').execute();
  },

  async updateContact(ex: Executor, id: string, patch: Updateable<ContactsTable>): Promise<void> {
    await ex.updateTable('contacts').set(patch).where('id', '=', id).execute();
  },

  /** The contact a (customer) user acts for. */
  async contactOfUser(ex: Executor, userId: string): Promise<ContactWithUser | undefined> {
    return contactWithUser(ex).where('users.id', '=', userId).executeTakeFirst();
  },
};

/** True when `e` is PostgreSQL's unique violation of the named index or constraint. */
export const isUniqueViolation = (e: unknown, constraint: string): boolean => {
  const err = e as { code?: string; constraint?: string } | null;
  return err?.code === '23505' && err.constraint === constraint;
};
