/**
 * Money typed in the "Add expense" form, converted exactly as the CLI does (`imr expenses add --amount`):
 * the amount in major units ("612.30"), turned into integer minor units with the currency's digits.
 * The table of ISO 4217 currencies is shared with the server (src/shared/currencies.ts), so both sides agree.
 */
import { currencyCodes, isCurrency, minorUnitDigits, parseMoney } from '../../../shared/currencies.ts';

/** Currencies people use most come first in the picker; every other one follows. */
const common = ['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'AUD', 'JPY', 'SEK', 'NOK', 'DKK', 'PLN', 'SGD'] as const;

export const currencyOptions = [
  { group: 'Common', items: common.filter(isCurrency).map((c) => ({ value: c, label: c })) },
  {
    group: 'All currencies (ISO 4217)',
    items: currencyCodes.filter((c) => !(common as readonly string[]).includes(c)).map((c) => ({ value: c, label: c })),
  },
];

/** The placeholder of the amount for a currency: "612.30" for EUR, "12000" for JPY, "1.250" for KWD. */
export function amountPlaceholder(currency: string): string {
  if (!isCurrency(currency)) return '0.00';
  const digits = minorUnitDigits(currency);
  return digits === 0 ? '12000' : `612.${'30'.padEnd(digits, '0').slice(0, digits)}`;
}

/** The amount as typed, in minor units of the currency, or why it cannot be read. Empty is "not yet". */
export function readMoney(text: string, currency: string): { amount: number | null; message: string | null } {
  if (!text.trim()) return { amount: null, message: null };
  const parsed = parseMoney(text, currency);
  if (!parsed.ok) return { amount: null, message: parsed.message };
  if (parsed.amount <= 0) return { amount: null, message: 'must be more than zero' };
  return { amount: parsed.amount, message: null };
}
