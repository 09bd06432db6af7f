import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailboxTransport, type MailTransport } from '../src/core/mail/transport.ts';
import { createCore } from '../src/main/core.ts';
import type { StatementFigures } from '../src/shared/contracts/statements.ts';
import { makeContact, makeCustomer, makeContract, type TestCustomer } from './support/contract-factories.ts';
import { createTestDb } from './support/db.ts';
import { makeEngagement, type TestEngagement } from './support/engagement-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { pdfText } from './support/pdf-text.ts';

type U = Awaited<ReturnType<typeof makeUserWithToken>>;
let t: TestEnv;
let admin: U, am: U, alice: U, viewer: U, otherViewer: U;
let customer: TestCustomer, other: TestCustomer;
let contactYes: { id: string; email: string }, contactNo: { id: string; email: string };
let strangerContact: { id: string; email: string };
let eng: TestEngagement;
/** The mail server: down until told otherwise. */
let mailDown = false;

beforeAll(async () => {
  const db = await createTestDb();
  const mailbox: { inner?: MailTransport } = {};
  const transport: MailTransport = {
    kind: 'mailbox',
    async send(mail) {
      if (mailDown) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNREFUSED' });
      await mailbox.inner!.send(mail);
    },
    async close() {},
  };
  t = await createTestEnv({ now: '2026-03-02T00:00:00Z', db, transport });
  mailbox.inner = createMailboxTransport({ db, clock: t.clock, ids: t.core.ids });
  admin = await makeUserWithToken(t, { role: 'admin' });
  am = await makeUserWithToken(t, { role: 'account_manager' });
  alice = await makeUserWithToken(t, { role: 'consultant' });
  customer = await makeCustomer(t, { timeZone: 'America/Los_Angeles', accountTeam: [am.id] });
  other = await makeCustomer(t, { timeZone: 'Pacific/Auckland' });
  viewer = await makeUserWithToken(t, { role: 'customer_viewer', organizationId: customer.organizationId });
  otherViewer = await makeUserWithToken(t, { role: 'customer_viewer', organizationId: other.organizationId });
  contactYes = await makeContact(t, customer.customerId, { receivesStatements: true });
  contactNo = await makeContact(t, customer.customerId, { receivesStatements: false });
  strangerContact = await makeContact(t, other.customerId, { receivesStatements: true });
});
afterAll(async () => t.close());

const api = (u: U | null, method: 'GET' | 'POST', url: string, body?: unknown) =>
  call(t.app, u?.auth ?? null, method, url, body);
const statementsOf = (contractId: string) =>
  t.db.kysely.selectFrom('statements').selectAll().where('contract_id', '=', contractId).orderBy('period').execute();
const count = async (table: 'statements' | 'outbox' | 'audit_events' | 'stored_files') =>
  Number(
    (
      await t.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const log = async (minutes: number, activity: string) => {
  const r = await api(alice, 'POST', `/api/v1/engagements/${eng.id}/effort`, { minutes, activity });
  expect(r.statusCode, r.body).toBe(201);
};

/** The balance of a contract replayed from its raw entries posted before `end` (SQL, independent of the app). */
async function replayedBefore(contractId: string, end: Date): Promise<number> {
  const r = await sql<{ total: string | null }>`
    SELECT sum(
      CASE coalesce(x.kind, e.kind)
        WHEN 'grant' THEN 1 WHEN 'top_up' THEN 1 WHEN 'rollover_in' THEN 1 WHEN 'adjustment' THEN 1
        WHEN 'consume' THEN -1 WHEN 'minimum_true_up' THEN -1 WHEN 'expire' THEN -1 WHEN 'rollover_out' THEN -1
        ELSE 0 END * CASE WHEN e.kind = 'reversal' THEN -x.amount ELSE e.amount END) AS total
    FROM ledger_entries e LEFT JOIN ledger_entries x ON x.id = e.reverses_id
    WHERE e.contract_id = ${contractId} AND e.created_at < ${end}`.execute(t.db.kysely);
  return Number(r.rows[0]?.total ?? 0);
}

const movementSum = (f: StatementFigures) =>
  f.movements.granted.amount +
  f.movements.toppedUp.amount +
  f.movements.rolledOverIn.amount +
  f.movements.adjusted.amount -
  f.movements.consumed.amount -
  f.movements.minimumTrueUps.amount -
  f.movements.expired.amount -
  f.movements.rolledOverOut.amount;

describe('statement day at 08:00 local across a DST change', () => {
  it('Pacific/Auckland: March is issued on 5 April at 08:00 NZST (DST ended that night), not before', async () => {
    const c = await makeContract(t, {
      customerId: other.customerId,
      termStart: '2026-03-01',
      termEnd: '2027-02-28',
      settings: { statementDay: 5 },
    });
    t.clock.set('2026-04-04T19:59:59Z'); // 07:59:59 NZST
    await t.core.services.statements.issueDue();
    expect(await statementsOf(c.id)).toHaveLength(0);
    t.clock.set('2026-04-04T20:00:00Z');
    const r = await t.core.services.statements.issueDue();
    expect(r.failed).toEqual([]);
    expect((await statementsOf(c.id)).map((s) => s.period)).toEqual(['2026-03']);
  });
});

describe('issuing (catch-up, reconciliation, exactly once, mail down)', () => {
  let contractId: string;
  it('catches up three missed months oldest first, then October at 08:00 PST on 1 November', async () => {
    t.clock.set('2026-07-10T18:00:00Z');
    const contract = await makeContract(t, {
      customerId: customer.customerId,
      termStart: '2026-07-01',
      termEnd: '2027-06-30',
      initialAmount: 40 * 60,
    });
    contractId = contract.id;
    eng = await makeEngagement(t, { contract, team: [{ userId: alice.id, role: 'lead' }], estimate: 20 * 60 });
    await log(120, 'analysis');
    const topUp = await api(admin, 'POST', `/api/v1/contracts/${contractId}/top-ups`, {
      amount: 600,
      reference: 'PO-7781',
    });
    expect(topUp.statusCode, topUp.body).toBe(201);
    t.clock.set('2026-08-12T17:00:00Z');
    await log(60, 'kickoff');
    await log(45, 'analysis');
    const adj = await api(admin, 'POST', `/api/v1/contracts/${contractId}/adjustments`, {
      amount: -30,
      reason: 'goodwill correction',
    });
    expect(adj.statusCode, adj.body).toBe(201);
    t.clock.set('2026-09-20T17:00:00Z');
    const rev = await api(admin, 'POST', `/api/v1/contracts/${contractId}/reversals`, {
      entryId: topUp.json().entry.id,
      reason: 'PO cancelled',
    });
    expect(rev.statusCode, rev.body).toBe(201);
    await log(90, 'onsite_work');
    // Logged in September for work done on 28 August: it belongs to September (posted then), its work date beside it.
    const late = await api(alice, 'POST', `/api/v1/engagements/${eng.id}/effort`, {
      minutes: 15,
      activity: 'analysis',
      date: '2026-08-28',
    });
    expect(late.statusCode, late.body).toBe(201);
    // 31 October 23:30 in Los Angeles is already 1 November in UTC: it belongs to October.
    t.clock.set('2026-11-01T06:30:00Z');
    await log(30, 'preparation');

    t.clock.set('2026-11-01T15:59:00Z'); // 07:59 PST: October not yet
    const first = await t.core.services.statements.issueDue();
    expect(first.failed).toEqual([]);
    const mine = first.issued.filter((s) => s.contractId === contractId);
    expect(mine.map((s) => s.period)).toEqual(['2026-07', '2026-08', '2026-09']);
    t.clock.set('2026-11-01T16:00:00Z');
    const second = await t.core.services.statements.issueDue();
    expect(second.issued.filter((s) => s.contractId === contractId).map((s) => s.period)).toEqual(['2026-10']);
    const rows = await statementsOf(contractId);
    expect(rows.map((s) => s.number)).toEqual([
      `STM-2026-07-${contract.number}`,
      `STM-2026-08-${contract.number}`,
      `STM-2026-09-${contract.number}`,
      `STM-2026-10-${contract.number}`,
    ]);
  });

  it('reconciles with the raw ledger: opening + movements = closing, closing = next opening, lines sum', async () => {
    const rows = await statementsOf(contractId);
    let previousClosing = 0;
    for (const row of rows) {
      const f = row.figures;
      expect(f.opening.balance.amount).toBe(previousClosing);
      expect(f.opening.balance.amount + movementSum(f)).toBe(f.closing.balance.amount);
      // The period's end in Los Angeles (midnight after its last day, local), computed by PostgreSQL.
      const localEnd = (
        await sql<{ at: Date }>`
          SELECT (${f.periodEnd}::date + 1)::timestamp AT TIME ZONE 'America/Los_Angeles' AS at`.execute(t.db.kysely)
      ).rows[0]!.at;
      expect(f.closing.balance.amount).toBe(await replayedBefore(contractId, localEnd));
      const consumed = f.movements.consumed.amount + f.movements.minimumTrueUps.amount;
      expect(f.consumptionByEngagement.reduce((s, e) => s + e.consumed.amount, 0)).toBe(consumed);
      expect(f.consumptionByActivity.reduce((s, e) => s + e.consumed.amount, 0)).toBe(consumed);
      expect(f.dailyConsumption.reduce((s, d) => s + d.amount, 0)).toBe(consumed);
      expect(f.consumption!.reduce((s, c) => s + c.amount.amount, 0)).toBe(consumed);
      previousClosing = f.closing.balance.amount;
    }
    const [jul, aug, sep, oct] = rows.map((r) => r.figures);
    expect(jul!.movements.granted.amount).toBe(2400);
    expect(jul!.movements.toppedUp.amount).toBe(600);
    expect(jul!.movements.consumed.amount).toBe(120);
    expect(jul!.movements.reserved.amount).toBe(1200);
    expect(jul!.consumptionByEngagement).toEqual([
      {
        engagementId: eng.id,
        number: eng.number,
        title: expect.any(String),
        consumed: expect.objectContaining({ amount: 120 }),
      },
    ]);
    expect(aug!.consumptionByActivity.map((a) => [a.activity, a.consumed.amount])).toEqual([
      ['kickoff', 60],
      ['analysis', 45],
    ]);
    expect(aug!.movements.adjusted.amount).toBe(-30);
    expect(sep!.movements.toppedUp.amount).toBe(-600); // the reversed top-up
    expect(sep!.consumption!.map((c) => [c.posted, c.workDate, c.engagementNumber, c.label, c.amount.amount])).toEqual([
      ['2026-09-20', '2026-09-20', eng.number, 'On-site work', 90],
      ['2026-09-20', '2026-08-28', eng.number, 'Analysis', 15],
    ]);
    expect(oct!.movements.consumed.amount).toBe(30); // posted 1 November UTC, 31 October in Los Angeles
    expect(oct!.consumption!.map((c) => [c.posted, c.workDate])).toEqual([['2026-10-31', '2026-10-31']]);
    expect(oct!.closing.reserved.amount).toBe(1200 - 120 - 105 - 90 - 15 - 30);
    expect(oct!.closing.available.amount).toBe(oct!.closing.balance.amount - oct!.closing.reserved.amount);
    expect(oct!.ledgerHead.seq).toBe(rows[3]!.head_seq);
    expect(oct!.termEnd).toBe('2027-06-30');
    expect(oct!.daysLeft).toBe(242);
    expect(oct!.burnRatePerMonth.amount).toBeGreaterThan(0);
    expect(oct!.forecastDepletionDate).not.toBeNull();
  });

  it('issues nothing twice: a retried job, a restarted process and concurrent runs', async () => {
    const before = { statements: await count('statements'), outbox: await count('outbox') };
    expect((await t.core.services.statements.issueDue()).issued).toEqual([]);
    const restarted = createCore({ config: t.config, db: t.db, clock: t.clock, ids: t.core.ids });
    expect((await restarted.services.statements.issueDue()).issued).toEqual([]);
    await restarted.close();
    expect({ statements: await count('statements'), outbox: await count('outbox') }).toEqual(before);

    // A new contract, and three runs at once (on PostgreSQL they race on the pool's connections).
    const c = await makeContract(t, {
      customerId: customer.customerId,
      termStart: '2026-09-01',
      termEnd: '2027-08-31',
    });
    const other2 = createCore({ config: t.config, db: t.db, clock: t.clock, ids: t.core.ids });
    const runs = await Promise.all([
      t.core.services.statements.issueDue(),
      t.core.services.statements.issueDue(),
      other2.services.statements.issueDue(),
    ]);
    await other2.close();
    expect(runs.flatMap((r) => r.failed)).toEqual([]);
    const issued = runs.flatMap((r) => r.issued).filter((s) => s.contractId === c.id);
    expect(issued.map((s) => s.period).sort()).toEqual(['2026-09', '2026-10']);
    expect((await statementsOf(c.id)).map((s) => s.period)).toEqual(['2026-09', '2026-10']);
    const recipients = 2; // the statement contact and the account manager
    const messages = await t.db.kysely
      .selectFrom('outbox')
      .select('id')
      .where('contract_id', '=', c.id)
      .where('topic', '=', 'statement.issued')
      .execute();
    expect(messages).toHaveLength(2 * recipients);
    // Every PDF stored once (the losers' rolled back), and referenced, not copied, by the messages.
    const files = await t.db.kysely
      .selectFrom('stored_files')
      .select('id')
      .where('original_name', 'like', `STM-%-${c.number}.pdf`)
      .execute();
    expect(files).toHaveLength(2);
  });

  it('with the mail server down, statements are issued on time and delivered later, once', async () => {
    mailDown = true;
    const c = await makeContract(t, {
      customerId: customer.customerId,
      termStart: '2026-10-01',
      termEnd: '2027-09-30',
    });
    t.clock.set('2026-12-01T16:00:00Z');
    const r = await t.core.services.statements.issueDue();
    expect(r.issued.filter((s) => s.contractId === c.id).map((s) => s.period)).toEqual(['2026-10', '2026-11']);
    const down = await t.core.services.delivery.deliverDue(500);
    expect(down.delivered).toBe(0);
    expect(down.failed).toBeGreaterThan(0);
    mailDown = false;
    t.clock.advance(2 * 3600_000);
    let delivered = 0;
    for (let i = 0; i < 10; i++) delivered += (await t.core.services.delivery.deliverDue(500)).delivered;
    expect(delivered).toBeGreaterThan(0);
    const pending = await t.db.kysely.selectFrom('outbox').select('id').where('status', '!=', 'delivered').execute();
    expect(pending).toEqual([]);
    expect((await t.core.services.delivery.deliverDue(500)).delivered).toBe(0);
    const mails = await t.db.kysely
      .selectFrom('mailbox_messages')
      .innerJoin('outbox', 'outbox.id', 'mailbox_messages.outbox_id')
      .select([
        'mailbox_messages.to_addresses',
        'mailbox_messages.attachments',
        'mailbox_messages.text_body',
        'mailbox_messages.html_body',
      ])
      .where('outbox.contract_id', '=', c.id)
      .execute();
    expect(mails).toHaveLength(4); // two statements × two recipients, once each
    for (const m of mails) {
      expect(m.attachments).toEqual([expect.objectContaining({ contentType: 'application/pdf' })]);
      expect(m.text_body).toContain(c.number);
      expect(m.html_body).toContain('<table');
      // Ids only inside links (the staff contract page's address), never in the words.
      expect(m.text_body.replace(/https?:\/\/\S+/g, '')).not.toMatch(/eng_|ctr_|\d{4}-\d{2}-\d{2}T/);
    }
    expect(mails.map((m) => m.to_addresses[0]).sort()).toEqual(
      [contactYes.email, contactYes.email, am.email, am.email].map((e) => e.toLowerCase()).sort(),
    );
  });
});

describe('API', () => {
  let statementId: string;
  let contractId: string;
  beforeAll(async () => {
    const list = await t.db.kysely
      .selectFrom('statements')
      .innerJoin('contracts', 'contracts.id', 'statements.contract_id')
      .select(['statements.id', 'statements.contract_id'])
      .where('statements.customer_id', '=', customer.customerId)
      .where('statements.period', '=', '2026-10')
      .orderBy('contracts.created_at')
      .executeTakeFirstOrThrow();
    statementId = list.id;
    contractId = list.contract_id;
  });

  it('lists a contract statements newest first with delivery states, for staff and the customer', async () => {
    const r = await api(viewer, 'GET', `/api/v1/contracts/${contractId}/statements`);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items;
    // November was issued on 1 December (the mail-down case).
    expect(items.map((s: { period: string }) => s.period)).toEqual([
      '2026-11',
      '2026-10',
      '2026-09',
      '2026-08',
      '2026-07',
    ]);
    expect(items[1].id).toBe(statementId);
    expect(items[1].deliveries).toHaveLength(2);
    expect(items[1].deliveries[0]).toMatchObject({ state: 'delivered', resend: false });
    const one = await api(am, 'GET', `/api/v1/statements/${statementId}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().figures.period).toBe('2026-10');
  });

  it('serves the PDF as issued: letterhead, human dates, engagement number and title, no internal ids', async () => {
    const r = await api(viewer, 'GET', `/api/v1/statements/${statementId}/pdf`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/pdf');
    const text = await pdfText(r.rawPayload);
    expect(text).toContain('Retainer statement, October 2026');
    expect(text).toContain((await t.core.services.settings.firmProfile(t.db.kysely)).name); // the letterhead
    expect(text).toContain('31 October 2026');
    expect(text).toContain(eng.number);
    expect(text).toContain('Consumption entries'); // each consumption with the day the work was done
    expect(text).not.toMatch(/eng_|ctr_|cus_|\d{4}-\d{2}-\d{2}T\d/);
  });

  it("refuses another tenant's statements as not found (list, figures, PDF)", async () => {
    const before = await count('audit_events');
    expect((await api(otherViewer, 'GET', `/api/v1/contracts/${contractId}/statements`)).statusCode).toBe(404);
    expect((await api(otherViewer, 'GET', `/api/v1/statements/${statementId}`)).statusCode).toBe(404);
    expect((await api(otherViewer, 'GET', `/api/v1/statements/${statementId}/pdf`)).statusCode).toBe(404);
    expect((await api(otherViewer, 'GET', `/api/v1/contracts/${contractId}/statement-preview`)).statusCode).toBe(404);
    expect(await count('audit_events')).toBe(before);
    // A consultant on one of its engagements reads the contract's balance, not its statements (like its ledger).
    expect((await api(alice, 'GET', `/api/v1/contracts/${contractId}/statements`)).statusCode).toBe(403);
    expect((await api(alice, 'GET', `/api/v1/statements/${statementId}/pdf`)).statusCode).toBe(403);
  });

  it('re-sends to chosen contacts of the customer, audited; refuses others and customers, changing nothing', async () => {
    const before = { outbox: await count('outbox'), audit: await count('audit_events') };
    const foreign = await api(am, 'POST', `/api/v1/statements/${statementId}/send`, {
      contactIds: [contactNo.id, strangerContact.id],
    });
    expect(foreign.statusCode).toBe(404);
    const byCustomer = await api(viewer, 'POST', `/api/v1/statements/${statementId}/send`, {
      contactIds: [contactNo.id],
    });
    expect(byCustomer.statusCode).toBe(403);
    const empty = await api(am, 'POST', `/api/v1/statements/${statementId}/send`, { contactIds: [] });
    expect(empty.statusCode).toBe(400);
    expect({ outbox: await count('outbox'), audit: await count('audit_events') }).toEqual(before);

    const r = await api(am, 'POST', `/api/v1/statements/${statementId}/send`, { contactIds: [contactNo.id] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().sent).toEqual([{ contactId: contactNo.id, to: contactNo.email }]);
    expect(await count('outbox')).toBe(before.outbox + 1);
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'statement.resent')
      .where('entity_id', '=', statementId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(am.id);
    const list = (await api(am, 'GET', `/api/v1/contracts/${contractId}/statements`)).json();
    expect(list.items[1].deliveries.filter((d: { resend: boolean }) => d.resend)).toHaveLength(1);
  });

  it('previews the month to date without storing it; refuses periods out of range with the range', async () => {
    const before = { statements: await count('statements'), files: await count('stored_files') };
    const r = await api(viewer, 'GET', `/api/v1/contracts/${contractId}/statement-preview`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().period).toBe('2026-12');
    const early = await api(viewer, 'GET', `/api/v1/contracts/${contractId}/statement-preview?period=2026-06`);
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({
      code: 'STATEMENT_PERIOD_OUT_OF_RANGE',
      details: { allowedFrom: '2026-07', allowedTo: '2026-12' },
    });
    const future = await api(viewer, 'GET', `/api/v1/contracts/${contractId}/statement-preview?period=2027-01`);
    expect(future.statusCode).toBe(422);
    const bad = await api(viewer, 'GET', `/api/v1/contracts/${contractId}/statement-preview?period=2026-13`);
    expect(bad.statusCode).toBe(400);
    expect({ statements: await count('statements'), files: await count('stored_files') }).toEqual(before);
  });

  it('runs a period for admins: twice issues nothing new; future or too early periods are 422; others 403', async () => {
    const before = { statements: await count('statements'), outbox: await count('outbox') };
    const again = await api(admin, 'POST', '/api/v1/statements/run', { period: '2026-10' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().issued).toEqual([]);
    expect(again.json().skipped.map((s: { reason: string }) => s.reason)).toContain('already issued');
    const future = await api(admin, 'POST', '/api/v1/statements/run', { period: '2026-12' });
    expect(future.statusCode).toBe(422);
    expect(future.json().details).toEqual({ allowedFrom: '2026-03', allowedTo: '2026-11' });
    const early = await api(admin, 'POST', '/api/v1/statements/run', { period: '2025-12' });
    expect(early.statusCode).toBe(422);
    expect((await api(am, 'POST', '/api/v1/statements/run', { period: '2026-10' })).statusCode).toBe(403);
    expect((await api(admin, 'POST', '/api/v1/statements/run', { period: 'nov' })).statusCode).toBe(400);
    expect({ statements: await count('statements'), outbox: await count('outbox') }).toEqual(before);
  });

  it('an admin run issues what is missing of an ended period whatever the statement day', async () => {
    const c = await makeContract(t, {
      customerId: customer.customerId,
      termStart: '2026-11-01',
      termEnd: '2027-10-31',
      settings: { statementDay: 20 },
    });
    const c2 = await makeContract(t, {
      customerId: customer.customerId,
      termStart: '2026-11-01',
      termEnd: '2027-10-31',
    });
    // In batches (as the CLI runs it, for its progress bar): one at a time, each call says what is left.
    const first = await api(admin, 'POST', '/api/v1/statements/run', { period: '2026-11', limit: 1 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().issued).toHaveLength(1);
    const left = first.json().remaining as number;
    expect(left).toBeGreaterThanOrEqual(1);
    const r = await api(admin, 'POST', '/api/v1/statements/run', { period: '2026-11' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().issued).toHaveLength(left);
    expect(r.json().remaining).toBe(0);
    const mine = [...first.json().issued, ...r.json().issued].filter(
      (s: { contractId: string }) => s.contractId === c.id || s.contractId === c2.id,
    );
    expect(mine).toHaveLength(2);
    expect((await api(admin, 'POST', '/api/v1/statements/run', { period: '2026-11', limit: 0 })).statusCode).toBe(400);
    expect((await statementsOf(c.id)).map((s) => s.issued_by)).toEqual(
      [`user:${admin.email}`].map(() => expect.any(String)),
    );
    const audit = await t.db.kysely
      .selectFrom('audit_events')
      .select('actor_id')
      .where('action', '=', 'statement.issued')
      .where('actor_id', '=', admin.id)
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });
});
