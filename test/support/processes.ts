import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApi, type Session } from '../../bench/support/api.ts';
import { logTail, waitForReady } from '../../bench/support/child-protocol.ts';
import { withAdmin } from '../../bench/support/postgres.ts';
import { envSchema } from '../../src/config/config.ts';

/**
 * Real server processes of the product on one fresh PostgreSQL database, started, killed (kill -9),
 * restarted and stopped by a test: the harness of the race suite (test/race) and of any suite that needs
 * several servers (a cluster). Each server is `serve()` as `npm start` runs it (test/support/server-process.ts,
 * through tsx), on 127.0.0.1 and a port of its own that it keeps across restarts, with IMR_WORKERS=0 unless
 * the test's environment says otherwise. Its output goes to a log file whose tail any start failure quotes.
 * `addWorker()` starts `imr worker` processes (bin/imr.js, as an operator runs them) on the same database,
 * killed, restarted and stopped the same way (the cluster suite, test/cluster).
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER_MODULE = path.join(here, 'server-process.ts');
/** The `imr` command itself: workers are `imr worker`, as an operator starts them. */
const IMR_BIN = path.join(here, '../../bin/imr.js');
/** What `imr worker` prints once its jobs and outbox dispatcher run. */
const WORKER_READY = 'IMR Desk worker running';

/** The PostgreSQL to create the cluster's database on: TEST_DATABASE_URL, or the local server's `test` database. */
export const adminDatabaseUrl = (): string =>
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ServerProcess {
  readonly name: string;
  /** http://127.0.0.1:<port>, the same after a restart. */
  readonly url: string;
  readonly logFile: string;
  /** The running process's id (undefined while it is down). */
  pid(): number | undefined;
  running(): boolean;
  /** kill -9: no shutdown, requests in flight are cut; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port; resolves once /readyz answers 200. */
  restart(): Promise<void>;
  /** Graceful stop (SIGTERM-like: in-flight requests finish), kill -9 after 15 s. */
  stop(): Promise<void>;
}

/** One `imr worker` process (mail delivery, scheduled jobs) on the cluster's database. */
export interface WorkerProcess {
  readonly name: string;
  readonly logFile: string;
  /** Its environment (the cluster's and its own). */
  readonly env: NodeJS.ProcessEnv;
  pid(): number | undefined;
  running(): boolean;
  /** kill -9: its claimed messages and running jobs are left to expire. */
  kill(): Promise<void>;
  /** Starts it again; resolves once it says it runs. */
  restart(): Promise<void>;
  /** SIGTERM (graceful: the dispatcher and pg-boss stop), kill -9 after 15 s. */
  stop(): Promise<void>;
}

export interface ServerCluster {
  /** The fresh database the servers share (dropped by stop). */
  readonly database: { name: string; url: string };
  /** The first administrator, as IMR_ADMIN_EMAIL and IMR_ADMIN_PASSWORD created it. */
  readonly admin: { email: string; password: string };
  readonly servers: ServerProcess[];
  /** One more server on the same database (env overrides the cluster's for this one). */
  addServer(env?: Record<string, string>): Promise<ServerProcess>;
  readonly workers: WorkerProcess[];
  /** An `imr worker` process on the same database (env overrides the cluster's for this one). */
  addWorker(env?: Record<string, string>): Promise<WorkerProcess>;
  /** The administrator signed in through the first server (a session cookie and its CSRF token). */
  adminSession(): Promise<Session>;
  /** A bearer token of the administrator, made once through the first server. */
  adminToken(): Promise<string>;
  /** Stops every worker and server, drops the database, removes the logs' folder (unless a test failed and IMR_KEEP_LOGS is set). */
  stop(): Promise<void>;
}

/** The environment without any of the product's own settings, so the shell's DATABASE_URL etc. never leak in. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(envSchema.shape)) delete env[key];
  return env;
}

/** A port free on 127.0.0.1 now (the server binds it a moment later and keeps it across restarts). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Every process this harness started, killed if the test process exits without stopping them. */
const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of alive) c.kill('SIGKILL');
});

const exited = (c: ChildProcess): Promise<void> =>
  c.exitCode !== null || c.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => c.once('exit', () => resolve()));

/** Polls GET /readyz until it answers 200 (database reachable, migrations current). */
async function untilReady(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server ${url} exited while starting:\n${logTail(logFile)}`);
    try {
      const r = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until)
      throw new Error(`server ${url} not ready within ${timeoutMs / 1000} s:\n${logTail(logFile)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What a server and a worker process share: a child started by `launch`, killed, restarted and stopped alike. */
interface ChildLifecycle {
  start(): Promise<void>;
  pid(): number | undefined;
  running(): boolean;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `launch` forks the child (its log open for appending); `ready` waits until it serves, from the log's size
 * before the start. A child that does not become ready is killed and the error thrown. `stop` asks nicely
 * (`gracefully`), then kills after 15 s.
 */
function childLifecycle(opts: {
  what: string;
  logFile: string;
  launch(log: number): ChildProcess;
  ready(child: ChildProcess, logFrom: number): Promise<void>;
  gracefully(child: ChildProcess): void;
}): ChildLifecycle {
  let child: ChildProcess | undefined;
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  async function start(): Promise<void> {
    const from = fs.existsSync(opts.logFile) ? fs.statSync(opts.logFile).size : 0;
    const log = fs.openSync(opts.logFile, 'a');
    try {
      child = opts.launch(log);
    } finally {
      fs.closeSync(log); // the child holds its own copy
    }
    const c = child;
    alive.add(c);
    c.once('exit', () => alive.delete(c));
    try {
      await opts.ready(c, from);
    } catch (e) {
      c.kill('SIGKILL');
      await exited(c);
      throw e;
    }
  }
  return {
    start,
    pid: () => (running() ? child?.pid : undefined),
    running,
    async kill() {
      if (!child || !running()) return;
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      if (running()) throw new Error(`${opts.what} is running: kill or stop it before restarting it`);
      fs.appendFileSync(opts.logFile, `\n--- restarted by the test at ${new Date().toISOString()} ---\n`);
      await start();
    },
    async stop() {
      if (!child || !running()) return;
      const c = child;
      const gone = exited(c);
      opts.gracefully(c);
      const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

function serverProcess(
  name: string,
  port: number,
  env: NodeJS.ProcessEnv,
  logFile: string,
  readyTimeoutMs: number,
): ServerProcess & { start(): Promise<void> } {
  const url = `http://127.0.0.1:${port}`;
  const life = childLifecycle({
    what: `server ${name}`,
    logFile,
    launch: (log) =>
      fork(SERVER_MODULE, [], {
        execArgv: ['--import', import.meta.resolve('tsx')],
        env: { ...env, PORT: String(port) },
        stdio: ['ignore', log, log, 'ipc'],
      }),
    async ready(child) {
      await waitForReady(child, { timeoutMs: readyTimeoutMs, logFile, what: `server ${name}` });
      await untilReady(url, child, logFile, readyTimeoutMs);
    },
    gracefully: (child) => (child.connected ? child.send({ type: 'stop' }) : child.kill('SIGTERM')),
  });
  return { name, url, logFile, ...life };
}

/** Polls a worker's log for its ready line (after `from`, the log's size when it was started). */
async function untilWorkerReady(child: ChildProcess, logFile: string, from: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`worker exited while starting:\n${logTail(logFile)}`);
    const text = fs.readFileSync(logFile, 'utf8').slice(from);
    if (text.includes(WORKER_READY)) return;
    if (Date.now() > until) throw new Error(`worker not running within ${timeoutMs / 1000} s:\n${logTail(logFile)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function workerProcess(
  name: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  readyTimeoutMs: number,
): WorkerProcess & { start(): Promise<void> } {
  const life = childLifecycle({
    what: `worker ${name}`,
    logFile,
    launch: (log) => fork(IMR_BIN, ['worker'], { env, stdio: ['ignore', log, log, 'ipc'] }),
    ready: (child, from) => untilWorkerReady(child, logFile, from, readyTimeoutMs),
    gracefully: (child) => child.kill('SIGTERM'),
  });
  return { name, logFile, env, ...life };
}

/**
 * Creates a fresh database on `adminUrl` (default adminDatabaseUrl()) and starts `servers` server
 * processes on it: the first alone (it migrates and creates the administrator), then the others at once.
 * `env` adds to (or overrides) every server's environment: e.g. IMR_WORKERS: '1' for one that runs the
 * workers, LOG_LEVEL: 'info'. Call stop() in afterAll: it drops the database whatever the servers' state.
 */
export async function startCluster(
  o: {
    servers?: number;
    env?: Record<string, string>;
    adminUrl?: string;
    label?: string;
    readyTimeoutMs?: number;
  } = {},
): Promise<ServerCluster> {
  const adminUrl = o.adminUrl ?? adminDatabaseUrl();
  const name = `imr_${o.label ?? 'cluster'}_${randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const database = { name, url: u.toString() };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const admin = { email: 'cluster-admin@example.test', password: `Cluster-${randomBytes(12).toString('base64url')}` };
  const baseEnv: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    DATA_DIR: path.join(dir, 'data'),
    LOG_LEVEL: 'warn',
    IMR_ADMIN_EMAIL: admin.email,
    IMR_ADMIN_PASSWORD: admin.password,
    IMR_WORKERS: '0',
    IMR_DEMO: '0',
    ...o.env,
  };
  const readyTimeoutMs = o.readyTimeoutMs ?? 90_000;
  const servers: ServerProcess[] = [];
  const workers: WorkerProcess[] = [];
  let stopped = false;
  let session: Promise<Session> | undefined;
  let token: Promise<string> | undefined;

  let started = 0;
  async function addServer(env: Record<string, string> = {}): Promise<ServerProcess> {
    const n = ++started;
    const s = serverProcess(
      `s${n}`,
      await freePort(),
      { ...baseEnv, ...env },
      path.join(dir, `server-${n}.log`),
      readyTimeoutMs,
    );
    servers.push(s);
    await s.start();
    return s;
  }

  async function addWorker(env: Record<string, string> = {}): Promise<WorkerProcess> {
    const w = workerProcess(
      `w${workers.length + 1}`,
      { ...baseEnv, ...env },
      path.join(dir, `worker-${workers.length + 1}.log`),
      readyTimeoutMs,
    );
    workers.push(w);
    await w.start();
    return w;
  }

  const cluster: ServerCluster = {
    database,
    admin,
    servers,
    addServer,
    workers,
    addWorker,
    adminSession: () => (session ??= createApi(servers[0]!.url).login(admin.email, admin.password)),
    adminToken: () =>
      (token ??= cluster.adminSession().then((s) => createApi(servers[0]!.url).createToken(s, 'cluster harness'))),
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all(servers.map((s) => s.stop()));
      await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      if (!process.env['IMR_KEEP_LOGS']) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await addServer();
    await Promise.all(Array.from({ length: (o.servers ?? 2) - 1 }, () => addServer()));
  } catch (e) {
    await cluster.stop().catch(() => undefined);
    throw e;
  }
  return cluster;
}
