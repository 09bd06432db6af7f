import { describe, expect, it } from 'vitest';
import { amountPlaceholder, currencyOptions, readMoney } from './money.ts';

describe('readMoney', () => {
  it("converts what people type to minor units with the currency's decimals, as the CLI does", () => {
    expect(readMoney('612.30', 'USD')).toEqual({ amount: 61_230, message: null });
    expect(readMoney('1,234.5', 'EUR')).toEqual({ amount: 123_450, message: null });
    expect(readMoney('12000', 'JPY')).toEqual({ amount: 12_000, message: null });
    expect(readMoney('1.250', 'KWD')).toEqual({ amount: 1_250, message: null });
  });

  it('says why an amount cannot be read, and treats an empty field as not typed yet', () => {
    expect(readMoney('', 'EUR')).toEqual({ amount: null, message: null });
    expect(readMoney('12.345', 'EUR').message).toMatch(/EUR has 2 decimals/);
    expect(readMoney('12.5', 'JPY').message).toMatch(/JPY has no decimals/);
    expect(readMoney('abc', 'EUR').message).toMatch(/is not an amount/);
    expect(readMoney('0.00', 'EUR').message).toBe('must be more than zero');
    expect(readMoney('10', 'XXX').message).toMatch(/not an ISO 4217 currency/);
  });
});

describe('the currency picker', () => {
  it('lists every accepted currency once, common ones first', () => {
    const all = currencyOptions.flatMap((g) => g.items.map((i) => i.value));
    expect(new Set(all).size).toBe(all.length);
    expect(all.slice(0, 3)).toEqual(['EUR', 'USD', 'GBP']);
    expect(all).toContain('KWD');
  });

  it("shows a placeholder with the currency's decimals", () => {
    expect([amountPlaceholder('EUR'), amountPlaceholder('JPY'), amountPlaceholder('KWD')]).toEqual([
      '612.30',
      '12000',
      '612.300',
    ]);
  });
});
