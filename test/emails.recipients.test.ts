import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInvite } from '../src/core/calendar/invite.ts';
import { createMailboxTransport, createSmtpTransport } from '../src/core/mail/transport.ts';
import { renderEmail } from '../src/core/mail/templates.ts';
import { makeContact } from './support/contract-factories.ts';
import { call, createTestEnv, TEST_PUBLIC_URL, type TestEnv } from './support/harness.ts';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.ts';
import {
  approvalMails,
  approve,
  makeWorkOrderWorld,
  sentWorkOrder,
  type WorkOrderWorld,
} from './support/workorder-world.ts';

const ISO_INSTANT = /\d{4}-\d\d-\d\dT\d\d:\d\d/;
const DOMAIN = 'in.imr.test';

let sink: SmtpSink;
let t: TestEnv;
let w: WorkOrderWorld;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestEnv({
    now: '2026-11-03T10:02:00Z',
    transport: createSmtpTransport(`smtp://127.0.0.1:${sink.port}`),
    env: { SMTP_IN_PORT: '0', MAIL_IN_DOMAIN: DOMAIN },
  });
  w = await makeWorkOrderWorld(t, { initialAmount: 400 * 60, timeZone: 'America/Chicago' });
  const firm = await call(t.app, w.admin.auth, 'PATCH', '/api/v1/settings', {
    profile: { timeZone: 'Europe/Berlin' },
    reason: "The firm's office is in Berlin",
  });
  expect(firm.statusCode, firm.body).toBe(200);
});
afterAll(async () => {
  await t.close();
  await sink.stop();
});

const outboxOf = (topic: string) =>
  t.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', topic).orderBy('queue_seq').execute();
const contactCount = async () =>
  (await t.db.kysely.selectFrom('contacts').select('time_zone').where('time_zone', 'is not', null).execute()).length;

describe('recipient time zones through the API', () => {
  it('refuses an unknown zone on a contact and on one’s own profile (400 VALIDATION_FAILED), changing nothing', async () => {
    const before = await contactCount();
    const bad = await call(
      t.app,
      w.admin.auth,
      'PATCH',
      `/api/v1/customers/${w.customer.customerId}/contacts/${w.mailApprover.id}`,
      { timeZone: 'Mars/Olympus_Mons' },
    );
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect(await contactCount()).toBe(before);
    const me = await call(t.app, w.irManager.auth, 'PATCH', '/api/v1/auth/me', { timeZone: 'Nowhere/Town' });
    expect(me.statusCode, me.body).toBe(400);
    const user = await t.db.kysely
      .selectFrom('users')
      .select('time_zone')
      .where('id', '=', w.irManager.id)
      .executeTakeFirstOrThrow();
    expect(user.time_zone).toBeNull();
  });

  it('stores a contact’s and a user’s zone and shows them', async () => {
    const contact = await call(
      t.app,
      w.admin.auth,
      'PATCH',
      `/api/v1/customers/${w.customer.customerId}/contacts/${w.mailApprover.id}`,
      { timeZone: 'asia/tokyo' },
    );
    expect(contact.statusCode, contact.body).toBe(200);
    expect(contact.json().timeZone).toBe('Asia/Tokyo');
    const me = await call(t.app, w.irManager.auth, 'PATCH', '/api/v1/auth/me', { timeZone: 'Pacific/Auckland' });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().timeZone).toBe('Pacific/Auckland');
    // A customer user sets his zone too (his work phone stays refused).
    const portal = await call(t.app, w.requester.auth, 'PATCH', '/api/v1/auth/me', { timeZone: 'America/New_York' });
    expect(portal.statusCode, portal.body).toBe(200);
    const phone = await call(t.app, w.requester.auth, 'PATCH', '/api/v1/auth/me', { workPhone: '+1 312 555 0100' });
    expect(phone.statusCode).toBe(422);
  });
});

describe('emails by recipient', () => {
  it('writes the approval request in the contact’s zone (own zone; else the customer’s), never an ISO instant', async () => {
    await sentWorkOrder(t, w);
    const tokyo = (await approvalMails(t, w.mailApprover.email))[0]!.payload;
    expect(tokyo.text).toMatch(/Approve by: \d\d:\d\d on \w{3} \d+ \w{3} 2026 \(Asia\/Tokyo\)/);
    expect(tokyo.text.match(ISO_INSTANT), tokyo.text).toBeNull();
    expect(tokyo.html).not.toMatch(ISO_INSTANT);
    const chicago = (await approvalMails(t, w.approver.email))[0]!.payload;
    expect(chicago.text).toContain('(America/Chicago)');
    expect(chicago.text).not.toMatch(ISO_INSTANT);
  });

  it('links the decision email to the portal for the customer and to staff pages for staff, each in his zone', async () => {
    const { wo } = await sentWorkOrder(t, w);
    const r = await approve(t, w.approver.auth, wo.id, wo.contentHash!);
    expect(r.statusCode, r.body).toBe(200);
    const engagementId = r.json().engagementId as string;
    const { number: engagementNumber } = await t.db.kysely
      .selectFrom('engagements')
      .select('number')
      .where('id', '=', engagementId)
      .executeTakeFirstOrThrow();
    const rows = (await outboxOf('ewo.approved')).filter((m) => m.dedupe_key?.startsWith(`ewo-decision:`));
    const sentTo = (email: string) => rows.find((m) => m.payload.to.includes(email))!.payload;
    // The requester (a portal user with his own zone): the portal's engagement page.
    const requester = sentTo(w.requester.email);
    // Links name the items by their human numbers, never by internal ids.
    expect(requester.text).toContain(`${TEST_PUBLIC_URL}/portal/engagements/${engagementNumber}`);
    expect(requester.text).not.toContain(engagementId);
    expect(requester.text).not.toContain(`${TEST_PUBLIC_URL}/work-orders/`);
    expect(requester.text).toContain('(America/New_York)');
    // The IR manager (own zone) and the account manager (firm default): the staff work order page.
    const manager = sentTo(w.irManager.email);
    expect(manager.text).toContain(`${TEST_PUBLIC_URL}/work-orders/${wo.number}`);
    expect(manager.text).not.toContain(wo.id);
    expect(manager.text).toContain('(Pacific/Auckland)');
    const team = sentTo(w.accountManager.email);
    expect(team.text).toContain(`${TEST_PUBLIC_URL}/work-orders/${wo.number}`);
    expect(team.text).toContain('(Europe/Berlin)');
    expect(team.to).not.toContain(w.requester.email);
    for (const m of rows) expect(m.payload.text).not.toMatch(ISO_INSTANT);
  });

  it('writes a booking invite in the consultant’s own zone, else in the firm’s default zone (never UTC by default)', async () => {
    // The engagement the decision above created (a new approval would reserve hours the next test counts on).
    const { id: engagementId, window_start } = await t.db.kysely
      .selectFrom('engagements')
      .select(['id', 'window_start'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const day = window_start ?? '2026-11-03';
    const book = (consultantId: string, hour: number) =>
      call(t.app, w.admin.auth, 'POST', `/api/v1/engagements/${engagementId}/bookings`, {
        consultantId,
        start: `${day}T${hour}:00:00Z`,
        end: `${day}T${hour + 2}:00:00Z`,
        mode: 'remote',
      });
    // The account manager has no zone of his own and no consultant profile: the firm's default (Berlin).
    expect((await book(w.accountManager.id, 15)).statusCode).toBe(201);
    // The IR manager chose Pacific/Auckland for his emails: his own zone wins.
    expect((await book(w.irManager.id, 18)).statusCode).toBe(201);
    const invites = await outboxOf('booking.invited');
    const to = (email: string) => invites.find((m) => m.payload.to.includes(email))!.payload.text;
    expect(to(w.accountManager.email)).toMatch(/16:00 .*\(Europe\/Berlin\)/);
    expect(to(w.accountManager.email)).not.toContain('(UTC)');
    expect(to(w.irManager.email)).toContain('(Pacific/Auckland)');
  });

  it('sends the 90 % alert to statement contacts with the portal contract page, to the team with the staff one', async () => {
    const { ledger } = t.core.services;
    const statements = await makeContact(t, w.customer.customerId, { receivesStatements: true });
    await t.db.transaction((trx) =>
      ledger.consume(trx, w.irManager.ctx, {
        contractId: w.contract.id,
        engagementId: t.core.ids.next('eng'),
        amount: 360 * 60,
      }),
    );
    const alerts = (await outboxOf('ledger.threshold_crossed')).filter((m) => m.payload.subject.includes('90 %'));
    const contact = alerts.find((m) => m.payload.to.includes(statements.email));
    const team = alerts.find((m) => m.payload.to.includes(w.accountManager.email));
    expect(contact?.payload.text).toContain(`${TEST_PUBLIC_URL}/portal/contracts/${w.contract.id}`);
    expect(team?.payload.text).toContain(`${TEST_PUBLIC_URL}/contracts/${w.contract.id}`);
    expect(team?.payload.text).not.toContain('/portal/');
  });
});

describe('the raw message (RFC 5322, RFC 3834) through a real SMTP server', () => {
  it('delivers Auto-Submitted, CRLF-only sources (headers, text, HTML, attachments) and text/calendar with its method', async () => {
    const invite = buildInvite({
      uid: 'booking-1@imr.test',
      sequence: 0,
      method: 'CANCEL',
      title: 'Engagement ENG-2026-0001',
      description: 'Line one\nLine two',
      start: new Date('2026-11-10T14:00:00Z'),
      end: new Date('2026-11-10T16:00:00Z'),
      organizer: { name: 'IMR', email: 'imr@imr.test' },
      attendees: [{ name: 'A', email: 'a@customer.test' }],
      stamp: t.clock.now(),
    });
    await t.db.transaction((trx) =>
      t.core.services.outbox.enqueueEmail(trx, {
        topic: 'test.invite',
        to: ['a@customer.test'],
        subject: 'Cancelled: engagement',
        ...renderEmail({ heading: 'Cancelled', paragraphs: ['First line\nsecond line', 'Another'] }),
        icalEvent: invite,
      }),
    );
    sink.raw.length = 0;
    sink.messages.length = 0;
    await t.core.services.delivery.deliverDue(100);
    expect(sink.raw.length).toBeGreaterThan(0);
    for (const raw of sink.raw) {
      expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(raw).toMatch(/^Auto-Submitted: auto-generated\r$/m);
    }
    // The approval requests carry their PDF, and the reply wording comes with the matching Reply-To.
    const approval = sink.messages.find((m) => m.attachments.some((a) => a.contentType === 'application/pdf'));
    expect(approval?.replyTo?.text).toMatch(new RegExp(`^ewo\\+[0-9a-f]+@${DOMAIN.replace(/\./g, '\\.')}$`));
    expect(approval?.text).toContain('You can also reply to this email');
    const cancelled = sink.raw.find((raw) => raw.includes('Subject: Cancelled: engagement'))!;
    expect(cancelled).toContain('Content-Type: text/calendar; charset=utf-8; method=CANCEL\r\n');
    expect(cancelled).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=CANCEL;\s+name=cancel\.ics/);
    expect(cancelled).not.toContain('application/ics');
  });

  it('keeps an auto-reply’s own Auto-Submitted', async () => {
    await t.db.transaction((trx) =>
      t.core.services.outbox.enqueueEmail(trx, {
        topic: 'test.auto_reply',
        to: ['b@customer.test'],
        subject: 'Re: hello',
        text: 't',
        html: '<p>t</p>',
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
    );
    const row = (await outboxOf('test.auto_reply'))[0]!;
    expect(row.payload.headers).toEqual({ 'Auto-Submitted': 'auto-replied' });
  });
});

describe('the local mailbox', () => {
  it('lists the attachments a message carries (name, type, size), the invitation included, and stores CRLF source', async () => {
    const mailbox = createMailboxTransport({ db: t.db, clock: t.clock, ids: t.core.ids });
    const outboxId = t.core.ids.next('out');
    await mailbox.send({
      from: 'imr@imr.test',
      to: ['c@customer.test'],
      subject: 'With attachments',
      text: 'a\nb',
      html: '<p>a</p>\n<p>b</p>',
      messageId: `<${outboxId}@imr.test>`,
      outboxId,
      attachments: [
        { filename: 'EWO-1.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1').toString('base64') },
      ],
      icalEvent: { method: 'REQUEST', content: 'BEGIN:VCALENDAR\nMETHOD:REQUEST\nEND:VCALENDAR\n' },
    });
    const list = await call(t.app, w.admin.auth, 'GET', '/api/v1/mailbox?to=c@customer.test');
    expect(list.statusCode, list.body).toBe(200);
    const item = list.json().items[0];
    expect(item.attachments).toEqual([
      { filename: 'EWO-1.pdf', contentType: 'application/pdf', size: 6 },
      { filename: 'invite.ics', contentType: 'text/calendar; charset=utf-8; method=REQUEST', size: 48 },
    ]);
    const one = await call(t.app, w.admin.auth, 'GET', `/api/v1/mailbox/${item.id}`);
    expect(one.json().attachments).toEqual(item.attachments);
    const raw = await call(t.app, w.admin.auth, 'GET', `/api/v1/mailbox/${item.id}/raw`);
    expect(raw.body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('reply-to-approve wording without inbound mail', () => {
  it('leaves out the reply wording and the Reply-To', async () => {
    const off = await createTestEnv({ now: '2026-11-03T10:02:00Z' });
    try {
      const world = await makeWorkOrderWorld(off, { initialAmount: 400 * 60 });
      await sentWorkOrder(off, world);
      const mail = (await approvalMails(off, world.mailApprover.email))[0]!;
      expect(mail.payload.replyTo).toBeUndefined();
      expect(mail.payload.text).not.toContain('reply to this email');
      expect(mail.payload.text).not.toMatch(/APPROVE/);
    } finally {
      await off.close();
    }
  });
});
