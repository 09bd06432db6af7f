import type { Executor } from '../../db/create-db.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import { engagementsRepo, type EngagementRecord } from '../engagements/engagements.repo.ts';
import { isOpen } from '../../shared/engagements.ts';
import type { EffortDeps } from './effort.deps.ts';
import { warnEstimateShare } from './effort.notify.ts';
import { effortRepo } from './effort.repo.ts';
import { crossesEstimateShare, heldThatFits, toleranceLimit } from './effort.rules.ts';
import { settingsOf } from './effort.views.ts';
import { consumeOnLedger } from './record-entry.ts';

/** Posts held effort that fits under estimate + tolerance, oldest first, until one does not fit or the ledger refuses it. */
async function postHeld(
  deps: EffortDeps,
  trx: Executor,
  ctx: Ctx,
  engagement: EngagementRecord,
): Promise<{ posted: { id: string; amount: number; ledgerEntryId: string | null }[]; stillHeld: number }> {
  const held = await effortRepo.held(trx, engagement.id);
  if (!isOpen(engagement.status) || engagement.pricing_mode !== 'time_and_materials' || held.length === 0)
    return { posted: [], stillHeld: held.length };
  const fits = heldThatFits(
    held.map((heldEntry) => heldEntry.amount),
    engagement.effort_consumed,
    toleranceLimit(engagement.estimate, settingsOf(engagement).estimateTolerancePercent),
  );
  const posted: { id: string; amount: number; ledgerEntryId: string | null }[] = [];
  const before = engagement.effort_consumed;
  const now = deps.clock.now();
  for (const heldEntry of held.slice(0, fits)) {
    let ledgerEntryId: string | null;
    try {
      ledgerEntryId = await consumeOnLedger(deps, trx, ctx, engagement, heldEntry.id, heldEntry.amount);
    } catch (err) {
      // The ledger refuses before writing anything, so the transaction stays usable: the rest waits for a top-up.
      if (isAppError(err) && err.code === 'BALANCE_INSUFFICIENT') break;
      throw err;
    }
    await effortRepo.update(trx, heldEntry.id, {
      billing_status: 'consumed',
      ledger_entry_id: ledgerEntryId,
      posted_at: now,
    });
    await engagementsRepo.addEffortSums(
      trx,
      engagement.id,
      { consumed: heldEntry.amount, held: -heldEntry.amount },
      now,
    );
    engagement.effort_consumed += heldEntry.amount;
    engagement.effort_held -= heldEntry.amount;
    posted.push({ id: heldEntry.id, amount: heldEntry.amount, ledgerEntryId });
  }
  if (posted.length) {
    await deps.audit.record(trx, ctx, {
      action: 'effort.held_posted',
      entityType: 'engagement',
      entityId: engagement.id,
      organizationId: engagement.organization_id,
      after: {
        entries: posted.map((p) => p.id),
        amount: posted.reduce((s, p) => s + p.amount, 0),
        estimate: engagement.estimate,
        consumed: engagement.effort_consumed,
      },
    });
    if (crossesEstimateShare(before, engagement.effort_consumed, engagement.estimate))
      await warnEstimateShare(deps, trx, engagement, engagement.effort_consumed);
  }
  return { posted, stillHeld: held.length - posted.length };
}

/**
 * On the caller's transaction (a change order's approval, after the estimate and reservation changed):
 * posts held effort that now fits under estimate + tolerance, oldest first, stopping at the first that
 * does not fit or that the overdraft policy refuses (it stays held).
 */
export async function postHeldEffortInTx(
  deps: EffortDeps,
  trx: Executor,
  ctx: Ctx,
  engagementId: string,
): Promise<{ posted: { id: string; amount: number; ledgerEntryId: string | null }[]; stillHeld: number }> {
  const engagement = await engagementsRepo.recordForUpdate(trx, engagementId);
  if (!engagement) throw new AppError('NOT_FOUND', `Engagement ${engagementId} not found.`);
  return postHeld(deps, trx, ctx, engagement);
}
