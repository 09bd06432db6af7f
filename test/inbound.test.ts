import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInboundListener, type InboundListener } from '../src/core/inbound/inbound.server.ts';
import type { InboundMessage } from '../src/core/inbound/inbound.types.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let listener: InboundListener;
const seen: { msg: InboundMessage; token: string | null }[] = [];

beforeAll(async () => {
  t = await createTestEnv({ env: { SMTP_IN_PORT: '0', MAIL_IN_DOMAIN: 'in.imr.test' } });
  t.core.services.inbound.register({
    tag: 'echo',
    async handle(msg, token) {
      seen.push({ msg, token });
      return token === 'good'
        ? { outcome: 'applied', detail: 'echoed' }
        : {
            outcome: 'refused',
            detail: 'bad token',
            reply: { heading: 'Nothing was done', paragraphs: ['The link in your reply is not valid.'] },
          };
    },
  });
  listener = await startInboundListener({
    port: 0,
    host: '127.0.0.1',
    domain: 'in.imr.test',
    inbound: t.core.services.inbound,
  });
});
afterAll(async () => {
  await listener.close();
  await t.close();
});

const smtp = () =>
  nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
const replies = () => t.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', 'inbound.auto_reply').execute();

describe('inbound mail over a real SMTP connection', () => {
  it('hands a message to the handler of its address tag with the token and the evidence', async () => {
    await smtp().sendMail({
      from: 'Dana <Dana@Northwind.test>',
      to: 'echo+good@in.imr.test',
      subject: 'APPROVE',
      text: 'approve\n\n> quoted',
      messageId: '<m1@northwind.test>',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.token).toBe('good');
    expect(seen[0]!.msg).toMatchObject({
      from: 'dana@northwind.test',
      messageId: '<m1@northwind.test>',
      automated: false,
    });
    expect(seen[0]!.msg.headers['date']).toBeTruthy();
    const row = await t.db.kysely
      .selectFrom('inbound_messages')
      .selectAll()
      .where('message_id', '=', '<m1@northwind.test>')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ handler: 'echo', outcome: 'applied' });
    expect(row.raw).toContain('Subject: APPROVE');
    expect(await replies()).toHaveLength(0);
  });

  it('does not handle a redelivered Message-ID twice', async () => {
    await smtp().sendMail({
      from: 'dana@northwind.test',
      to: 'echo+good@in.imr.test',
      subject: 'again',
      text: 'approve',
      messageId: '<m1@northwind.test>',
    });
    expect(seen).toHaveLength(1);
  });

  it('answers a refused message once, marked Auto-Submitted: auto-replied, in reply to it', async () => {
    await smtp().sendMail({
      from: 'dana@northwind.test',
      to: 'echo+bad@in.imr.test',
      subject: 'APPROVE',
      text: 'approve',
      messageId: '<m2@northwind.test>',
    });
    const r = await replies();
    expect(r).toHaveLength(1);
    expect(r[0]!.payload).toMatchObject({
      to: ['dana@northwind.test'],
      subject: 'Re: APPROVE',
      headers: { 'Auto-Submitted': 'auto-replied', 'In-Reply-To': '<m2@northwind.test>' },
    });
  });

  it('never answers automated mail (RFC 3834), nor a stranger writing to an unknown address; a known contact is answered', async () => {
    await smtp().sendMail({
      from: 'robot@northwind.test',
      to: 'echo+bad@in.imr.test',
      subject: 'Out of office',
      text: 'away',
      messageId: '<m3@northwind.test>',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await smtp().sendMail({
      from: 'list@northwind.test',
      to: 'echo+bad@in.imr.test',
      subject: 'Digest',
      text: 'x',
      messageId: '<m4@northwind.test>',
      headers: { Precedence: 'bulk' },
    });
    expect(await replies()).toHaveLength(1);
    await smtp().sendMail({
      from: 'dana@northwind.test',
      to: 'nobody@in.imr.test',
      subject: 'hello',
      text: 'hi',
      messageId: '<m5@northwind.test>',
    });
    expect(await replies()).toHaveLength(1); // a stranger: no answer at all (no backscatter)
    const row = await t.db.kysely
      .selectFrom('inbound_messages')
      .selectAll()
      .where('message_id', '=', '<m5@northwind.test>')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ handler: null, outcome: 'refused' });
    expect(row.outcome_detail).toMatch(/unknown sender: not answered/);
    const { makeCustomer, makeContact } = await import('./support/contract-factories.ts');
    const known = await makeContact(t, (await makeCustomer(t)).customerId, { email: 'Known@Northwind.test' });
    await smtp().sendMail({
      from: 'known@northwind.test',
      to: 'nobody@in.imr.test',
      subject: 'hello',
      text: 'hi',
      messageId: '<m5b@northwind.test>',
    });
    const r = await replies();
    expect(r).toHaveLength(2);
    expect(r[1]!.payload.to).toEqual([known.email.toLowerCase()]);
  });

  it('refuses to relay mail for other domains', async () => {
    await expect(
      smtp().sendMail({ from: 'dana@northwind.test', to: 'someone@elsewhere.test', subject: 'x', text: 'x' }),
    ).rejects.toThrow(/Relay denied|550/);
  });
});

describe('inbound mail listing', () => {
  it('lets admins read what arrived and what was done with it; others get 403', async () => {
    const { makeUserWithToken } = await import('./support/factories.ts');
    const { call } = await import('./support/harness.ts');
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const page = (await call(t.app, admin.auth, 'GET', '/api/v1/inbound-mail?limit=50')).json();
    expect(page.items.map((i: { messageId: string }) => i.messageId)).toContain('<m1@northwind.test>');
    expect(page.items.find((i: { messageId: string }) => i.messageId === '<m3@northwind.test>')).toMatchObject({
      automated: true,
      outcome: 'refused',
    });
    const irm = await makeUserWithToken(t, { role: 'ir_manager' });
    expect((await call(t.app, irm.auth, 'GET', '/api/v1/inbound-mail')).statusCode).toBe(403);
  });
});

describe('envelope sender', () => {
  it('records the SMTP MAIL FROM beside the From header and lists it; without MAIL_IN_AUTHSERV_ID a differing one alone refuses nothing', async () => {
    const { makeUserWithToken } = await import('./support/factories.ts');
    const { call } = await import('./support/harness.ts');
    await smtp().sendMail({
      from: 'dana@northwind.test',
      to: 'echo+good@in.imr.test',
      envelope: { from: 'Bounces+42@ESP.test', to: ['echo+good@in.imr.test'] },
      subject: 'x',
      text: 'approve',
      messageId: '<env1@northwind.test>',
    });
    const row = await t.db.kysely
      .selectFrom('inbound_messages')
      .selectAll()
      .where('message_id', '=', '<env1@northwind.test>')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      from_address: 'dana@northwind.test',
      envelope_from: 'bounces+42@esp.test',
      outcome: 'applied',
    });
    expect(seen.at(-1)!.msg).toMatchObject({ envelopeFrom: 'bounces+42@esp.test', senderCheck: null });
    const admin = await makeUserWithToken(t, { role: 'admin' });
    const page = (await call(t.app, admin.auth, 'GET', '/api/v1/inbound-mail?limit=50')).json();
    expect(page.items.find((i: { messageId: string }) => i.messageId === '<env1@northwind.test>')).toMatchObject({
      from: 'dana@northwind.test',
      envelopeFrom: 'bounces+42@esp.test',
    });
  });
});
