import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeMailFailure, outboxState, recipientDomains, retryDelayMs, sanitiseMailError } from './mail.rules.ts';

const now = new Date('2026-11-02T09:00:00Z');
const later = new Date('2026-11-02T09:01:00Z');
const earlier = new Date('2026-11-02T08:59:00Z');

describe('outbox state', () => {
  it('tells queued, sending, failing, delivered and failed apart', () => {
    expect(outboxState({ status: 'pending', locked_until: null, last_error: null }, now)).toBe('queued');
    expect(outboxState({ status: 'pending', locked_until: earlier, last_error: null }, now)).toBe('queued');
    expect(outboxState({ status: 'pending', locked_until: later, last_error: null }, now)).toBe('sending');
    expect(outboxState({ status: 'pending', locked_until: later, last_error: 'x' }, now)).toBe('sending');
    expect(outboxState({ status: 'pending', locked_until: null, last_error: 'connect ECONNREFUSED' }, now)).toBe(
      'failing',
    );
    expect(outboxState({ status: 'delivered', locked_until: null, last_error: null }, now)).toBe('delivered');
    expect(outboxState({ status: 'failed', locked_until: null, last_error: '550 no' }, now)).toBe('failed');
  });
});

describe('describing a delivery failure', () => {
  it('keeps the SMTP code and the transport code, and calls 5xx permanent', () => {
    const refused = Object.assign(
      new Error("Can't send mail - all recipients were rejected: 550 No such user bob@example.com"),
      { responseCode: 550, code: 'EENVELOPE' },
    );
    expect(describeMailFailure(refused)).toEqual({
      smtpCode: 550,
      errorCode: 'EENVELOPE',
      permanent: true,
      message: "Can't send mail - all recipients were rejected: 550 No such user …@example.com",
    });
    const reply = Object.assign(
      new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <bob@example.com>: unknown"),
      { responseCode: 550, code: 'EENVELOPE', command: 'RCPT TO', response: '550 5.1.1 <bob@example.com>: unknown' },
    );
    expect(describeMailFailure(reply).message).toBe('recipient refused: 550 5.1.1 <…@example.com>: unknown');
    const login = Object.assign(new Error('Invalid login: 535 no'), {
      responseCode: 535,
      code: 'EAUTH',
      command: 'AUTH PLAIN',
      response: '535 Authentication failed',
    });
    expect(describeMailFailure(login)).toMatchObject({
      message: 'login refused: 535 Authentication failed',
      permanent: true,
      errorCode: 'EAUTH',
    });
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), {
      code: 'ESOCKET',
      originalCode: 'ECONNREFUSED',
    });
    expect(describeMailFailure(outage)).toEqual({
      smtpCode: null,
      errorCode: 'ECONNREFUSED',
      permanent: false,
      message: 'connect ECONNREFUSED 127.0.0.1:2525',
    });
    expect(describeMailFailure(Object.assign(new Error('451 Try later'), { responseCode: 451 })).permanent).toBe(false);
    expect(describeMailFailure('plain string').message).toBe('plain string');
    expect(describeMailFailure(new Error('')).message).toBe('delivery failed without a message');
  });

  it('never repeats the password, raw or URL-encoded, nor URL credentials', () => {
    const secret = 'Pa55:w/rd s3cret!';
    const e = new Error(
      `Invalid login: 535 user:${secret} refused; tried smtp://user:${encodeURIComponent(secret)}@mail.example.com:587 and smtps://other:x@h`,
    );
    const m = describeMailFailure(e, [secret]).message;
    expect(m).not.toContain(secret);
    expect(m).not.toContain(encodeURIComponent(secret));
    expect(m).toContain('smtp://***@mail.example.com:587');
    expect(m).toContain('smtps://***@h');
  });

  it('is one bounded line whatever the server answered', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.string({ minLength: 3, maxLength: 20 }), (text, secret) => {
        const m = sanitiseMailError(`${text} ${secret} ${text}`, [secret]);
        expect(m.length).toBeLessThanOrEqual(500);
        expect(m).not.toMatch(/[\n\r\t]/);
        expect(m.includes(String.fromCharCode(0))).toBe(false);
      }),
    );
  });
});

describe('recipient domains', () => {
  it('lists distinct lower-cased domains only', () => {
    expect(recipientDomains(['a@Example.com', 'b@example.com', 'c@other.test'])).toEqual(['example.com', 'other.test']);
  });
});

describe('retry delay', () => {
  it('doubles from 10 s up to an hour', () => {
    expect([1, 2, 3].map(retryDelayMs)).toEqual([10_000, 20_000, 40_000]);
    expect(retryDelayMs(30)).toBe(3_600_000);
  });
});
