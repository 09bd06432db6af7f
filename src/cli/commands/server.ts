import fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { createDb } from '../../db/create-db.ts';
import { acquireDataDirLock } from '../../db/lock.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { createWorker } from '../../jobs/worker.ts';
import { createLogger } from '../../server/logger.ts';
import { createMetrics, startMetricsListener } from '../../server/metrics.ts';
import { createCore } from '../../main/core.ts';
import { openDatabase } from '../../main/open-db.ts';
import { serve } from '../../main/serve.ts';
import { ensureWebBuild } from '../../main/web-build.ts';
import { formatPageWeights, measurePages } from '../../main/web-bundle.ts';
import { buildApp } from '../../server/app.ts';
import { openApiDocument } from '../../server/openapi.ts';
import { AppError } from '../../shared/errors.ts';

function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (stopping) process.exit(130);
      stopping = true;
      process.stdout.write(`\n  ${sig}: stopping (finishing requests and jobs)…\n`);
      stop().then(
        () => process.exit(0),
        (e) => {
          process.stderr.write(`error while stopping: ${(e as Error).message}\n`);
          process.exit(1);
        },
      );
    });
  }
}

export function registerServerCommands(program: Command): void {
  const startAction = async (opts: { demo?: boolean; build: boolean }) => {
    const config = loadConfig();
    // Lock first: nothing else may open the folder while we build and start.
    const lock = config.databaseUrl
      ? undefined
      : acquireDataDirLock(config.dataDir, {
          purpose: 'imr serve',
          url: config.publicUrl,
          warn: (m) => process.stderr.write(`warning: ${m}\n`),
        });
    try {
      const webRoot = opts.build ? await ensureWebBuild({ log: (m) => process.stdout.write(`  ${m}\n`) }) : undefined;
      const running = await serve({
        config,
        ...(webRoot ? { webRoot } : {}),
        ...(opts.demo ? { demo: true } : {}),
        ...(lock ? { lock } : {}),
      });
      onSignals(async () => {
        await running.stop();
        lock?.release();
      });
    } catch (e) {
      lock?.release();
      throw e;
    }
  };

  program
    .command('start')
    .description('build the web UI if needed, migrate, and start the server with its workers (what `npm start` runs)')
    .option('--demo', 'load the demo data set (same as IMR_DEMO=1)')
    .option('--no-build', 'do not build the web UI (API only)')
    .action(startAction);

  program
    .command('serve')
    .description('same as start')
    .option('--demo', 'load the demo data set (same as IMR_DEMO=1)')
    .option('--no-build', 'do not build the web UI (API only)')
    .action(startAction);

  program
    .command('worker')
    .description('run the background workers alone (mail delivery, scheduled jobs); needs DATABASE_URL')
    .action(async () => {
      const config = loadConfig();
      if (!config.databaseUrl) {
        throw new AppError(
          'SERVICE_UNAVAILABLE',
          'imr worker needs DATABASE_URL: on the embedded database the server runs the workers itself, since no second process may open its folder.',
        );
      }
      const log = createLogger({ level: config.logLevel, service: 'imr-worker' });
      const { db } = await openDatabase(config, { purpose: 'imr worker' });
      await migrateToLatest(db);
      const core = createCore({ config, db });
      const worker = createWorker(core, log);
      await worker.start();
      // METRICS_PORT: this worker's own /metrics (its job runs) on 127.0.0.1.
      const metrics =
        config.metrics.port !== undefined
          ? await startMetricsListener(createMetrics(core), config.metrics.port)
          : undefined;
      process.stdout.write('  IMR Desk worker running (Ctrl-C to stop)\n');
      if (metrics) process.stdout.write(`  Metrics: http://127.0.0.1:${metrics.port}/metrics\n`);
      onSignals(async () => {
        await metrics?.close();
        await worker.stop();
        await core.close();
        await db.close();
      });
    });

  program
    .command('openapi')
    .description('write the OpenAPI document (what /api/openapi.json serves) to a file')
    .option('--out <file>', 'where to write it', 'docs/openapi.json')
    .action(async (opts: { out: string }) => {
      const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
      const db = await createDb({ kind: 'pglite-memory' });
      try {
        const app = await buildApp(createCore({ config, db }));
        const doc = await openApiDocument(app);
        await app.close();
        fs.writeFileSync(opts.out, `${JSON.stringify(doc, null, 2)}\n`);
        process.stdout.write(`  OpenAPI document written to ${opts.out}\n`);
      } finally {
        await db.close();
      }
    });

  program
    .command('build')
    .description('build the web UI now (npm start does it when sources changed)')
    .option('--force', 'rebuild even if up to date')
    .action(async (opts: { force?: boolean }) => {
      const dir = await ensureWebBuild({ force: !!opts.force, log: (m) => process.stdout.write(`  ${m}\n`) });
      process.stdout.write(`  web UI: ${dir}\n`);
      const weights = measurePages(dir);
      for (const line of formatPageWeights(weights)) process.stdout.write(`  ${line}\n`);
      if (weights.some((w) => !w.withinBudget)) process.exitCode = 1;
    });
}
