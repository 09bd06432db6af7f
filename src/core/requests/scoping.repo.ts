import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { ScopingCallsTable } from './requests.tables.ts';

export type ScopingCallRow = Selectable<ScopingCallsTable>;

export const scopingRepo = {
  async insert(ex: Executor, row: Insertable<ScopingCallsTable>): Promise<void> {
    await ex.insertInto('scoping_calls').values(row).execute();
  },

  async byRequest(ex: Executor, requestId: string): Promise<ScopingCallRow[]> {
    return ex
      .selectFrom('scoping_calls')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('starts_at')
      .orderBy('id')
      .execute();
  },

  async byId(ex: Executor, id: string): Promise<ScopingCallRow | undefined> {
    return ex.selectFrom('scoping_calls').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async forUpdate(ex: Executor, id: string): Promise<ScopingCallRow | undefined> {
    return ex.selectFrom('scoping_calls').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async update(ex: Executor, id: string, patch: Updateable<ScopingCallsTable>): Promise<void> {
    await ex
      .updateTable('scoping_calls')
      .set({ ...patch, revision: sql`revision + 1` })
      .where('id', '=', id)
      .execute();
  },

  /** Contacts of one customer among `ids` (others' contacts are simply not found). */
  async contactsOf(ex: Executor, customerId: string, ids: string[]) {
    if (ids.length === 0) return [];
    return ex
      .selectFrom('contacts')
      .select(['id', 'name', 'email'])
      .where('customer_id', '=', customerId)
      .where('id', 'in', ids)
      .execute();
  },

  /** Active or invited users among `ids` that belong to the provider or to the given customer organisation. */
  async usersOf(ex: Executor, customerOrganizationId: string, ids: string[]) {
    if (ids.length === 0) return [];
    return ex
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select(['users.id', 'users.name', 'users.email'])
      .where('users.id', 'in', ids)
      .where('users.status', '!=', 'disabled')
      .where((eb) =>
        eb.or([eb('organizations.kind', '=', 'provider'), eb('users.organization_id', '=', customerOrganizationId)]),
      )
      .execute();
  },
};
