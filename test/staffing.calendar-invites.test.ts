import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../src/core/context.ts';
import { composeRaw, type MailTransport, type OutgoingEmail } from '../src/core/mail/transport.ts';
import { bookingChanged, type BookingRecord } from '../src/core/staffing/staffing.notify.ts';
import { makeEngagement, type TestEngagement } from './support/engagement-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { call, createTestEnv, type TestEnv } from './support/harness.ts';
import { makeStaffingWorld } from './support/staffing-factories.ts';

/** Records what it sends, with the MIME source; refuses a message whose subject starts with a listed prefix. */
function recordingTransport() {
  const sent: { mail: OutgoingEmail; raw: string }[] = [];
  const failing: string[] = [];
  const transport: MailTransport = {
    kind: 'mailbox',
    async send(mail) {
      if (failing.some((prefix) => mail.subject.startsWith(prefix)))
        throw Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 });
      sent.push({ mail, raw: await composeRaw(mail) });
    },
    async close() {},
  };
  return { transport, sent, failing };
}

/** The invite as a calendar client reads it (ical.js), with the attendee's parameters. */
function parse(content: string) {
  const cal = new ICAL.Component(ICAL.parse(content));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const vevent = cal.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  const attendee = vevent.getFirstProperty('attendee')!;
  return {
    method: String(cal.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    status: String(vevent.getFirstPropertyValue('status')),
    tzid: vevent.getFirstProperty('dtstart')!.getParameter('tzid'),
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    organizer: String(vevent.getFirstPropertyValue('organizer')),
    attendee: String(attendee.getFirstValue()),
    rsvp: attendee.getParameter('rsvp'),
    location: event.location,
  };
}

let t: TestEnv;
let rec: ReturnType<typeof recordingTransport>;
let consultant: Awaited<ReturnType<typeof makeUserWithToken>>;
let engagement: TestEngagement;

beforeAll(async () => {
  rec = recordingTransport();
  t = await createTestEnv({ now: '2026-11-02T09:00:00Z', transport: rec.transport });
  consultant = await makeUserWithToken(t, { role: 'consultant', name: 'Kenji Watanabe' });
  // Kenji's own zone (My profile) is Tokyo; the booking record's home-base zone (New York) is not the reader's.
  const me = await call(t.app, consultant.auth, 'PATCH', '/api/v1/auth/me', { timeZone: 'Asia/Tokyo' });
  expect(me.statusCode, me.body).toBe(200);
  engagement = await makeEngagement(t, { team: [{ userId: consultant.id, role: 'lead' }] });
});
afterAll(async () => t.close());

function record(over: Partial<BookingRecord> = {}): BookingRecord {
  return {
    id: t.core.ids.next('bkg'),
    consultantId: consultant.id,
    consultantName: 'Kenji Watanabe',
    consultantEmail: consultant.email,
    consultantTimeZone: 'America/New_York',
    engagementId: engagement.id,
    engagementNumber: engagement.number,
    engagementTitle: 'Ransomware response',
    customerName: 'Northwind Freight',
    start: new Date('2026-11-10T00:00:00Z'),
    end: new Date('2026-11-10T08:00:00Z'),
    mode: 'onsite',
    status: 'confirmed',
    siteId: null,
    siteName: 'Northwind HQ',
    siteAddress: '1 Harbour Road, Rotterdam',
    siteTimeZone: 'Europe/Amsterdam',
    note: '',
    sequence: 0,
    cancelledAt: null,
    cancelReason: null,
    ...over,
  };
}

const notify = (booking: BookingRecord, kind: 'created' | 'updated' | 'cancelled') =>
  t.db.transaction((trx) =>
    bookingChanged(
      { outbox: t.core.services.outbox, clock: t.clock, publicUrl: t.config.publicUrl },
      trx,
      systemCtx('test'),
      booking,
      kind,
    ),
  );

const deliverAll = async () => {
  for (let round = 0; round < 6; round++) await t.core.services.delivery.deliverDue(20);
};

describe('booking invites', () => {
  it('sends REQUEST, an update with a higher SEQUENCE and CANCEL, in order even when the first delivery fails', async () => {
    const booked = record();
    await notify(booked, 'created');
    await notify(
      { ...booked, sequence: 1, start: new Date('2026-11-11T00:00:00Z'), end: new Date('2026-11-11T08:00:00Z') },
      'updated',
    );
    await notify(
      {
        ...booked,
        sequence: 2,
        start: new Date('2026-11-11T00:00:00Z'),
        end: new Date('2026-11-11T08:00:00Z'),
        cancelledAt: t.clock.now(),
      },
      'cancelled',
    );

    // The original's first delivery fails: the update and the cancellation must wait for it.
    rec.failing.push(`${engagement.number}:`);
    await t.core.services.delivery.deliverDue(20);
    expect(rec.sent).toHaveLength(0);
    rec.failing.length = 0;
    t.clock.advance(60_000);
    await deliverAll();

    const mails = rec.sent.filter((m) => m.mail.to.includes(consultant.email));
    expect(mails.map((m) => m.mail.subject.split(':')[0])).toEqual([engagement.number, 'Updated', 'Cancelled']);
    const invites = mails.map((m) => parse(m.mail.icalEvent!.content));
    expect(invites.map((i) => i.method)).toEqual(['REQUEST', 'REQUEST', 'CANCEL']);
    expect(invites.map((i) => i.sequence)).toEqual([0, 1, 2]);
    expect(new Set(invites.map((i) => i.uid))).toEqual(new Set([`${booked.id}@imr.test`]));
    expect(invites.map((i) => i.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'CANCELLED']);
    expect(invites[0]).toMatchObject({
      tzid: 'Asia/Tokyo',
      start: '2026-11-10T00:00:00.000Z',
      end: '2026-11-10T08:00:00.000Z',
      attendee: `mailto:${consultant.email}`,
      rsvp: 'FALSE',
      location: 'Northwind HQ, 1 Harbour Road, Rotterdam',
    });
    expect(invites[0]!.organizer).toMatch(/^mailto:/i);
    expect(invites[1]!.start).toBe('2026-11-11T00:00:00.000Z');
    // Attached as text/calendar with the method, as mail clients expect of an invitation.
    expect(mails[0]!.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
    expect(mails[2]!.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=CANCEL/);
    // The email reads in the consultant's zone, without internal ids.
    expect(mails[0]!.mail.text).toContain('Tuesday 10 November 2026, 09:00');
    expect(mails[0]!.mail.text).toContain('(Asia/Tokyo)');
    expect(mails[0]!.mail.text).not.toContain('America/New_York');
    expect(mails[0]!.mail.text).not.toContain(booked.id);
    expect(mails[0]!.mail.text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  it('marks a tentative booking TENTATIVE', async () => {
    const before = rec.sent.length;
    await notify(record({ status: 'tentative' }), 'created');
    await deliverAll();
    const [mail] = rec.sent.slice(before);
    expect(parse(mail!.mail.icalEvent!.content)).toMatchObject({ method: 'REQUEST', status: 'TENTATIVE', sequence: 0 });
    expect(mail!.mail.text).toContain('tentative');
  });
});

describe("booking invites in the reader's zone", () => {
  it("writes the invite and its email in the firm's default zone for a consultant without his own (not UTC)", async () => {
    const admin = await makeUserWithToken(t, { role: 'admin', name: 'Odile Admin' });
    const firm = await call(t.app, admin.auth, 'PATCH', '/api/v1/settings', {
      profile: { timeZone: 'Europe/Paris' },
      reason: "The firm's office is in Paris",
    });
    expect(firm.statusCode, firm.body).toBe(200);
    const mia = await makeUserWithToken(t, { role: 'consultant', name: 'Mia Moreau' });
    const before = rec.sent.length;
    await notify(
      record({
        consultantId: mia.id,
        consultantName: 'Mia Moreau',
        consultantEmail: mia.email,
        consultantTimeZone: 'UTC',
      }),
      'created',
    );
    await deliverAll();
    const [mail] = rec.sent.slice(before).filter((m) => m.mail.to.includes(mia.email));
    expect(parse(mail!.mail.icalEvent!.content)).toMatchObject({
      tzid: 'Europe/Paris',
      start: '2026-11-10T00:00:00.000Z',
    });
    expect(mail!.mail.text).toContain('Tuesday 10 November 2026, 01:00');
    expect(mail!.mail.text).toContain('(Europe/Paris)');
    expect(mail!.mail.text).not.toContain('UTC');
  });
});

describe('booking invites through the bookings API', () => {
  let t2: TestEnv;
  let rec2: ReturnType<typeof recordingTransport>;
  let w: Awaited<ReturnType<typeof makeStaffingWorld>>;
  beforeAll(async () => {
    rec2 = recordingTransport();
    t2 = await createTestEnv({ transport: rec2.transport });
    w = await makeStaffingWorld(t2);
  });
  afterAll(async () => t2.close());

  const bookings = (path = '') => `/api/v1/engagements/${w.engagement.id}/bookings${path}`;
  const deliver = async () => {
    for (let round = 0; round < 6; round++) await t2.core.services.delivery.deliverDue(20);
  };
  const invitesTo = (email: string) =>
    rec2.sent
      .filter((m) => m.mail.to.includes(email) && m.mail.icalEvent)
      .map((m) => ({ ...parse(m.mail.icalEvent!.content), raw: m.raw, subject: m.mail.subject }));

  it('book, move and cancel send REQUEST 0, REQUEST 1 and CANCEL 2 to the consultant, in order after a failed first delivery', async () => {
    const manager = w.staff.manager.auth;
    const created = await call(t2.app, manager, 'POST', bookings(), {
      consultantId: w.staff.consultant.id,
      start: '2026-11-10T14:00:00Z',
      end: '2026-11-10T22:00:00Z',
      mode: 'remote',
      status: 'confirmed',
    });
    expect(created.statusCode, created.body).toBe(201);
    const booking = created.json() as { id: string; revision: number };
    const moved = await call(t2.app, manager, 'PATCH', bookings(`/${booking.id}`), {
      start: '2026-11-11T14:00:00Z',
      end: '2026-11-11T22:00:00Z',
      revision: booking.revision,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const cancelled = await call(t2.app, manager, 'DELETE', bookings(`/${booking.id}?reason=Customer%20postponed`));
    expect(cancelled.statusCode, cancelled.body).toBe(200);

    // The first attempt at the original invite fails; the update and the cancellation wait for it.
    rec2.failing.push(w.engagement.number);
    await t2.core.services.delivery.deliverDue(20);
    expect(invitesTo(w.staff.consultant.email)).toEqual([]);
    rec2.failing.length = 0;
    t2.clock.advance(60_000);
    await deliver();

    const invites = invitesTo(w.staff.consultant.email);
    expect(invites.map((i) => [i.method, i.sequence, i.status])).toEqual([
      ['REQUEST', 0, 'CONFIRMED'],
      ['REQUEST', 1, 'CONFIRMED'],
      ['CANCEL', 2, 'CANCELLED'],
    ]);
    expect(new Set(invites.map((i) => i.uid))).toEqual(new Set([`${booking.id}@imr.test`]));
    expect(invites.map((i) => i.start)).toEqual([
      '2026-11-10T14:00:00.000Z',
      '2026-11-11T14:00:00.000Z',
      '2026-11-11T14:00:00.000Z',
    ]);
    expect(invites[0]!.rsvp).toBe('FALSE');
    expect(invites[2]!.raw).toContain('method=CANCEL');
    // The consultant got no engagement-level invitation.
    expect(
      rec2.sent.filter(
        (m) =>
          m.mail.to.includes(w.staff.consultant.email) &&
          /^(Updated: |Cancelled: )?ENG/.test(m.mail.subject) &&
          m.mail.icalEvent?.content.includes(`UID:${w.engagement.id}@`),
      ),
    ).toEqual([]);
  });

  it('a refused double booking sends nothing', async () => {
    const manager = w.staff.manager.auth;
    const ok = await call(t2.app, manager, 'POST', bookings(), {
      consultantId: w.staff.outsider.id,
      start: '2026-11-12T14:00:00Z',
      end: '2026-11-12T22:00:00Z',
      mode: 'remote',
      status: 'confirmed',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const outboxBefore = await t2.db.kysely.selectFrom('outbox').select('id').execute();
    const clash = await call(t2.app, manager, 'POST', `/api/v1/engagements/${w.second.id}/bookings`, {
      consultantId: w.staff.outsider.id,
      start: '2026-11-12T20:00:00Z',
      end: '2026-11-13T02:00:00Z',
      mode: 'remote',
      status: 'confirmed',
    });
    expect([clash.statusCode, clash.json().code]).toEqual([409, 'BOOKING_CONFLICT']);
    expect((await t2.db.kysely.selectFrom('outbox').select('id').execute()).length).toBe(outboxBefore.length);
  });

  it('removing the consultant from the team cancels his future booking with a CANCEL invite', async () => {
    const manager = w.staff.manager.auth;
    const created = await call(t2.app, manager, 'POST', bookings(), {
      consultantId: w.staff.consultant.id,
      start: '2026-11-20T14:00:00Z',
      end: '2026-11-20T22:00:00Z',
      mode: 'remote',
      status: 'tentative',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const removed = await call(t2.app, manager, 'DELETE', `/api/v1/engagements/${w.engagement.id}/team`, {
      userId: w.staff.consultant.id,
    });
    expect(removed.statusCode, removed.body).toBe(200);
    await deliver();
    const mine = invitesTo(w.staff.consultant.email).filter((i) => i.uid === `${id}@imr.test`);
    expect(mine.map((i) => [i.method, i.sequence, i.status])).toEqual([
      ['REQUEST', 0, 'TENTATIVE'],
      ['CANCEL', 1, 'CANCELLED'],
    ]);
  });
});
