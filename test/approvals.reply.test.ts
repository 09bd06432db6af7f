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

let t: TestEnv;
let w: WorkOrderWorld;
let listener: InboundListener;
let seq = 0;
const DOMAIN = 'in.imr.test';

beforeAll(async () => {
  t = await createTestEnv({ now: '2026-11-03T10:02:00Z', env: { SMTP_IN_PORT: '0', MAIL_IN_DOMAIN: DOMAIN } });
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

/** Sends a reply over a real SMTP connection to the product's listener; answers its Message-ID. */
async function reply(o: { from: string; to: string; text: string; headers?: Record<string, string> }): Promise<string> {
  const messageId = `<reply-${++seq}-${Date.now()}@customer.test>`;
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  await smtp.sendMail({
    from: o.from,
    to: o.to,
    subject: 'Re: Approval needed',
    text: o.text,
    messageId,
    ...(o.headers ? { headers: o.headers } : {}),
  });
  return messageId;
}
const autoReplies = async (messageId: string) =>
  (await t.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', 'inbound.auto_reply').execute()).filter(
    (m) => m.payload.headers?.['In-Reply-To'] === messageId,
  );
const replyAddress = async (email: string) => `ewo+${(await approvalMails(t, email))[0]!.reply}@${DOMAIN}`;
const outcome = async (messageId: string) =>
  t.db.kysely
    .selectFrom('inbound_messages')
    .select(['handler', 'outcome', 'outcome_detail'])
    .where('message_id', '=', messageId)
    .executeTakeFirstOrThrow();

describe('approval by email reply over SMTP', () => {
  it('approves the current version when the approving contact replies APPROVE from its own address, with the email as evidence', async () => {
    const { requestId, wo } = await sentWorkOrder(t, w);
    const to = await replyAddress(w.mailApprover.email);
    // As relayed by the customer's mail server, which adds its Received trace header.
    const received = `from mx.customer.test (mx.customer.test [192.0.2.10]) by ${DOMAIN} with ESMTPS; Tue, 3 Nov 2026 04:05:00 -0600`;
    const id = await reply({
      from: `"${w.mailApprover.name}" <${w.mailApprover.email.toUpperCase()}>`,
      to,
      text: 'Approve\n\nGo ahead.\n\nOn Tue, 3 Nov 2026 IMR Desk wrote:\n> DECLINE',
      headers: { Received: received },
    });
    expect(await outcome(id)).toMatchObject({ handler: 'ewo', outcome: 'applied' });
    const woNow = (await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${wo.id}`)).json();
    expect(woNow).toMatchObject({
      status: 'approved',
      decision: { channel: 'email', contactId: w.mailApprover.id, contentHash: wo.contentHash },
    });
    expect(woNow.decision.evidence).toMatchObject({ messageId: id });
    expect(woNow.decision.evidence.date).toBeTruthy();
    expect(String(woNow.decision.evidence.received)).toContain('mx.customer.test [192.0.2.10]');
    expect(String(woNow.decision.evidence.from).toLowerCase()).toContain(w.mailApprover.email.toLowerCase());
    expect(
      (
        await t.db.kysely
          .selectFrom('service_requests')
          .select('status')
          .where('id', '=', requestId)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('approved');
    const answer = await autoReplies(id);
    expect(answer).toHaveLength(1);
    expect(answer[0]!.payload).toMatchObject({ headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(answer[0]!.payload.text).toContain('approved');
  });

  it('declines with the reason after DECLINE', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const id = await reply({
      from: w.mailApprover.email,
      to: await replyAddress(w.mailApprover.email),
      text: "DECLINE: we will use our insurer's panel firm.\n\nRegards",
    });
    expect(await outcome(id)).toMatchObject({ outcome: 'applied' });
    expect((await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${wo.id}`)).json()).toMatchObject({
      status: 'declined',
      decision: { channel: 'email', reason: "we will use our insurer's panel firm." },
    });
  });

  it('changes nothing for a reply without a token, with a wrong token, from an unknown sender, for an old version, or without APPROVE/DECLINE; each gets one automatic answer', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const right = await replyAddress(w.mailApprover.email);
    const cases: { name: string; from: string; to: string; text: string }[] = [
      { name: 'no token', from: w.mailApprover.email, to: `ewo@${DOMAIN}`, text: 'APPROVE' },
      { name: 'wrong token', from: w.mailApprover.email, to: `ewo+${'0'.repeat(48)}@${DOMAIN}`, text: 'APPROVE' },
      { name: 'malformed token', from: w.mailApprover.email, to: `ewo+nothex@${DOMAIN}`, text: 'APPROVE' },
      { name: 'unknown sender', from: 'mallory@attacker.test', to: right, text: 'APPROVE' },
      { name: "another approver's address", from: w.approver.email, to: right, text: 'APPROVE' },
      { name: 'ambiguous text', from: w.mailApprover.email, to: right, text: 'Looks fine to me, approve it please' },
    ];
    for (const c of cases) {
      const before = await fingerprint(t);
      const id = await reply(c);
      expect(await outcome(id), c.name).toMatchObject({ outcome: 'refused' });
      expect(await fingerprint(t), c.name).toEqual(before);
      const answer = await autoReplies(id);
      expect(answer, c.name).toHaveLength(1);
      expect(answer[0]!.payload.to, c.name).toEqual([c.from.toLowerCase()]);
      expect(answer[0]!.payload.headers?.['Auto-Submitted']).toBe('auto-replied');
    }
    expect((await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${wo.id}`)).json().status).toBe('sent');

    // An old version: the firm revised the EWO after sending.
    await call(t.app, w.irManager.auth, 'PATCH', `/api/v1/work-orders/${wo.id}`, { title: 'Revised scope' });
    await call(t.app, w.irManager.auth, 'POST', `/api/v1/work-orders/${wo.id}/send`);
    const before = await fingerprint(t);
    const id = await reply({ from: w.mailApprover.email, to: right, text: 'APPROVE' });
    expect(await outcome(id)).toMatchObject({ outcome: 'refused' });
    expect(await fingerprint(t)).toEqual(before);
    const answer = await autoReplies(id);
    expect(answer).toHaveLength(1);
    expect(answer[0]!.payload.text).toMatch(/not awaiting this decision/);
    expect((await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${wo.id}`)).json()).toMatchObject({
      status: 'sent',
      version: 2,
    });
  });

  it('never decides on, nor answers, an Auto-Submitted message', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const before = await fingerprint(t);
    const id = await reply({
      from: w.mailApprover.email,
      to: await replyAddress(w.mailApprover.email),
      text: 'APPROVE',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(await outcome(id)).toMatchObject({ outcome: 'ignored' });
    expect(await fingerprint(t)).toEqual(before);
    expect(await autoReplies(id)).toHaveLength(0);
    expect((await call(t.app, w.irManager.auth, 'GET', `/api/v1/work-orders/${wo.id}`)).json().status).toBe('sent');
  });
});
