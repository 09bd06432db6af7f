import { describe, expect, it } from 'vitest';
import { daysWithoutTime, inWeek, nextDue, thresholdNear, triageOrder } from './home.rules.ts';

describe('triageOrder', () => {
  it('puts P1 first, then the earliest SLA due, requests without severity or due time last', () => {
    const r = (id: string, severity: 'P1' | 'P2' | null, due: string | null, received = '2026-12-01T00:00:00Z') => ({
      id,
      severity,
      nextDue: due ? { dueAt: due } : null,
      receivedAt: received,
    });
    const sorted = [
      r('p2-late', 'P2', '2026-12-03T12:00:00Z'),
      r('none', null, null),
      r('p1-none', 'P1', null),
      r('p2-early', 'P2', '2026-12-03T10:00:00Z'),
      r('p1-due', 'P1', '2026-12-04T00:00:00Z'),
    ].sort(triageOrder);
    expect(sorted.map((x) => x.id)).toEqual(['p1-due', 'p1-none', 'p2-early', 'p2-late', 'none']);
  });
});

describe('nextDue', () => {
  it('is the earliest target not met', () => {
    expect(
      nextDue([
        { kind: 'a', dueAt: '2026-12-01T00:00:00Z', status: 'met' },
        { kind: 'b', dueAt: '2026-12-03T00:00:00Z', status: 'pending' },
        { kind: 'c', dueAt: '2026-12-02T00:00:00Z', status: 'breached' },
      ]),
    ).toEqual({ kind: 'c', dueAt: '2026-12-02T00:00:00Z' });
    expect(nextDue([{ kind: 'a', dueAt: '2026-12-01T00:00:00Z', status: 'met' }])).toBeNull();
  });
});

describe('the week and the days without time', () => {
  it('keeps a booking touching the seven days in the zone, not one ending as they start', () => {
    const week = '2026-11-30';
    expect(inWeek(new Date('2026-11-29T23:00:00Z'), new Date('2026-11-30T01:00:00Z'), week, 'Europe/Berlin')).toBe(
      true,
    );
    expect(inWeek(new Date('2026-11-29T20:00:00Z'), new Date('2026-11-29T23:00:00Z'), week, 'Europe/Berlin')).toBe(
      false,
    );
    expect(inWeek(new Date('2026-12-06T22:00:00Z'), new Date('2026-12-06T23:30:00Z'), week, 'Europe/Berlin')).toBe(
      true,
    );
    expect(inWeek(new Date('2026-12-06T23:00:00Z'), new Date('2026-12-07T02:00:00Z'), week, 'Europe/Berlin')).toBe(
      false,
    );
  });

  it('lists the weekdays of the last two weeks with no effort, oldest first, today and weekends excluded', () => {
    const now = new Date('2026-12-03T15:00:00Z'); // Thursday
    const logged = new Set(['2026-11-19', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']);
    logged.add('2026-11-30');
    logged.add('2026-11-28'); // a Saturday: not a working day either way
    expect(daysWithoutTime(now, 'UTC', logged)).toEqual(['2026-11-20', '2026-12-01', '2026-12-02']);
    expect(daysWithoutTime(now, 'UTC', new Set())).toHaveLength(10);
  });
});

describe('thresholdNear', () => {
  const thresholds = [50, 75, 90, 100];
  it('is the next threshold within 10 points, else one crossed less than 10 points ago, else none', () => {
    expect(thresholdNear(30, thresholds)).toBeNull();
    expect(thresholdNear(42, thresholds)).toBe(50);
    expect(thresholdNear(55, thresholds)).toBe(50);
    expect(thresholdNear(62, thresholds)).toBeNull();
    expect(thresholdNear(86, thresholds)).toBe(90);
    expect(thresholdNear(92.3, thresholds)).toBe(100);
    expect(thresholdNear(120, thresholds)).toBe(100);
    expect(thresholdNear(99, [])).toBeNull();
  });
});
