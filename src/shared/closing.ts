/**
 * Closing or cancelling an engagement (domain.md, Ledger rules), pure and browser-safe: the closing service
 * posts by these and the closing dialog previews with them, so the two never disagree.
 */

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
  /** Fixed pricing: the approved change orders' deltas, in the order they were approved. */
  changeOrders?: readonly { number: string; delta: number }[];
}

/** An approved change order a fixed-price close draws, as its own ledger line. */
export interface ClosingChangeOrder {
  number: string;
  amount: number;
}

export interface ClosingPlan {
  /**
   * Consumed at close for fixed pricing (0 otherwise, and on cancel): the fixed price, less what approved
   * change orders that reduce the scope took off it (never below 0).
   */
  fixedPrice: number;
  /** Fixed pricing, close: each approved change order that adds scope, drawn as its own line. */
  changeOrders: ClosingChangeOrder[];
  /** The fixed price plus the change order lines: what a fixed-price close draws whatever was logged. */
  fixedTotal: number;
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
 * domain.md's close, in order: the fixed price and each approved change order's delta (fixed pricing, close
 * only: a change order on a fixed price is a fixed delta; one that reduces scope lowers the fixed price line), the minimum true-up of any
 * shortfall (unless waived; on cancel only when the contract says so), held effort written off, the
 * release of what is left of the reservation (the open reservation after the two postings draw it down).
 */
export function closingPlan(input: ClosingInput): ClosingPlan {
  const fixedClose = input.operation === 'close' && input.pricingMode === 'fixed';
  const deltas = fixedClose ? (input.changeOrders ?? []) : [];
  const reductions = deltas.reduce((sum, co) => sum + Math.min(0, co.delta), 0);
  const fixedPrice = fixedClose ? Math.max(0, (input.fixedPrice ?? 0) + reductions) : 0;
  const changeOrders = deltas.filter((co) => co.delta > 0).map((co) => ({ number: co.number, amount: co.delta }));
  const fixedTotal = fixedPrice + changeOrders.reduce((sum, co) => sum + co.amount, 0);
  const billableConsumption = input.effortConsumed + fixedTotal;
  const shortfall = input.minimumApplies ? Math.max(0, input.minimumBillable - billableConsumption) : 0;
  const trueUp = input.waived ? 0 : shortfall;
  return {
    fixedPrice,
    changeOrders,
    fixedTotal,
    billableConsumption,
    shortfall,
    trueUp,
    writtenOff: input.held,
    release: Math.max(0, input.openReservation - fixedTotal - trueUp),
  };
}

/**
 * The contract's available balance after a close or cancel: the fixed price (with its change orders) and the true-up draw the
 * reservation first (only what exceeds it lowers available), the release frees units, and on an expired
 * contract the freed units expire at once (at most what is available, as the ledger does).
 */
export function availableAfterClosing(figures: {
  available: number;
  openReservation: number;
  plan: Pick<ClosingPlan, 'fixedTotal' | 'trueUp' | 'release'>;
  contractExpired: boolean;
}): number {
  const beyondReservation = Math.max(0, figures.plan.fixedTotal + figures.plan.trueUp - figures.openReservation);
  const after = figures.available - beyondReservation + figures.plan.release;
  return figures.contractExpired ? after - Math.min(figures.plan.release, Math.max(0, after)) : after;
}
