import type { Failure, FuzzResult } from './runner.ts';

/** The share of a route's requests that got past validation (see judge.ts pastValidation). */
export const share = (s: { total: number; past: number }): number => (s.total ? s.past / s.total : 0);

export function shareSummary(r: FuzzResult): { min: number; median: number; below: [string, number][] } {
  const shares = [...r.routes.entries()].map(([k, s]) => [k, share(s)] as [string, number]).sort((a, b) => a[1] - b[1]);
  const median = shares.length ? shares[Math.floor(shares.length / 2)]![1] : 0;
  return { min: shares[0]?.[1] ?? 0, median, below: shares.filter(([, v]) => v < 1 / 3) };
}

/** Failures grouped by route and kind of problem, each group with its first example. */
export function groupFailures(failures: Failure[]): string[] {
  const groups = new Map<string, Failure[]>();
  for (const f of failures) {
    const kind = f.problem
      .replace(/\d+ (audit row|stored file|outbox message)/g, 'n $1')
      .replace(/^\d{3} /, `${f.status} `);
    const key = `${f.op} — ${kind}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.entries()].map(([key, fs]) => {
    const f = fs[0]!;
    return `${key} ×${fs.length}\n    e.g. #${f.n} as ${f.role}, ${f.mutation}: ${f.url}\n    → ${f.body}`;
  });
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** The run's report: seed, counts, time, answers by code, and the valid share per route. */
export function formatReport(r: FuzzResult): string {
  const s = shareSummary(r);
  const codes = [...r.codes.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c}: ${n}`)
    .join(', ');
  const routes = [...r.routes.entries()]
    .sort((a, b) => share(a[1]) - share(b[1]))
    .map(([k, v]) => {
      const line = `  ${pct(share(v)).padStart(5)}  ${v.past}/${v.total}  ${k}`;
      if (share(v) >= 0.5 || v.validStopped.size === 0) return line;
      const why = [...v.validStopped.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([d, n]) => `\n         valid request stopped ×${n}: ${d}`);
      return line + why.join('');
    });
  return [
    `fuzz seed ${r.seed} (replay: FUZZ_SEED=${r.seed} npm run test:fuzz)`,
    `${r.requests} requests over ${r.routes.size} routes in ${(r.durationMs / 1000).toFixed(1)} s; ${r.reSignIns} re-sign-ins; ${r.unsendable} not sendable by Node`,
    `answers: ${codes}`,
    `past validation per route: min ${pct(s.min)}, median ${pct(s.median)}`,
    ...routes,
    `${r.failures.length} failures`,
    ...groupFailures(r.failures),
  ].join('\n');
}
