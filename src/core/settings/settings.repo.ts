import type { Executor } from '../../db/create-db.ts';

/** A member of a customer's account team as the portal shows it (active provider users only). */
export interface PortalTeamRow {
  name: string;
  role: string;
  email: string;
  work_phone: string | null;
}

export const settingsRepo = {
  /** The active account team of the customer whose organisation is `organizationId`, by name. */
  async accountTeamOfOrganization(ex: Executor, organizationId: string): Promise<PortalTeamRow[]> {
    return ex
      .selectFrom('customers as c')
      .innerJoin('customer_account_team as t', 't.customer_id', 'c.id')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['u.name', 'u.role', 'u.email', 'u.work_phone'])
      .where('c.organization_id', '=', organizationId)
      .where('u.status', '=', 'active')
      .orderBy('u.name')
      .orderBy('u.id')
      .execute();
  },

  async get<T = unknown>(ex: Executor, key: string): Promise<T | undefined> {
    const result = await ex.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return result?.value as T | undefined;
  },

  /** Several settings in one query: the stored values by key (missing keys absent). */
  async getMany(ex: Executor, keys: readonly string[]): Promise<Map<string, unknown>> {
    if (keys.length === 0) return new Map();
    const rows = await ex.selectFrom('settings').select(['key', 'value']).where('key', 'in', keys).execute();
    return new Map(rows.map((r) => [r.key, r.value]));
  },

  async put(ex: Executor, key: string, value: unknown, by: string | null, at: Date): Promise<void> {
    const json = JSON.stringify(value);
    await ex
      .insertInto('settings')
      .values({ key, value: json, updated_at: at, updated_by: by })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: at, updated_by: by }))
      .execute();
  },
};
