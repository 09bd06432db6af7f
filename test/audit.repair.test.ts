import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditInsertFromJson } from '../src/core/audit/audit.repo.ts';
import { down, up } from '../src/db/migrations/0013_audit_json_objects.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

// Migration 0013 repairs the audit events effort's optimistic path wrote before its fix: `after` (or
// `before`) stored as a JSON string holding the object's JSON text, which the audit log could not list.

let t: TestEnv;
let admin: Awaited<ReturnType<typeof makeUserWithToken>>;

beforeAll(async () => {
  t = await createTestEnv();
  admin = await makeUserWithToken(t, { role: 'admin' });
});
afterAll(async () => t.close());

const broken = {
  entryId: 'eff_1',
  userId: 'usr_1',
  date: '2026-11-02',
  minutes: 15,
  activity: 'analysis',
  amount: 15,
  billingStatus: 'consumed',
  ledgerEntryId: 'led_1',
};

/** Writes an event exactly as the old statement did: the row read from a JSON document whose before/after were JSON text. */
async function writeAsTheOldWriterDid(id: string, before: object | null, after: object | null): Promise<void> {
  const audit = {
    id,
    at: t.clock.now(),
    actor_type: 'system',
    actor_id: null,
    actor_label: 'system (test)',
    organization_id: null,
    action: 'effort.logged',
    entity_type: 'engagement',
    entity_id: 'eng_repair',
    before: before && JSON.stringify(before),
    after: after && JSON.stringify(after),
    channel: 'api',
    request_id: null,
    ip: null,
  };
  await sql`WITH s AS (SELECT ${JSON.stringify(audit)}::jsonb AS audit) ${sql.raw(auditInsertFromJson('s', 'audit'))}`.execute(
    t.db.kysely,
  );
}

const stored = async () =>
  (
    await sql<{ id: string; before: unknown; after: unknown; before_type: string | null; after_type: string | null }>`
    SELECT id, before, after, jsonb_typeof(before) AS before_type, jsonb_typeof(after) AS after_type FROM audit_events WHERE entity_id = 'eng_repair' ORDER BY id`.execute(
      t.db.kysely,
    )
  ).rows;

describe('migration 0013: audit events stored as JSON strings', () => {
  it('turns them into the objects they spell, leaves the rest alone, and keeps the table append-only', async () => {
    await writeAsTheOldWriterDid('aud_repair_1', null, broken);
    await writeAsTheOldWriterDid('aud_repair_2', { minutes: 10 }, { minutes: 20 });
    await t.db.kysely
      .insertInto('audit_events')
      .values({ ...(await healthy()) })
      .execute();
    expect((await stored()).map((r) => [r.id, r.before_type, r.after_type])).toEqual([
      ['aud_repair_1', null, 'string'],
      ['aud_repair_2', 'string', 'string'],
      ['aud_repair_3', null, 'object'],
    ]);
    expect((await call(t.app, admin.auth, 'GET', '/api/v1/audit?entityId=eng_repair')).statusCode).toBe(500);

    await t.db.transaction((trx) => up(trx as unknown as Kysely<unknown>)); // as the migrator runs it: in one transaction

    expect((await stored()).map((r) => [r.id, r.before, r.after])).toEqual([
      ['aud_repair_1', null, broken],
      ['aud_repair_2', { minutes: 10 }, { minutes: 20 }],
      ['aud_repair_3', null, { untouched: true }],
    ]);
    const page = await call(t.app, admin.auth, 'GET', '/api/v1/audit?entityId=eng_repair');
    expect(page.statusCode).toBe(200);
    expect(page.json().items.map((x: { after: unknown }) => x.after)).toEqual([
      { untouched: true },
      { minutes: 20 },
      broken,
    ]);
    // the trigger is back: the table refuses changes again
    await expect(
      sql`UPDATE audit_events SET action = 'x' WHERE id = 'aud_repair_1'`.execute(t.db.kysely),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events WHERE id = 'aud_repair_1'`.execute(t.db.kysely)).rejects.toThrow(
      /append-only/,
    );
    // a second run finds nothing to repair, and down changes nothing
    await t.db.transaction((trx) => up(trx as unknown as Kysely<unknown>));
    await down();
    expect((await stored()).map((r) => r.after)).toEqual([broken, { minutes: 20 }, { untouched: true }]);
  });
});

async function healthy() {
  return {
    id: 'aud_repair_3',
    at: t.clock.now(),
    actor_type: 'system' as const,
    actor_id: null,
    actor_label: 'system (test)',
    organization_id: null,
    action: 'effort.logged',
    entity_type: 'engagement',
    entity_id: 'eng_repair',
    before: null,
    after: JSON.stringify({ untouched: true }),
    channel: 'api',
    request_id: null,
    ip: null,
  };
}
