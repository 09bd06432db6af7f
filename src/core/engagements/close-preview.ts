import type { z } from 'zod';
import type { ClosePreview } from '../../shared/contracts/engagements.ts';
import { canTransition } from '../../shared/engagements.ts';
import { quantity } from '../../shared/units.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { effortRepo } from '../effort/effort.repo.ts';
import { availableAfterClosing } from '../effort/effort.rules.ts';
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
  const e = await engagements.visibleRecord(db.kysely, ctx.actor, id);
  authorize(ctx.actor, engagementsPolicy.readAll, "The close preview is for the IR firm's managers.");
  const { plan, open, minimumApplies } = await planFor(deps, db.kysely, e, operation, false);
  const totals = await ledger.totals(db.kysely, e.contract_id);
  const heldEntries = (await effortRepo.held(db.kysely, e.id)).length;
  const inUnit = (n: number) => quantity(n, e.unit);
  const contractExpired = e.contract_status === 'expired';
  return {
    engagementId: e.id,
    operation,
    status: e.status,
    allowed: canTransition(e.status, closingTarget[operation], operation, e.status_before_hold),
    pricingMode: e.pricing_mode,
    estimate: inUnit(e.estimate),
    consumed: inUnit(e.effort_consumed),
    minimumBillable: inUnit(e.minimum_billable),
    minimumApplies,
    fixedPrice: inUnit(plan.fixedPrice),
    shortfall: inUnit(plan.shortfall),
    trueUp: inUnit(plan.trueUp),
    heldToWriteOff: inUnit(plan.writtenOff),
    heldEntries,
    reserved: inUnit(open),
    release: inUnit(plan.release),
    contractStatus: e.contract_status,
    releaseExpires: contractExpired && plan.release > 0,
    availableBefore: inUnit(totals.available),
    availableAfter: inUnit(
      availableAfterClosing({ available: totals.available, openReservation: open, plan, contractExpired }),
    ),
  };
}
