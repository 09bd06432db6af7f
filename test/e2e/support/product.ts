import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../../src/config/config.ts';
import { acquireDataDirLock } from '../../../src/db/lock.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import type { Core } from '../../../src/core/core.ts';
import { createCore } from '../../../src/main/core.ts';
import { openDatabase } from '../../../src/main/open-db.ts';
import { serve, type RunningServer } from '../../../src/main/serve.ts';
import { ensureWebBuild } from '../../../src/main/web-build.ts';

export interface Product {
  /** http://127.0.0.1:<port> */
  url: string;
  server: RunningServer;
  config: Config;
  dataDir: string;
  /** The administrator printed at first start, and the password printed with it. */
  admin: { email: string; password: string };
  /** Everything the server printed through `announce`. */
  announced: string[];
  stop(): Promise<void>;
}

/**
 * Starts the real product in this process, as `npm start` does: a fresh data folder, a free port, the
 * built web UI, workers on. The admin password is the one printed at first start (no IMR_ADMIN_PASSWORD).
 * `seed` runs on the migrated database before the server opens it (for data no API creates yet).
 */
export async function startProduct(
  o: { seed?: (core: Core) => Promise<void>; env?: Record<string, string> } = {},
): Promise<Product> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-e2e-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    OUTBOX_POLL_MS: '200',
    ...o.env,
  });
  const webRoot = await ensureWebBuild();
  const lock = acquireDataDirLock(dataDir, { purpose: 'e2e test' });
  if (o.seed) {
    const { db } = await openDatabase(config, { purpose: 'e2e seed', lock });
    try {
      await migrateToLatest(db);
      const core = createCore({ config, db });
      await o.seed(core);
      await core.close();
    } finally {
      await db.close();
    }
  }
  const announced: string[] = [];
  let server: RunningServer;
  try {
    server = await serve({ config, webRoot, lock, announce: (t) => announced.push(t) });
  } catch (e) {
    lock.release();
    throw e;
  }
  const text = announced.join('\n');
  const email = /administrator (\S+) created/.exec(text)?.[1];
  const password = /Password \(shown once[^)]*\): (\S+)/.exec(text)?.[1];
  if (!email || !password) {
    await server.stop();
    throw new Error(`The first start did not print an administrator and password:\n${text}`);
  }
  return {
    url: server.url,
    server,
    config,
    dataDir,
    admin: { email, password },
    announced,
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
