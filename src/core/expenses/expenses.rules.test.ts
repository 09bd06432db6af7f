import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { currencyCodes, formatMoney, isCurrency, minorUnitDigits, parseMoney } from '../../shared/currencies.ts';
import {
  assertExpenseTransition,
  expenseTransitions,
  latestExpenseDate,
  totalsByCurrency,
  type ExpenseStatus,
} from './expenses.rules.ts';

const statuses: ExpenseStatus[] = ['pending', 'approved', 'rejected'];

describe('expense state machine', () => {
  it('allows pending → approved | rejected and nothing else', () => {
    const allowed: string[] = [];
    for (const from of statuses) {
      for (const to of statuses) {
        try {
          assertExpenseTransition(from, to);
          allowed.push(`${from}→${to}`);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).code).toBe('INVALID_TRANSITION');
          expect((e as AppError).details).toMatchObject({ from, to });
        }
      }
    }
    expect(allowed).toEqual(['pending→approved', 'pending→rejected']);
    expect(expenseTransitions.approved).toEqual([]);
  });
});

describe('latest expense date', () => {
  it('is today where the calendar is furthest ahead (UTC+14)', () => {
    expect(latestExpenseDate(new Date('2026-11-02T09:00:00Z'))).toBe('2026-11-02');
    expect(latestExpenseDate(new Date('2026-11-02T09:59:59Z'))).toBe('2026-11-02');
    expect(latestExpenseDate(new Date('2026-11-02T10:00:00Z'))).toBe('2026-11-03');
  });
});

describe('totals by currency', () => {
  it('sums approved and pending per currency, ignores rejected, converts nothing, sorts by code', () => {
    const totals = totalsByCurrency([
      { currency: 'USD', status: 'approved', amount: 61_230, count: 1 },
      { currency: 'EUR', status: 'pending', amount: 48_250, count: 1 },
      { currency: 'EUR', status: 'approved', amount: 10_000, count: 2 },
      { currency: 'EUR', status: 'approved', amount: 5, count: 1 },
      { currency: 'JPY', status: 'rejected', amount: 12_000, count: 1 },
    ]);
    expect(totals.map((t) => t.currency)).toEqual(['EUR', 'USD']);
    expect(totals[0]).toEqual({
      currency: 'EUR',
      approved: { amount: 10_005, currency: 'EUR', display: '100.05 EUR' },
      pending: { amount: 48_250, currency: 'EUR', display: '482.50 EUR' },
      approvedCount: 3,
      pendingCount: 1,
    });
    expect(totals[1]!.pending).toEqual({ amount: 0, currency: 'USD', display: '0.00 USD' });
  });

  it('keeps every approved and pending minor unit (property)', () => {
    const row = fc.record({
      currency: fc.constantFrom('EUR', 'USD', 'JPY', 'KWD'),
      status: fc.constantFrom<ExpenseStatus>('pending', 'approved', 'rejected'),
      amount: fc.integer({ min: 1, max: 10_000_000_000 }),
      count: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const totals = totalsByCurrency(rows);
        for (const c of ['EUR', 'USD', 'JPY', 'KWD']) {
          const t = totals.find((x) => x.currency === c);
          const sum = (s: ExpenseStatus) =>
            rows.filter((r) => r.currency === c && r.status === s).reduce((a, r) => a + r.amount, 0);
          expect(t?.approved.amount ?? 0).toBe(sum('approved'));
          expect(t?.pending.amount ?? 0).toBe(sum('pending'));
          if (t) expect(t.approved.currency).toBe(c);
        }
      }),
    );
  });
});

describe('currencies', () => {
  it('knows the ISO 4217 codes in circulation with their minor units, and refuses others', () => {
    for (const c of ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'KWD', 'INR', 'XOF']) expect(isCurrency(c)).toBe(true);
    for (const c of ['eur', 'EURO', 'XXX', 'XAU', 'ABC', 'DEM', 'HRK', '']) expect(isCurrency(c)).toBe(false);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
    expect(currencyCodes.length).toBeGreaterThan(140);
    expect(currencyCodes.every((c) => /^[A-Z]{3}$/.test(c))).toBe(true);
  });

  it("formats minor units with the currency's decimals", () => {
    expect(formatMoney(123_456, 'EUR')).toBe('1,234.56 EUR');
    expect(formatMoney(12_000, 'JPY')).toBe('12,000 JPY');
    expect(formatMoney(1_005, 'KWD')).toBe('1.005 KWD');
    expect(formatMoney(-7, 'USD')).toBe('-0.07 USD');
  });

  it('parses what a person types into minor units, refusing extra decimals', () => {
    expect(parseMoney('123.45', 'EUR')).toEqual({ ok: true, amount: 12_345 });
    expect(parseMoney('123.4', 'EUR')).toEqual({ ok: true, amount: 12_340 });
    expect(parseMoney('1,234.50', 'USD')).toEqual({ ok: true, amount: 123_450 });
    expect(parseMoney('12000', 'JPY')).toEqual({ ok: true, amount: 12_000 });
    expect(parseMoney('1.5', 'JPY').ok).toBe(false);
    expect(parseMoney('1.234', 'EUR').ok).toBe(false);
    expect(parseMoney('abc', 'EUR').ok).toBe(false);
    // What a person types is trimmed as a whole (the API's own amount field is strict: digits only).
    expect(parseMoney(' 12 ', 'EUR')).toEqual({ ok: true, amount: 1_200 });
    for (const sloppy of ['1e3', '+12', '0x10', '1 000', '12 .50', '12. 50', '-12', '１２', '12,5', '.5'])
      expect(parseMoney(sloppy, 'EUR').ok, sloppy).toBe(false);
    expect(parseMoney('1', 'XYZ').ok).toBe(false);
  });

  it('round-trips display and parse for every currency (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...currencyCodes), fc.integer({ min: 0, max: 10_000_000_000 }), (c, amount) => {
        const shown = formatMoney(amount, c).replace(/ [A-Z]{3}$/, '');
        expect(parseMoney(shown, c)).toEqual({ ok: true, amount });
      }),
    );
  });
});
