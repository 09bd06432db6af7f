import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../src/core/context.ts';
import { runTermEndReminders } from '../src/jobs/term-end-reminders.job.ts';
import { makeContract, makeCustomer } from './support/contract-factories.ts';
import { makeEngagement } from './support/engagement-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let admin: Awaited<ReturnType<typeof makeUserWithToken>>;
let irm: Awaited<ReturnType<typeof makeUserWithToken>>;
let am: Awaited<ReturnType<typeof makeUserWithToken>>;

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T15:00:00Z' });
  admin = await makeUserWithToken(t, { role: 'admin' });
  irm = await makeUserWithToken(t, { role: 'ir_manager' });
  am = await makeUserWithToken(t, { role: 'account_manager' });
});
afterAll(async () => t.close());

/** A contact with the flags given (statements by default). */
async function contact(
  customerId: string,
  o: { receivesStatements?: boolean; canRequest?: boolean; email?: string; name?: string; timeZone?: string } = {},
) {
  const id = t.core.ids.next('con');
  const email = o.email ?? `${id.slice(-10)}@customer.test`;
  await t.db.kysely
    .insertInto('contacts')
    .values({
      id,
      customer_id: customerId,
      name: o.name ?? `Contact ${id.slice(-4)}`,
      email,
      receives_statements: o.receivesStatements ?? true,
      can_request: o.canRequest ?? false,
      time_zone: o.timeZone ?? null,
      created_at: t.clock.now(),
      updated_at: t.clock.now(),
    })
    .execute();
  return { id, email };
}

const outbox = (topic: string, contractId?: string) => {
  let query = t.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', topic);
  if (contractId) query = query.where('contract_id', '=', contractId);
  return query.orderBy('created_at').orderBy('id').execute();
};

describe('term-end reminders', () => {
  it('goes out at 90, 60 and 30 days before the term ends, once each, with what is left and what it could buy', async () => {
    t.clock.set('2026-11-02T15:00:00Z');
    const customer = await makeCustomer(t, { accountTeam: [am.id] });
    const person = await contact(customer.customerId);
    const quiet = await contact(customer.customerId, { receivesStatements: false });
    const contract = await makeContract(t, {
      customerId: customer.customerId,
      termEnd: '2027-01-31',
      settings: { expiryPolicy: { mode: 'rollover', percent: 25 } },
    });
    const reminders = () => outbox('contract.term_end_reminder', contract.id);

    t.clock.set('2026-10-30T15:00:00Z'); // 93 days left in Chicago: nothing yet
    await runTermEndReminders(t.core);
    expect(await reminders()).toHaveLength(0);

    t.clock.set('2026-11-02T15:00:00Z'); // 90 days
    await runTermEndReminders(t.core);
    await runTermEndReminders(t.core);
    let sent = await reminders();
    expect(sent).toHaveLength(2); // the contact's message and the account team's
    const first = sent.find((m) => m.payload.to.includes(person.email))!.payload;
    expect(first.to).toEqual([person.email]);
    expect(sent.flatMap((m) => m.payload.to)).toEqual([person.email, am.email]);
    expect(sent.flatMap((m) => m.payload.to)).not.toContain(quiet.email);
    // The account team reads the staff contract page, never a portal link.
    const team = sent.find((m) => m.payload.to.includes(am.email))!.payload;
    expect(team.text).toContain(`http://imr.test/contracts/${contract.id}`);
    expect(team.text).not.toContain('/portal/');
    expect(team.html).not.toContain('/portal/');
    expect(team.text).toContain('IR plan development (Medium): 40h 00m');
    expect(first.text).not.toContain(`http://imr.test/contracts/`);
    expect(first.subject).toBe(`Retainer ${contract.number}: 40h 00m left, term ends 31 January 2027`);
    expect(first.text).toContain('ends on 31 January 2027, in 90 days, with 40h 00m still available');
    expect(first.text).toContain('25 % of the available balance rolls over if the retainer is renewed');
    expect(first.text).toMatch(
      /Tabletop exercise \(Large\): 32h 00m\. Request it: http:\/\/imr\.test\/portal\/requests\/new\?kind=proactive&contractId=/,
    );
    expect(first.text).toContain('IR plan development (Medium): 40h 00m');
    expect(first.text).not.toContain('IR plan development (Large)'); // 64 h does not fit
    expect(first.text.replace(/https?:\/\/\S+/g, '')).not.toMatch(/\bctr_|\bcus_|\bcat_|T\d\d:\d\d:\d\d/);

    t.clock.set('2026-12-01T15:00:00Z'); // 61 days: still the 90-day one only
    await runTermEndReminders(t.core);
    expect(await reminders()).toHaveLength(2);
    t.clock.set('2026-12-02T15:00:00Z'); // 60
    await runTermEndReminders(t.core);
    t.clock.set('2027-01-01T15:00:00Z'); // 30
    await runTermEndReminders(t.core);
    t.clock.set('2027-01-20T15:00:00Z'); // 11
    await runTermEndReminders(t.core);
    sent = (await reminders()).filter((message) => message.payload.to.includes(person.email));
    expect(sent.map((message) => message.dedupe_key)).toEqual([
      `term-end-reminder:${contract.id}:90`,
      `term-end-reminder:${contract.id}:60`,
      `term-end-reminder:${contract.id}:30`,
    ]);
    expect(sent[2]!.payload.text).toContain('in 30 days');
  });

  it('sends one reminder when two job runs race, and nothing without available balance', async () => {
    t.clock.set('2026-11-02T15:00:00Z');
    const customer = await makeCustomer(t);
    await contact(customer.customerId);
    const contract = await makeContract(t, { customerId: customer.customerId, termEnd: '2026-11-20' });
    const empty = await makeContract(t, {
      customerId: (await makeCustomer(t)).customerId,
      termEnd: '2026-11-20',
      initialAmount: 60,
    });
    await contact(empty.customerId);
    await t.core.services.ledger.adjust(systemCtx('test'), empty.id, {
      amount: -60,
      reason: 'spent before the term end',
    });
    const results = await Promise.all([runTermEndReminders(t.core), runTermEndReminders(t.core)]);
    expect(results.reduce((sum, result) => sum + result.sent, 0)).toBeGreaterThanOrEqual(1);
    const sent = await outbox('contract.term_end_reminder', contract.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.dedupe_key).toBe(`term-end-reminder:${contract.id}:30`); // 18 days left: the 30-day one only
    expect(await outbox('contract.term_end_reminder', empty.id)).toHaveLength(0);
  });
});

describe('acknowledgements', () => {
  it('acknowledges an emergency request to its requester with severity, SLA due times in the customer zone and a portal link', async () => {
    t.clock.set('2026-11-02T15:07:00Z');
    const hotline = await call(t.app, admin.auth, 'PATCH', '/api/v1/settings', {
      profile: { hotlines: [{ label: '24×7 incident hotline', number: '+1 312 555 0100' }] },
      reason: 'the hotline customers call',
    });
    expect(hotline.statusCode).toBe(200);
    const customer = await makeCustomer(t);
    const requester = await contact(customer.customerId, { canRequest: true, name: 'Dana Requester' });
    const contract = await makeContract(t, { customerId: customer.customerId });
    const created = await call(t.app, irm.auth, 'POST', '/api/v1/requests', {
      contractId: contract.id,
      kind: 'emergency',
      channel: 'hotline',
      requesterContactId: requester.id,
      incidentType: 'ransomware',
      severity: 'P1',
      description: 'File servers encrypted.',
    });
    expect(created.statusCode).toBe(201);
    const [ack] = await outbox('request.acknowledged', contract.id);
    expect(ack!.payload.to).toEqual([requester.email]);
    const number = created.json().number as string;
    expect(number).toMatch(/^REQ-2026-\d{4}$/);
    expect(ack!.payload.subject).toBe(`Emergency request ${number} received: P1 ransomware (${customer.name})`);
    const text = ack!.payload.text;
    expect(text).toContain(`Request number: ${number}`);
    expect(text).toContain('Hello Dana Requester, your emergency request');
    expect(text).toContain('through the hotline on 2 November 2026, 09:07 (America/Chicago)');
    expect(text).toContain(
      'Initial contact by an IR responder: within 1 h, by 2 November 2026, 10:07 (America/Chicago)',
    );
    expect(text).toContain('Remote work started: within 4 h, by 2 November 2026, 13:07 (America/Chicago)');
    expect(text).toContain(`Retainer: ${contract.number}`);
    expect(text).toContain('Hotline: +1 312 555 0100 (24×7 incident hotline)');
    expect(text).toContain(`/portal/requests/${number}`);
    expect(text).not.toMatch(/\breq_|\bctr_|T\d\d:\d\d:\d\d/);
    // The IR managers' notice is listed with the contract's messages too.
    expect(await outbox('request.received', contract.id)).toHaveLength(1);
  });

  it("writes the acknowledgement in the requester's own zone when he has one, not his customer's", async () => {
    t.clock.set('2026-11-02T15:07:00Z');
    const customer = await makeCustomer(t);
    const requester = await contact(customer.customerId, {
      canRequest: true,
      name: 'Lars Requester',
      timeZone: 'Europe/Berlin',
    });
    const contract = await makeContract(t, { customerId: customer.customerId });
    const created = await call(t.app, irm.auth, 'POST', '/api/v1/requests', {
      contractId: contract.id,
      kind: 'emergency',
      channel: 'hotline',
      requesterContactId: requester.id,
      incidentType: 'ransomware',
      severity: 'P1',
      description: 'Backups deleted.',
    });
    expect(created.statusCode, created.body).toBe(201);
    const [ack] = await outbox('request.acknowledged', contract.id);
    expect(ack!.payload.to).toEqual([requester.email]);
    const text = ack!.payload.text as string;
    expect(text).toContain('through the hotline on 2 November 2026, 16:07 (Europe/Berlin)');
    expect(text).toContain('Initial contact by an IR responder: within 1 h, by 2 November 2026, 17:07 (Europe/Berlin)');
    expect(text).not.toContain('America/Chicago');
  });

  it('tells the customer contacts what a closed engagement consumed, trued up and released, the balance and deliverables', async () => {
    t.clock.set('2026-11-02T15:00:00Z');
    const customer = await makeCustomer(t, { accountTeam: [am.id] });
    const person = await contact(customer.customerId);
    const contract = await makeContract(t, { customerId: customer.customerId });
    const engagement = await makeEngagement(t, { contract, estimate: 10 * 60, minimumBillable: 4 * 60 });
    const at = t.clock.now();
    await t.db.kysely
      .insertInto('deliverables')
      .values({
        id: t.core.ids.next('dlv'),
        engagement_id: engagement.id,
        kind: 'final_report',
        title: 'Final report',
        status: 'issued',
        current_version: 2,
        issued_version: 2,
        issued_at: at,
        issued_by: irm.id,
        accepted_version: null,
        accepted_at: null,
        accepted_by: null,
        accepted_contact_id: null,
        acceptance_note: null,
        created_by: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await t.core.services.closing.close(irm.ctx, engagement.id);
    const summaries = await outbox('engagement.closed_summary', contract.id);
    expect(summaries.map((m) => m.payload.to)).toEqual([[person.email], [am.email]]);
    const [summary, team] = summaries;
    // The contact opens the portal's engagement page, the account team the staff one.
    expect(summary!.payload.text).toContain(`http://imr.test/portal/engagements/${engagement.number}`);
    expect(team!.payload.text).toContain(`http://imr.test/engagements/${engagement.number}`);
    expect(team!.payload.text).not.toContain('/portal/');
    expect(team!.payload.html).not.toContain('/portal/');
    expect(summary!.payload.subject).toMatch(
      new RegExp(`^Engagement ${engagement.number} closed: Test engagement \\d+$`),
    );
    const text = summary!.payload.text;
    expect(text).toContain('Consumed: 0h 00m');
    expect(text).toContain('Minimum billable true-up: 4h 00m');
    expect(text).toContain('Released to the available balance: 6h 00m');
    expect(text).toContain('Retainer balance now: 36h 00m');
    expect(text).toContain('Available now: 36h 00m');
    expect(text).toContain('Deliverables issued: Final report (version 2).');
    expect(text.replace(/https?:\/\/\S+/g, '')).not.toMatch(/\beng_|\bctr_/);
  });
});

describe('a contract’s messages', () => {
  it('lists the messages about a contract, newest first, with topic label, recipients and delivery state, paged', async () => {
    t.clock.set('2026-11-02T15:00:00Z');
    const customer = await makeCustomer(t, { accountTeam: [am.id] });
    const person = await contact(customer.customerId);
    const contract = await makeContract(t, { customerId: customer.customerId, termEnd: '2026-12-20' });
    const other = await makeContract(t, { customerId: customer.customerId, termEnd: '2026-12-21' });
    await runTermEndReminders(t.core); // 48 days left: the 60-day reminders
    await t.core.services.delivery.deliverDue(50);
    t.clock.set('2026-11-21T15:00:00Z'); // 29 days: the 30-day reminders, not yet delivered
    await runTermEndReminders(t.core);
    const first = await call(t.app, am.auth, 'GET', `/api/v1/contracts/${contract.id}/messages?limit=1`);
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).toBeTruthy();
    const second = await call(
      t.app,
      irm.auth,
      'GET',
      `/api/v1/contracts/${contract.id}/messages?limit=50&cursor=${page1.nextCursor}`,
    );
    expect(second.json().nextCursor).toBeNull();
    const all = [...page1.items, ...second.json().items];
    expect(all).toHaveLength(4); // two reminders, each to the contact and to the account team
    for (const queued of all.slice(0, 2)) {
      expect(queued).toMatchObject({
        topic: 'contract.term_end_reminder',
        topicLabel: 'Term-end reminder',
        status: 'queued',
      });
      expect(queued.subject).toContain(contract.number);
    }
    const delivered = all.slice(2);
    for (const message of delivered) {
      expect(message).toMatchObject({ topic: 'contract.term_end_reminder', status: 'delivered' });
      expect(message.deliveredAt).toBeTruthy();
    }
    expect(delivered.flatMap((message: { to: string[] }) => message.to).sort()).toEqual(
      [person.email, am.email].sort(),
    );
    const otherList = (await call(t.app, admin.auth, 'GET', `/api/v1/contracts/${other.id}/messages`)).json();
    expect(otherList.items).toHaveLength(4);
    expect(otherList.items.some((message: { id: string }) => all.some((mine) => mine.id === message.id))).toBe(false);
  });

  it('refuses customers (403 for their own, 404 for another tenant’s), consultants, and a missing contract', async () => {
    const customer = await makeCustomer(t);
    const contract = await makeContract(t, { customerId: customer.customerId });
    const own = await makeUserWithToken(t, { role: 'customer_approver', organizationId: customer.organizationId });
    const stranger = await makeUserWithToken(t, {
      role: 'customer_approver',
      organizationId: (await makeCustomer(t)).organizationId,
    });
    const consultant = await makeUserWithToken(t, { role: 'consultant' });
    const url = `/api/v1/contracts/${contract.id}/messages`;
    const own403 = await call(t.app, own.auth, 'GET', url);
    expect([own403.statusCode, own403.json().code]).toEqual([403, 'FORBIDDEN']);
    const other404 = await call(t.app, stranger.auth, 'GET', url);
    expect([other404.statusCode, other404.json().code]).toEqual([404, 'NOT_FOUND']);
    expect((await call(t.app, consultant.auth, 'GET', url)).statusCode).toBe(403);
    expect((await call(t.app, null, 'GET', url)).statusCode).toBe(401);
    const missing = await call(t.app, admin.auth, 'GET', '/api/v1/contracts/ctr_missing/messages');
    expect(missing.statusCode).toBe(404);
    const badCursor = await call(t.app, admin.auth, 'GET', `${url}?cursor=nope`);
    expect([badCursor.statusCode, badCursor.json().code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
