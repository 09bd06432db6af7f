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
  e: EngagementRecord,
): Promise<{ posted: { id: string; amount: number; ledgerEntryId: string | null }[]; stillHeld: number }> {
  const held = await effortRepo.held(trx, e.id);
  if (!isOpen(e.status) || e.pricing_mode !== 'time_and_materials' || held.length === 0)
    return { posted: [], stillHeld: held.length };
  const fits = heldThatFits(
    held.map((h) => h.amount),
    e.effort_consumed,
    toleranceLimit(e.estimate, settingsOf(e).estimateTolerancePercent),
  );
  const posted: { id: string; amount: number; ledgerEntryId: string | null }[] = [];
  const before = e.effort_consumed;
  const now = deps.clock.now();
  for (const h of held.slice(0, fits)) {
    let ledgerEntryId: string | null;
    try {
      ledgerEntryId = await consumeOnLedger(deps, trx, ctx, e, h.id, h.amount);
    } catch (err) {
      // The ledger refuses before writing anything, so the transaction stays usable: the rest waits for a top-up.
      if (isAppError(err) && err.code === 'BALANCE_INSUFFICIENT') break;
      throw err;
    }
    await effortRepo.update(trx, h.id, {
      billing_status: 'consumed',
      ledger_entry_id: ledgerEntryId,
      posted_at: now,
    });
    await engagementsRepo.addEffortSums(trx, e.id, { consumed: h.amount, held: -h.amount }, now);
    e.effort_consumed += h.amount;
    e.effort_held -= h.amount;
    posted.push({ id: h.id, amount: h.amount, ledgerEntryId });
  }
  if (posted.length) {
    await deps.audit.record(trx, ctx, {
      action: 'effort.held_posted',
      entityType: 'engagement',
      entityId: e.id,
      organizationId: e.organization_id,
      after: {
        entries: posted.map((p) => p.id),
        amount: posted.reduce((s, p) => s + p.amount, 0),
        estimate: e.estimate,
        consumed: e.effort_consumed,
      },
    });
    if (crossesEstimateShare(before, e.effort_consumed, e.estimate))
      await warnEstimateShare(deps, trx, e, e.effort_consumed);
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
  const e = await engagementsRepo.recordForUpdate(trx, engagementId);
  if (!e) throw new AppError('NOT_FOUND', `Engagement ${engagementId} not found.`);
  return postHeld(deps, trx, ctx, e);
}
