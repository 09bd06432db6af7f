import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../src/db/create-db.ts';
import { createCore } from '../src/main/core.ts';
import { makeContact, makeContract, makeCustomer } from './support/contract-factories.ts';
import { onPostgres } from './support/db.ts';
import { makeUserWithToken } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

/**
 * Two workers issuing the same period on PostgreSQL: each with its own core and its own connection pool (as
 * two processes have), racing. The unique (contract, period) key leaves one statement per contract and period,
 * one message per recipient and one stored PDF. PGlite has one connection, so this is PostgreSQL only.
 */
describe.runIf(onPostgres())('statements issued by two workers with separate pools (PostgreSQL)', () => {
  let t: TestEnv;
  let otherDb: Db;

  beforeAll(async () => {
    t = await createTestEnv({ now: '2026-11-02T18:00:00Z' });
    // The same database through a second pool: the URL of the test's database, another pg.Pool.
    const name = (await sql<{ db: string }>`SELECT current_database() AS db`.execute(t.db.kysely)).rows[0]!.db;
    const url = new URL(process.env['TEST_DATABASE_URL']!);
    url.pathname = `/${name}`;
    otherDb = await createDb({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  });
  afterAll(async () => {
    await otherDb?.close();
    await t?.close();
  });

  it('leaves one statement per contract and period, one message per recipient, one PDF each', async () => {
    const am = await makeUserWithToken(t, { role: 'account_manager' });
    const contracts = [];
    for (let i = 0; i < 6; i++) {
      const customer = await makeCustomer(t, { timeZone: 'America/Los_Angeles', accountTeam: [am.id] });
      await makeContact(t, customer.customerId, { receivesStatements: true });
      contracts.push(
        await makeContract(t, { customerId: customer.customerId, termStart: '2026-09-01', termEnd: '2027-08-31' }),
      );
    }
    const ids = contracts.map((c) => c.id);
    // The second worker: its own core on its own pool and id generator, the same clock (the same instant).
    const worker2 = createCore({ config: t.config, db: otherDb, clock: t.clock });
    try {
      const runs = await Promise.all([
        t.core.services.statements.issueDue(),
        worker2.services.statements.issueDue(),
        t.core.services.statements.issueDue(),
        worker2.services.statements.issueDue(),
      ]);
      expect(runs.flatMap((r) => r.failed)).toEqual([]);
      const issued = runs.flatMap((r) => r.issued).filter((s) => ids.includes(s.contractId));
      expect(issued).toHaveLength(ids.length * 2); // September and October, each issued by exactly one run
    } finally {
      await worker2.close();
    }
    const rows = await t.db.kysely
      .selectFrom('statements')
      .select(['contract_id', 'period', 'file_id'])
      .where('contract_id', 'in', ids)
      .execute();
    expect(rows).toHaveLength(ids.length * 2);
    expect(new Set(rows.map((r) => `${r.contract_id} ${r.period}`)).size).toBe(ids.length * 2);
    const messages = await t.db.kysely
      .selectFrom('outbox')
      .select(['contract_id'])
      .where('contract_id', 'in', ids)
      .where('topic', '=', 'statement.issued')
      .execute();
    expect(messages).toHaveLength(ids.length * 2 * 2); // the contact and the account manager, per statement
    const files = await t.db.kysely
      .selectFrom('stored_files')
      .select('id')
      .where(
        'id',
        'in',
        rows.map((r) => r.file_id),
      )
      .execute();
    expect(files).toHaveLength(rows.length);
    const pdfs = await t.db.kysely
      .selectFrom('stored_files')
      .select('id')
      .where('original_name', 'like', 'STM-%.pdf')
      .execute();
    expect(pdfs).toHaveLength(rows.length); // the losers' PDFs rolled back with their transactions
  });
});
