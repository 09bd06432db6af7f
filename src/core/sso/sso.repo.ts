import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { SsoPendingLoginsTable } from './sso.tables.ts';

type PendingRow = Omit<Selectable<SsoPendingLoginsTable>, 'used_at'>;

export const ssoRepo = {
  async insertPending(ex: Executor, row: Insertable<SsoPendingLoginsTable>): Promise<void> {
    await ex.insertInto('sso_pending_logins').values(row).execute();
  },

  /** Takes a pending sign-in by its handle's hash, once: unused and unexpired, else undefined (one statement). */
  async takePending(ex: Executor, handleHash: string, now: Date): Promise<PendingRow | undefined> {
    return ex
      .updateTable('sso_pending_logins')
      .set({ used_at: now })
      .where('handle_hash', '=', handleHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['id', 'handle_hash', 'state', 'nonce', 'code_verifier', 'return_to', 'created_at', 'expires_at'])
      .executeTakeFirst();
  },

  /** Deletes pending sign-ins that ended before `before` (used or expired). */
  async prune(ex: Executor, before: Date): Promise<number> {
    const result = await ex.deleteFrom('sso_pending_logins').where('expires_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
