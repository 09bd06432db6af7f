import { AppError } from '../../shared/errors.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { engagementsRepo } from '../engagements/engagements.repo.ts';
import { assertActsFor, assertTakesEffort, assertWorkDate } from './effort.checks.ts';
import type { EffortDeps, EffortEntryView, EffortInput } from './effort.deps.ts';
import { effortRepo } from './effort.repo.ts';
import { viewOf } from './effort.views.ts';
import { recordEntry } from './record-entry.ts';

/**
 * Corrects an entry while the engagement takes effort: its consumption is reversed on the ledger (the
 * ledger keeps both), the entry is marked deleted, or superseded by a new entry with the changes (a
 * PATCH), evaluated afresh (consumed, held…). Consultants correct their own entries; IR managers any.
 */
export async function correct(
  deps: EffortDeps,
  ctx: Ctx,
  entryId: string,
  change: Partial<Omit<EffortInput, 'userId'>> | null,
  reason?: string,
): Promise<EffortEntryView> {
  const out = await deps.db.transaction(async (trx) => {
    const found = await effortRepo.byId(trx, entryId);
    if (!found) throw new AppError('NOT_FOUND', `Effort entry ${entryId} not found.`);
    const engagement = await deps.engagements.visibleRecord(trx, ctx.actor, found.engagement_id, { lock: true });
    const entry = (await effortRepo.byId(trx, entryId))!;
    assertActsFor(ctx, entry.user_id);
    if (entry.status !== 'active')
      throw new AppError(
        'CONFLICT',
        `Effort entry ${entryId} was already ${entry.status}${entry.replaced_by_id ? ` by ${entry.replaced_by_id}` : ''}: correct the current entry instead.`,
        { status: entry.status, replacedById: entry.replaced_by_id },
      );
    assertTakesEffort(engagement, 'effort is corrected');
    const next = change
      ? {
          userId: entry.user_id,
          date: change.date ?? entry.work_date,
          minutes: change.minutes ?? entry.minutes,
          activity: change.activity ?? entry.activity,
          afterHours: change.afterHours ?? entry.after_hours,
          note: change.note?.trim() ?? entry.note,
        }
      : null;
    if (next && next.date !== entry.work_date) assertWorkDate(deps, engagement, next.date);
    const why =
      reason?.trim() || `effort entry ${entryId} ${change ? 'corrected' : 'deleted'} by ${actorLabel(ctx.actor)}`;
    const now = deps.clock.now();
    let reversalId: string | null = null;
    if (entry.billing_status === 'consumed' && entry.ledger_entry_id) {
      reversalId = (
        await deps.ledger.postReversal(trx, ctx, {
          contractId: engagement.contract_id,
          entryId: entry.ledger_entry_id,
          reason: why,
          idempotencyKey: `imr:effort-reversal:${entry.id}`,
        })
      ).entry.id;
    }
    const undo = {
      consumed: entry.billing_status === 'consumed' ? -entry.amount : 0,
      held: entry.billing_status === 'held' ? -entry.amount : 0,
    };
    if (undo.consumed || undo.held) {
      await engagementsRepo.addEffortSums(trx, engagement.id, undo, now);
      engagement.effort_consumed += undo.consumed;
      engagement.effort_held += undo.held;
    }
    await effortRepo.update(trx, entry.id, {
      status: next ? 'superseded' : 'deleted',
      reversal_entry_id: reversalId,
      correction_reason: why,
      corrected_at: now,
      corrected_by: actorLabel(ctx.actor),
    });
    let resultId = entry.id;
    if (next) {
      const { row } = await recordEntry(deps, trx, ctx, engagement, next, { replacesId: entry.id });
      await effortRepo.update(trx, entry.id, { replaced_by_id: row.id });
      resultId = row.id;
    }
    await deps.audit.record(trx, ctx, {
      action: next ? 'effort.corrected' : 'effort.deleted',
      entityType: 'engagement',
      entityId: engagement.id,
      organizationId: engagement.organization_id,
      before: {
        entryId: entry.id,
        date: entry.work_date,
        minutes: entry.minutes,
        activity: entry.activity,
        amount: entry.amount,
        billingStatus: entry.billing_status,
      },
      after: { reason: why, reversalEntryId: reversalId, ...(next ? { entryId: resultId, ...next } : {}) },
    });
    return { id: resultId, unit: engagement.unit };
  });
  return viewOf(deps.db.kysely, out.id, out.unit);
}
