/**
 * ISO 4217 currencies in circulation with their minor-unit digits (the number of decimals an amount in
 * minor units carries). Fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW), precious metals, SDRs
 * and test codes are left out: nobody pays a hotel in them. Withdrawn codes (HRK, SLL, ZWL, CUC…) too.
 */
const minorDigits: Readonly<Record<string, number>> = {
  AED: 2,
  AFN: 2,
  ALL: 2,
  AMD: 2,
  ANG: 2,
  AOA: 2,
  ARS: 2,
  AUD: 2,
  AWG: 2,
  AZN: 2,
  BAM: 2,
  BBD: 2,
  BDT: 2,
  BGN: 2,
  BHD: 3,
  BIF: 0,
  BMD: 2,
  BND: 2,
  BOB: 2,
  BRL: 2,
  BSD: 2,
  BTN: 2,
  BWP: 2,
  BYN: 2,
  BZD: 2,
  CAD: 2,
  CDF: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  COP: 2,
  CRC: 2,
  CUP: 2,
  CVE: 2,
  CZK: 2,
  DJF: 0,
  DKK: 2,
  DOP: 2,
  DZD: 2,
  EGP: 2,
  ERN: 2,
  ETB: 2,
  EUR: 2,
  FJD: 2,
  FKP: 2,
  GBP: 2,
  GEL: 2,
  GHS: 2,
  GIP: 2,
  GMD: 2,
  GNF: 0,
  GTQ: 2,
  GYD: 2,
  HKD: 2,
  HNL: 2,
  HTG: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  IQD: 3,
  IRR: 2,
  ISK: 0,
  JMD: 2,
  JOD: 3,
  JPY: 0,
  KES: 2,
  KGS: 2,
  KHR: 2,
  KMF: 0,
  KPW: 2,
  KRW: 0,
  KWD: 3,
  KYD: 2,
  KZT: 2,
  LAK: 2,
  LBP: 2,
  LKR: 2,
  LRD: 2,
  LSL: 2,
  LYD: 3,
  MAD: 2,
  MDL: 2,
  MGA: 2,
  MKD: 2,
  MMK: 2,
  MNT: 2,
  MOP: 2,
  MRU: 2,
  MUR: 2,
  MVR: 2,
  MWK: 2,
  MXN: 2,
  MYR: 2,
  MZN: 2,
  NAD: 2,
  NGN: 2,
  NIO: 2,
  NOK: 2,
  NPR: 2,
  NZD: 2,
  OMR: 3,
  PAB: 2,
  PEN: 2,
  PGK: 2,
  PHP: 2,
  PKR: 2,
  PLN: 2,
  PYG: 0,
  QAR: 2,
  RON: 2,
  RSD: 2,
  RUB: 2,
  RWF: 0,
  SAR: 2,
  SBD: 2,
  SCR: 2,
  SDG: 2,
  SEK: 2,
  SGD: 2,
  SHP: 2,
  SLE: 2,
  SOS: 2,
  SRD: 2,
  SSP: 2,
  STN: 2,
  SVC: 2,
  SYP: 2,
  SZL: 2,
  THB: 2,
  TJS: 2,
  TMT: 2,
  TND: 3,
  TOP: 2,
  TRY: 2,
  TTD: 2,
  TWD: 2,
  TZS: 2,
  UAH: 2,
  UGX: 0,
  USD: 2,
  UYU: 2,
  UZS: 2,
  VED: 2,
  VES: 2,
  VND: 0,
  VUV: 0,
  WST: 2,
  XAF: 0,
  XCD: 2,
  XCG: 2,
  XOF: 0,
  XPF: 0,
  YER: 2,
  ZAR: 2,
  ZMW: 2,
  ZWG: 2,
};

/** Every accepted currency code, sorted. */
export const currencyCodes: readonly string[] = Object.keys(minorDigits).sort();

/** Whether `code` is an ISO 4217 currency in circulation (upper case, as ISO writes it). */
export const isCurrency = (code: string): boolean => Object.hasOwn(minorDigits, code);

/** The number of decimals of the currency's minor unit (2 for EUR, 0 for JPY, 3 for KWD). */
export function minorUnitDigits(code: string): number {
  const digits = minorDigits[code];
  if (digits === undefined) throw new Error(`unknown currency ${code}`);
  return digits;
}

/** An amount in minor units as a person reads it: "1,234.50 EUR", "12,000 JPY", "-3.125 KWD". */
export function formatMoney(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const scale = 10 ** digits;
  const whole = Math.floor(abs / scale)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = digits ? `.${String(abs % scale).padStart(digits, '0')}` : '';
  return `${sign}${whole}${fraction} ${currency}`;
}

/** Money in a response: integer minor units, the ISO code and a display string. */
export interface Money {
  amount: number;
  currency: string;
  display: string;
}

export const money = (amount: number, currency: string): Money => ({
  amount,
  currency,
  display: formatMoney(amount, currency),
});

/**
 * Parses an amount a person types in major units ("123.45" EUR, "12000" JPY, "1,234.50") into integer
 * minor units of the currency, refusing more decimals than the currency has. Returns an error message otherwise.
 */
export function parseMoney(
  input: string,
  currency: string,
): { ok: true; amount: number } | { ok: false; message: string } {
  if (!isCurrency(currency))
    return { ok: false, message: `"${currency}" is not an ISO 4217 currency in circulation (EUR, USD, GBP, JPY…)` };
  const digits = minorUnitDigits(currency);
  const text = input.trim().replace(/,(?=\d{3}(\D|$))/g, '');
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return { ok: false, message: `"${input}" is not an amount: write it like 123.45` };
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    return {
      ok: false,
      message: digits
        ? `${currency} has ${digits} decimals: "${input}" has more`
        : `${currency} has no decimals: write a whole amount`,
    };
  }
  const amount = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(amount)) return { ok: false, message: `"${input}" is too large` };
  return { ok: true, amount };
}
