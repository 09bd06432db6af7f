import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInboundListener, type InboundListener } from '../src/core/inbound/inbound.server.ts';
import { makeContract, makeCustomer } from './support/contract-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

// Balance and emergency mail follow core/inbound's sender rule (docs/security.md): with MAIL_IN_AUTHSERV_ID
// set, a From our mail server does not vouch for is acted on by nobody and answered by nobody.

const DOMAIN = 'in.imr.test';
const OUR_MX = 'mx.imr.test';
let t: TestEnv;
let listener: InboundListener;
let irm: Awaited<ReturnType<typeof makeUserWithToken>>;
let seq = 0;

beforeAll(async () => {
  t = await createTestEnv({
    now: '2026-11-03T10:02:00Z',
    env: { SMTP_IN_PORT: '0', MAIL_IN_DOMAIN: DOMAIN, MAIL_IN_AUTHSERV_ID: OUR_MX },
  });
  listener = await startInboundListener({
    port: 0,
    host: '127.0.0.1',
    domain: DOMAIN,
    inbound: t.core.services.inbound,
  });
  irm = await makeUserWithToken(t, { role: 'ir_manager' });
});
afterAll(async () => {
  await listener.close();
  await t.close();
});

async function requester() {
  const customer = await makeCustomer(t);
  const id = t.core.ids.next('con');
  const email = `pat.${id.slice(-6)}@customer.test`;
  await t.db.kysely
    .insertInto('contacts')
    .values({
      id,
      customer_id: customer.customerId,
      name: 'Pat',
      email,
      can_request: true,
      created_at: t.clock.now(),
      updated_at: t.clock.now(),
    })
    .execute();
  await makeContract(t, { customerId: customer.customerId });
  return { customerId: customer.customerId, email };
}

async function send(from: string, to: string, subject: string, authResults: string) {
  const messageId = `<auth-${++seq}-${Date.now()}@customer.test>`;
  await nodemailer
    .createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true })
    .sendMail({
      from,
      to,
      subject,
      text: 'Please help',
      messageId,
      headers: [{ key: 'Authentication-Results', value: authResults }],
    });
  return t.db.kysely
    .selectFrom('inbound_messages')
    .selectAll()
    .where('message_id', '=', messageId)
    .executeTakeFirstOrThrow();
}
const answers = (id: string) =>
  t.db.kysely.selectFrom('outbox').selectAll().where('dedupe_key', '=', `inbound-reply:${id}`).execute();
const requestsOf = (customerId: string) =>
  t.db.kysely.selectFrom('service_requests').select('id').where('customer_id', '=', customerId).execute();

describe('balance and emergency mail with the sender check', () => {
  it('answers a balance question whose From our mail server vouches for', async () => {
    const pat = await requester();
    const msg = await send(
      pat.email,
      `balance@${DOMAIN}`,
      'BALANCE',
      `${OUR_MX}; dmarc=pass header.from=customer.test`,
    );
    expect(msg.outcome).toBe('applied');
    expect(await answers(msg.id)).toHaveLength(1);
  });

  it('answers nothing to a forged balance question (dmarc=fail): no figures leave', async () => {
    const pat = await requester();
    const msg = await send(
      pat.email,
      `balance@${DOMAIN}`,
      'BALANCE',
      `${OUR_MX}; dmarc=fail header.from=customer.test`,
    );
    expect(msg.outcome).toBe('refused');
    expect(msg.outcome_detail).toMatch(/sender not authenticated/);
    expect(await answers(msg.id)).toHaveLength(0);
  });

  it('makes no request from a forged emergency email, answers nothing, and still shows it to the IR managers', async () => {
    const pat = await requester();
    const msg = await send(
      pat.email,
      `emergency@${DOMAIN}`,
      'P1 ransomware',
      `${OUR_MX}; dmarc=fail header.from=customer.test`,
    );
    expect(msg.outcome).toBe('refused');
    expect(await requestsOf(pat.customerId)).toHaveLength(0);
    expect(await answers(msg.id)).toHaveLength(0);
    const notices = await t.db.kysely
      .selectFrom('outbox')
      .selectAll()
      .where('dedupe_key', '=', `emergency-triage:${msg.id}`)
      .execute();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.payload.to).toContain(irm.email);
    expect(notices[0]!.payload.text).toContain('the sender could not be authenticated');
  });

  it('makes the request when the sender is vouched for', async () => {
    const pat = await requester();
    await send(pat.email, `emergency@${DOMAIN}`, 'P1 ransomware', `${OUR_MX}; spf=pass smtp.mailfrom=customer.test`);
    expect(await requestsOf(pat.customerId)).toHaveLength(1);
  });
});
