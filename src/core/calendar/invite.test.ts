import { describe, expect, it } from 'vitest';
import { parseInvite } from '../../../test/support/request-factories.ts';
import { buildInvite } from './invite.ts';
import { offsetTransitions } from './vtimezone.ts';

const base = {
  uid: 'scl_01test@imr.test',
  sequence: 0,
  method: 'REQUEST' as const,
  title: 'Scoping call: ransomware at Northwind Freight',
  description: 'Free scoping call.',
  organizer: { name: 'Maria Keller', email: 'maria.keller@irfirm.example' },
  attendees: [
    { name: 'Dana Whitfield, CISO', email: 'dana@northwind.example' },
    { name: 'Luis Ortega', email: 'luis@northwind.example' },
  ],
  joinInfo: 'https://meet.example/abc-defg-hij',
  stamp: new Date('2026-11-02T09:30:00Z'),
};

describe('buildInvite', () => {
  it('writes a REQUEST with UID, SEQUENCE, organiser, attendees and the start in the event zone', () => {
    const start = new Date('2026-11-02T09:45:00Z');
    const invite = buildInvite({ ...base, start, end: new Date('2026-11-02T10:15:00Z'), timeZone: 'America/Chicago' });
    expect(invite.method).toBe('REQUEST');
    const p = parseInvite(invite.content);
    expect(p.method).toBe('REQUEST');
    expect(p.uid).toBe(base.uid);
    expect(p.sequence).toBe(0);
    expect(p.status).toBe('CONFIRMED');
    expect(p.tzid).toBe('America/Chicago');
    expect(p.dtstartRaw).toBe('2026-11-02T03:45:00');
    expect(p.start.toISOString()).toBe(start.toISOString());
    expect(p.end.toISOString()).toBe('2026-11-02T10:15:00.000Z');
    expect(p.organizer).toBe('mailto:maria.keller@irfirm.example');
    expect(p.attendees).toEqual(['mailto:dana@northwind.example', 'mailto:luis@northwind.example']);
    expect(p.description).toContain('https://meet.example/abc-defg-hij');
  });

  it('converts correctly on both sides of a daylight-saving change (Europe/Berlin, last Sunday of March)', () => {
    const before = buildInvite({
      ...base,
      start: new Date('2027-03-27T09:00:00Z'),
      end: new Date('2027-03-27T10:00:00Z'),
      timeZone: 'Europe/Berlin',
    });
    const after = buildInvite({
      ...base,
      start: new Date('2027-03-29T09:00:00Z'),
      end: new Date('2027-03-29T10:00:00Z'),
      timeZone: 'Europe/Berlin',
    });
    expect(parseInvite(before.content).dtstartRaw).toBe('2027-03-27T10:00:00');
    expect(parseInvite(after.content).dtstartRaw).toBe('2027-03-29T11:00:00');
    expect(parseInvite(before.content).start.toISOString()).toBe('2027-03-27T09:00:00.000Z');
    expect(parseInvite(after.content).start.toISOString()).toBe('2027-03-29T09:00:00.000Z');
  });

  it('handles a zone without daylight saving and far from UTC (Asia/Kolkata, +05:30)', () => {
    const invite = buildInvite({
      ...base,
      start: new Date('2026-11-02T09:45:00Z'),
      end: new Date('2026-11-02T10:45:00Z'),
      timeZone: 'Asia/Kolkata',
    });
    const p = parseInvite(invite.content);
    expect(p.dtstartRaw).toBe('2026-11-02T15:15:00');
    expect(p.start.toISOString()).toBe('2026-11-02T09:45:00.000Z');
  });

  it('writes UTC times when no zone is given', () => {
    const invite = buildInvite({
      ...base,
      start: new Date('2026-11-02T09:45:00Z'),
      end: new Date('2026-11-02T10:15:00Z'),
    });
    expect(invite.content).toMatch(/^DTSTART:20261102T094500Z\r$/m);
    expect(parseInvite(invite.content).start.toISOString()).toBe('2026-11-02T09:45:00.000Z');
  });

  it('cancels with METHOD:CANCEL, the same UID and a higher SEQUENCE', () => {
    const invite = buildInvite({
      ...base,
      method: 'CANCEL',
      sequence: 3,
      start: new Date('2026-11-02T09:45:00Z'),
      end: new Date('2026-11-02T10:15:00Z'),
      timeZone: 'Pacific/Auckland',
    });
    const p = parseInvite(invite.content);
    expect(invite.method).toBe('CANCEL');
    expect(p.method).toBe('CANCEL');
    expect(p.status).toBe('CANCELLED');
    expect(p.uid).toBe(base.uid);
    expect(p.sequence).toBe(3);
    expect(p.start.toISOString()).toBe('2026-11-02T09:45:00.000Z');
  });
});

describe('offsetTransitions', () => {
  it('finds the exact instants of the 2026 US changes in America/Chicago', () => {
    const t = offsetTransitions(
      'America/Chicago',
      Date.parse('2026-01-01T00:00:00Z'),
      Date.parse('2026-12-31T00:00:00Z'),
    );
    expect(t.map((x) => new Date(x.at).toISOString())).toEqual([
      '2026-03-08T08:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
    expect(t.map((x) => [x.from, x.to])).toEqual([
      [-360, -300],
      [-300, -360],
    ]);
  });
});
