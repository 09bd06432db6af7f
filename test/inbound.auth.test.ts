import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInboundListener, type InboundListener } from '../src/core/inbound/inbound.server.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import {
  approvalMails,
  fingerprint,
  makeWorkOrderWorld,
  sentWorkOrder,
  type WorkOrderWorld,
} from './support/workorder-world.ts';

// docs/security.md "Approval by email reply": with MAIL_IN_AUTHSERV_ID set, the organisation's own mail
// server's Authentication-Results decide whether the From address is believed.

let t: TestEnv;
let w: WorkOrderWorld;
let listener: InboundListener;
let seq = 0;
const DOMAIN = 'in.imr.test';
const OUR_MX = 'mx.imr.test';

beforeAll(async () => {
  t = await createTestEnv({
    now: '2026-11-03T10:02:00Z',
    env: { SMTP_IN_PORT: '0', MAIL_IN_DOMAIN: DOMAIN, MAIL_IN_AUTHSERV_ID: OUR_MX },
  });
  w = await makeWorkOrderWorld(t, { initialAmount: 400 * 60 });
  listener = await startInboundListener({
    port: 0,
    host: '127.0.0.1',
    domain: DOMAIN,
    inbound: t.core.services.inbound,
  });
});
afterAll(async () => {
  await listener.close();
  await t.close();
});

/** Sends a reply over SMTP with the given envelope sender and Authentication-Results headers (top first). */
async function reply(o: { to: string; text: string; envelopeFrom: string; authResults: string[] }): Promise<string> {
  const messageId = `<auth-${++seq}-${Date.now()}@customer.test>`;
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  await smtp.sendMail({
    from: `"${w.mailApprover.name}" <${w.mailApprover.email}>`,
    to: o.to,
    envelope: { from: o.envelopeFrom, to: [o.to] },
    subject: 'Re: Approval needed',
    text: o.text,
    messageId,
    headers: o.authResults.map((value) => ({ key: 'Authentication-Results', value })),
  });
  return messageId;
}
const replyAddress = async () => `ewo+${(await approvalMails(t, w.mailApprover.email))[0]!.reply}@${DOMAIN}`;
const row = async (messageId: string) =>
  t.db.kysely
    .selectFrom('inbound_messages')
    .select(['outcome', 'outcome_detail', 'envelope_from'])
    .where('message_id', '=', messageId)
    .executeTakeFirstOrThrow();
const autoReplies = async (messageId: string) =>
  (await t.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', 'inbound.auto_reply').execute()).filter(
    (m) => m.payload.headers?.['In-Reply-To'] === messageId,
  );
const statusOf = async (id: string) =>
  (await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${id}`)).json().status;
const fromDomain = () => w.mailApprover.email.split('@')[1]!;

describe('approval by email reply, checked against our mail server', () => {
  it("refuses a DECLINE with the approver's From when our server says DMARC failed: nothing decided, no answer, the envelope sender recorded", async () => {
    const { wo } = await sentWorkOrder(t, w);
    const before = await fingerprint(t);
    const id = await reply({
      to: await replyAddress(),
      text: 'DECLINE: cancel everything',
      envelopeFrom: 'mallory@stranger.test',
      authResults: [
        `${OUR_MX}; spf=pass smtp.mailfrom=stranger.test; dkim=none; dmarc=fail (p=reject) header.from=${fromDomain()}`,
      ],
    });
    expect(await row(id)).toMatchObject({
      outcome: 'refused',
      envelope_from: 'mallory@stranger.test',
      outcome_detail: expect.stringMatching(/DMARC failed/),
    });
    expect(await fingerprint(t)).toEqual(before);
    expect(await statusOf(wo.id)).toBe('sent');
    // No answer to a forged From: it would go to the real approver, who did not write (backscatter).
    expect(await autoReplies(id)).toHaveLength(0);
    const admin = await import('./support/factories.ts').then((f) => f.makeUserWithToken(t, { role: 'admin' }));
    const listed = (await call(t.app, admin.auth, 'GET', '/api/v1/inbound-mail?limit=50'))
      .json()
      .items.find((i: { messageId: string }) => i.messageId === id);
    expect(listed).toMatchObject({ envelopeFrom: 'mallory@stranger.test', outcome: 'refused' });
  });

  it('ignores a DMARC failure claimed by another server (a header the sender wrote), and decides on our pass', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const id = await reply({
      to: await replyAddress(),
      text: 'APPROVE',
      envelopeFrom: w.mailApprover.email,
      authResults: [
        `${OUR_MX}; dkim=pass header.d=${fromDomain()}; dmarc=pass header.from=${fromDomain()}`,
        `mx.elsewhere.test; dmarc=fail header.from=${fromDomain()}`,
      ],
    });
    expect(await row(id)).toMatchObject({ outcome: 'applied' });
    expect(await statusOf(wo.id)).toBe('approved');
  });

  it('a sender cannot overrule our verdict with a lower header claiming our authserv-id', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const before = await fingerprint(t);
    const id = await reply({
      to: await replyAddress(),
      text: 'APPROVE',
      envelopeFrom: 'x@stranger.test',
      authResults: [
        `${OUR_MX}; dmarc=fail header.from=${fromDomain()}`,
        `${OUR_MX}; dmarc=pass header.from=${fromDomain()}`,
      ],
    });
    expect(await row(id)).toMatchObject({ outcome: 'refused' });
    expect(await fingerprint(t)).toEqual(before);
    expect(await statusOf(wo.id)).toBe('sent');
  });

  it('accepts DMARC pass with a different envelope sender (a forwarder), keeping both in the evidence', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const id = await reply({
      to: await replyAddress(),
      text: 'APPROVE',
      envelopeFrom: 'srs0=abcd@forwarder.test',
      authResults: [
        `${OUR_MX}; spf=pass smtp.mailfrom=forwarder.test; dkim=pass header.d=${fromDomain()}; dmarc=pass header.from=${fromDomain()}`,
      ],
    });
    expect(await row(id)).toMatchObject({ outcome: 'applied', envelope_from: 'srs0=abcd@forwarder.test' });
    const decided = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${wo.id}`)).json();
    expect(decided.status).toBe('approved');
    expect(decided.decision.evidence).toMatchObject({
      envelopeFrom: 'srs0=abcd@forwarder.test',
      senderCheck: expect.stringContaining('dmarc=pass'),
    });
  });

  it('refuses, unanswered, a reply that did not pass through our mail server (no Authentication-Results of ours)', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const before = await fingerprint(t);
    const id = await reply({
      to: await replyAddress(),
      text: 'APPROVE',
      envelopeFrom: w.mailApprover.email,
      authResults: [],
    });
    expect(await row(id)).toMatchObject({
      outcome: 'refused',
      outcome_detail: expect.stringMatching(/did not come through/),
    });
    expect(await fingerprint(t)).toEqual(before);
    expect(await autoReplies(id)).toHaveLength(0);
    expect(await statusOf(wo.id)).toBe('sent');
  });

  it('without DMARC, refuses an SPF failure without an aligned DKIM pass', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const before = await fingerprint(t);
    const id = await reply({
      to: await replyAddress(),
      text: 'APPROVE',
      envelopeFrom: w.mailApprover.email,
      authResults: [`${OUR_MX}; spf=fail smtp.mailfrom=${fromDomain()}; dkim=none`],
    });
    expect(await row(id)).toMatchObject({ outcome: 'refused', outcome_detail: expect.stringMatching(/SPF failed/) });
    expect(await fingerprint(t)).toEqual(before);
    expect(await statusOf(wo.id)).toBe('sent');
  });
});
