import type { Backend, BaselineName } from '../types.ts';
import type { LoadResult } from './load.ts';
import { round } from './load.ts';
import type { MachineInfo } from './machine.ts';
import type { PgbenchResult } from './pgbench.ts';

export interface BaselineResult {
  name: BaselineName;
  description: string;
  /** req/s (hello-world) or tps (pgbench). */
  value: number;
  unit: 'req/s' | 'tps';
  load?: LoadResult;
  pgbench?: PgbenchResult;
  loadAverage1m: number;
}

export type ScenarioStatus = 'ok' | 'flagged' | 'failed' | 'skipped';

export interface ScenarioResult {
  scenario: string;
  description: string;
  backend: Backend;
  status: ScenarioStatus;
  load: LoadResult | null;
  /** Why a result is flagged (errors, non-2xx responses, failed verification) or why it failed or was skipped. */
  problems: string[];
  /** `hello-world`, `pgbench-tpcb`, `pgbench-select`, or `scenario <name>` (same back end). */
  baseline: string;
  baselineValue: number | null;
  /** req/s ÷ the baseline's value (req/s or tps), or null when it was not measured. */
  ratio: number | null;
  aim: { atLeast: number; met: boolean | null } | null;
  loadAverage1m: number | null;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  settings: {
    connections: number;
    durationSeconds: number;
    warmupSeconds: number;
    serverLogLevel: string;
    pgbenchScale: number | null;
  };
  machine: MachineInfo;
  baselines: BaselineResult[];
  scenarios: ScenarioResult[];
}

/** A result with errors or non-2xx responses is flagged: its throughput measured something else. */
export function loadProblems(load: LoadResult): string[] {
  const problems: string[] = [];
  if (load.errors > 0) problems.push(`${load.errors} connection errors (${load.timeouts} timeouts)`);
  if (load.non2xx > 0) {
    const codes = Object.entries(load.statusCodes)
      .filter(([c]) => !c.startsWith('2'))
      .map(([c, n]) => `${c}×${n}`)
      .join(', ');
    problems.push(`${load.non2xx} non-2xx responses (${codes})`);
  }
  if (load.requests === 0) problems.push('no request completed');
  return problems;
}

/** ratio = scenario req/s ÷ baseline (req/s or tps), two decimals; null when the baseline was not measured. */
export function ratioOf(requestsPerSecond: number, baselineValue: number | null): number | null {
  if (baselineValue === null || baselineValue <= 0) return null;
  return round(requestsPerSecond / baselineValue, 3);
}

/** Two decimals, or the three that `ratioOf` keeps when the ratio is small (0.004 is not 0.00). */
const ratioText = (ratio: number): string => (ratio >= 0.1 ? ratio.toFixed(2) : String(ratio));

/** autocannon measures latency in whole milliseconds: 0 means under one. */
const ms = (n: number) => (n === 0 ? '<1' : String(n));
const num = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(header: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The human-readable report printed on stdout. */
export function formatReport(r: BenchReport): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    `IMR Desk benchmark  ${r.startedAt}`,
    `machine: ${m.cpus} × ${m.cpuModel}, ${num(m.totalMemoryMb)} MB, Node ${m.node}, load average ${m.loadAverage.map((x) => x.toFixed(2)).join(' ')} at start`,
    `load: ${r.settings.connections} connections, ${r.settings.durationSeconds} s measured after ${r.settings.warmupSeconds} s warm-up; server log level ${r.settings.serverLogLevel}`,
    '',
    'Baselines (this machine, same run)',
  );
  const bRows = r.baselines.map((b) => [
    b.name,
    `${num(b.value, 1)} ${b.unit}`,
    b.load ? ms(b.load.latencyMs.p50) : b.pgbench?.latencyAverageMs != null ? `avg ${b.pgbench.latencyAverageMs}` : '-',
    b.load ? ms(b.load.latencyMs.p99) : '-',
    b.load ? `${b.load.errors + b.load.non2xx}` : `${b.pgbench?.failedTransactions ?? '-'}`,
    b.description,
  ]);
  out.push(table(['baseline', 'throughput', 'p50 ms', 'p99 ms', 'errors', 'what'], bRows, new Set([1, 2, 3, 4])));
  if (!r.baselines.some((b) => b.name !== 'hello-world'))
    out.push('(pgbench baselines not measured: set BENCH_DATABASE_URL to a PostgreSQL admin URL on 127.0.0.1)');
  out.push('', 'Scenarios');
  const sRows = r.scenarios.map((s) => {
    const l = s.load;
    const aim = !s.aim
      ? '-'
      : `>= ${s.aim.atLeast.toFixed(2)} ${s.aim.met === null ? 'n/a' : s.aim.met ? 'met' : 'MISSED'}`;
    return [
      s.scenario,
      s.backend,
      l ? num(l.requestsPerSecond, 1) : '-',
      l ? ms(l.latencyMs.p50) : '-',
      l ? ms(l.latencyMs.p97_5) : '-',
      l ? ms(l.latencyMs.p99) : '-',
      l ? `${l.errors + l.non2xx}` : '-',
      s.baselineValue !== null ? `${s.baseline} ${num(s.baselineValue, 0)}` : `${s.baseline} -`,
      s.ratio !== null ? ratioText(s.ratio) : '-',
      aim,
      s.status === 'ok' ? 'ok' : s.status.toUpperCase(),
    ];
  });
  out.push(
    table(
      ['scenario', 'backend', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'errors', 'baseline', 'ratio', 'aim', 'status'],
      sRows,
      new Set([2, 3, 4, 5, 6, 8]),
    ),
  );
  const notes = r.scenarios.filter((s) => s.problems.length);
  if (notes.length) {
    out.push('');
    for (const s of notes)
      out.push(`${s.status.toUpperCase()} ${s.scenario} on ${s.backend}: ${s.problems.join('; ')}`);
  }
  out.push(
    '',
    'ratio = scenario req/s ÷ baseline (hello-world req/s, or pgbench tps); errors = connection errors + non-2xx responses.',
  );
  return out.join('\n');
}
