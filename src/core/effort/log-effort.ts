import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import { engagementsRepo } from '../engagements/engagements.repo.ts';
import { logOptimistically } from '../ledger/optimistic/log-effort.ts';
import { actorIdOf, assertMayLogNow, requestOf } from './effort.checks.ts';
import type { EffortDeps, EffortInput, EffortPosted, EffortRequest, EffortUseCaseDeps } from './effort.deps.ts';
import { isKeyTaken } from './effort.repo.ts';
import { loggedAudit, toEffortView, viewOf } from './effort.views.ts';
import { recordEntry } from './record-entry.ts';

/** logEffort's locking path: one transaction under the engagement's lock; a replay when the key has an entry. */
async function logLocked(deps: EffortDeps, ctx: Ctx, request: EffortRequest) {
  const { engagementId, person, input, key } = request;
  return deps.db.transaction(async (trx) => {
    const engagement = await engagementsRepo.recordForEffort(trx, engagementId, person, key);
    if (!engagement) throw new AppError('NOT_FOUND', `Engagement ${engagementId} not found.`);
    const { values, requestHash } = await requestOf(deps, trx, ctx, engagement, person, input, key);
    if (key && engagement.prior_id) {
      if (engagement.prior_hash !== requestHash) {
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          `The Idempotency-Key "${key}" was used on engagement ${engagement.number} for other effort. Use a new key for new effort.`,
          { idempotencyKey: key, entryId: engagement.prior_id },
        );
      }
      return { entry: null, id: engagement.prior_id, unit: engagement.unit, warnings: [], replayed: true };
    }
    const userName = assertMayLogNow(deps, engagement, values);
    const { row, warnings } = await recordEntry(deps, trx, ctx, engagement, values, { key, requestHash });
    await deps.audit.record(trx, ctx, loggedAudit(engagement, row));
    return {
      entry: toEffortView({ ...row, user_name: userName, engagement_number: engagement.number }, engagement.unit),
      id: row.id,
      unit: engagement.unit,
      warnings,
      replayed: false,
    };
  });
}

/**
 * Logs effort (team members for themselves, IR managers for anyone on the team) while the engagement is
 * in progress, on hold or delivering, dated neither in the future nor before approval. Billable effort
 * of a time-and-materials engagement is consumed in the same transaction, or held past estimate +
 * tolerance (warning ESTIMATE_EXCEEDED); a ledger refusal (BALANCE_INSUFFICIENT) records nothing.
 * The Idempotency-Key makes a retry return the first entry.
 */
export async function logEffort(
  deps: EffortUseCaseDeps,
  ctx: Ctx,
  engagementId: string,
  input: EffortInput,
  idempotencyKey?: string,
): Promise<EffortPosted & { replayed: boolean }> {
  const key = idempotencyKey?.trim() || null;
  const person = input.userId ?? actorIdOf(ctx);
  const request = { engagementId, person, input, key };
  const fast = await logOptimistically(deps, ctx, request);
  if (fast) return fast;
  // The locking path may move what a remembered context holds: the next optimistic posting reads it.
  deps.drafts.forget(engagementId, person);
  let result: Awaited<ReturnType<typeof logLocked>>;
  try {
    result = await logLocked(deps, ctx, request);
  } catch (error) {
    // A concurrent request with the same key committed its entry after this one's read found none (the
    // read's snapshot predates the engagement lock it waited for): read again, and answer its entry.
    if (!key || !isKeyTaken(error)) throw error;
    result = await logLocked(deps, ctx, request);
  }
  return {
    ...(result.entry ?? (await viewOf(deps.db.kysely, result.id, result.unit))),
    warnings: result.warnings,
    replayed: result.replayed,
  };
}
