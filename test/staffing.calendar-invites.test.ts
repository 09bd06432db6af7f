import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../src/core/context.ts';
import { composeRaw, type MailTransport, type OutgoingEmail } from '../src/core/mail/transport.ts';
import { bookingChanged, type BookingRecord } from '../src/core/staffing/staffing.notify.ts';
import { makeEngagement, type TestEngagement } from './support/engagement-factories.ts';
import { makeUserWithToken } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

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
  engagement = await makeEngagement(t, { team: [{ userId: consultant.id, role: 'lead' }] });
});
afterAll(async () => t.close());

function record(over: Partial<BookingRecord> = {}): BookingRecord {
  return {
    id: t.core.ids.next('bkg'),
    consultantId: consultant.id,
    consultantName: 'Kenji Watanabe',
    consultantEmail: consultant.email,
    consultantTimeZone: 'Asia/Tokyo',
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
