import type { Core } from '../src/core/core.ts';
import type { Api } from './support/api.ts';

/** The database back ends a scenario can run on: the embedded PGlite folder, or a fresh PostgreSQL database. */
export type Backend = 'pglite' | 'postgres';
export const BACKENDS: readonly Backend[] = ['pglite', 'postgres'];

/**
 * Limits of this machine measured in the same run. `hello-world`: requests/s of a bare Fastify server under
 * the same load settings; `pgbench-tpcb` / `pgbench-select`: transactions/s of pgbench (TPC-B and
 * select-only) on the PostgreSQL server named by BENCH_DATABASE_URL.
 */
export type BaselineName = 'hello-world' | 'pgbench-tpcb' | 'pgbench-select';
export const BASELINES: readonly BaselineName[] = ['hello-world', 'pgbench-tpcb', 'pgbench-select'];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One HTTP request of the load. `body` is sent as JSON unless it is already a string. */
export interface LoadRequest {
  method?: HttpMethod;
  /** Path and query, e.g. `/api/v1/auth/me`; the host is always the bench's own server on 127.0.0.1. */
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * What the load generator sends: the same request again and again, or `next()`, called for every request
 * (to spread the load over many rows, or to give each posting its own Idempotency-Key).
 */
export type LoadPlan = { request: LoadRequest } | { next: () => LoadRequest };

/** What a scenario's setup, run and verify get: the running server, its administrator, and the run's settings. */
export interface BenchContext<Seed = unknown> {
  backend: Backend;
  /** `http://127.0.0.1:<port>` of the server under test. */
  baseUrl: string;
  /** HTTP helpers bound to baseUrl (sign-in, tokens, JSON requests that fail loudly). */
  api: Api;
  /** The administrator the server was started with (IMR_ADMIN_EMAIL / IMR_ADMIN_PASSWORD). */
  admin: { email: string; password: string };
  /** What this scenario's `seed` returned in the server process (undefined without a seed). */
  seed: Seed;
  connections: number;
  durationSeconds: number;
  /** Progress line on stderr. */
  log(message: string): void;
}

/**
 * A named benchmark. Add one file per scenario under bench/scenarios/ and list it in index.ts
 * (docs/benchmarks.md, "Adding a scenario").
 */
export interface Scenario<State = unknown, Seed = unknown> {
  /** Kebab-case name used by `--scenario`. */
  name: string;
  /** One line for the table's legend and the JSON. */
  description: string;
  /** Back ends it runs on (PostgreSQL only when BENCH_DATABASE_URL is given). */
  backends: readonly Backend[];
  /**
   * What its req/s is divided by (default `hello-world`): a baseline, or an earlier scenario's req/s on the
   * same back end (e.g. balance reads with 1M ledger entries against the same with 1k: "flat" is near 1).
   */
  compareTo?: BaselineName | { scenario: string };
  /** The ratio the issue aims for, e.g. `{ atLeast: 0.5 }`; `backends` limits where it applies (default all). */
  aim?: { atLeast: number; backends?: readonly Backend[] };
  /** false: runs only when named with --scenario (slow seeds, very long runs). Default true. */
  defaultRun?: boolean;
  /**
   * Optional, runs inside the server's process with the product's core services on the server's own
   * database, after migrations and before the server listens (the embedded database admits one process
   * only). Its result must be JSON; the bench process gets it as `ctx.seed`.
   */
  seed?: (core: Core) => Promise<Seed>;
  /** Runs in the bench process against the listening server: users, tokens, rows made through the API. */
  setup(ctx: BenchContext<Seed>): Promise<State>;
  /** The load: requests autocannon sends for the measured duration. */
  run(state: State, ctx: BenchContext<Seed>): LoadPlan;
  /** Optional, after the load: returns problems found (e.g. a cached balance that differs from the sum). */
  verify?(state: State, ctx: BenchContext<Seed>): Promise<string[]>;
}

/** A scenario with its types erased, as the registry holds it. */
export type AnyScenario = Scenario<unknown, unknown>;

/** Declares a scenario with its own State and Seed types and erases them for the registry. */
export function defineScenario<State, Seed = undefined>(s: Scenario<State, Seed>): AnyScenario {
  return s as unknown as AnyScenario;
}
