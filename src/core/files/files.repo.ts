import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { StoredFilesTable } from './files.tables.ts';

export type StoredFileRow = Selectable<StoredFilesTable>;
export type StoredFileMetaRow = Omit<StoredFileRow, 'content'>;

const metaColumns = [
  'id',
  'sha256',
  'size_bytes',
  'content_type',
  'original_name',
  'created_by',
  'created_at',
] as const;

export const filesRepo = {
  async insert(ex: Executor, row: Insertable<StoredFilesTable>): Promise<void> {
    await ex.insertInto('stored_files').values(row).execute();
  },

  async meta(ex: Executor, id: string): Promise<StoredFileMetaRow | undefined> {
    return ex.selectFrom('stored_files').select(metaColumns).where('id', '=', id).executeTakeFirst();
  },

  async withContent(ex: Executor, id: string): Promise<StoredFileRow | undefined> {
    return ex.selectFrom('stored_files').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async count(ex: Executor): Promise<number> {
    const result = await ex
      .selectFrom('stored_files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(result.n);
  },
};
