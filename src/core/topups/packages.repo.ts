import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { ContractUnit } from '../../shared/units.ts';
import type { TopUpPackagesTable } from './topups.tables.ts';

export type TopUpPackageRow = Selectable<TopUpPackagesTable>;

/** The only place that builds SQL for top-up packages; every method takes the executor. */
export const packagesRepo = {
  /** By name; optionally only the active ones of one contract unit. */
  async list(ex: Executor, f: { active?: boolean; unit?: ContractUnit }): Promise<TopUpPackageRow[]> {
    let q = ex.selectFrom('topup_packages').selectAll().orderBy('unit').orderBy('quantity').orderBy('id');
    if (f.active !== undefined) q = q.where('active', '=', f.active);
    if (f.unit) q = q.where('unit', '=', f.unit);
    return q.execute();
  },

  async byId(ex: Executor, id: string): Promise<TopUpPackageRow | undefined> {
    return ex.selectFrom('topup_packages').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async byIdForUpdate(ex: Executor, id: string): Promise<TopUpPackageRow | undefined> {
    return ex.selectFrom('topup_packages').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async nameTaken(ex: Executor, name: string, exceptId?: string): Promise<boolean> {
    let q = ex
      .selectFrom('topup_packages')
      .select('id')
      .where(sql`lower(name)`, '=', name.toLowerCase());
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  },

  async insert(ex: Executor, row: Insertable<TopUpPackagesTable>): Promise<void> {
    await ex.insertInto('topup_packages').values(row).execute();
  },

  async update(ex: Executor, id: string, patch: Updateable<TopUpPackagesTable>): Promise<void> {
    await ex
      .updateTable('topup_packages')
      .set({ ...patch, revision: sql`revision + 1` })
      .where('id', '=', id)
      .execute();
  },
};
