import type { BillingStatus } from './effort.tables.ts';

/**
 * Pure rules of effort and of closing an engagement (domain.md, Ledger rules). Amounts are integers in
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
export function billingStatusFor(o: {
  billable: boolean;
  pricingMode: 'time_and_materials' | 'fixed';
  amount: number;
  consumed: number;
  held: number;
  estimate: number;
  tolerancePercent: number;
}): Exclude<BillingStatus, 'written_off'> {
  if (!o.billable) return 'non_billable';
  if (o.pricingMode === 'fixed') return 'fixed_price';
  if (o.held > 0) return 'held';
  return o.consumed + o.amount > toleranceLimit(o.estimate, o.tolerancePercent) ? 'held' : 'consumed';
}

/** Which of the held amounts (oldest first) now fit under the limit: a prefix, stopping at the first that does not. */
export function heldThatFits(held: readonly number[], consumed: number, limit: number): number {
  let c = consumed;
  let n = 0;
  for (const a of held) {
    if (c + a > limit) break;
    c += a;
    n += 1;
  }
  return n;
}

/** The share of the estimate at which the IR manager and the account team are warned (once per estimate). */
export const ESTIMATE_WARNING_PERCENT = 90;

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

export interface ClosingInput {
  operation: 'close' | 'cancel';
  pricingMode: 'time_and_materials' | 'fixed';
  fixedPrice: number | null;
  /** Effort consumed so far (time and materials). */
  effortConsumed: number;
  /** Held effort not yet posted. */
  held: number;
  minimumBillable: number;
  /** Cancel: the contract's `minimumAppliesOnCancel`. Close: always true. */
  minimumApplies: boolean;
  waived: boolean;
  /** The engagement's open reservation before the operation. */
  openReservation: number;
}

export interface ClosingPlan {
  /** Consumed at close for fixed pricing (0 otherwise, and on cancel). */
  fixedPrice: number;
  /** Billable consumption the minimum is compared with. */
  billableConsumption: number;
  /** What is missing to the minimum billable effort (when it applies). */
  shortfall: number;
  /** The `minimum_true_up` to post: the shortfall unless waived. */
  trueUp: number;
  /** Held effort written off. */
  writtenOff: number;
  /** What is left of the reservation after the fixed price and the true-up drew it down. */
  release: number;
}

/**
 * domain.md's close, in order: the fixed price (fixed pricing, close only), the minimum true-up of any
 * shortfall (unless waived; on cancel only when the contract says so), held effort written off, the
 * release of what is left of the reservation (the open reservation after the two postings draw it down).
 */
export function closingPlan(i: ClosingInput): ClosingPlan {
  const fixedPrice = i.operation === 'close' && i.pricingMode === 'fixed' ? (i.fixedPrice ?? 0) : 0;
  const billableConsumption = i.effortConsumed + fixedPrice;
  const shortfall = i.minimumApplies ? Math.max(0, i.minimumBillable - billableConsumption) : 0;
  const trueUp = i.waived ? 0 : shortfall;
  return {
    fixedPrice,
    billableConsumption,
    shortfall,
    trueUp,
    writtenOff: i.held,
    release: Math.max(0, i.openReservation - fixedPrice - trueUp),
  };
}

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
  let e = 0;
  return days.map((date) => {
    consumed += byDay.get(date) ?? 0;
    while (e < ordered.length && ordered[e]!.date <= date) estimate = ordered[e++]!.estimate;
    return { date, consumed, estimate };
  });
}

/**
 * The contract's available balance after a close or cancel: the fixed price and the true-up draw the
 * reservation first (only what exceeds it lowers available), the release frees units, and on an expired
 * contract the freed units expire at once (at most what is available, as the ledger does).
 */
export function availableAfterClosing(o: {
  available: number;
  openReservation: number;
  plan: Pick<ClosingPlan, 'fixedPrice' | 'trueUp' | 'release'>;
  contractExpired: boolean;
}): number {
  const beyondReservation = Math.max(0, o.plan.fixedPrice + o.plan.trueUp - o.openReservation);
  const after = o.available - beyondReservation + o.plan.release;
  return o.contractExpired ? after - Math.min(o.plan.release, Math.max(0, after)) : after;
}
