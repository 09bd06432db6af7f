/**
 * Migration 0031 numbers the requests an older version recorded, in the order they were created, per UTC year,
 * and starts the yearly counters after them. Runs on both back ends.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0031 from '../src/db/migrations/0031_request_numbers.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { makeRequestWorld } from './support/request-factories.ts';

let t: TestEnv;
let w: Awaited<ReturnType<typeof makeRequestWorld>>;
beforeAll(async () => {
  t = await createTestEnv({ now: '2026-01-05T10:00:00Z' });
  w = await makeRequestWorld(t);
});
afterAll(async () => t.close());

const migration = () => t.db.kysely as unknown as Kysely<unknown>;

async function emergencyAt(at: string): Promise<string> {
  t.clock.set(at);
  const r = await call(t.app, w.irManager.auth, 'POST', '/api/v1/requests', {
    kind: 'emergency',
    contractId: w.contract.id,
    incidentType: 'ransomware',
    severity: 'P2',
    description: 'Encrypted shares',
    channel: 'hotline',
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

describe('migration 0031 (request numbers)', () => {
  it('numbers existing requests in created order per year, and new ones follow', async () => {
    const b = await emergencyAt('2026-01-05T10:00:00Z');
    const a = await emergencyAt('2025-12-30T23:30:00Z');
    const c = await emergencyAt('2026-01-06T08:00:00Z');
    await m0031.down(migration());
    await m0031.up(migration());
    const numbers = Object.fromEntries(
      (await t.db.kysely.selectFrom('service_requests').select(['id', 'number']).execute()).map((r) => [
        r.id,
        r.number,
      ]),
    );
    expect([numbers[a], numbers[b], numbers[c]]).toEqual(['REQ-2025-0001', 'REQ-2026-0001', 'REQ-2026-0002']);
    const next = await emergencyAt('2026-01-07T08:00:00Z');
    const shown = await call(t.app, w.irManager.auth, 'GET', `/api/v1/requests/${next}`);
    expect(shown.json().number).toBe('REQ-2026-0003');
  });
});
