import { describe, expect, it } from 'vitest';
import { formatInZone } from './format.ts';
import { formatSpan, liveSlaStatus, slaCountdown, type LiveTargetInput } from './sla.live.ts';

const received = Date.parse('2026-03-02T09:07:00Z');
const min = 60_000;
// A one-hour target: at risk after 45 minutes, due after 60.
const target = (o: Partial<LiveTargetInput> = {}): LiveTargetInput => ({
  dueAt: new Date(received + 60 * min).toISOString(),
  atRiskAt: new Date(received + 45 * min).toISOString(),
  metAt: null,
  status: 'pending',
  ...o,
});

describe('liveSlaStatus', () => {
  it('moves from pending to at risk at 75 % and to breached after the due time', () => {
    expect(liveSlaStatus(target(), received + 44 * min, false)).toBe('pending');
    expect(liveSlaStatus(target(), received + 45 * min, false)).toBe('at_risk');
    expect(liveSlaStatus(target(), received + 60 * min, false)).toBe('at_risk');
    expect(liveSlaStatus(target(), received + 60 * min + 1, false)).toBe('breached');
  });

  it('a target met on time is met, met late is breached, whatever the clock says now', () => {
    expect(
      liveSlaStatus(target({ metAt: new Date(received + 60 * min).toISOString() }), received + 500 * min, false),
    ).toBe('met');
    expect(
      liveSlaStatus(target({ metAt: new Date(received + 61 * min).toISOString() }), received + 500 * min, false),
    ).toBe('breached');
  });

  it("keeps the server's status once the request's clocks stopped", () => {
    expect(liveSlaStatus(target({ status: 'pending' }), received + 500 * min, true)).toBe('pending');
  });
});

describe('slaCountdown', () => {
  it('counts down, then up, in words', () => {
    expect(slaCountdown(target(), received + 23 * min, false)).toBe('due in 37 min');
    expect(slaCountdown(target(), received + 23 * min + 30_000, false)).toBe('due in 36 min');
    expect(slaCountdown(target(), received + 57 * min + 48_500, false)).toBe('due in 2 min 12 s');
    expect(slaCountdown(target(), received + 65 * min, false)).toBe('overdue by 5 min');
    expect(slaCountdown(target(), received + 60 * min + 20_000, false)).toBe('overdue by 20 s');
  });

  it('tells how a met target went, and that a stopped clock stopped', () => {
    expect(
      slaCountdown(target({ metAt: new Date(received + 18 * min).toISOString() }), received + 90 * min, false),
    ).toBe('met with 42 min to spare');
    expect(
      slaCountdown(target({ metAt: new Date(received + 68 * min).toISOString() }), received + 90 * min, false),
    ).toBe('met 8 min late');
    expect(slaCountdown(target(), received + 90 * min, true)).toBe('clock stopped');
  });
});

describe('formatSpan', () => {
  it('writes hours with padded minutes and days for long spans', () => {
    expect(formatSpan(0)).toBe('0 s');
    expect(formatSpan(125 * min)).toBe('2 h 05 min');
    expect(formatSpan((3 * 24 + 4) * 60 * min)).toBe('3 d 4 h');
  });
});

describe('formatInZone', () => {
  it('writes the time in the given zone with its name', () => {
    const text = formatInZone('2026-03-02T09:07:00Z', 'America/Chicago');
    expect(text).toMatch(/03:07/);
    expect(text).toMatch(/CST|GMT-6/);
  });
});
