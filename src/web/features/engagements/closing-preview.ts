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
  /** Consumed by the engagement once the operation is done: effort, fixed price, change orders and true-up. */
  consumedAfter: Quantity;
}

/**
 * The preview's figures, or, when an admin waives the minimum, the same figures with the waiver: computed
 * by the server's own pure closing rules (shared/closing.ts `closingPlan`, `availableAfterClosing`) from the
 * preview's inputs, so the dialog never disagrees with what the close will post.
 */
export function closingFigures(preview: ClosePreview, waived: boolean): ClosingFigures {
  const unit = preview.consumed.unit;
  const asQuantity = (n: number) => quantity(n, unit);
  if (!waived) {
    return {
      fixedPrice: preview.fixedPrice,
      trueUp: preview.trueUp,
      release: preview.release,
      availableAfter: preview.availableAfter,
      consumedAfter: asQuantity(preview.consumed.amount + preview.fixedTotal.amount + preview.trueUp.amount),
    };
  }
  const plan = closingPlan({
    operation: preview.operation,
    pricingMode: preview.pricingMode,
    fixedPrice: preview.fixedPrice.amount,
    effortConsumed: preview.consumed.amount,
    held: preview.heldToWriteOff.amount,
    minimumBillable: preview.minimumBillable.amount,
    minimumApplies: preview.minimumApplies,
    waived: true,
    openReservation: preview.reserved.amount,
    changeOrders: preview.changeOrders.map((co) => ({ number: co.number, delta: co.amount.amount })),
  });
  const available = availableAfterClosing({
    available: preview.availableBefore.amount,
    openReservation: preview.reserved.amount,
    plan,
    contractExpired: preview.contractStatus === 'expired',
  });
  return {
    fixedPrice: asQuantity(plan.fixedPrice),
    trueUp: asQuantity(plan.trueUp),
    release: asQuantity(plan.release),
    availableAfter: asQuantity(available),
    consumedAfter: asQuantity(preview.consumed.amount + plan.fixedTotal),
  };
}
