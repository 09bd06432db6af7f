import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import { adjustedEstimate } from '../effort/effort.rules.ts';
import { engagementNotFound } from './engagements.access.ts';
import { assertOpen } from './engagements.checks.ts';
import type { EngagementsDeps } from './engagements.deps.ts';
import { engagementsRepo } from './engagements.repo.ts';

/**
 * Changes the estimate by `delta` ledger units (change orders) on the caller's transaction, under the
 * engagement's row lock; the estimate never drops below what is consumed. Lock order: call it before
 * the ledger's adjustReservation, then effort.postHeldEffortInTx.
 */
export async function adjustEstimateInTx(
  deps: Pick<EngagementsDeps, 'clock' | 'audit'>,
  trx: Executor,
  ctx: Ctx,
  engagementId: string,
  delta: number,
  options: { reason?: string } = {},
): Promise<{ estimate: number; previous: number; applied: number }> {
  if (!Number.isSafeInteger(delta))
    throw new AppError('VALIDATION_FAILED', 'The estimate delta must be an integer in ledger units.');
  const e = await engagementsRepo.recordForUpdate(trx, engagementId);
  if (!e) throw engagementNotFound(engagementId);
  assertOpen(e, 'changing the estimate');
  const next = adjustedEstimate(e.estimate, delta, e.effort_consumed);
  if (next !== e.estimate) {
    const now = deps.clock.now();
    await engagementsRepo.update(trx, e.id, { estimate: next, revision: e.revision + 1, updated_at: now });
    await engagementsRepo.insertEstimate(trx, {
      engagement_id: e.id,
      at: now,
      estimate: next,
      delta: next - e.estimate,
      reason: options.reason ?? null,
    });
    await deps.audit.record(trx, ctx, {
      action: 'engagement.estimate_adjusted',
      entityType: 'engagement',
      entityId: e.id,
      organizationId: e.organization_id,
      before: { estimate: e.estimate },
      after: {
        estimate: next,
        requestedDelta: delta,
        consumed: e.effort_consumed,
        ...(options.reason ? { reason: options.reason } : {}),
      },
    });
  }
  return { estimate: next, previous: e.estimate, applied: next - e.estimate };
}
