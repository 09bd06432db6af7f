import { availableAfterClosing, closingPlan } from '../../../shared/closing.ts';
import { quantity } from '../../../shared/units.ts';
import type { Quantity } from '../../api/types.ts';
import type { ClosePreview } from './engagements.types.ts';

/** The figures a closing will post, as the dialog shows them. */
export interface ClosingFigures {
  fixedPrice: Quantity;
  trueUp: Quantity;
  release: Quantity;
  availableAfter: Quantity;
  /** Consumed by the engagement once the operation is done: effort, fixed price and true-up. */
  consumedAfter: Quantity;
}

/**
 * The preview's figures, or, when an admin waives the minimum, the same figures with the waiver: computed
 * by the server's own pure closing rules (shared/closing.ts `closingPlan`, `availableAfterClosing`) from the
 * preview's inputs, so the dialog never disagrees with what the close will post.
 */
export function closingFigures(p: ClosePreview, waived: boolean): ClosingFigures {
  const unit = p.consumed.unit;
  const q = (n: number) => quantity(n, unit);
  if (!waived) {
    return {
      fixedPrice: p.fixedPrice,
      trueUp: p.trueUp,
      release: p.release,
      availableAfter: p.availableAfter,
      consumedAfter: q(p.consumed.amount + p.fixedPrice.amount + p.trueUp.amount),
    };
  }
  const plan = closingPlan({
    operation: p.operation,
    pricingMode: p.pricingMode,
    fixedPrice: p.fixedPrice.amount,
    effortConsumed: p.consumed.amount,
    held: p.heldToWriteOff.amount,
    minimumBillable: p.minimumBillable.amount,
    minimumApplies: p.minimumApplies,
    waived: true,
    openReservation: p.reserved.amount,
  });
  const available = availableAfterClosing({
    available: p.availableBefore.amount,
    openReservation: p.reserved.amount,
    plan,
    contractExpired: p.contractStatus === 'expired',
  });
  return {
    fixedPrice: q(plan.fixedPrice),
    trueUp: q(plan.trueUp),
    release: q(plan.release),
    availableAfter: q(available),
    consumedAfter: q(p.consumed.amount + plan.fixedPrice),
  };
}
