import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementsRepo } from '../src/core/statements/statements.repo.ts';
import type { StatementFigures } from '../src/shared/contracts/statements.ts';
import { makeContact, makeContract, makeCustomer, type TestCustomer } from './support/contract-factories.ts';
import { makeEngagement, type TestEngagement } from './support/engagement-factories.ts';
import { fileExpense } from './support/expense-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, TEST_PUBLIC_URL, type TestEnv } from './support/harness.ts';

/**
 * What the statements promise beyond issuing (issue 14's audit): T&E in the figures by the period's days in
 * the customer's zone, links by reader, the consumption alert among the contract's messages, and statements
 * that are never edited. Runs on PGlite and on PostgreSQL (TEST_DATABASE_URL).
 */
type U = Awaited<ReturnType<typeof makeUserWithToken>>;
let t: TestEnv;
let am: U, irm: U, alice: U;
let customer: TestCustomer;
let contact: { id: string; email: string };
let contract: Awaited<ReturnType<typeof makeContract>>;
let eng: TestEngagement;

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T18:00:00Z' });
  am = await makeUserWithToken(t, { role: 'account_manager' });
  irm = await makeUserWithToken(t, { role: 'ir_manager' });
  alice = await makeUserWithToken(t, { role: 'consultant' });
  customer = await makeCustomer(t, { timeZone: 'America/Los_Angeles', accountTeam: [am.id] });
  contact = await makeContact(t, customer.customerId, { receivesStatements: true });
  contract = await makeContract(t, { customerId: customer.customerId, termStart: '2026-09-01', termEnd: '2027-08-31' });
  eng = await makeEngagement(t, {
    contract,
    team: [
      { userId: alice.id, role: 'lead' },
      { userId: irm.id, role: 'manager' },
    ],
  });
});
afterAll(async () => t.close());

/** Files an expense dated `date` as Alice and, unless told otherwise, has the IR manager approve it. */
async function expense(date: string, amount: number, currency: string, approve = true): Promise<void> {
  const filed = await fileExpense(t, alice.auth, eng.id, { fields: { date, amount, currency } });
  expect(filed.statusCode, filed.body).toBe(201);
  if (!approve) return;
  const approved = await call(t.app, irm.auth, 'POST', `/api/v1/expenses/${filed.json().id}/approve`);
  expect(approved.statusCode, approved.body).toBe(200);
}

const statementOf = async (period: string): Promise<StatementFigures> => {
  const row = await t.db.kysely
    .selectFrom('statements')
    .select('figures')
    .where('contract_id', '=', contract.id)
    .where('period', '=', period)
    .executeTakeFirstOrThrow();
  return row.figures as unknown as StatementFigures;
};

describe('T&E billed at cost in the statement', () => {
  it('counts approved expenses dated in the month (customer zone) per currency; the days either side and unapproved ones not', async () => {
    await expense('2026-09-30', 1_111, 'EUR'); // the day before October
    await expense('2026-10-01', 10_000, 'EUR'); // first day
    await expense('2026-10-31', 2_550, 'USD'); // last day (1 November in UTC from 17:00 in Los Angeles)
    await expense('2026-10-31', 1_000, 'EUR');
    await expense('2026-10-15', 9_999, 'USD', false); // submitted, never approved
    await expense('2026-11-01', 7_777, 'USD'); // the day after
    // 08:00 PST on 2 November has passed in Los Angeles: September and October are due.
    const run = await t.core.services.statements.issueDue();
    expect(run.failed).toEqual([]);
    const october = await statementOf('2026-10');
    expect(october.expenses).toEqual([
      { currency: 'EUR', amountMinor: 11_000, count: 2 },
      { currency: 'USD', amountMinor: 2_550, count: 1 },
    ]);
    expect((await statementOf('2026-09')).expenses).toEqual([{ currency: 'EUR', amountMinor: 1_111, count: 1 }]);
    // The preview of November so far counts the 1 November expense, which no issued statement holds.
    const preview = await call(t.app, am.auth, 'GET', `/api/v1/contracts/${contract.id}/statement-preview`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().period).toBe('2026-11');
    expect(preview.json().figures.expenses).toEqual([{ currency: 'USD', amountMinor: 7_777, count: 1 }]);
  });

  it('names the T&E per currency in the statement email as money; the contact gets portal links, the account team staff ones', async () => {
    const messages = (await statementMessages()).filter((m) => m.payload.subject.includes('October 2026'));
    const toContact = messages.find((m) => m.payload.to.includes(contact.email))!.payload;
    const toTeam = messages.find((m) => m.payload.to.includes(am.email))!.payload;
    expect(messages).toHaveLength(2);
    expect(toContact.text).toMatch(/T&E billed at cost \(EUR\): \S*110\.00/);
    expect(toContact.text).toMatch(/T&E billed at cost \(USD\): \S*25\.50/);
    expect(toContact.text).toContain(`${TEST_PUBLIC_URL}/portal/statements`);
    expect(toTeam.text).toContain(`${TEST_PUBLIC_URL}/contracts/${contract.id}`);
    expect(toTeam.text).not.toContain('/portal/');
    expect(toTeam.html).not.toContain('/portal/');
  });
});

const statementMessages = () =>
  t.db.kysely
    .selectFrom('outbox')
    .select(['payload'])
    .where('contract_id', '=', contract.id)
    .where('topic', '=', 'statement.issued')
    .orderBy('queue_seq')
    .execute();

describe('the consumption alert among the contract’s messages', () => {
  it('lists the 90 % alert with its recipients and delivery state, queued then delivered', async () => {
    await t.db.transaction((trx) =>
      t.core.services.ledger.consume(trx, irm.ctx, { contractId: contract.id, engagementId: eng.id, amount: 36 * 60 }),
    );
    const list = async () => {
      const r = await call(t.app, am.auth, 'GET', `/api/v1/contracts/${contract.id}/messages?limit=50`);
      expect(r.statusCode, r.body).toBe(200);
      return (
        r.json().items as { topic: string; topicLabel: string; subject: string; to: string[]; status: string }[]
      ).filter((m) => m.topic === 'ledger.threshold_crossed');
    };
    const queued = await list();
    expect(queued.length).toBeGreaterThan(0);
    const ninety = queued.filter((m) => m.subject.includes('90 %'));
    expect(ninety.flatMap((m) => m.to).sort()).toEqual([contact.email, am.email].sort());
    for (const m of ninety) expect(m).toMatchObject({ topicLabel: 'Consumption alert', status: 'queued' });
    for (let i = 0; i < 5; i++) await t.core.services.delivery.deliverDue(100);
    const delivered = (await list()).filter((m) => m.subject.includes('90 %'));
    expect(delivered.map((m) => m.status)).toEqual(ninety.map(() => 'delivered'));
    // A portal user of the customer may not read the contract's messages.
    const viewer = await makeUserWithToken(t, { role: 'customer_viewer', organizationId: customer.organizationId });
    const refused = await call(t.app, viewer.auth, 'GET', `/api/v1/contracts/${contract.id}/messages`);
    expect(refused.statusCode).toBe(403);
  });
});

describe('statements are never edited', () => {
  it('the database refuses an UPDATE and a DELETE of an issued statement, which stays as it was', async () => {
    const before = await t.db.kysely
      .selectFrom('statements')
      .selectAll()
      .where('contract_id', '=', contract.id)
      .execute();
    expect(before.length).toBeGreaterThan(0);
    await expect(
      t.db.kysely
        .updateTable('statements')
        .set({ figures: sql`'{}'::jsonb` })
        .where('id', '=', before[0]!.id)
        .execute(),
    ).rejects.toThrow(/statements is append-only/);
    await expect(t.db.kysely.deleteFrom('statements').where('id', '=', before[0]!.id).execute()).rejects.toThrow(
      /append-only|not allowed|cannot/i,
    );
    const after = await t.db.kysely
      .selectFrom('statements')
      .selectAll()
      .where('contract_id', '=', contract.id)
      .execute();
    expect(after).toEqual(before);
  });

  it('and no code path writes one twice: the repository inserts, never updates or deletes', () => {
    const methods = Object.keys(statementsRepo);
    expect(methods).toContain('insert');
    expect(methods.filter((m) => /^(update|delete|remove|edit|set|upsert)/i.test(m))).toEqual([]);
  });
});
