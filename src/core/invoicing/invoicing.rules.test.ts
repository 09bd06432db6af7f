import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import {
  assertBillablePeriod,
  latestBillablePeriod,
  correctedOverage,
  overageCorrection,
  overageOf,
  priceAtRate,
  totalsByCurrency,
} from './invoicing.rules.ts';

const entry = (
  seq: number,
  kind: string,
  amount: number,
  balanceAfter: number,
  engagementId: string | null = 'e1',
) => ({
  seq,
  kind,
  amount,
  balanceAfter,
  engagementId,
});

describe('billable periods', () => {
  it('the latest is the month before the current one where the day starts first', () => {
    expect(latestBillablePeriod(new Date('2026-12-02T12:00:00Z'))).toBe('2026-11');
    // 10:00 UTC on 30 November is already 1 December in Kiritimati (UTC+14): November has ended there.
    expect(latestBillablePeriod(new Date('2026-11-30T10:00:00Z'))).toBe('2026-11');
    expect(latestBillablePeriod(new Date('2026-11-30T09:59:59Z'))).toBe('2026-10');
  });

  it('refuses the current and future months with the latest allowed', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    expect(() => assertBillablePeriod('2026-11', now)).not.toThrow();
    expect(() => assertBillablePeriod('2025-01', now)).not.toThrow();
    for (const p of ['2026-12', '2027-01']) {
      try {
        assertBillablePeriod(p, now);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe('BILLING_PERIOD_NOT_ENDED');
        expect((e as AppError).message).toContain('2026-11');
      }
    }
  });
});

describe('overage consumed past zero', () => {
  it('counts only the part of each consumption below zero, once; a later top-up refunds nothing', () => {
    const entries = [
      entry(1, 'consume', 60, 30), // balance 90 → 30: none
      entry(2, 'consume', 60, -30, 'e1'), // 30 → −30: 30 past zero
      entry(3, 'top_up', 120, 90, null), // lifted back above zero: nothing refunded
      entry(4, 'consume', 120, -30, 'e2'), // 90 → −30: 30 more
      entry(5, 'minimum_true_up', 15, -45, 'e2'), // −30 → −45: 15
      entry(6, 'reserve', 500, -45, 'e3'), // reservations bill nothing
    ];
    expect(overageOf(entries)).toEqual({ quantity: 75, engagementIds: ['e1', 'e2'] });
  });

  it('a consumption wholly below zero counts whole; none when the balance stays at or above zero', () => {
    expect(overageOf([entry(1, 'consume', 45, -100)]).quantity).toBe(45);
    expect(overageOf([entry(1, 'consume', 45, 0)]).quantity).toBe(0);
    expect(overageOf([]).quantity).toBe(0);
  });
});

describe('overage corrections', () => {
  const e = (
    seq: number,
    kind: string,
    amount: number,
    balanceAfter: number,
    extra: { reversesId?: string; engagementId?: string | null } = {},
  ) => ({ id: `le${seq}`, seq, kind, amount, balanceAfter, engagementId: 'e1', reversesId: null, ...extra });

  it('a reversal takes its consumption out of the chain, also the overage it pushed later consumption into', () => {
    const chain = [
      e(1, 'consume', 60, 30), // 90 → 30
      e(2, 'consume', 60, -30), // 30 → −30: 30 past zero
      e(3, 'consume', 30, -60), // −60: 30 past zero
      e(4, 'reversal', 60, 0, { reversesId: 'le1' }), // the first consumption never happened: 90 → 30 → 0
    ];
    expect(overageOf(chain.slice(0, 3)).quantity).toBe(60);
    expect([...correctedOverage(chain)]).toEqual([]);
    expect(overageOf(chain).quantity).toBe(0);
  });

  it('reversing the consumption past zero itself credits its part; other reversals credit nothing', () => {
    const chain = [e(1, 'consume', 60, -30), e(2, 'reversal', 60, 30, { reversesId: 'le1' })];
    expect(overageOf(chain).quantity).toBe(0);
    // A reversal of a top-up, a reservation or of an unknown entry is no correction of consumption.
    const other = [e(1, 'top_up', 60, 60), e(2, 'consume', 90, -30), e(3, 'reversal', 60, -90, { reversesId: 'le1' })];
    expect(overageOf(other).quantity).toBe(30);
  });

  it('a later top-up refunds nothing; a later correction of the consumption does, whatever the top-up did', () => {
    const billed = [e(1, 'consume', 60, -30), e(2, 'top_up', 120, 90)];
    expect(overageOf(billed).quantity).toBe(30);
    expect(overageOf([...billed, e(3, 'reversal', 60, 150, { reversesId: 'le1' })]).quantity).toBe(0);
  });

  it('a positive adjustment takes its amount off the latest consumptions first; a negative one corrects nothing', () => {
    const chain = [
      e(1, 'consume', 60, -30, { engagementId: 'e1' }), // 30 past zero
      e(2, 'consume', 20, -50, { engagementId: 'e2' }), // 20 past zero
    ];
    // +30: the last 20 minutes of e2 and 10 of e1 were not consumed after all → 20 past zero left, all e1.
    expect(overageOf([...chain, e(3, 'adjustment', 30, -20)])).toEqual({ quantity: 20, engagementIds: ['e1'] });
    expect(overageOf([...chain, e(3, 'adjustment', -30, -80)]).quantity).toBe(50);
    // An adjustment larger than all consumption before it credits no more than was consumed.
    expect(overageOf([...chain, e(3, 'adjustment', 500, 450)]).quantity).toBe(0);
  });

  it('a period counts only its own consumption, read on the corrected chain', () => {
    const chain = [
      e(1, 'consume', 60, -30), // October: 30
      e(2, 'consume', 30, -60), // November: 30
      e(3, 'reversal', 30, -30, { reversesId: 'le2' }), // November: the November consumption reversed
    ];
    expect(overageOf(chain, (x) => x.seq === 1).quantity).toBe(30);
    expect(overageOf(chain, (x) => x.seq >= 2).quantity).toBe(0);
  });

  it('credits what was billed beyond the recomputed overage, less earlier credits, at the line rate', () => {
    const billed = { quantity: 105, amountMinor: 21_604, creditedQuantity: 0, creditedAmountMinor: 0 };
    expect(overageCorrection(billed, 105, 12_345, 'minute')).toBeNull();
    expect(overageCorrection(billed, 110, 12_345, 'minute')).toBeNull(); // corrections never bill more
    // 45 minutes at 123.45 EUR an hour = 92.5875 → 92.59
    expect(overageCorrection(billed, 60, 12_345, 'minute')).toEqual({ quantity: 45, amountMinor: 9_259 });
    const after = { ...billed, creditedQuantity: 45, creditedAmountMinor: 9_259 };
    expect(overageCorrection(after, 60, 12_345, 'minute')).toBeNull();
    // The last correction credits exactly what is left of the line's money, whatever the rounding.
    expect(overageCorrection(after, 0, 12_345, 'minute')).toEqual({ quantity: 60, amountMinor: 21_604 - 9_259 });
  });
});

describe('line prices', () => {
  it('rate per hour × minutes, rounded half up at the line', () => {
    expect(priceAtRate(12_345, 105, 'minute')).toBe(21_604); // 21,603.75 → 21,604
    expect(priceAtRate(10_000, 90, 'minute')).toBe(15_000);
    expect(priceAtRate(1, 30, 'minute')).toBe(1); // 0.5 → 1
    expect(priceAtRate(1, 29, 'minute')).toBe(0);
  });

  it('rate per unit × centiunits; 0-decimal and 3-decimal currencies are just minor units', () => {
    expect(priceAtRate(15_000, 1_250, 'centiunit')).toBe(187_500); // 12.50 SU at 150.00
    expect(priceAtRate(20_000, 45, 'minute')).toBe(15_000); // JPY: 20,000 an hour × 45 min
    expect(priceAtRate(125_125, 20, 'minute')).toBe(41_708); // KWD 125.125 × 1/3 h = 41.70833 → 41.708
  });

  it('refuses a price beyond the safe integer range', () => {
    expect(() => priceAtRate(Number.MAX_SAFE_INTEGER, 10_000_000, 'minute')).toThrow(AppError);
  });

  it('totals sum rounded lines, never re-rounded, per currency; unpriced lines count nowhere', () => {
    const thirds = Array.from({ length: 3 }, () => ({ amountMinor: priceAtRate(100, 20, 'minute'), currency: 'EUR' }));
    // each line is 33.33… → 33; the total is 99, not round(100)
    expect(
      totalsByCurrency([...thirds, { amountMinor: null, currency: null }, { amountMinor: 5, currency: 'JPY' }]),
    ).toEqual([
      { currency: 'EUR', amountMinor: 99, lines: 3 },
      { currency: 'JPY', amountMinor: 5, lines: 1 },
    ]);
  });
});
