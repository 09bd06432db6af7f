import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { RequestKind } from '../../shared/domain.ts';
import type { CatalogItemsTable } from './catalog.tables.ts';

export type CatalogItemRow = Selectable<CatalogItemsTable>;

export const catalogRepo = {
  async list(
    ex: Executor,
    f: { kind?: RequestKind; active?: boolean; afterId?: string; limit: number },
  ): Promise<CatalogItemRow[]> {
    let query = ex.selectFrom('catalog_items').selectAll().orderBy('id').limit(f.limit);
    if (f.kind) query = query.where('kind', '=', f.kind);
    if (f.active !== undefined) query = query.where('active', '=', f.active);
    if (f.afterId) query = query.where('id', '>', f.afterId);
    return query.execute();
  },

  async byId(ex: Executor, id: string): Promise<CatalogItemRow | undefined> {
    return ex.selectFrom('catalog_items').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async byIdForUpdate(ex: Executor, id: string): Promise<CatalogItemRow | undefined> {
    return ex.selectFrom('catalog_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  /** The active emergency item (EIR) an emergency request refers to, if the catalog has one. */
  async activeEmergencyItem(ex: Executor): Promise<CatalogItemRow | undefined> {
    return ex
      .selectFrom('catalog_items')
      .selectAll()
      .where('kind', '=', 'emergency')
      .where('active', '=', true)
      .orderBy('id')
      .executeTakeFirst();
  },

  async nameTaken(ex: Executor, name: string, exceptId?: string): Promise<boolean> {
    let query = ex
      .selectFrom('catalog_items')
      .select('id')
      .where(sql`lower(name)`, '=', name.toLowerCase());
    if (exceptId) query = query.where('id', '!=', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  },

  async insert(ex: Executor, row: Insertable<CatalogItemsTable>): Promise<void> {
    await ex.insertInto('catalog_items').values(row).execute();
  },

  async update(ex: Executor, id: string, patch: Updateable<CatalogItemsTable>): Promise<void> {
    await ex
      .updateTable('catalog_items')
      .set({ ...patch, revision: sql`revision + 1` })
      .where('id', '=', id)
      .execute();
  },
};
