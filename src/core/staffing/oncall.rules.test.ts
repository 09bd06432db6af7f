import { describe, expect, it } from 'vitest';
import { coverageGaps, holdersAt, nextShift } from './oncall.rules.ts';

const d = (s: string) => new Date(s);
const shift = (id: string, userId: string, start: string, end: string) => ({
  id,
  userId,
  start: d(start),
  end: d(end),
});

describe('on-call coverage', () => {
  const shifts = [
    shift('s1', 'u1', '2027-01-01T00:00:00Z', '2027-01-01T08:00:00Z'),
    shift('s2', 'u2', '2027-01-01T08:00:00Z', '2027-01-01T16:00:00Z'),
    shift('s3', 'u3', '2027-01-01T18:00:00Z', '2027-01-02T00:00:00Z'),
  ];
  it('finds the gaps between and after shifts, clipped to the window', () => {
    expect(coverageGaps(shifts, d('2027-01-01T04:00:00Z'), d('2027-01-02T06:00:00Z'))).toEqual([
      { start: d('2027-01-01T16:00:00Z'), end: d('2027-01-01T18:00:00Z') },
      { start: d('2027-01-02T00:00:00Z'), end: d('2027-01-02T06:00:00Z') },
    ]);
    expect(coverageGaps(shifts, d('2027-01-01T00:00:00Z'), d('2027-01-01T16:00:00Z'))).toEqual([]);
    expect(coverageGaps([], d('2027-01-01T00:00:00Z'), d('2027-01-01T01:00:00Z'))).toHaveLength(1);
  });
  it('names who holds the pager and the next one', () => {
    const now = d('2027-01-01T09:00:00Z');
    const holders = holdersAt(shifts, now);
    expect(holders.map((h) => h.id)).toEqual(['s2']);
    expect(nextShift(shifts, now)?.id).toBe('s3');
    expect(holdersAt(shifts, d('2027-01-01T17:00:00Z'))).toEqual([]);
    expect(nextShift(shifts, d('2027-01-01T17:00:00Z'))?.id).toBe('s3');
  });
});
