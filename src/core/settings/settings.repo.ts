import type { Executor } from '../../db/create-db.ts';

export const settingsRepo = {
  async get<T = unknown>(ex: Executor, key: string): Promise<T | undefined> {
    const result = await ex.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return result?.value as T | undefined;
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
