import type { z } from 'zod';
import type { ClosePreview } from '../../shared/contracts/engagements.ts';
import { canTransition } from '../../shared/engagements.ts';
import { quantity } from '../../shared/units.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { effortRepo } from '../effort/effort.repo.ts';
import { availableAfterClosing } from '../../shared/closing.ts';
import { engagementsPolicy } from './engagements.policy.ts';
import { closingTarget, planFor, type ClosingDeps, type ClosingOperation } from './closing.deps.ts';

/** The figures a close (or cancel) would post, before anyone commits: provider staff who read every engagement, and the managers. */
export async function previewClosing(
  deps: ClosingDeps,
  ctx: Ctx,
  id: string,
  operation: ClosingOperation = 'close',
): Promise<z.output<typeof ClosePreview>> {
  const { db, ledger, engagements } = deps;
  const engagement = await engagements.visibleRecord(db.kysely, ctx.actor, id);
  authorize(ctx.actor, engagementsPolicy.readAll, "The close preview is for the IR firm's managers.");
  const { plan, open, minimumApplies } = await planFor(deps, db.kysely, engagement, operation, false);
  const totals = await ledger.totals(db.kysely, engagement.contract_id);
  const heldEntries = (await effortRepo.held(db.kysely, engagement.id)).length;
  const inUnit = (n: number) => quantity(n, engagement.unit);
  const contractExpired = engagement.contract_status === 'expired';
  return {
    engagementId: engagement.id,
    operation,
    status: engagement.status,
    allowed: canTransition(engagement.status, closingTarget[operation], operation, engagement.status_before_hold),
    pricingMode: engagement.pricing_mode,
    estimate: inUnit(engagement.estimate),
    consumed: inUnit(engagement.effort_consumed),
    minimumBillable: inUnit(engagement.minimum_billable),
    minimumApplies,
    fixedPrice: inUnit(plan.fixedPrice),
    changeOrders: plan.changeOrders.map((co) => ({ number: co.number, amount: inUnit(co.amount) })),
    fixedTotal: inUnit(plan.fixedTotal),
    shortfall: inUnit(plan.shortfall),
    trueUp: inUnit(plan.trueUp),
    heldToWriteOff: inUnit(plan.writtenOff),
    heldEntries,
    reserved: inUnit(open),
    release: inUnit(plan.release),
    contractStatus: engagement.contract_status,
    releaseExpires: contractExpired && plan.release > 0,
    availableBefore: inUnit(totals.available),
    availableAfter: inUnit(
      availableAfterClosing({ available: totals.available, openReservation: open, plan, contractExpired }),
    ),
  };
}
