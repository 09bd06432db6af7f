import type { CatalogSizeRow } from './catalog.tables.ts';

export interface SizeInput {
  code: string;
  label?: string | undefined;
  estimateMinutes: number;
  fixedPriceUnits: number | null;
  fixedPriceMinutes?: number | null | undefined;
}

/**
 * Normalises the sizes of a catalog item: codes are upper case and unique; a fixed price in units
 * without one in minutes takes the estimate (hours contracts are priced at the estimate). Returns the
 * sizes, or the problems as API field errors.
 */
export function normaliseSizes(
  sizes: SizeInput[],
): { ok: true; sizes: CatalogSizeRow[] } | { ok: false; errors: { path: string; message: string }[] } {
  const errors: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  const out = sizes.map((s, i) => {
    const code = s.code.trim().toUpperCase();
    if (seen.has(code)) errors.push({ path: `body.sizes.${i}.code`, message: `size ${code} appears twice` });
    seen.add(code);
    const fixedPriceMinutes =
      s.fixedPriceMinutes !== undefined ? s.fixedPriceMinutes : s.fixedPriceUnits === null ? null : s.estimateMinutes;
    return {
      code,
      label: s.label?.trim() || null,
      estimateMinutes: s.estimateMinutes,
      fixedPriceUnits: s.fixedPriceUnits,
      fixedPriceMinutes,
    };
  });
  return errors.length ? { ok: false, errors } : { ok: true, sizes: out };
}
