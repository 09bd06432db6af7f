import { ESTIMATE_WARNING_PERCENT } from '../../shared/effort.ts';
import type { BillingStatus } from './effort.tables.ts';

/**
 * Pure rules of effort (domain.md, Ledger rules); closing an engagement is shared/closing.ts. Amounts are integers in
 * the contract's ledger unit; conversion itself is billing.rules.ts's `convertEffort`.
 */

/** The most an engagement may consume before billable effort is held: estimate + tolerance % (rounded down). */
export const toleranceLimit = (estimate: number, tolerancePercent: number): number =>
  estimate + Math.floor((estimate * tolerancePercent) / 100);

/**
 * How a new entry is billed. Not billable → non_billable; fixed pricing → fixed_price (the price is
 * consumed at close); time and materials → consumed, unless it would take consumption past the estimate
 * plus tolerance, or earlier effort is already held (held effort is posted oldest first, so later work
 * queues behind it) → held.
 */
export function billingStatusFor(facts: {
  billable: boolean;
  pricingMode: 'time_and_materials' | 'fixed';
  amount: number;
  consumed: number;
  held: number;
  estimate: number;
  tolerancePercent: number;
}): Exclude<BillingStatus, 'written_off'> {
  if (!facts.billable) return 'non_billable';
  if (facts.pricingMode === 'fixed') return 'fixed_price';
  if (facts.held > 0) return 'held';
  return facts.consumed + facts.amount > toleranceLimit(facts.estimate, facts.tolerancePercent) ? 'held' : 'consumed';
}

/** Which of the held amounts (oldest first) now fit under the limit: a prefix, stopping at the first that does not. */
export function heldThatFits(held: readonly number[], consumed: number, limit: number): number {
  let runningConsumed = consumed;
  let count = 0;
  for (const a of held) {
    if (runningConsumed + a > limit) break;
    runningConsumed += a;
    count += 1;
  }
  return count;
}

/** True when consumption moves from below to at or above `percent` of a positive estimate. */
export function crossesEstimateShare(
  before: number,
  after: number,
  estimate: number,
  percent = ESTIMATE_WARNING_PERCENT,
): boolean {
  if (estimate <= 0) return false;
  return before * 100 < percent * estimate && after * 100 >= percent * estimate;
}

/** The estimate after a change: never below what is already consumed, never negative. */
export const adjustedEstimate = (estimate: number, delta: number, consumed: number): number =>
  Math.max(estimate + delta, consumed, 0);

export interface BurnPoint {
  date: string;
  /** Cumulative consumption (effort by work date; the close's postings on the closing day). */
  consumed: number;
  /** The estimate in force at the end of that day. */
  estimate: number;
}

/**
 * Consumed vs estimated over time: one point per day on which consumption or the estimate changed,
 * cumulative, in date order. `consumption` and `estimates` may come in any order.
 */
export function burnSeries(
  consumption: readonly { date: string; amount: number }[],
  estimates: readonly { date: string; seq: number; estimate: number }[],
): BurnPoint[] {
  const days = [...new Set([...consumption.map((c) => c.date), ...estimates.map((e) => e.date)])].sort();
  const byDay = new Map<string, number>();
  for (const c of consumption) byDay.set(c.date, (byDay.get(c.date) ?? 0) + c.amount);
  const ordered = [...estimates].sort((a, b) => (a.date === b.date ? a.seq - b.seq : a.date < b.date ? -1 : 1));
  let consumed = 0;
  let estimate = 0;
  let elapsed = 0;
  return days.map((date) => {
    consumed += byDay.get(date) ?? 0;
    while (elapsed < ordered.length && ordered[elapsed]!.date <= date) estimate = ordered[elapsed++]!.estimate;
    return { date, consumed, estimate };
  });
}
