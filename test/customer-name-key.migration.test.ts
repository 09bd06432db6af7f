/**
 * Migration 0014 keys existing customers by their normalised name: a unique index when the data allows
 * it, otherwise a plain index and a warning that lists the clashing names. Runs on both back ends.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as m0014 from '../src/db/migrations/0014_customer_name_key.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(async () => t.close());

/** Inserts a customer as an older version wrote it (no name_key column). */
async function legacyCustomer(id: string, name: string, createdAt: string): Promise<void> {
  await sql`INSERT INTO organizations (id, kind, name, created_at) VALUES (${`org_${id}`}, 'customer', ${name}, ${createdAt})`.execute(
    t.db.kysely,
  );
  await sql`INSERT INTO customers (id, organization_id, name, time_zone, status, created_at, updated_at)
            VALUES (${id}, ${`org_${id}`}, ${name}, 'UTC', 'active', ${createdAt}, ${createdAt})`.execute(t.db.kysely);
}

/** The migration as the migrator runs it (on an untyped Kysely). */
const migration = () => t.db.kysely as unknown as Kysely<unknown>;

const indexOf = async () =>
  (
    await sql<{
      unique: boolean;
    }>`SELECT i.indisunique AS unique FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'customers_name_key'`.execute(
      t.db.kysely,
    )
  ).rows[0];

describe('migration 0014 (customers.name_key)', () => {
  it('fills the key, lists look-alike names in the log and keeps the index non-unique when existing names clash', async () => {
    await m0014.down(migration());
    await legacyCustomer('cus_legacy1', 'Northwind Freight', '2024-01-01T00:00:00Z');
    await legacyCustomer('cus_legacy2', 'Nor\u200bthwind Freight', '2024-02-01T00:00:00Z');
    await legacyCustomer('cus_legacy3', 'Ｎｏｒｔｈｗｉｎｄ Freight', '2024-03-01T00:00:00Z');
    await legacyCustomer('cus_legacy4', 'Contoso Ltd', '2024-04-01T00:00:00Z');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await m0014.up(migration());
      expect(warn).toHaveBeenCalledTimes(1);
      const log = String(warn.mock.calls[0]![0]);
      expect(log).toContain('1 group(s)');
      expect(log).toContain(
        '"Northwind Freight" (cus_legacy1), "Nor\\u{200b}thwind Freight" (cus_legacy2), "Ｎｏｒｔｈｗｉｎｄ Freight" (cus_legacy3)',
      );
      expect(log).not.toContain('Contoso');
    } finally {
      warn.mockRestore();
    }
    expect(await indexOf()).toEqual({ unique: false });
    const keys = await t.db.kysely
      .selectFrom('customers')
      .select(['id', 'name_key'])
      .where('id', 'like', 'cus_legacy%')
      .orderBy('id')
      .execute();
    expect(keys.map((k) => k.name_key)).toEqual([
      'northwind freight',
      'northwind freight',
      'northwind freight',
      'contoso ltd',
    ]);

    // The service still refuses a new look-alike, naming the oldest customer of that name.
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const r = await call(t.app, admin.auth, 'POST', '/api/v1/customers', {
      name: 'NORTHWIND\u2060 FREIGHT',
      timeZone: 'UTC',
    });
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json()).toMatchObject({ code: 'NAME_TAKEN', detail: expect.stringContaining('"Northwind Freight"') });
  });

  it('creates the unique index once no names clash, and the database then refuses a look-alike key itself', async () => {
    await t.db.kysely.deleteFrom('customers').where('id', 'in', ['cus_legacy2', 'cus_legacy3']).execute();
    await m0014.down(migration());
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await m0014.up(migration());
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    expect(await indexOf()).toEqual({ unique: true });
    await expect(legacyCustomer('cus_legacy5', 'x', '2024-05-01T00:00:00Z')).rejects.toThrow(/name_key/);
    await expect(
      sql`UPDATE customers SET name_key = 'northwind freight' WHERE id = 'cus_legacy4'`.execute(t.db.kysely),
    ).rejects.toMatchObject({ code: '23505', constraint: 'customers_name_key' });
  });
});
