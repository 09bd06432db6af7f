import type { Config } from '../config/config.ts';
import { createDb, type Db } from '../db/create-db.ts';
import { acquireDataDirLock, type DataDirLock } from '../db/lock.ts';

/**
 * Opens the configured database: PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite
 * folder, which is locked first (or with the lock the caller already holds).
 */
export async function openDatabase(
  config: Config,
  o: { purpose: string; lock?: DataDirLock; warn?: (m: string) => void },
): Promise<{ db: Db; lock: DataDirLock | undefined }> {
  if (config.databaseUrl) {
    return {
      db: await createDb({ kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize }),
      lock: undefined,
    };
  }
  const lock =
    o.lock ??
    acquireDataDirLock(config.dataDir, {
      purpose: o.purpose,
      url: config.publicUrl,
      ...(o.warn ? { warn: o.warn } : {}),
    });
  try {
    return { db: await createDb({ kind: 'pglite', lock }), lock };
  } catch (e) {
    if (!o.lock) lock.release();
    throw e;
  }
}
