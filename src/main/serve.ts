import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.ts';
import type { DataDirLock } from '../db/lock.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { startInboundListener, type InboundListener } from '../core/inbound/inbound.server.ts';
import { createWorker, type Worker } from '../jobs/worker.ts';
import { buildApp } from '../server/app.ts';
import { createLogger } from '../server/logger.ts';
import { createMetrics, startMetricsListener } from '../server/metrics.ts';
import { createCore } from './core.ts';
import { loadDemoData } from '../demo/index.ts';
import { openDatabase } from './open-db.ts';

export interface ServeOptions {
  config: Config;
  /** Folder of the built web UI. */
  webRoot?: string;
  /** Run the workers in this process (default: config.workers). */
  workers?: boolean;
  /** Load the demo data set. */
  demo?: boolean;
  /** The data folder lock, when the caller took it already (npm start takes it before building). */
  lock?: DataDirLock;
  /** Where the first-start message (admin password) goes. */
  announce?: (text: string) => void;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the product: opens (and locks) the database, migrates, creates the provider and the first
 * administrator, optionally loads demo data, serves the API and web UI and runs the workers.
 */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const { config } = options;
  const announce = options.announce ?? ((t: string) => process.stdout.write(`${t}\n`));
  const log = createLogger({ level: config.logLevel, service: 'imr-desk' });
  const runWorkers = options.workers ?? config.workers;
  if (!runWorkers && !config.databaseUrl) {
    throw new Error(
      'IMR_WORKERS=0 needs DATABASE_URL: on the embedded database the server must run the workers itself, ' +
        'because no second process may open its folder. Remove IMR_WORKERS=0, or move to PostgreSQL.',
    );
  }
  const { db, lock } = await openDatabase(config, {
    purpose: 'imr serve',
    ...(options.lock ? { lock: options.lock } : {}),
    warn: (m) => log.warn(m),
  });
  let worker: Worker | undefined;
  let app: FastifyInstance | undefined;
  let inbound: InboundListener | undefined;
  let metricsListener: { port: number; close(): Promise<void> } | undefined;
  try {
    const applied = await migrateToLatest(db);
    if (applied.length) log.info({ migrations: applied }, 'database migrated');
    const core = createCore({ config, db, cacheReads: true });
    const boot = await core.services.accounts.bootstrap({
      providerName: 'IR Firm',
      adminEmail: config.admin.email ?? 'admin@localhost',
      ...(config.admin.password ? { adminPassword: config.admin.password } : {}),
    });
    if (boot.created) {
      announce(
        boot.generatedPassword
          ? `\n  First start: administrator ${boot.email} created.\n  Password (shown once, change it after signing in): ${boot.generatedPassword}\n`
          : `\n  First start: administrator ${boot.email} created with the password from IMR_ADMIN_PASSWORD.\n`,
      );
    }
    if (options.demo ?? config.demo) {
      const loaded = await loadDemoData(core);
      announce(loaded.loaded ? `  Demo data loaded: ${loaded.summary}` : '  Demo data already present.');
    }
    const metrics = createMetrics(core);
    app = await buildApp(core, {
      loggerInstance: log,
      metrics,
      ...(options.webRoot ? { webRoot: options.webRoot } : {}),
    });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    if (config.metrics.port !== undefined) {
      metricsListener = await startMetricsListener(metrics, config.metrics.port);
      announce(`  Metrics: http://127.0.0.1:${metricsListener.port}/metrics`);
    }
    if (runWorkers) {
      worker = createWorker(core, log);
      await worker.start();
    }
    if (config.inboundMail) {
      inbound = await startInboundListener({ ...config.inboundMail, inbound: core.services.inbound, log });
      announce(`  Incoming mail for @${config.inboundMail.domain} on ${config.inboundMail.host}:${inbound.port}`);
      if (!config.inboundMail.authservId) {
        log.warn(
          'MAIL_IN_AUTHSERV_ID is not set: email replies are believed on their reply token and From header alone. Put the listener behind your mail server and set it (docs/security.md).',
        );
      }
    }
    announce(`  IMR Desk is running: ${url}  (API docs: ${url}/api/docs)`);

    let stopped: Promise<void> | undefined;
    const stop = () =>
      (stopped ??= (async () => {
        await inbound?.close();
        await metricsListener?.close();
        await app!.close(); // stop accepting, drain in-flight requests
        await worker?.stop();
        await core.close();
        await db.close();
        lock?.release();
      })());
    return { app, url, stop };
  } catch (e) {
    await inbound?.close().catch(() => undefined);
    await metricsListener?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await worker?.stop().catch(() => undefined);
    await db.close().catch(() => undefined);
    if (!options.lock) lock?.release();
    throw e;
  }
}
