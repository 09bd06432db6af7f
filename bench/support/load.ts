import autocannon, { type AutocannonRequest } from 'autocannon';
import type { LoadPlan, LoadRequest } from '../types.ts';
import { withTimeout } from './children.ts';
import { assertLoopbackUrl } from './loopback.ts';

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  /** Unmeasured load before the measurement (JIT, caches, pools). */
  warmupSeconds: number;
}

/** What one load run measured. Latencies in milliseconds. */
export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  /** p97.5 bounds p95 from above (autocannon has no p95). */
  latencyMs: { p50: number; p90: number; p97_5: number; p99: number; average: number; max: number };
  /** Connection errors and timeouts. */
  errors: number;
  timeouts: number;
  /** Responses outside 2xx. */
  non2xx: number;
  /** Count by HTTP status. */
  statusCodes: Record<string, number>;
  durationSeconds: number;
}

function toAutocannon(r: LoadRequest): AutocannonRequest {
  const headers = { ...r.headers };
  let body: string | undefined;
  if (r.body !== undefined) {
    body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
  }
  return { method: r.method ?? 'GET', path: r.path, headers, ...(body !== undefined ? { body } : {}) };
}

/** Drives `baseUrl` with autocannon from this process (the server runs in another one): keep-alive, no pipelining. */
export async function runLoad(baseUrl: string, plan: LoadPlan, s: LoadSettings): Promise<LoadResult> {
  assertLoopbackUrl(baseUrl);
  const requests: AutocannonRequest[] =
    'request' in plan ? [toAutocannon(plan.request)] : [{ setupRequest: () => toAutocannon(plan.next()) }];
  const instance = autocannon({
    url: baseUrl,
    connections: s.connections,
    duration: s.durationSeconds,
    pipelining: 1,
    timeout: 10,
    requests,
    ...(s.warmupSeconds > 0 ? { warmup: { connections: s.connections, duration: s.warmupSeconds } } : {}),
  });
  const r = await withTimeout(
    Promise.resolve(instance),
    (s.durationSeconds + s.warmupSeconds + 60) * 1000,
    'the load run',
  );
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = count;
  const seconds = r.duration || s.durationSeconds;
  return {
    // Completed responses over the measured time (autocannon's per-second average drops the partial last second).
    requestsPerSecond: round(r.requests.total / seconds, 1),
    requests: r.requests.total,
    latencyMs: {
      p50: r.latency.p50,
      p90: r.latency.p90,
      p97_5: r.latency.p97_5,
      p99: r.latency.p99,
      average: round(r.latency.average, 2),
      max: r.latency.max,
    },
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes,
    durationSeconds: round(seconds, 2),
  };
}

export const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;
