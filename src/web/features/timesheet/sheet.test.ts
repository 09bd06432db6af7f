import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../../shared/dates.ts';
import {
  addDays,
  cellAction,
  isDay,
  localToday,
  rowBilling,
  rowsOf,
  sheetTodays,
  todayIn,
  weekDays,
  weekStart,
  type SheetEntry,
} from './sheet.ts';

const entry = (o: Partial<SheetEntry>): SheetEntry => ({
  id: 'eff_1',
  engagementId: 'eng_a',
  date: '2026-11-03',
  minutes: 60,
  activity: 'analysis',
  billable: true,
  billingStatus: 'consumed',
  status: 'active',
  ...o,
});

describe('weeks', () => {
  it('start on Monday, whatever the day', () => {
    expect(weekStart('2026-11-02')).toBe('2026-11-02');
    expect(weekStart('2026-11-05')).toBe('2026-11-02');
    expect(weekStart('2026-11-08')).toBe('2026-11-02');
    expect(weekStart('2026-11-09')).toBe('2026-11-09');
    expect(weekStart('2027-01-01')).toBe('2026-12-28');
  });

  it('have seven days across month and year ends', () => {
    expect(weekDays('2026-12-28')).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ]);
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
  });

  it('accept only real dates in the address bar', () => {
    expect([isDay('2026-11-02'), isDay('2026-02-30'), isDay('2026-1-2'), isDay(null)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('rows', () => {
  it('are the activities with active effort this week plus the added ones, in activity order; corrected entries do not count', () => {
    const rows = rowsOf(
      'eng_a',
      [
        entry({ id: 'e1', activity: 'travel_time' }),
        entry({ id: 'e2', activity: 'analysis', date: '2026-11-04', minutes: 30 }),
        entry({ id: 'e3', activity: 'analysis', date: '2026-11-04', minutes: 15 }),
        entry({ id: 'e4', activity: 'internal', status: 'deleted' }),
        entry({ id: 'e5', engagementId: 'eng_b', activity: 'kickoff' }),
      ],
      ['kickoff'],
    );
    expect(rows.map((r) => [r.activity, r.minutes])).toEqual([
      ['kickoff', 0],
      ['analysis', 45],
      ['travel_time', 60],
    ]);
    expect(rows[1]!.cells['2026-11-04']!.map((e) => e.id)).toEqual(['e2', 'e3']);
  });

  it('offer one analysis row on an engagement with nothing yet', () => {
    expect(rowsOf('eng_a', []).map((r) => r.activity)).toEqual(['analysis']);
  });
});

describe('cellAction', () => {
  it('creates, corrects, removes, or leaves a cell alone', () => {
    expect(cellAction([], 90)).toEqual({ kind: 'create', minutes: 90 });
    expect(cellAction([], 0)).toEqual({ kind: 'none' });
    expect(cellAction([entry({ minutes: 90 })], 90)).toEqual({ kind: 'none' });
    expect(cellAction([entry({ id: 'x', minutes: 90 })], 60)).toEqual({ kind: 'update', entryId: 'x', minutes: 60 });
    expect(cellAction([entry({ id: 'x', minutes: 90 })], 0)).toEqual({ kind: 'delete', entryId: 'x' });
  });

  it('never guesses which of several entries to change', () => {
    expect(cellAction([entry({ id: 'a', minutes: 30 }), entry({ id: 'b', minutes: 30 })], 90)).toEqual({
      kind: 'several',
      count: 2,
    });
    expect(cellAction([entry({ id: 'a', minutes: 30 }), entry({ id: 'b', minutes: 30 })], 60)).toEqual({
      kind: 'none',
    });
  });
});

describe('rowBilling', () => {
  it('follows the billing rules: scoping and internal never, travel per contract, fixed price covers the rest', () => {
    expect(rowBilling('analysis', 'time_and_materials', undefined)).toBe('billable');
    expect(rowBilling('analysis', 'fixed', undefined)).toBe('fixed_price');
    expect(rowBilling('scoping', 'time_and_materials', true)).toBe('not_billable');
    expect(rowBilling('internal', 'fixed', undefined)).toBe('not_billable');
    expect(rowBilling('travel_time', 'time_and_materials', undefined)).toBe('per_contract');
    expect(rowBilling('travel_time', 'time_and_materials', false)).toBe('not_billable');
    expect(rowBilling('travel_time', 'time_and_materials', true)).toBe('billable');
  });
});

describe("the customer's today", () => {
  it('is the day the server takes as today for an entry (its future check), in any zone at any instant', () => {
    const zones = [
      'America/Chicago',
      'Pacific/Pago_Pago',
      'Pacific/Kiritimati',
      'Europe/London',
      'Asia/Kolkata',
      'UTC',
    ];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        (now, zone) => {
          expect(todayIn(zone, now)).toBe(localDate(now, zone));
        },
      ),
    );
  });

  it("marks each engagement with its customer's today, and the column only when all share it", () => {
    // 01:30 UTC on Sunday 6 December: still Saturday 5 December in Chicago, already Sunday in London.
    const now = new Date('2026-12-06T01:30:00Z');
    const mixed = sheetTodays(
      [
        { id: 'eng_chicago', timeZone: 'America/Chicago' },
        { id: 'eng_london', timeZone: 'Europe/London' },
      ],
      now,
    );
    expect(mixed.byEngagement.get('eng_chicago')).toBe('2026-12-05');
    expect(mixed.byEngagement.get('eng_london')).toBe('2026-12-06');
    expect(mixed.column).toBeNull();

    const chicagoOnly = sheetTodays([{ id: 'eng_chicago', timeZone: 'America/Chicago' }], now);
    expect(chicagoOnly.column).toBe('2026-12-05');
    // Without a known zone (an engagement no longer listed), the browser's day; with no engagement, the browser's too.
    expect(sheetTodays([{ id: 'eng_x', timeZone: undefined }], now).byEngagement.get('eng_x')).toBe(localToday(now));
    expect(sheetTodays([], now).column).toBe(localToday(now));
  });
});
