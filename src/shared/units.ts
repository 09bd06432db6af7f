/**
 * Ledger quantities are integers in the contract's smallest unit: minutes for `hours` contracts,
 * hundredths of a unit ("centiunits") for `service_units` contracts. Conversion happens only here.
 */
export type ContractUnit = 'hours' | 'service_units';
export type LedgerUnit = 'minute' | 'centiunit';

export const ledgerUnitOf = (unit: ContractUnit): LedgerUnit => (unit === 'hours' ? 'minute' : 'centiunit');

/** Every quantity in an API response: the integer, its unit and a display string ("40h 00m", "12.50 SU"). */
export interface Quantity {
  amount: number;
  unit: LedgerUnit;
  display: string;
}

/** The largest single posting, in ledger units. */
export const MAX_POSTING = 10_000_000;

export function formatAmount(amount: number, unit: LedgerUnit): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  if (unit === 'minute') {
    const hours = Math.floor(abs / 60);
    const minutes = abs % 60;
    return `${sign}${hours}h ${String(minutes).padStart(2, '0')}m`;
  }
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${sign}${whole}.${String(cents).padStart(2, '0')} SU`;
}

export const quantity = (amount: number, unit: LedgerUnit | ContractUnit): Quantity => {
  const ledgerUnit: LedgerUnit = unit === 'hours' ? 'minute' : unit === 'service_units' ? 'centiunit' : unit;
  return { amount, unit: ledgerUnit, display: formatAmount(amount, ledgerUnit) };
};

/**
 * Parses an amount a person types: "40h", "1h30m", "40h 00m", "90m", "12.5su", "12.50 SU", or a plain
 * integer in ledger units. The input is trimmed as a whole (UI and CLI alike); inside it, spaces may only
 * separate a number from its unit or hours from minutes ("4 0h", "+12" and "1e3" are refused). Returns
 * the integer in the contract's ledger unit, or an error message.
 */
export function parseAmount(
  input: string,
  unit: ContractUnit,
): { ok: true; amount: number } | { ok: false; message: string } {
  const text = input.trim().toLowerCase();
  if (/^-?\d+$/.test(text)) return { ok: true, amount: Number(text) };
  if (unit === 'hours') {
    const match = /^(-)?(?:(\d+(?:\.\d{1,2})?)\s*h)?\s*(?:(\d+)\s*m)?$/.exec(text);
    if (!match || (!match[2] && !match[3]))
      return { ok: false, message: `"${input}" is not an amount of time: write 40h, 1h30m or 90m` };
    const hours = match[2] ? Number(match[2]) : 0;
    const minutes = Math.round(hours * 60) + (match[3] ? Number(match[3]) : 0);
    return { ok: true, amount: match[1] ? -minutes : minutes };
  }
  const unitsMatch = /^(-)?(\d+)(?:\.(\d{1,2}))?\s*su$/.exec(text);
  if (!unitsMatch)
    return { ok: false, message: `"${input}" is not an amount of service units: write 12.5su or 12.50su` };
  const cents = Number(unitsMatch[2]) * 100 + Number((unitsMatch[3] ?? '').padEnd(2, '0'));
  return { ok: true, amount: unitsMatch[1] ? -cents : cents };
}
