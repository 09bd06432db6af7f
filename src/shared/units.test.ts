import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmount, quantity } from './units.ts';

describe('quantities', () => {
  it('formats minutes and centiunits for display', () => {
    expect(formatAmount(2400, 'minute')).toBe('40h 00m');
    expect(formatAmount(95, 'minute')).toBe('1h 35m');
    expect(formatAmount(1250, 'centiunit')).toBe('12.50 SU');
    expect(formatAmount(-5, 'centiunit')).toBe('-0.05 SU');
    expect(quantity(60, 'hours')).toEqual({ amount: 60, unit: 'minute', display: '1h 00m' });
  });

  it('parses what people type', () => {
    expect(parseAmount('40h', 'hours')).toEqual({ ok: true, amount: 2400 });
    expect(parseAmount('1h30m', 'hours')).toEqual({ ok: true, amount: 90 });
    expect(parseAmount('90m', 'hours')).toEqual({ ok: true, amount: 90 });
    expect(parseAmount('12.5su', 'service_units')).toEqual({ ok: true, amount: 1250 });
    expect(parseAmount('12.05 SU', 'service_units')).toEqual({ ok: true, amount: 1205 });
    expect(parseAmount('12.5su', 'hours').ok).toBe(false);
    expect(parseAmount('abc', 'service_units').ok).toBe(false);
  });

  it('trims the whole input but refuses white space inside a number, signs and exponents', () => {
    expect(parseAmount('  40h ', 'hours')).toEqual({ ok: true, amount: 2400 });
    expect(parseAmount('40h 00m', 'hours')).toEqual({ ok: true, amount: 2400 });
    expect(parseAmount('1h 30m', 'hours')).toEqual({ ok: true, amount: 90 });
    expect(parseAmount('40 h', 'hours')).toEqual({ ok: true, amount: 2400 });
    expect(parseAmount('12.50 SU', 'service_units')).toEqual({ ok: true, amount: 1250 });
    expect(parseAmount(' 90 ', 'hours')).toEqual({ ok: true, amount: 90 });
    for (const [input, unit] of [
      ['4 0h', 'hours'],
      ['1 2 3', 'hours'],
      ['1 h 3 0 m', 'hours'],
      ['1e3', 'hours'],
      ['+12', 'hours'],
      ['0x10', 'hours'],
      ['1 2.5su', 'service_units'],
      ['12. 5su', 'service_units'],
      ['- 5', 'hours'],
    ] as const) {
      expect(parseAmount(input, unit), input).toMatchObject({ ok: false });
    }
  });

  it('round-trips every display string back to its amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom('hours' as const, 'service_units' as const),
        (n, unit) => {
          const display = quantity(n, unit).display.replace(/ /g, '');
          expect(parseAmount(display, unit)).toEqual({ ok: true, amount: n });
        },
      ),
    );
  });
});
