import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, groupFailures, shareSummary } from './support/report.ts';
import { runFuzz, type FuzzResult } from './support/runner.ts';
import { createFuzzWorld, type FuzzWorld } from './support/world.ts';

/**
 * The API fuzz suite (`npm run test:fuzz`): every route and method of the OpenAPI document, with
 * schema-valid, boundary and hostile requests from a seeded generator, as an admin (bearer token), a
 * customer approver (cookie session) and nobody, on the demo data set. FUZZ_SEED replays a run;
 * FUZZ_RUNS changes the number of requests (default 6,000); FUZZ_TRACE=<part of a route> prints those
 * requests and answers; FUZZ_FAILURES_FILE writes every failure (not only each group's first) as JSON lines.
 */
const seed = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : Math.floor(Math.random() * 2 ** 31);
const runs = process.env['FUZZ_RUNS'] ? Number(process.env['FUZZ_RUNS']) : 6000;

let world: FuzzWorld;
let result: FuzzResult;
beforeAll(async () => {
  console.log(`fuzz seed ${seed}, ${runs} requests (replay with FUZZ_SEED=${seed})`);
  world = await createFuzzWorld();
});
afterAll(async () => world?.close());

describe(`API fuzz (seed ${seed})`, () => {
  it('answers every request without a 5xx, every error as problem+json, and refused requests write nothing', async () => {
    result = await runFuzz(world, { seed, runs, log: (line) => console.log(line) });
    console.log(formatReport(result));
    const file = process.env['FUZZ_FAILURES_FILE'];
    if (file) fs.writeFileSync(file, result.failures.map((f) => JSON.stringify(f)).join('\n'));
    expect(result.requests).toBeGreaterThanOrEqual(runs * 0.95);
    const groups = groupFailures(result.failures).map((g) => g.split('\n')[0]);
    expect(groups, `seed ${seed}: ${result.failures.length} failures (examples in the report above)`).toEqual([]);
  });

  it('sees the writes it looks for: accepted requests left audit rows under the request ids it sent', async () => {
    expect(result, 'the fuzz run did not complete').toBeDefined();
    const audited = await world.t.db.kysely
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('request_id', 'like', `fz-${seed}-%`)
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBeGreaterThan(result.requests / 100);
  });

  it('reaches past validation: on every route at least a third of the requests are accepted or refused by a rule', () => {
    expect(result, 'the fuzz run did not complete').toBeDefined();
    const s = shareSummary(result);
    expect(
      s.below.map(([route, share]) => `${route}: ${Math.round(share * 100)} %`),
      `seed ${seed}`,
    ).toEqual([]);
  });
});
