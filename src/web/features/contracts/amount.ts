import { parseAmount } from '../../../shared/units.ts';
import type { ContractUnit } from '../../api/types.ts';

/** What an amount field holds: the text typed, and its integer in ledger units when it parses. */
export function readAmount(
  text: string,
  unit: ContractUnit,
  o: { signed?: boolean } = {},
): { amount: number | null; message: string | null } {
  if (!text.trim()) return { amount: null, message: null };
  const parsed = parseAmount(text.trim().replace(/^\+/, ''), unit);
  if (!parsed.ok) return { amount: null, message: parsed.message };
  if (!o.signed && parsed.amount < 0) return { amount: null, message: 'must not be negative' };
  return { amount: parsed.amount, message: null };
}
