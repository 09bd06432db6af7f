// `npm run bench`: the product's server under load next to this machine's own limits, measured in one run.
// The servers run in child processes; autocannon and pgbench drive them from here. Everything stays on
// 127.0.0.1, and every process, folder and database the run makes is gone when it ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { scenarios as registry } from './scenarios/index.ts';
import { BACKENDS, type AnyScenario, type Backend, type BenchContext } from './types.ts';
import { createApi } from './support/api.ts';
import { cleanupAll, installExitHandlers, withTimeout } from './support/children.ts';
import { runLoad, type LoadSettings } from './support/load.ts';
import { machineInfo } from './support/machine.ts';
import { PGBENCH, runPgbench } from './support/pgbench.ts';
import { createTempDatabase, parseAdminUrl, postgresVersion } from './support/postgres.ts';
import {
  formatReport,
  loadProblems,
  ratioOf,
  type BaselineResult,
  type BenchReport,
  type ScenarioResult,
} from './support/report.ts';
import { startHelloWorld, startProductServer, type StartedServer } from './support/server.ts';

interface Options {
  scenario?: string[];
  backend?: Backend[];
  duration: number;
  warmup: number;
  connections: number;
  out?: string;
  logLevel: string;
  pgbenchScale: number;
  cpuProf?: boolean;
  list?: boolean;
}

/** bench-results/ at the project's root (gitignored). */
const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bench-results');
const log = (m: string) => process.stderr.write(`  ${m}\n`);
const load1m = () => Math.round(os.loadavg()[0]! * 100) / 100;

function intOption(min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

function selectScenarios(names: string[] | undefined): AnyScenario[] {
  if (!names?.length) return registry.filter((s) => s.defaultRun !== false);
  const unknown = names.filter((n) => !registry.some((s) => s.name === n));
  if (unknown.length) {
    throw new Error(
      `Unknown scenario ${unknown.join(', ')}. Known: ${registry.map((s) => s.name).join(', ')} (npm run bench -- --list).`,
    );
  }
  return registry.filter((s) => names.includes(s.name));
}

async function measureHelloWorld(settings: LoadSettings): Promise<BaselineResult> {
  log('hello-world: starting a bare Fastify server');
  const server = await startHelloWorld();
  try {
    log(
      `hello-world: ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s at ${settings.connections} connections`,
    );
    const load = await runLoad(server.url, { request: { path: '/' } }, settings);
    const problems = loadProblems(load);
    if (problems.length) throw new Error(`the hello-world baseline had ${problems.join('; ')}`);
    return {
      name: 'hello-world',
      description: 'bare Fastify 5, GET / → {"hello":"world"}, same load settings',
      value: load.requestsPerSecond,
      unit: 'req/s',
      load,
      loadAverage1m: load1m(),
    };
  } finally {
    await server.stop();
  }
}

async function measurePgbench(adminUrl: string, o: Options): Promise<BaselineResult[]> {
  const threads = Math.max(1, Math.min(o.connections, os.availableParallelism()));
  const results = await runPgbench(adminUrl, {
    clients: o.connections,
    threads,
    durationSeconds: o.duration,
    scale: o.pgbenchScale,
    log,
  });
  return results.map((r): BaselineResult => ({
    name: r.mode === 'tpcb' ? 'pgbench-tpcb' : 'pgbench-select',
    description: `pgbench ${r.mode === 'tpcb' ? 'TPC-B' : 'select-only (-S)'}, scale ${r.scale}, -c ${r.clients} -j ${r.threads} -T ${r.durationSeconds}`,
    value: r.tps,
    unit: 'tps',
    pgbench: r,
    loadAverage1m: load1m(),
  }));
}

/** The value a scenario is compared with: a baseline of this run, or an earlier valid result on the same back end. */
function comparison(
  s: AnyScenario,
  backend: Backend,
  baselines: BaselineResult[],
  earlier: readonly ScenarioResult[],
): { label: string; value: number | null } {
  const to = s.compareTo ?? 'hello-world';
  if (typeof to === 'string') return { label: to, value: baselines.find((b) => b.name === to)?.value ?? null };
  const other = earlier.find((r) => r.scenario === to.scenario && r.backend === backend && r.status === 'ok' && r.load);
  return { label: `scenario ${to.scenario}`, value: other?.load?.requestsPerSecond ?? null };
}

function baseResult(
  s: AnyScenario,
  backend: Backend,
  baselines: BaselineResult[],
  earlier: readonly ScenarioResult[] = [],
): ScenarioResult {
  const { label, value } = comparison(s, backend, baselines, earlier);
  const aimApplies = s.aim && (!s.aim.backends || s.aim.backends.includes(backend));
  return {
    scenario: s.name,
    description: s.description,
    backend,
    status: 'ok',
    load: null,
    problems: [],
    baseline: label,
    baselineValue: value,
    ratio: null,
    aim: aimApplies ? { atLeast: s.aim!.atLeast, met: null } : null,
    loadAverage1m: null,
  };
}

/** setup → load → verify for one scenario on a running server; never throws (a failure is a result). */
async function runScenario(
  s: AnyScenario,
  server: StartedServer,
  o: Options,
  baselines: BaselineResult[],
  earlier: readonly ScenarioResult[],
): Promise<ScenarioResult> {
  const result = baseResult(s, server.backend, baselines, earlier);
  const ctx: BenchContext = {
    backend: server.backend,
    baseUrl: server.url,
    api: createApi(server.url),
    admin: server.admin,
    seed: server.seeds[s.name],
    connections: o.connections,
    durationSeconds: o.duration,
    log: (m) => log(`${s.name} (${server.backend}): ${m}`),
  };
  try {
    ctx.log('setup');
    const state = await withTimeout(s.setup(ctx), 300_000, `setup of ${s.name}`);
    ctx.log(`${o.warmup} s warm-up + ${o.duration} s at ${o.connections} connections`);
    const load = await runLoad(server.url, s.run(state, ctx), {
      connections: o.connections,
      durationSeconds: o.duration,
      warmupSeconds: o.warmup,
    });
    result.load = load;
    result.loadAverage1m = load1m();
    result.problems.push(...loadProblems(load));
    if (s.verify) {
      ctx.log('verify');
      result.problems.push(...(await withTimeout(s.verify(state, ctx), 300_000, `verification of ${s.name}`)));
    }
    result.ratio = ratioOf(load.requestsPerSecond, result.baselineValue);
    if (result.aim && result.ratio !== null) result.aim.met = result.ratio >= result.aim.atLeast;
    if (result.problems.length) result.status = 'flagged';
  } catch (e) {
    result.status = 'failed';
    result.problems.push((e as Error).message);
  }
  return result;
}

async function runBackend(
  backend: Backend,
  list: AnyScenario[],
  o: Options,
  adminUrl: string | undefined,
  baselines: BaselineResult[],
): Promise<ScenarioResult[]> {
  let server: StartedServer | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  try {
    let databaseUrl: string | undefined;
    if (backend === 'postgres') {
      const db = await createTempDatabase(adminUrl!, 'imr_bench');
      databaseUrl = db.url;
      dropDb = db.drop;
      log(`postgres: fresh database ${db.name}`);
    }
    log(`${backend}: starting the IMR Desk server (migrations${list.some((s) => s.seed) ? ', seeds' : ''})`);
    server = await startProductServer({
      backend,
      ...(databaseUrl ? { databaseUrl } : {}),
      seedScenarios: list.filter((s) => s.seed).map((s) => s.name),
      logLevel: o.logLevel,
      // Each seeded scenario may take its ten minutes (statements-1k and -10k seed and issue in the start).
      timeoutMs: 600_000 * Math.max(1, list.filter((s) => s.seed).length),
      ...(o.cpuProf ? { cpuProfileDir: path.join(resultsDir, 'profiles', backend) } : {}),
    });
    log(`${backend}: server listening on ${server.url}`);
    const results: ScenarioResult[] = [];
    for (const s of list) results.push(await runScenario(s, server, o, baselines, results));
    return results;
  } catch (e) {
    // The server did not start: every scenario of this back end failed for that reason.
    return list.map((s) => ({
      ...baseResult(s, backend, baselines),
      status: 'failed' as const,
      problems: [(e as Error).message],
    }));
  } finally {
    await server?.stop();
    await dropDb?.();
  }
}

async function run(o: Options): Promise<number> {
  if (o.list) {
    for (const s of registry)
      process.stdout.write(
        `${s.name.padEnd(24)} ${s.backends.join(',').padEnd(16)} ${s.description}${s.defaultRun === false ? ' (only when named)' : ''}\n`,
      );
    return 0;
  }
  const selected = selectScenarios(o.scenario);
  const rawAdminUrl = process.env['BENCH_DATABASE_URL'] || undefined;
  const adminUrl = rawAdminUrl ? parseAdminUrl(rawAdminUrl).toString() : undefined;
  const backends = BACKENDS.filter((b) => !o.backend || o.backend.includes(b));
  installExitHandlers();

  const startedAt = new Date();
  const machine = machineInfo();
  if (adminUrl) {
    machine.postgres = await postgresVersion(adminUrl).catch((e: Error) => {
      throw new Error(
        `cannot reach PostgreSQL at BENCH_DATABASE_URL (${e.message}); start it (pg_ctlcluster 15 main start) or unset the variable`,
      );
    });
  }
  const settings: LoadSettings = { connections: o.connections, durationSeconds: o.duration, warmupSeconds: o.warmup };
  const baselines: BaselineResult[] = [];
  const scenarioResults: ScenarioResult[] = [];
  try {
    baselines.push(await measureHelloWorld(settings));
    if (adminUrl) {
      baselines.push(...(await measurePgbench(adminUrl, o)));
      machine.pgbench = baselines.find((b) => b.pgbench)?.pgbench?.version ?? PGBENCH;
    }
    for (const backend of backends) {
      const runnable = selected.filter((s) => s.backends.includes(backend));
      if (!runnable.length) continue;
      if (backend === 'postgres' && !adminUrl) {
        for (const s of runnable)
          scenarioResults.push({
            ...baseResult(s, backend, baselines),
            status: 'skipped',
            problems: ['BENCH_DATABASE_URL is not set'],
          });
        continue;
      }
      scenarioResults.push(...(await runBackend(backend, runnable, o, adminUrl, baselines)));
    }
  } finally {
    await cleanupAll();
  }

  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    settings: {
      connections: o.connections,
      durationSeconds: o.duration,
      warmupSeconds: o.warmup,
      serverLogLevel: o.logLevel,
      pgbenchScale: adminUrl ? o.pgbenchScale : null,
    },
    machine,
    baselines,
    scenarios: scenarioResults,
  };
  const out = o.out
    ? path.resolve(o.out)
    : path.join(resultsDir, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${formatReport(report)}\n\nresults: ${path.relative(process.cwd(), out) || out}\n`);
  const bad = scenarioResults.filter((s) => s.status === 'failed' || s.status === 'flagged');
  if (bad.length)
    process.stderr.write(
      `\n  ${bad.length} scenario result(s) failed or flagged: their figures are not valid measurements.\n`,
    );
  return bad.length ? 1 : 0;
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('bench')
    .description(
      "Measure IMR Desk under load next to this machine's own limits (hello-world Fastify; pgbench with BENCH_DATABASE_URL)",
    )
    .option('--scenario <names...>', 'scenarios to run (default: every default scenario; --list shows them)')
    .option(
      '--backend <names...>',
      'back ends: pglite, postgres (postgres needs BENCH_DATABASE_URL)',
      (v: string, prev: Backend[] | undefined) => {
        if (!BACKENDS.includes(v as Backend)) throw new InvalidArgumentError(`must be one of ${BACKENDS.join(', ')}`);
        return [...(prev ?? []), v as Backend];
      },
    )
    .option('--duration <seconds>', 'measured seconds per load run and per pgbench run', intOption(1, 600), 10)
    .option('--warmup <seconds>', 'unmeasured seconds of load before each measurement', intOption(0, 60), 2)
    .option('--connections <n>', 'concurrent connections (autocannon) and clients (pgbench -c)', intOption(1, 256), 8)
    .option('--out <file>', 'JSON results file (default bench-results/bench-<time>.json)')
    .addOption(
      new Option(
        '--log-level <level>',
        "LOG_LEVEL of the server under test; info, the product's default, logs every request",
      )
        .choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
        .default('info'),
    )
    .option(
      '--pgbench-scale <n>',
      'pgbench -i scale factor (1 = one branch row: every TPC-B transaction queues on it)',
      intOption(1, 100),
      10,
    )
    .option(
      '--cpu-prof',
      'write a V8 CPU profile of each server under test to bench-results/profiles/<backend>/ (open in Chrome DevTools)',
    )
    .option('--list', 'list the scenarios and exit')
    .addHelpText(
      'after',
      '\nEnvironment: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test adds the pgbench baselines and a run on a fresh PostgreSQL database.',
    )
    .showHelpAfterError()
    .exitOverride();
  try {
    program.parse(argv);
  } catch (e) {
    // Help and version exit 0; a bad option exits 2 like any run that could not measure.
    if (e instanceof CommanderError) process.exitCode = e.exitCode === 0 ? 0 : 2;
    else throw e;
    return;
  }
  try {
    process.exitCode = await run(program.opts<Options>());
  } catch (e) {
    await cleanupAll();
    process.stderr.write(`\nbench failed: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
