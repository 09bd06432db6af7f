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

  it('round-trips every display string back to its amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom('hours' as const, 'service_units' as const), (n, unit) => {
        const display = quantity(n, unit).display.replace(/ /g, '');
        expect(parseAmount(display, unit)).toEqual({ ok: true, amount: n });
      }),
    );
  });
});
