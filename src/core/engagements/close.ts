import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { notifyEngagementClosed } from '../channels/closed-summary.ts';
import { effortRepo } from '../effort/effort.repo.ts';
import type { ClosingPlan } from '../../shared/closing.ts';
import { closingTarget, planFor, type ClosingDeps, type ClosingOperation } from './closing.deps.ts';
import { engagementsPolicy } from './engagements.policy.ts';
import { engagementsRepo, type EngagementRecord } from './engagements.repo.ts';
import { assertTransition } from './engagements.rules.ts';
import type { EngagementClosing } from './engagements.tables.ts';
import type { EngagementView } from './engagements.views.ts';

/** The ledger postings of the operation, in domain.md's order; every posting keyed so that nothing counts twice. */
async function postClosingEntries(
  deps: Pick<ClosingDeps, 'clock' | 'ledger'>,
  trx: Executor,
  ctx: Ctx,
  engagement: EngagementRecord,
  operation: ClosingOperation,
  plan: ClosingPlan,
) {
  const { ledger } = deps;
  const ref = `${operation} ${engagement.number}`;
  const key = (part: string) => `imr:${operation}:${engagement.id}:${part}`;
  const posting = { contractId: engagement.contract_id, engagementId: engagement.id };
  const entryIds: string[] = [];
  if (plan.fixedPrice > 0) {
    const consumed = await ledger.consume(trx, ctx, {
      ...posting,
      amount: plan.fixedPrice,
      reference: `fixed price, ${ref}`,
      idempotencyKey: key('fixed-price'),
    });
    entryIds.push(consumed.entry.id);
  }
  for (const changeOrder of plan.changeOrders) {
    const consumed = await ledger.consume(trx, ctx, {
      ...posting,
      amount: changeOrder.amount,
      reference: `change order ${changeOrder.number}, ${ref}`,
      idempotencyKey: key(`change-order:${changeOrder.number}`),
    });
    entryIds.push(consumed.entry.id);
  }
  if (plan.trueUp > 0) {
    const trueUp = await ledger.minimumTrueUp(trx, ctx, {
      ...posting,
      amount: plan.trueUp,
      reference: `minimum billable effort, ${ref}`,
      idempotencyKey: key('true-up'),
    });
    entryIds.push(trueUp.entry.id);
  }
  const now = deps.clock.now();
  const writtenOffEntries =
    plan.writtenOff > 0 || engagement.effort_held > 0 ? await effortRepo.markWrittenOff(trx, engagement.id, now) : 0;
  if (engagement.effort_held)
    await engagementsRepo.addEffortSums(trx, engagement.id, { held: -engagement.effort_held }, now);
  const released = await ledger.release(trx, ctx, {
    ...posting,
    amount: 'rest',
    reference: ref,
    idempotencyKey: key('release'),
  });
  if (released) entryIds.push(released.entry.id, ...released.followUps.map((followUp) => followUp.id));
  return { now, entryIds, writtenOffEntries, released };
}

/** The operation on the locked engagement: postings, the closing record on the engagement, audit, and the calendar cancellation. */
async function runClosing(
  deps: ClosingDeps,
  trx: Executor,
  ctx: Ctx,
  engagement: EngagementRecord,
  operation: ClosingOperation,
  options: { reason: string | null; waiver: string | null },
): Promise<void> {
  const target = closingTarget[operation];
  assertTransition(engagement.status, target, operation, engagement.status_before_hold);
  const { plan } = await planFor(deps, trx, engagement, operation, options.waiver !== null);
  const { now, entryIds, writtenOffEntries, released } = await postClosingEntries(
    deps,
    trx,
    ctx,
    engagement,
    operation,
    plan,
  );
  const by = actorLabel(ctx.actor);
  const closing: EngagementClosing = {
    operation,
    at: now.toISOString(),
    fixedPrice: plan.fixedPrice,
    changeOrders: plan.changeOrders,
    trueUp: plan.trueUp,
    shortfall: plan.shortfall,
    waived: options.waiver !== null && plan.shortfall > 0 ? { reason: options.waiver, by } : null,
    writtenOff: plan.writtenOff,
    writtenOffEntries,
    released: released?.entry.amount.amount ?? 0,
    expired: released?.followUps.reduce((sum, followUp) => sum + followUp.amount.amount, 0) ?? 0,
    reason: options.reason,
    ledgerEntryIds: entryIds,
  };
  const uninvite = operation === 'cancel' && engagement.planned_start !== null;
  const sequence = uninvite ? engagement.schedule_sequence + 1 : engagement.schedule_sequence;
  await engagementsRepo.update(trx, engagement.id, {
    status: target,
    status_before_hold: null,
    status_reason: options.reason,
    closing: JSON.stringify(closing),
    closed_at: now,
    closed_by: by,
    schedule_sequence: sequence,
    revision: engagement.revision + 1,
    updated_at: now,
  });
  const common = {
    entityType: 'engagement',
    entityId: engagement.id,
    organizationId: engagement.organization_id,
  } as const;
  if (closing.waived)
    await deps.audit.record(trx, ctx, {
      ...common,
      action: 'engagement.minimum_waived',
      after: { shortfall: plan.shortfall, reason: closing.waived.reason },
    });
  if (writtenOffEntries)
    await deps.audit.record(trx, ctx, {
      ...common,
      action: 'effort.written_off',
      after: { entries: writtenOffEntries, amount: plan.writtenOff },
    });
  await deps.audit.record(trx, ctx, {
    ...common,
    action: `engagement.${target}`,
    before: { status: engagement.status },
    after: { ...closing },
  });
  // The request follows its engagement to `closed` (its clocks stop) in this transaction.
  await deps.requests.closeWithEngagementInTx(
    trx,
    ctx,
    engagement.request_id,
    `engagement ${engagement.number} ${target}`,
  );
  if (uninvite) await deps.engagements.sendSchedule(trx, { ...engagement, schedule_sequence: sequence }, 'cancel');
  if (operation === 'close') {
    await deps.outbox.emitWebhookEvent(trx, {
      type: 'engagement.closed',
      data: {
        engagementId: engagement.id,
        number: engagement.number,
        customerId: engagement.customer_id,
        contractId: engagement.contract_id,
        requestId: engagement.request_id,
        closedAt: now.toISOString(),
        released: closing.released,
        trueUp: closing.trueUp,
        writtenOff: closing.writtenOff,
        ledgerEntryIds: closing.ledgerEntryIds,
      },
    });
    await notifyEngagementClosed(deps, trx, engagement, closing);
  }
}

/** IR managers and admins close or cancel; only an admin waives the minimum; one transaction. */
async function operate(
  deps: ClosingDeps,
  ctx: Ctx,
  id: string,
  operation: ClosingOperation,
  options: { reason: string | null; waiveReason: string | null },
): Promise<EngagementView> {
  await deps.db.transaction(async (trx) => {
    const engagement = await deps.engagements.visibleRecord(trx, ctx.actor, id, { lock: true });
    authorize(ctx.actor, engagementsPolicy.manage, `Only IR managers and admins ${operation} engagements.`);
    if (options.waiveReason !== null)
      authorize(ctx.actor, engagementsPolicy.waiveMinimum, 'Only an admin waives the minimum billable effort.');
    await runClosing(deps, trx, ctx, engagement, operation, { reason: options.reason, waiver: options.waiveReason });
  });
  return deps.engagements.get(ctx, id);
}

/**
 * Closes an engagement in progress or delivering, in one transaction and domain.md's order: the fixed
 * price (fixed pricing), the minimum true-up of any shortfall unless an admin waives it (reason
 * recorded), held effort written off (recorded), the release of the rest; then it takes no more effort.
 */
export async function closeEngagement(
  deps: ClosingDeps,
  ctx: Ctx,
  id: string,
  input: { waiveMinimum?: { reason: string } | undefined } = {},
): Promise<EngagementView> {
  return operate(deps, ctx, id, 'close', { reason: null, waiveReason: input.waiveMinimum?.reason ?? null });
}

/**
 * Cancels an open engagement with a reason: consumption stays, the minimum applies when the contract's
 * `minimumAppliesOnCancel` says so (an admin may waive it), held effort is written off, the reservation
 * released (expired at once on an expired contract); planned dates get a calendar cancellation.
 */
export async function cancelEngagement(
  deps: ClosingDeps,
  ctx: Ctx,
  id: string,
  input: { reason: string; waiveMinimum?: { reason: string } | undefined },
): Promise<EngagementView> {
  if (!input.reason?.trim())
    throw new AppError('VALIDATION_FAILED', 'Cancelling needs a reason.', {
      errors: [{ path: 'body.reason', message: 'is required' }],
    });
  return operate(deps, ctx, id, 'cancel', {
    reason: input.reason.trim(),
    waiveReason: input.waiveMinimum?.reason ?? null,
  });
}
