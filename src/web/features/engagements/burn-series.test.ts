import { describe, expect, it } from 'vitest';
import { quantity } from '../../../shared/units.ts';
import { burnSeries, dayTicks, lastPlannedDay } from './burn-series.ts';

const p = (date: string, consumed: number, estimate: number) => ({
  date,
  consumed: quantity(consumed, 'minute'),
  estimate: quantity(estimate, 'minute'),
});
const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

describe('burnSeries', () => {
  it("keeps the server's cumulative figures per day and carries the last one on to today", () => {
    const s = burnSeries([p('2026-03-02', 0, 2400), p('2026-03-03', 120, 2400), p('2026-03-05', 300, 3120)], {
      today: '2026-03-07',
    });
    expect(s.map((x) => [x.day, x.consumed, x.estimate])).toEqual([
      ['2026-03-02', 0, 2400],
      ['2026-03-03', 120, 2400],
      ['2026-03-05', 300, 3120],
      ['2026-03-07', 300, 3120],
    ]);
    expect(s[0]!.t).toBe(day('2026-03-02'));
  });

  it('adds nothing when today is the last day, when no day is given, or when there are no points', () => {
    expect(burnSeries([p('2026-03-02', 60, 600)], { today: '2026-03-02' })).toHaveLength(1);
    expect(burnSeries([p('2026-03-02', 60, 600)])).toHaveLength(1);
    expect(burnSeries([], { today: '2026-03-02', until: '2026-03-09' })).toEqual([]);
  });

  it('carries the estimate (not consumption) on to the planned end, and ignores an end already past', () => {
    const s = burnSeries([p('2026-03-02', 60, 600)], { today: '2026-03-03', until: '2026-03-06' });
    expect(s.map((x) => [x.day, x.consumed, x.estimate])).toEqual([
      ['2026-03-02', 60, 600],
      ['2026-03-03', 60, 600],
      ['2026-03-06', null, 600],
    ]);
    expect(burnSeries([p('2026-03-02', 60, 600)], { today: '2026-03-03', until: '2026-03-01' })).toHaveLength(2);
  });
});

describe('lastPlannedDay', () => {
  it("is the day before the end instant when the end is a midnight, in the customer's zone", () => {
    expect(lastPlannedDay('2026-03-06T06:00:00.000Z', 'America/Chicago')).toBe('2026-03-05');
    expect(lastPlannedDay('2026-03-06T23:00:00.000Z', 'America/Chicago')).toBe('2026-03-06');
    expect(lastPlannedDay(null, 'UTC')).toBeUndefined();
  });
});

describe('dayTicks', () => {
  it('gives every day of a short span and thins a long one to at most eight', () => {
    expect(dayTicks(day('2026-03-01'), day('2026-03-04'))).toEqual([
      day('2026-03-01'),
      day('2026-03-02'),
      day('2026-03-03'),
      day('2026-03-04'),
    ]);
    const long = dayTicks(day('2026-01-01'), day('2026-03-31'));
    expect(long.length).toBeLessThanOrEqual(8);
    expect(long[0]).toBe(day('2026-01-01'));
  });
});
