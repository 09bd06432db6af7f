import { AppError } from '../../shared/errors.ts';
import { priceLine } from '../../shared/money.ts';
import type { LedgerUnit } from '../../shared/units.ts';
import { addPeriods, periodEnded, periodOf } from '../statements/statements.rules.ts';

/**
 * Billing exports (issue 17), pure: which periods may be billed, the overage of a period, the price of a
 * line, totals and CSV cells. Money is integer minor units; rounding happens once, at the line.
 */

/** The zone furthest ahead of UTC: a month has ended somewhere only once it has ended there. */
const EARLIEST_ZONE = 'Pacific/Kiritimati';

/** The latest period that may be billed at `now`: the month before the current one where the day starts first. */
export const latestBillablePeriod = (now: Date): string => addPeriods(periodOf(now, EARLIEST_ZONE), -1);

/** A period that has not ended anywhere yet (the current month, or a future one) is refused: 422. */
export function assertBillablePeriod(period: string, now: Date): void {
  const latest = latestBillablePeriod(now);
  if (period > latest)
    throw new AppError(
      'BILLING_PERIOD_NOT_ENDED',
      `${period} has not ended yet: billing can be run for ${latest} or an earlier month.`,
      { period, latest },
    );
}

/** Whether the period has ended in the customer's zone (a customer whose month is still running waits). */
export const periodEndedFor = periodEnded;

/** A ledger entry as the overage computation reads it (chain order). */
export interface OverageEntry {
  seq: number;
  kind: string;
  amount: number;
  /** The balance after the entry (grant + top-ups + … − consumption), not the available balance. */
  balanceAfter: number;
  engagementId: string | null;
}

/**
 * The overage consumed in a period: for each consumption posted in it (`consume`, `minimum_true_up`), the
 * part that took the balance below zero, i.e. min(amount, max(0, −balance after)). Billed once: a later
 * top-up lifts the balance but refunds nothing, and consumption past zero after that top-up is new overage.
 * Reservations are not consumption (they bill nothing); reversals and adjustments are corrections an account
 * manager handles by hand. Returns the total and the engagements it was consumed on.
 */
export function overageOf(entries: readonly OverageEntry[]): { quantity: number; engagementIds: string[] } {
  let quantity = 0;
  const engagementIds: string[] = [];
  for (const e of entries) {
    if (e.kind !== 'consume' && e.kind !== 'minimum_true_up') continue;
    const pastZero = Math.min(e.amount, Math.max(0, -e.balanceAfter));
    if (pastZero <= 0) continue;
    quantity += pastZero;
    if (e.engagementId && !engagementIds.includes(e.engagementId)) engagementIds.push(e.engagementId);
  }
  return { quantity, engagementIds };
}

/**
 * The price of a quantity at a rate, in minor units, rounded half up at the line (never on totals): the rate
 * is per hour for minute quantities and per unit for centiunit quantities (`priceLine` of shared/money.ts,
 * exact bigint arithmetic). A result beyond the safe integer range is refused.
 */
export function priceAtRate(rateMinor: number, quantity: number, unit: LedgerUnit): number {
  const price = priceLine(rateMinor, quantity, unit);
  if (!price.ok) throw new AppError('BUSINESS_RULE', `${price.message} (billing line of ${quantity} at ${rateMinor})`);
  return price.amountMinor;
}

/** Totals per currency of priced lines (integer sums of line amounts, nothing rounded), sorted by currency. */
export function totalsByCurrency(
  lines: readonly { amountMinor: number | null; currency: string | null }[],
): { currency: string; amountMinor: number; lines: number }[] {
  const sums = new Map<string, { amountMinor: number; lines: number }>();
  for (const l of lines) {
    if (l.amountMinor === null || l.currency === null) continue;
    const s = sums.get(l.currency) ?? { amountMinor: 0, lines: 0 };
    s.amountMinor += l.amountMinor;
    s.lines += 1;
    sums.set(l.currency, s);
  }
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, s]) => ({ currency, ...s }));
}
