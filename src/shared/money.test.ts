import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  currencyDigits,
  formatMinor,
  isCurrencyCode,
  MAX_MINOR,
  minorToDecimal,
  parseMinor,
  priceLine,
  sumMinor,
} from './money.ts';

describe('currencies', () => {
  it('knows ISO 4217 codes in circulation and refuses the rest', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('XXX')).toBe(false);
    expect(isCurrencyCode('EURO')).toBe(false);
  });

  it('has the minor-unit digits of ISO 4217, which Intl agrees with for JPY, EUR, KWD and BHD', () => {
    for (const [code, digits] of [
      ['JPY', 0],
      ['EUR', 2],
      ['KWD', 3],
      ['BHD', 3],
    ] as const) {
      expect(currencyDigits(code)).toBe(digits);
      const intl = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions();
      expect(intl.maximumFractionDigits).toBe(digits);
    }
    // CLDR shows no decimals for IDR and IQD, ISO 4217 has 2 and 3 minor-unit digits: we count ISO's.
    expect(currencyDigits('IDR')).toBe(2);
    expect(currencyDigits('IQD')).toBe(3);
  });
});

describe('parseMinor', () => {
  it('parses decimals in the currency into minor units (EUR 2, JPY 0, KWD 3)', () => {
    expect(parseMinor('50000.00', 'EUR')).toEqual({ ok: true, amountMinor: 5_000_000 });
    expect(parseMinor('50000', 'EUR')).toEqual({ ok: true, amountMinor: 5_000_000 });
    expect(parseMinor(' 1,234.5 ', 'EUR')).toEqual({ ok: true, amountMinor: 123_450 });
    expect(parseMinor('12000', 'JPY')).toEqual({ ok: true, amountMinor: 12_000 });
    expect(parseMinor('1.125', 'KWD')).toEqual({ ok: true, amountMinor: 1125 });
    expect(parseMinor('0.1', 'BHD')).toEqual({ ok: true, amountMinor: 100 });
  });

  it('refuses a fraction of a minor unit', () => {
    expect(parseMinor('12.345', 'EUR')).toMatchObject({ ok: false, problem: 'fraction' });
    expect(parseMinor('12000.5', 'JPY')).toMatchObject({ ok: false, problem: 'fraction' });
    expect(parseMinor('1.1255', 'KWD')).toMatchObject({ ok: false, problem: 'fraction' });
  });

  it('refuses signs, exponents, misplaced separators and unknown currencies', () => {
    for (const input of ['-1', '+1', '1e3', '1,23', '12,34.00', '', '.5', '1.', 'NaN', '0x10', '1 000'])
      expect(parseMinor(input, 'EUR'), input).toMatchObject({ ok: false, problem: 'syntax' });
    expect(parseMinor('1', 'XYZ')).toMatchObject({ ok: false, problem: 'currency' });
  });

  it('refuses an amount past the safe integer range, exactly at its edge', () => {
    expect(parseMinor('90071992547409.91', 'EUR')).toEqual({ ok: true, amountMinor: MAX_MINOR });
    expect(parseMinor('90071992547409.92', 'EUR')).toMatchObject({ ok: false, problem: 'overflow' });
    expect(parseMinor('99999999999999999999999', 'JPY')).toMatchObject({ ok: false, problem: 'overflow' });
  });

  it('round-trips with minorToDecimal for every safe amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_MINOR }), fc.constantFrom('EUR', 'JPY', 'KWD'), (amount, currency) => {
        expect(parseMinor(minorToDecimal(amount, currency), currency)).toEqual({ ok: true, amountMinor: amount });
      }),
    );
  });
});

describe('formatting', () => {
  it('writes the ISO number of decimals in the reader locale, exactly at 2^53 - 1', () => {
    expect(minorToDecimal(5_000_000, 'EUR')).toBe('50000.00');
    expect(minorToDecimal(5, 'KWD')).toBe('0.005');
    expect(minorToDecimal(-5, 'EUR')).toBe('-0.05');
    expect(minorToDecimal(12_000, 'JPY')).toBe('12000');
    expect(formatMinor(5_000_000, 'EUR', 'en-GB')).toBe('€50,000.00');
    expect(formatMinor(5_000_000, 'EUR', 'de-DE')).toBe('50.000,00\u00a0€');
    expect(formatMinor(12_000, 'JPY', 'en-GB')).toBe('JP¥12,000');
    expect(formatMinor(1125, 'KWD', 'en-GB')).toBe('KWD\u00a01.125');
    expect(formatMinor(MAX_MINOR, 'EUR', 'en-GB')).toBe('€90,071,992,547,409.91');
  });
});

describe('priceLine: rate × quantity, rounded half up at the line', () => {
  it('prices minutes at an hourly rate (EUR 2)', () => {
    // 150.00 EUR/h × 40 h
    expect(priceLine(15_000, 40 * 60, 'minute')).toEqual({ ok: true, amountMinor: 600_000 });
    // 100.01 EUR/h × 1 min = 166.683… cents → 167
    expect(priceLine(10_001, 1, 'minute')).toEqual({ ok: true, amountMinor: 167 });
    // exactly half a cent rounds up: 0.30 EUR/h × 1 min = 0.5 cents → 1
    expect(priceLine(30, 1, 'minute')).toEqual({ ok: true, amountMinor: 1 });
    // just under half rounds down: 0.29 EUR/h × 1 min = 0.4833 → 0
    expect(priceLine(29, 1, 'minute')).toEqual({ ok: true, amountMinor: 0 });
  });

  it('prices JPY (0 decimals) and KWD (3 decimals) in their own minor units', () => {
    // 20,000 JPY/h × 90 min = 30,000 JPY
    expect(priceLine(20_000, 90, 'minute')).toEqual({ ok: true, amountMinor: 30_000 });
    // 20,001 JPY/h × 1 min = 333.35 → 333
    expect(priceLine(20_001, 1, 'minute')).toEqual({ ok: true, amountMinor: 333 });
    // 45.125 KWD/h × 20 min = 15.041666 KWD → 15.042
    expect(priceLine(45_125, 20, 'minute')).toEqual({ ok: true, amountMinor: 15_042 });
  });

  it('prices centiunits at a per-unit rate', () => {
    // 80.00 EUR/unit × 12.50 units = 1,000.00 EUR
    expect(priceLine(8000, 1250, 'centiunit')).toEqual({ ok: true, amountMinor: 100_000 });
    // 0.50 EUR/unit × 0.01 units = 0.5 cent → 1
    expect(priceLine(50, 1, 'centiunit')).toEqual({ ok: true, amountMinor: 1 });
  });

  it('rounds each line, never the total: three lines of 0.5 cents are 3 cents, not 1.5 → 2', () => {
    const lines = [1, 1, 1].map((minutes) => priceLine(30, minutes, 'minute'));
    const amounts = lines.map((line) => (line.ok ? line.amountMinor : NaN));
    expect(sumMinor(amounts)).toEqual({ ok: true, amountMinor: 3 });
    expect(priceLine(30, 3, 'minute')).toEqual({ ok: true, amountMinor: 2 });
  });

  it('refuses a result past the safe integer range instead of rounding it off', () => {
    expect(priceLine(MAX_MINOR, 60, 'minute')).toEqual({ ok: true, amountMinor: MAX_MINOR });
    expect(priceLine(MAX_MINOR, 61, 'minute')).toMatchObject({ ok: false, problem: 'overflow' });
    expect(priceLine(1.5, 60, 'minute')).toMatchObject({ ok: false });
    expect(sumMinor([MAX_MINOR, 1])).toMatchObject({ ok: false, problem: 'overflow' });
  });

  it('equals the exact rational rounded half up for any rate and quantity (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (rate, minutes) => {
        const result = priceLine(rate, minutes, 'minute');
        const exact = BigInt(rate) * BigInt(minutes);
        const floor = exact / 60n;
        const expected = exact % 60n >= 30n ? floor + 1n : floor;
        expect(result).toEqual({ ok: true, amountMinor: Number(expected) });
      }),
    );
  });
});
