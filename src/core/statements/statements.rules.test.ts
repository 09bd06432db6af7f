import { describe, expect, it } from 'vitest';
import {
  activePeriods,
  addPeriods,
  duePeriods,
  issueAt,
  periodBounds,
  periodEnded,
  periodOf,
  skipReason,
  type StatementContract,
} from './statements.rules.ts';

const contract = (o: Partial<StatementContract> = {}): StatementContract => ({
  termStart: '2026-01-15',
  termEnd: '2026-12-31',
  status: 'active',
  statusChangedAt: null,
  timeZone: 'America/Los_Angeles',
  statementDay: 1,
  ...o,
});

describe('periods in the customer zone', () => {
  it('adds months across years', () => {
    expect(addPeriods('2026-11', 2)).toBe('2027-01');
    expect(addPeriods('2026-01', -1)).toBe('2025-12');
  });
  it('places an instant in the month of its zone', () => {
    const at = new Date('2026-11-01T05:00:00Z');
    expect(periodOf(at, 'America/Los_Angeles')).toBe('2026-10');
    expect(periodOf(at, 'Pacific/Auckland')).toBe('2026-11');
  });
  it('bounds a month by local midnights across DST changes', () => {
    const la = periodBounds('2026-10', 'America/Los_Angeles');
    expect(la.start.toISOString()).toBe('2026-10-01T07:00:00.000Z');
    expect(la.end.toISOString()).toBe('2026-11-01T07:00:00.000Z');
    expect(la.lastDay).toBe('2026-10-31');
    const nz = periodBounds('2026-04', 'Pacific/Auckland');
    expect(nz.start.toISOString()).toBe('2026-03-31T11:00:00.000Z'); // NZDT, +13
    expect(nz.end.toISOString()).toBe('2026-04-30T12:00:00.000Z'); // NZST, +12
  });
  it('ends a period at the zone midnight, not UTC', () => {
    expect(periodEnded('2026-10', 'America/Los_Angeles', new Date('2026-11-01T06:59:59Z'))).toBe(false);
    expect(periodEnded('2026-10', 'America/Los_Angeles', new Date('2026-11-01T07:00:00Z'))).toBe(true);
  });
});

describe('issue time: statement day at 08:00 local', () => {
  it('Los Angeles, the day DST ends (1 November 2026) and the day it starts (8 March 2026)', () => {
    expect(issueAt('2026-10', 1, 'America/Los_Angeles').toISOString()).toBe('2026-11-01T16:00:00.000Z');
    expect(issueAt('2026-02', 8, 'America/Los_Angeles').toISOString()).toBe('2026-03-08T15:00:00.000Z');
    expect(issueAt('2026-09', 1, 'America/Los_Angeles').toISOString()).toBe('2026-10-01T15:00:00.000Z');
  });
  it('Auckland, the day DST ends (5 April 2026) and after it starts (27 September 2026)', () => {
    expect(issueAt('2026-03', 5, 'Pacific/Auckland').toISOString()).toBe('2026-04-04T20:00:00.000Z');
    expect(issueAt('2026-03', 4, 'Pacific/Auckland').toISOString()).toBe('2026-04-03T19:00:00.000Z');
    expect(issueAt('2026-09', 1, 'Pacific/Auckland').toISOString()).toBe('2026-09-30T19:00:00.000Z');
  });
});

describe('due periods', () => {
  it('is nothing before 08:00 of the statement day, then the month just ended', () => {
    const c = contract();
    expect(duePeriods(c, new Set(), new Date('2026-02-01T15:59:59Z'))).toEqual([]);
    expect(duePeriods(c, new Set(), new Date('2026-02-01T16:00:00Z'))).toEqual(['2026-01']);
  });
  it('catches up missed periods oldest first, without the ones issued', () => {
    const c = contract();
    const now = new Date('2026-06-10T00:00:00Z');
    expect(duePeriods(c, new Set(), now)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
    expect(duePeriods(c, new Set(['2026-01', '2026-03']), now)).toEqual(['2026-02', '2026-04', '2026-05']);
  });
  it('gives an expired contract its last month, and nothing after', () => {
    const c = contract({ status: 'expired', termEnd: '2026-03-10' });
    expect(duePeriods(c, new Set(), new Date('2026-09-01T00:00:00Z'))).toEqual(['2026-01', '2026-02', '2026-03']);
  });
  it('ends a terminated contract in the month (customer zone) it was terminated', () => {
    const c = contract({ status: 'terminated', statusChangedAt: new Date('2026-05-01T03:00:00Z') });
    expect(activePeriods(c)).toEqual({ first: '2026-01', last: '2026-04' }); // still 30 April in Los Angeles
  });
  it('gives a draft nothing', () => {
    expect(duePeriods(contract({ status: 'draft' }), new Set(), new Date('2027-06-01T00:00:00Z'))).toEqual([]);
  });
});

describe('why a run skips a contract', () => {
  const now = new Date('2026-11-01T05:00:00Z');
  it('names the month not yet ended in the zone', () => {
    expect(skipReason(contract(), '2026-10', now)).toBe('2026-10 has not ended yet in America/Los_Angeles');
    expect(skipReason(contract({ timeZone: 'Pacific/Auckland' }), '2026-10', now)).toBeNull();
  });
  it('names the months the contract was not active in', () => {
    expect(skipReason(contract(), '2025-12', now)).toBe('the contract began in 2026-01');
  });
});
