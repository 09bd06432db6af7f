// The product's server under test, in a process of its own: `serve()` exactly as `npm start` runs it
// (without the web build), configured from the environment the bench gives it. Before the server
// listens, the selected scenarios' `seed` hooks run with the core services on the same database.
import { loadConfig, type Config } from '../../src/config/config.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createCore } from '../../src/main/core.ts';
import { openDatabase } from '../../src/main/open-db.ts';
import { serve } from '../../src/main/serve.ts';
import { failStart, sendToParent, serveUntilStopped } from './child-protocol.ts';

async function runSeeds(config: Config, names: string[]): Promise<Record<string, unknown>> {
  const { scenarios } = await import('../scenarios/index.ts');
  const { db, lock } = await openDatabase(config, { purpose: 'imr bench seed' });
  const results: Record<string, unknown> = {};
  try {
    await migrateToLatest(db);
    const core = createCore({ config, db });
    try {
      // The administrator first, exactly as serve() would make it, so seeds may rely on it.
      await core.services.accounts.bootstrap({
        providerName: 'IR Firm',
        adminEmail: config.admin.email!,
        adminPassword: config.admin.password!,
      });
      for (const name of names) {
        const s = scenarios.find((x) => x.name === name);
        if (s?.seed) results[name] = await s.seed(core);
      }
    } finally {
      await core.close();
    }
  } finally {
    await db.close();
    lock?.release();
  }
  return results;
}

try {
  const config = loadConfig(process.env);
  const seedNames = (process.env['BENCH_SEED_SCENARIOS'] ?? '').split(',').filter(Boolean);
  const seeds = seedNames.length ? await runSeeds(config, seedNames) : {};
  const running = await serve({ config, announce: (t) => process.stdout.write(`${t}\n`) });
  serveUntilStopped(() => running.stop());
  sendToParent({ type: 'ready', url: running.url, seeds });
} catch (e) {
  failStart(e);
}
