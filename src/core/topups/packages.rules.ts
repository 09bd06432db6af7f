import { AppError } from '../../shared/errors.ts';
import type { PackagePrice } from './topups.tables.ts';

/** A package's price in one currency, or undefined when it has none. */
export const priceIn = (
  prices: readonly PackagePrice[],
  currency: string | null | undefined,
): PackagePrice | undefined => (currency ? prices.find((p) => p.currency === currency) : undefined);

/** One price per currency (400 naming the repeated currency otherwise); sorted by currency for a stable view. */
export function normalisePrices(prices: readonly PackagePrice[]): PackagePrice[] {
  const seen = new Set<string>();
  for (const [i, p] of prices.entries()) {
    if (seen.has(p.currency))
      throw new AppError('VALIDATION_FAILED', `The package has two prices in ${p.currency}: give one per currency.`, {
        errors: [{ path: `body.prices.${i}.currency`, message: 'is repeated' }],
      });
    seen.add(p.currency);
  }
  return [...prices]
    .map((p) => ({ currency: p.currency, amountMinor: p.amountMinor }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

/** Why a package cannot be asked for on a contract, as the customer reads it; null when it can. */
export function packageRefusal(
  pkg: { name: string; unit: string; active: boolean; prices: readonly PackagePrice[] },
  contract: { number: string; unit: string; currency: string | null },
): string | null {
  if (!pkg.active) return `The package "${pkg.name}" is no longer offered: choose another package or ask for hours.`;
  if (pkg.unit !== contract.unit)
    return `The package "${pkg.name}" is for ${pkg.unit === 'hours' ? 'hours' : 'service-unit'} retainers and ${contract.number} is not one: choose another package or give a quantity.`;
  if (!contract.currency)
    return `Retainer ${contract.number} has no currency set yet, so no package has a price for it: give a quantity instead, or ask your account manager.`;
  if (!priceIn(pkg.prices, contract.currency))
    return `The package "${pkg.name}" has no price in ${contract.currency}, the currency of retainer ${contract.number}: choose another package or give a quantity.`;
  return null;
}
