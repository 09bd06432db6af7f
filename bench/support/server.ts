import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { envSchema } from '../../src/config/config.ts';
import type { Backend } from '../types.ts';
import { forkTs, onCleanup, removeTempDir, stopChild, trackTempDir } from './children.ts';
import { waitForReady } from './child-protocol.ts';
import { assertLoopbackUrl } from './loopback.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface StartedProcess {
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface StartedServer extends StartedProcess {
  backend: Backend;
  admin: { email: string; password: string };
  /** What each scenario's seed hook returned, by scenario name. */
  seeds: Record<string, unknown>;
}

/** The environment without any of the product's own settings, so the shell's DATABASE_URL etc. never leak in. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(envSchema.shape)) delete env[key];
  delete env['BENCH_SEED_SCENARIOS'];
  return env;
}

/** A fresh temporary folder for one child's data and log, removed at the end of the run. */
export function tempDir(label: string): string {
  return trackTempDir(fs.mkdtempSync(path.join(os.tmpdir(), `imr-bench-${label}-`)));
}

async function startChild(
  module: string,
  o: { env: NodeJS.ProcessEnv; dir: string; what: string; timeoutMs: number; cpuProfileDir?: string },
) {
  const logFile = path.join(o.dir, 'process.log');
  const nodeArgs = o.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfileDir}`] : [];
  const child = forkTs(path.join(here, module), { env: o.env, logFile, nodeArgs });
  const stopNow = onCleanup(`stop ${o.what}`, async () => {
    await stopChild(child);
    removeTempDir(o.dir);
  });
  try {
    const ready = await waitForReady(child, { timeoutMs: o.timeoutMs, logFile, what: o.what });
    assertLoopbackUrl(ready.url, o.what);
    return { ready, logFile, stop: stopNow };
  } catch (e) {
    await stopNow();
    throw e;
  }
}

/** Starts the hello-world Fastify server (the framework's own ceiling on this machine) in a child process. */
export async function startHelloWorld(): Promise<StartedProcess> {
  const dir = tempDir('hello');
  const { ready, logFile, stop } = await startChild('hello-child.ts', {
    env: cleanEnv(),
    dir,
    what: 'the hello-world server',
    timeoutMs: 60_000,
  });
  return { url: ready.url, logFile, stop };
}

/**
 * Starts the product's server in a child process on 127.0.0.1 with an ephemeral port: on a fresh embedded
 * database in a temporary DATA_DIR, or on `databaseUrl` (a fresh PostgreSQL database made for the run).
 */
export async function startProductServer(o: {
  backend: Backend;
  databaseUrl?: string;
  seedScenarios: readonly string[];
  logLevel: string;
  timeoutMs: number;
  /** Write a V8 CPU profile of the server process here when it stops. */
  cpuProfileDir?: string;
}): Promise<StartedServer> {
  const dir = tempDir(o.backend);
  const admin = { email: 'bench-admin@bench.test', password: `Bench-${randomBytes(12).toString('base64url')}` };
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: path.join(dir, 'data'),
    LOG_LEVEL: o.logLevel,
    IMR_ADMIN_EMAIL: admin.email,
    IMR_ADMIN_PASSWORD: admin.password,
    IMR_DEMO: '0',
    IMR_WORKERS: '1',
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
    ...(o.seedScenarios.length ? { BENCH_SEED_SCENARIOS: o.seedScenarios.join(',') } : {}),
  };
  const what = `the IMR Desk server (${o.backend})`;
  const { ready, logFile, stop } = await startChild('server-child.ts', {
    env,
    dir,
    what,
    timeoutMs: o.timeoutMs,
    ...(o.cpuProfileDir ? { cpuProfileDir: o.cpuProfileDir } : {}),
  });
  return { backend: o.backend, url: ready.url, logFile, admin, seeds: ready.seeds ?? {}, stop };
}
