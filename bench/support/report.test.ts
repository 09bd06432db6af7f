import { describe, expect, it } from 'vitest';
import type { LoadResult } from './load.ts';
import { formatReport, loadProblems, ratioOf, type BenchReport } from './report.ts';

const load = (o: Partial<LoadResult> = {}): LoadResult => ({
  requestsPerSecond: 1000,
  requests: 10_000,
  latencyMs: { p50: 3, p90: 5, p97_5: 9, p99: 12, average: 3.2, max: 40 },
  errors: 0,
  timeouts: 0,
  non2xx: 0,
  statusCodes: { 200: 10_000 },
  durationSeconds: 10,
  ...o,
});

describe('loadProblems', () => {
  it('passes a clean run', () => {
    expect(loadProblems(load())).toEqual([]);
  });

  it('flags errors, timeouts, non-2xx statuses by code, and a run with no completed request', () => {
    const p = loadProblems(load({ errors: 3, timeouts: 2, non2xx: 7, statusCodes: { 200: 90, 401: 5, 503: 2 } }));
    expect(p).toEqual(['3 connection errors (2 timeouts)', '7 non-2xx responses (401×5, 503×2)']);
    expect(loadProblems(load({ requests: 0, requestsPerSecond: 0, statusCodes: {} }))).toEqual([
      'no request completed',
    ]);
  });
});

describe('ratioOf', () => {
  it('divides by the baseline, and has no ratio without one', () => {
    expect(ratioOf(2500, 5000)).toBe(0.5);
    expect(ratioOf(1000, 3000)).toBe(0.333);
    expect(ratioOf(1000, null)).toBeNull();
    expect(ratioOf(1000, 0)).toBeNull();
  });
});

describe('formatReport', () => {
  const report: BenchReport = {
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    settings: { connections: 8, durationSeconds: 10, warmupSeconds: 2, serverLogLevel: 'info', pgbenchScale: 10 },
    machine: {
      cpus: 2,
      cpuModel: 'Test CPU',
      totalMemoryMb: 2048,
      freeMemoryMb: 1024,
      node: 'v20.20.0',
      platform: 'linux',
      release: '6',
      loadAverage: [1, 1, 1],
    },
    baselines: [
      {
        name: 'hello-world',
        description: 'bare Fastify',
        value: 20_000,
        unit: 'req/s',
        load: load({
          requestsPerSecond: 20_000,
          latencyMs: { p50: 0, p90: 0, p97_5: 1, p99: 1, average: 0.3, max: 5 },
        }),
        loadAverage1m: 1,
      },
      { name: 'pgbench-tpcb', description: 'TPC-B', value: 4000, unit: 'tps', loadAverage1m: 1 },
    ],
    scenarios: [
      {
        scenario: 'auth-me',
        description: 'me',
        backend: 'postgres',
        status: 'ok',
        load: load(),
        problems: [],
        baseline: 'hello-world',
        baselineValue: 20_000,
        ratio: 0.05,
        aim: null,
        loadAverage1m: 1,
      },
      {
        scenario: 'top-ups',
        description: 'post',
        backend: 'postgres',
        status: 'flagged',
        load: load({ requestsPerSecond: 1500, non2xx: 4, statusCodes: { 201: 9996, 422: 4 } }),
        problems: ['4 non-2xx responses (422×4)'],
        baseline: 'pgbench-tpcb',
        baselineValue: 4000,
        ratio: 0.375,
        aim: { atLeast: 0.5, met: false },
        loadAverage1m: 1,
      },
      {
        scenario: 'auth-me',
        description: 'me',
        backend: 'pglite',
        status: 'failed',
        load: null,
        problems: ['server did not start'],
        baseline: 'hello-world',
        baselineValue: 20_000,
        ratio: null,
        aim: null,
        loadAverage1m: null,
      },
    ],
  };
  const text = formatReport(report);
  const row = (scenario: string, backend: string) =>
    text.split('\n').find((l) => l.startsWith(scenario) && l.includes(` ${backend} `))!;

  it('shows each scenario with req/s, latencies (p97.5 bounds p95), errors, baseline, ratio, aim and status', () => {
    expect(row('auth-me', 'postgres').split(/\s{2,}/)).toEqual([
      'auth-me',
      'postgres',
      '1,000.0',
      '3',
      '9',
      '12',
      '0',
      'hello-world 20,000',
      '0.05',
      '-',
      'ok',
    ]);
    expect(row('top-ups', 'postgres').split(/\s{2,}/)).toEqual([
      'top-ups',
      'postgres',
      '1,500.0',
      '3',
      '9',
      '12',
      '4',
      'pgbench-tpcb 4,000',
      '0.38',
      '>= 0.50 MISSED',
      'FLAGGED',
    ]);
  });

  it('explains flagged and failed results below the table, and writes sub-millisecond latency as <1', () => {
    expect(text).toContain('FLAGGED top-ups on postgres: 4 non-2xx responses (422×4)');
    expect(text).toContain('FAILED auth-me on pglite: server did not start');
    expect(text.split('\n').find((l) => l.startsWith('hello-world'))).toMatch(/20,000\.0 req\/s\s+<1\s+1\s+0/);
  });
});
