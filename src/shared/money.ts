import { currencyCodes, isCurrency, minorUnitDigits } from './currencies.ts';

/**
 * Money is integer minor units of an ISO 4217 currency, never a float. The currency list and its minor-unit
 * digits come from `currencies.ts` (ISO 4217's own table: JPY 0, EUR 2, KWD/BHD 3); Intl (CLDR) is used to
 * *display* an amount in a locale only, because CLDR rounds some currencies differently from ISO (IDR, HUF, IQD…
 * have 0 display digits in CLDR but 2 or 3 minor-unit digits in ISO 4217; `money.test.ts` pins the difference).
 * Arithmetic runs on bigint and refuses anything outside Number.MAX_SAFE_INTEGER, so a row never holds a
 * rounded-off amount.
 */

/** The largest amount in minor units that IMR Desk stores (a JSON number and a bigint column both hold it exactly). */
export const MAX_MINOR = Number.MAX_SAFE_INTEGER;

/** An amount and its currency, as the API carries it. */
export interface MinorMoney {
  amountMinor: number;
  currency: string;
}

/** Whether `code` is an ISO 4217 currency in circulation, upper case. */
export const isCurrencyCode = (code: string): boolean => isCurrency(code);

/** Every currency a person may choose, sorted. */
export const currencyChoices: readonly string[] = currencyCodes;

/** Decimals of the currency's minor unit per ISO 4217 (JPY 0, EUR 2, KWD 3). Throws on an unknown code. */
export const currencyDigits = (code: string): number => minorUnitDigits(code);

export type MoneyProblem = 'currency' | 'syntax' | 'fraction' | 'overflow';
export type MoneyResult = { ok: true; amountMinor: number } | { ok: false; problem: MoneyProblem; message: string };

const refuse = (problem: MoneyProblem, message: string): MoneyResult => ({ ok: false, problem, message });

/**
 * Strictly parses a decimal a person types in the currency's major unit ("50000.00" EUR, "12000" JPY,
 * "1.125" KWD; thousands separators "," allowed between groups of three) into integer minor units. Refuses
 * a sign, exponent, more decimals than the currency has (a fraction of a minor unit) and amounts past MAX_MINOR.
 */
export function parseMinor(input: string, currency: string): MoneyResult {
  if (!isCurrency(currency))
    return refuse(
      'currency',
      `"${currency}" is not an ISO 4217 currency in circulation: choose one such as EUR, USD or JPY.`,
    );
  const digits = minorUnitDigits(currency);
  const text = input.trim();
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return refuse('syntax', `"${input}" is not an amount: write it like ${example(currency)}.`);
  const whole = match[1]!.replaceAll(',', '');
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    return refuse(
      'fraction',
      digits
        ? `${currency} has ${digits} decimals: "${input}" has a fraction of a minor unit; write it like ${example(currency)}.`
        : `${currency} has no decimals: write a whole amount such as ${example(currency)}.`,
    );
  }
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  if (minor > BigInt(MAX_MINOR)) return refuse('overflow', `"${input}" ${currency} is too large for IMR Desk.`);
  return { ok: true, amountMinor: Number(minor) };
}

const example = (currency: string): string => {
  const digits = minorUnitDigits(currency);
  return digits ? `1234.${'5'.padEnd(digits, '0')}` : '1234';
};

/** Integer minor units as a plain decimal in the major unit ("50000.00", "12000", "1.125"), for forms and the CLI. */
export function minorToDecimal(amountMinor: number, currency: string): string {
  assertMinor(amountMinor);
  const digits = minorUnitDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = BigInt(Math.abs(amountMinor));
  if (!digits) return `${sign}${abs}`;
  const scale = 10n ** BigInt(digits);
  return `${sign}${abs / scale}.${String(abs % scale).padStart(digits, '0')}`;
}

/**
 * An amount as a person reads it in `locale` ("€50,000.00", "¥12,000", "KWD 1.125"), always with the ISO
 * number of decimals. Intl formats the decimal string exactly (no float on the way).
 */
export function formatMinor(amountMinor: number, currency: string, locale = 'en-GB'): string {
  const digits = minorUnitDigits(currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl.NumberFormat v3 accepts a decimal string and formats it without converting it to a double.
  return format.format(minorToDecimal(amountMinor, currency) as unknown as number);
}

function assertMinor(amountMinor: number): void {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`${amountMinor} is not a safe integer amount`);
}

/** Ledger units per priced unit: a rate per hour prices minutes (60), a rate per service unit prices centiunits (100). */
export const LEDGER_UNITS_PER_RATE_UNIT = { minute: 60, centiunit: 100 } as const;
export type PricedLedgerUnit = keyof typeof LEDGER_UNITS_PER_RATE_UNIT;

/**
 * The price of one line: `rateMinor` per hour (or per unit) × `quantity` in ledger units (minutes or
 * centiunits), rounded half up to a whole minor unit AT THE LINE (a total is the sum of rounded lines, never
 * re-rounded). Exact bigint arithmetic; a result past MAX_MINOR is refused with problem `overflow`.
 */
export function priceLine(rateMinor: number, quantity: number, unit: PricedLedgerUnit): MoneyResult {
  if (!Number.isSafeInteger(rateMinor) || rateMinor < 0 || !Number.isSafeInteger(quantity) || quantity < 0)
    return refuse('syntax', 'A rate and a quantity are whole, non-negative numbers.');
  const per = BigInt(LEDGER_UNITS_PER_RATE_UNIT[unit]);
  const product = BigInt(rateMinor) * BigInt(quantity);
  const rounded = (product * 2n + per) / (per * 2n); // half up for non-negative values
  if (rounded > BigInt(MAX_MINOR))
    return refuse('overflow', 'That price is too large for IMR Desk: check the rate and quantity.');
  return { ok: true, amountMinor: Number(rounded) };
}

/** The sum of already-rounded lines, exactly; refused past MAX_MINOR. */
export function sumMinor(amounts: readonly number[]): MoneyResult {
  let total = 0n;
  for (const amount of amounts) {
    if (!Number.isSafeInteger(amount)) return refuse('syntax', `${amount} is not a whole amount in minor units.`);
    total += BigInt(amount);
  }
  if (total > BigInt(MAX_MINOR) || total < -BigInt(MAX_MINOR))
    return refuse('overflow', 'That total is too large for IMR Desk.');
  return { ok: true, amountMinor: Number(total) };
}
