import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInboundListener, type InboundListener } from '../src/core/inbound/inbound.server.ts';
import { makeContract, makeCustomer } from './support/contract-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';

const DOMAIN = 'in.imr.test';
let t: TestEnv;
let listener: InboundListener;
let irm: Awaited<ReturnType<typeof makeUserWithToken>>;
let seq = 0;

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-02T15:07:00Z', env: { SMTP_IN_PORT: '0', MAIL_IN_DOMAIN: DOMAIN } });
  listener = await startInboundListener({
    port: 0,
    host: '127.0.0.1',
    domain: DOMAIN,
    inbound: t.core.services.inbound,
  });
  irm = await makeUserWithToken(t, { role: 'ir_manager' });
  const admin = await makeUserWithToken(t, { role: 'admin' });
  const hotline = await call(t.app, admin.auth, 'PATCH', '/api/v1/settings', {
    profile: { hotlines: [{ label: '24×7 hotline', number: '+1 312 555 0100' }] },
    reason: 'the hotline customers call',
  });
  expect(hotline.statusCode).toBe(200);
});
afterAll(async () => {
  await listener.close();
  await t.close();
});

/** A contact with its flags, stored with the capitals given (answers go to this stored form). */
async function contact(customerId: string, o: { canRequest?: boolean; email?: string; name?: string } = {}) {
  const id = t.core.ids.next('con');
  const email = o.email ?? `Contact.${++seq}.${id.slice(-6)}@Customer.test`;
  await t.db.kysely
    .insertInto('contacts')
    .values({
      id,
      customer_id: customerId,
      name: o.name ?? `Contact ${seq}`,
      email,
      receives_statements: false,
      can_request: o.canRequest ?? false,
      created_at: t.clock.now(),
      updated_at: t.clock.now(),
    })
    .execute();
  return { id, email };
}

interface Mail {
  from: string;
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
  replyTo?: string;
  envelopeFrom?: string;
}

/** Sends over real SMTP; returns the stored inbound message. */
async function send(mail: Mail) {
  const messageId = `<m${++seq}.${Date.now()}@sender.test>`;
  await nodemailer
    .createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true })
    .sendMail({
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId,
      ...(mail.headers ? { headers: mail.headers } : {}),
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      ...(mail.envelopeFrom ? { envelope: { from: mail.envelopeFrom, to: mail.to } } : {}),
    });
  return t.db.kysely
    .selectFrom('inbound_messages')
    .selectAll()
    .where('message_id', '=', messageId)
    .executeTakeFirstOrThrow();
}

const answersTo = (inboundId: string) =>
  t.db.kysely.selectFrom('outbox').selectAll().where('dedupe_key', '=', `inbound-reply:${inboundId}`).execute();
const outboxCount = async () =>
  Number(
    (
      await t.db.kysely
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const requestsOf = (customerId: string) =>
  t.db.kysely.selectFrom('service_requests').selectAll().where('customer_id', '=', customerId).execute();
const triageNotices = () =>
  t.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', 'request.emergency_email_triage').execute();
const triageNoticeOf = async (inboundId: string) =>
  (
    await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('dedupe_key', '=', `emergency-triage:${inboundId}`)
      .execute()
  )[0];

describe('balance by email', () => {
  it('answers a known contact with the figures of every active contract, at its stored address only (RFC 3834)', async () => {
    const customer = await makeCustomer(t);
    const person = await contact(customer.customerId);
    const a = await makeContract(t, { customerId: customer.customerId, initialAmount: 40 * 60, termEnd: '2027-06-30' });
    const b = await makeContract(t, { customerId: customer.customerId, initialAmount: 90 * 60 });
    const draft = await makeContract(t, { customerId: customer.customerId, status: 'draft' });
    const other = await makeContract(t); // another customer's
    const msg = await send({
      from: person.email.toLowerCase(),
      to: `balance@${DOMAIN}`,
      subject: 'How many hours do we have left?',
      text: 'Thanks',
      replyTo: 'attacker@evil.test',
      envelopeFrom: 'bounces@evil.test',
    });
    expect(msg).toMatchObject({ handler: 'balance', outcome: 'applied' });
    const [answer] = await answersTo(msg.id);
    expect(answer!.topic).toBe('inbound.auto_reply');
    expect(answer!.payload.to).toEqual([person.email]); // stored form, never Reply-To or the envelope
    expect(answer!.payload.headers).toMatchObject({
      'Auto-Submitted': 'auto-replied',
      'In-Reply-To': msg.message_id,
      References: msg.message_id,
    });
    expect(answer!.payload.subject).toBe('Re: How many hours do we have left?');
    const text = answer!.payload.text;
    expect(text).toContain(`${customer.name} has 2 active retainers`);
    expect(text).toContain(`${a.number}: available: 40h 00m`);
    expect(text).toContain(`${a.number}: term ends: 30 June 2027 (240 days left)`);
    expect(text).toContain(`${b.number}: available: 90h 00m`);
    expect(text).toContain('In an emergency, call the hotline: +1 312 555 0100 (24×7 hotline).');
    expect(text).not.toContain(draft.number);
    expect(text).not.toContain(other.number);
    expect(text.replace(/https?:\/\/\S+/g, '')).not.toMatch(/\bctr_|\bcus_|\bcon_/);
  });

  it('takes BALANCE as the subject or the first word of a message to emergency@, and makes no request', async () => {
    const customer = await makeCustomer(t);
    const person = await contact(customer.customerId, { canRequest: true });
    const contract = await makeContract(t, { customerId: customer.customerId });
    const bySubject = await send({ from: person.email, to: `emergency@${DOMAIN}`, subject: 'balance', text: '' });
    const byWord = await send({
      from: person.email,
      to: `emergency@${DOMAIN}`,
      subject: 'question',
      text: 'Balance please\n\n-- \nPat',
    });
    for (const msg of [bySubject, byWord]) {
      expect(msg.outcome).toBe('applied');
      const [answer] = await answersTo(msg.id);
      expect(answer!.payload.text).toContain(`${contract.number}: available: 40h 00m`);
      expect(answer!.contract_id).toBe(contract.id);
    }
    expect(await requestsOf(customer.customerId)).toHaveLength(0);
  });

  it('sends nothing at all to an unknown sender and keeps the message in the inbound log', async () => {
    const before = await outboxCount();
    const msg = await send({ from: 'someone@unknown.test', to: `balance@${DOMAIN}`, subject: 'BALANCE', text: 'x' });
    expect(msg).toMatchObject({ handler: 'balance', outcome: 'ignored', subject: 'BALANCE' });
    expect(msg.outcome_detail).toMatch(/unknown sender/);
    expect(await outboxCount()).toBe(before);
  });

  it('never answers automated mail, even from a known contact', async () => {
    const customer = await makeCustomer(t);
    const person = await contact(customer.customerId);
    await makeContract(t, { customerId: customer.customerId });
    const before = await outboxCount();
    const msg = await send({
      from: person.email,
      to: `balance@${DOMAIN}`,
      subject: 'Automatic reply: BALANCE',
      text: 'I am out of the office',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(msg).toMatchObject({ automated: true, outcome: 'ignored' });
    expect(await outboxCount()).toBe(before);
  });

  it('answers one address at most 10 times an hour, so no loop or flood can start', async () => {
    const customer = await makeCustomer(t);
    const person = await contact(customer.customerId);
    await makeContract(t, { customerId: customer.customerId });
    const messages = [];
    for (let i = 0; i < 12; i++)
      messages.push(await send({ from: person.email, to: `balance@${DOMAIN}`, subject: `BALANCE ${i}`, text: '' }));
    const answered = await t.db.kysely
      .selectFrom('outbox')
      .select('id')
      .where('topic', '=', 'inbound.auto_reply')
      .where(
        'dedupe_key',
        'in',
        messages.map((msg) => `inbound-reply:${msg.id}`),
      )
      .execute();
    expect(answered).toHaveLength(10);
    expect(messages[11]!.outcome_detail).toMatch(/not answered: 10 automatic answers to this address in the last hour/);
    t.clock.advance(61 * 60 * 1000);
    const later = await send({ from: person.email, to: `balance@${DOMAIN}`, subject: 'BALANCE later', text: '' });
    expect(await answersTo(later.id)).toHaveLength(1);
  });
});

describe('emergencies by email', () => {
  it('makes an emergency request for a requesting contact with one active contract, and acknowledges it', async () => {
    t.clock.set('2026-11-02T15:07:00Z');
    const customer = await makeCustomer(t, { timeZone: 'America/Chicago' });
    const person = await contact(customer.customerId, { canRequest: true, name: 'Robin Requester' });
    const contract = await makeContract(t, { customerId: customer.customerId });
    await makeContract(t, { customerId: customer.customerId, status: 'draft' }); // not active: does not count
    const receivedAt = t.clock.now();
    const msg = await send({
      from: person.email,
      to: `emergency@${DOMAIN}`,
      subject: 'P1 ransomware on our file servers',
      text: 'All shares encrypted, ransom note everywhere.\n\nRobin',
      replyTo: 'someone-else@evil.test',
    });
    expect(msg).toMatchObject({ handler: 'emergency', outcome: 'applied' });
    const [request] = await requestsOf(customer.customerId);
    expect(request).toMatchObject({
      kind: 'emergency',
      channel: 'email',
      contract_id: contract.id,
      requester_contact_id: person.id,
      severity: 'P1',
      incident_type: 'ransomware',
      created_by_user_id: null,
    });
    expect(request!.received_at.toISOString()).toBe(receivedAt.toISOString());
    expect(request!.description).toBe(
      'P1 ransomware on our file servers\n\nAll shares encrypted, ransom note everywhere.\n\nRobin',
    );
    const acks = await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('dedupe_key', '=', `request-acknowledged:${request!.id}`)
      .execute();
    expect(acks).toHaveLength(1);
    expect(acks[0]!.payload.to).toEqual([person.email]);
    expect(acks[0]!.payload.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated' });
    expect(acks[0]!.payload.text).toContain('reached us through email on 2 November 2026, 09:07 (America/Chicago)');
    expect(acks[0]!.payload.text).toContain(
      'Initial contact by an IR responder: within 1 h, by 2 November 2026, 10:07',
    );
    const notices = await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'request.received')
      .where('contract_id', '=', contract.id)
      .execute();
    expect(notices[0]!.payload.to).toContain(irm.email);
    expect(await answersTo(msg.id)).toHaveLength(0); // the acknowledgement is the answer
  });

  it('defaults to P2 and incident type other when the subject names neither', async () => {
    const customer = await makeCustomer(t);
    const person = await contact(customer.customerId, { canRequest: true });
    await makeContract(t, { customerId: customer.customerId });
    await send({ from: person.email, to: `emergency@${DOMAIN}`, subject: 'Help needed', text: 'Something is wrong.' });
    expect(await requestsOf(customer.customerId)).toMatchObject([{ severity: 'P2', incident_type: 'other' }]);
  });

  it('makes no request for a stranger: IR managers get the message to triage, the stranger gets nothing', async () => {
    const notices = (await triageNotices()).length;
    const requests = Number(
      (
        await t.db.kysely
          .selectFrom('service_requests')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const msg = await send({
      from: 'mallory@stranger.test',
      to: `emergency@${DOMAIN}`,
      subject: 'P1 we are hacked',
      text: 'Call me at +1 555 0100',
    });
    expect(msg).toMatchObject({ handler: 'emergency', outcome: 'refused' });
    expect(await triageNotices()).toHaveLength(notices + 1);
    const notice = (await triageNoticeOf(msg.id))!;
    expect(notice.payload.to).toContain(irm.email);
    expect(notice.payload.subject).toBe('Emergency email to triage: P1 we are hacked');
    expect(notice.payload.text).toContain('the sender is not a known contact');
    expect(notice.payload.text).toContain('Call me at +1 555 0100');
    expect(notice.payload.text).toContain('From: mallory@stranger.test');
    expect(await answersTo(msg.id)).toHaveLength(0);
    expect(
      Number(
        (
          await t.db.kysely
            .selectFrom('service_requests')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(requests);
  });

  it('makes no request when the contact’s customer has two active contracts: triage notice, and the contact is told a responder will call', async () => {
    const customer = await makeCustomer(t);
    const person = await contact(customer.customerId, { canRequest: true, name: 'Sam Two' });
    await makeContract(t, { customerId: customer.customerId });
    await makeContract(t, { customerId: customer.customerId });
    const msg = await send({ from: person.email, to: `emergency@${DOMAIN}`, subject: 'P1 incident', text: 'Help' });
    expect(msg.outcome).toBe('refused');
    expect(await requestsOf(customer.customerId)).toHaveLength(0);
    const notice = (await triageNoticeOf(msg.id))!;
    expect(notice.payload.text).toContain(`${customer.name} has 2 active retainers`);
    expect(notice.payload.text).toContain(`Sam Two (${customer.name})`);
    const [answer] = await answersTo(msg.id);
    expect(answer!.payload.to).toEqual([person.email]);
    expect(answer!.payload.text).toContain('An IR responder will call you shortly');
    expect(answer!.payload.text).toContain('call our 24×7 hotline now: +1 312 555 0100 (24×7 hotline)');
    expect(answer!.payload.headers).toMatchObject({ 'Auto-Submitted': 'auto-replied' });
  });

  it('makes no request for a contact who may not request: triage notice, told a responder will call', async () => {
    const customer = await makeCustomer(t);
    const person = await contact(customer.customerId, { canRequest: false });
    await makeContract(t, { customerId: customer.customerId });
    const msg = await send({ from: person.email, to: `emergency@${DOMAIN}`, subject: 'Urgent', text: 'Help' });
    expect(msg.outcome).toBe('refused');
    expect(await requestsOf(customer.customerId)).toHaveLength(0);
    expect((await triageNoticeOf(msg.id))!.payload.text).toContain('a contact who may not request services');
    expect(await answersTo(msg.id)).toHaveLength(1);
  });
});

describe('the triage notice in the reader’s zone', () => {
  it('tells each IR manager when the email arrived in his own zone, else the firm’s (never a fixed UTC)', async () => {
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const firm = await call(t.app, admin.auth, 'PATCH', '/api/v1/settings', {
      profile: { timeZone: 'Europe/Berlin' },
      reason: "The firm's office is in Berlin",
    });
    expect(firm.statusCode, firm.body).toBe(200);
    const tokyo = await makeUserWithToken(t, { role: 'ir_manager' });
    const me = await call(t.app, tokyo.auth, 'PATCH', '/api/v1/auth/me', { timeZone: 'Asia/Tokyo' });
    expect(me.statusCode, me.body).toBe(200);
    t.clock.set('2026-11-02T15:07:00Z');
    const msg = await send({ from: 'eve@stranger.test', to: `emergency@${DOMAIN}`, subject: 'P1 help', text: 'Help' });
    expect(msg.outcome).toBe('refused');
    const notices = (await triageNotices()).filter((n) => n.dedupe_key?.startsWith(`emergency-triage:${msg.id}`));
    const of = (email: string) => notices.find((n) => (n.payload.to as string[]).includes(email))!.payload.text;
    expect(of(tokyo.email)).toMatch(/Received: 3 November 2026, 00:0\d \(Asia\/Tokyo\)/);
    expect(of(irm.email)).toMatch(/Received: 2 November 2026, 16:0\d \(Europe\/Berlin\)/);
    for (const n of notices) expect(n.payload.text).not.toContain('(UTC)');
  });
});
