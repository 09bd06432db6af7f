import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { answerProblem, codeOf, detailOf, pastValidation, snapshot, writesOf } from './judge.ts';
import { FINAL_OPERATIONS, operationsOf, type Operation } from './operations.ts';
import { hostilePlanArb, isHostileRound, validPlanArb, type Plan } from './plan.ts';
import { createSender, inject } from './send.ts';
import type { Actor, FuzzWorld } from './world.ts';

export interface Failure {
  n: number;
  op: string;
  role: Plan['role'];
  mutation: string;
  url: string;
  status: number;
  problem: string;
  body: string;
  /** The request's other headers and its body, shortened. */
  sent: string;
}

export interface RouteStats {
  total: number;
  past: number;
  /** Why schema-valid requests were stopped at validation anyway (detail → count): a hint for the generator. */
  validStopped: Map<string, number>;
}

export interface FuzzResult {
  seed: number;
  requests: number;
  durationMs: number;
  failures: Failure[];
  routes: Map<string, RouteStats>;
  codes: Map<string, number>;
  reSignIns: number;
  /** Requests Node refused to build (an illegal header value): not sent, not counted. */
  unsendable: number;
}

/** A small seeded generator for the schedule (the order of routes in each round). */
function shuffled<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/**
 * Sends `runs` requests (rounded up to whole rounds over every operation), each generated from
 * seed + its number, so a run replays exactly from its seed. Operations that end access or a contract
 * run in a final phase. After a 401, the actor is signed in again if its session or token is gone.
 */
export async function runFuzz(
  world: FuzzWorld,
  o: { seed: number; runs: number; log: (line: string) => void },
): Promise<FuzzResult> {
  const started = Date.now();
  const { operations, resolve } = operationsOf(world.t.app);
  const ctx = (op: Operation) => ({ resolve, now: world.t.clock.now(), opKey: op.key });
  const valid = new Map(operations.map((op) => [op.key, validPlanArb(op, ctx(op))]));
  const hostile = new Map(operations.map((op) => [op.key, hostilePlanArb(op, ctx(op))]));
  const sender = await createSender(world);
  const rounds = Math.max(1, Math.ceil(o.runs / operations.length));
  const main = operations.filter((op) => !FINAL_OPERATIONS.has(op.key));
  const final = operations.filter((op) => FINAL_OPERATIONS.has(op.key));
  const schedule: { op: Operation; round: number; finalPhase: boolean }[] = [];
  for (let r = 0; r < rounds; r++)
    for (const op of shuffled(main, o.seed + r)) schedule.push({ op, round: r, finalPhase: false });
  for (let r = 0; r < rounds; r++)
    for (const op of shuffled(final, o.seed + r)) schedule.push({ op, round: r, finalPhase: true });

  const result: FuzzResult = {
    seed: o.seed,
    requests: 0,
    durationMs: 0,
    failures: [],
    routes: new Map(),
    codes: new Map(),
    reSignIns: 0,
    unsendable: 0,
  };
  let before = await snapshot(world.t.db, '-');
  for (const [n, { op, round, finalPhase }] of schedule.entries()) {
    if (n % 150 === 0) await world.refreshPools();
    if (n % 500 === 0 && n)
      o.log(
        `fuzz: ${n}/${schedule.length} requests, ${result.failures.length} failures, ${Math.round((Date.now() - started) / 1000)} s`,
      );
    const plan = fc.sample((isHostileRound(round) ? hostile : valid).get(op.key)!, {
      seed: (o.seed + n) | 0,
      numRuns: 1,
    })[0]!;
    const requestId = `fz-${o.seed}-${n}`;
    const req = sender.build(op, plan, { requestId, allowProtected: op.method === 'GET' || finalPhase });
    const res = await inject(world, req);
    if ('clientError' in res) {
      result.unsendable++;
      continue;
    }
    result.requests++;
    const after = await snapshot(world.t.db, requestId);
    const fail = (problem: string) =>
      result.failures.push({
        n,
        op: op.key,
        role: plan.role,
        mutation: plan.mutation,
        url: clip(req.url, 200),
        status: res.statusCode,
        problem,
        body: clip(res.body),
        sent: sentOf(req),
      });
    const bad = answerProblem(res);
    if (bad) fail(bad);
    if (res.statusCode >= 400) {
      const writes = writesOf(before, after);
      if (writes.length) fail(`refused (${res.statusCode}) but wrote: ${writes.join(', ')}`);
    }
    before = after;
    const stats = result.routes.get(op.key) ?? { total: 0, past: 0, validStopped: new Map() };
    stats.total++;
    if (pastValidation(res)) stats.past++;
    else if (plan.mutation === 'valid') {
      const detail = clip(detailOf(res), 160);
      stats.validStopped.set(detail, (stats.validStopped.get(detail) ?? 0) + 1);
    }
    result.routes.set(op.key, stats);
    const code = `${res.statusCode} ${codeOf(res)}`;
    result.codes.set(code, (result.codes.get(code) ?? 0) + 1);
    rememberCursor(sender.cursors, op, res);
    if (process.env['FUZZ_TRACE'] && op.key.includes(process.env['FUZZ_TRACE']))
      o.log(
        `TRACE #${n} ${plan.role} ${plan.mutation} ${req.url.slice(0, 150)} → ${res.statusCode} ${res.body.slice(0, 200)}`,
      );
    if (res.statusCode === 401 && plan.role !== 'anon')
      result.reSignIns += await keepSignedIn(world, plan.role === 'admin' ? world.admin : world.customer, o.log);
  }
  result.durationMs = Date.now() - started;
  return result;
}

function sentOf(req: { headers?: unknown; payload?: unknown }): string {
  const headers = Object.entries((req.headers ?? {}) as Record<string, string>).filter(
    ([k]) => !['authorization', 'cookie', 'x-csrf-token', 'x-request-id'].includes(k),
  );
  const form =
    req.payload instanceof FormData
      ? [...req.payload.entries()]
          .map(
            ([k, v]) =>
              `${k}=${typeof v === 'string' ? JSON.stringify(v.slice(0, 80)) : `(file ${v.name}, ${v.type}, ${v.size} bytes)`}`,
          )
          .join('; ')
      : undefined;
  const payload =
    typeof req.payload === 'string'
      ? req.payload
      : Buffer.isBuffer(req.payload)
        ? req.payload.toString('latin1')
        : (form ?? '');
  return clip(`${JSON.stringify(Object.fromEntries(headers))} ${payload}`, 400);
}

function rememberCursor(cursors: Map<string, string>, op: Operation, res: LightMyRequestResponse): void {
  if (
    op.method !== 'GET' ||
    res.statusCode !== 200 ||
    !String(res.headers['content-type']).startsWith('application/json')
  )
    return;
  try {
    const next = (JSON.parse(res.body) as { nextCursor?: unknown }).nextCursor;
    if (typeof next === 'string') cursors.set(op.key, next);
  } catch {
    // a list that is not JSON has no cursor
  }
}

/** After a 401: is the actor's session or token still good? If not, sign in again (1), else 0. */
async function keepSignedIn(world: FuzzWorld, actor: Actor, log: (line: string) => void): Promise<number> {
  const me = await world.t.app.inject({
    method: 'GET',
    url: '/api/v1/auth/me',
    headers:
      actor.via === 'token' && actor.auth && 'token' in actor.auth
        ? { authorization: `Bearer ${actor.auth.token}` }
        : actor.auth && 'cookie' in actor.auth
          ? { cookie: actor.auth.cookie }
          : {},
  });
  if (me.statusCode === 200) return 0;
  try {
    await world.reSignIn(actor);
    return 1;
  } catch (e) {
    log(`fuzz: ${actor.email} could not sign in again: ${(e as Error).message}`);
    return 0;
  }
}
