import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.ts';

const minutes = (s: string) => {
  const r = parseDuration(s);
  return r.ok ? r.minutes : r.message;
};

describe('parseDuration', () => {
  it('reads what consultants type', () => {
    expect(minutes('1h30')).toBe(90);
    expect(minutes('1h30m')).toBe(90);
    expect(minutes('90m')).toBe(90);
    expect(minutes('90 min')).toBe(90);
    expect(minutes('1.5h')).toBe(90);
    expect(minutes('1.5')).toBe(90);
    expect(minutes('1,5')).toBe(90);
    expect(minutes('1:30')).toBe(90);
    expect(minutes(' 2 ')).toBe(120);
    expect(minutes('2H')).toBe(120);
    expect(minutes('0.25')).toBe(15);
    expect(minutes('8h05')).toBe(485);
  });

  it('reads an empty cell, 0 and a dash as no time', () => {
    for (const s of ['', '  ', '0', '-']) expect(minutes(s)).toBe(0);
  });

  it('refuses what is not a duration, with the forms that work', () => {
    expect(minutes('abc')).toMatch(/not a duration: write 1h30, 90m/);
    expect(minutes('1h75')).toMatch(/under 60/);
    expect(minutes('1.01h')).toMatch(/whole number of minutes/);
    expect(minutes('25h')).toBe('At most 24h in one day.');
    expect(minutes('-1h')).toMatch(/not a duration/);
  });

  it('round-trips every whole number of minutes in a day through formatDuration', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 24 * 60 }), (n) => minutes(formatDuration(n)) === n));
  });
});

describe('formatDuration', () => {
  it('writes cells compactly', () => {
    expect([
      formatDuration(0),
      formatDuration(45),
      formatDuration(60),
      formatDuration(90),
      formatDuration(605),
    ]).toEqual(['', '45m', '1h', '1h30', '10h05']);
  });
});
