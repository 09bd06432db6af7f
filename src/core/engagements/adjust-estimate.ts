import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { sameRateCard, type RateCard } from '../../shared/rate-card.ts';
import { storedCard } from '../billing/billing.rules.ts';
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
  options: { reason?: string; rateCard?: { card: RateCard; changeOrderId: string } | undefined } = {},
): Promise<{ estimate: number; previous: number; applied: number }> {
  if (!Number.isSafeInteger(delta))
    throw new AppError('VALIDATION_FAILED', 'The estimate delta must be an integer in ledger units.');
  const engagement = await engagementsRepo.recordForUpdate(trx, engagementId);
  if (!engagement) throw engagementNotFound(engagementId);
  assertOpen(engagement, 'changing the estimate');
  const next = adjustedEstimate(engagement.estimate, delta, engagement.effort_consumed);
  if (options.rateCard) {
    // An approved change order's card: the engagement's effort converts with it from now on (issue 17).
    const { card, changeOrderId } = options.rateCard;
    await engagementsRepo.update(trx, engagement.id, {
      rate_card: JSON.stringify(card),
      rate_card_change_order_id: changeOrderId,
      updated_at: deps.clock.now(),
    });
    if (!sameRateCard(storedCard(engagement.rate_card), card))
      await deps.audit.record(trx, ctx, {
        action: 'engagement.rate_card_changed',
        entityType: 'engagement',
        entityId: engagement.id,
        organizationId: engagement.organization_id,
        before: { rateCard: engagement.rate_card, changeOrderId: engagement.rate_card_change_order_id },
        after: { rateCard: card, changeOrderId },
      });
  }
  if (next !== engagement.estimate) {
    const now = deps.clock.now();
    await engagementsRepo.update(trx, engagement.id, {
      estimate: next,
      revision: engagement.revision + 1,
      updated_at: now,
    });
    await engagementsRepo.insertEstimate(trx, {
      engagement_id: engagement.id,
      at: now,
      estimate: next,
      delta: next - engagement.estimate,
      reason: options.reason ?? null,
    });
    await deps.audit.record(trx, ctx, {
      action: 'engagement.estimate_adjusted',
      entityType: 'engagement',
      entityId: engagement.id,
      organizationId: engagement.organization_id,
      before: { estimate: engagement.estimate },
      after: {
        estimate: next,
        requestedDelta: delta,
        consumed: engagement.effort_consumed,
        ...(options.reason ? { reason: options.reason } : {}),
      },
    });
  }
  return { estimate: next, previous: engagement.estimate, applied: next - engagement.estimate };
}
