import { isAppError } from '../../../shared/errors.ts';
import type { Ctx } from '../../context.ts';
import { assertMayLogNow, requestOf } from '../../effort/effort.checks.ts';
import type { EffortPosted, EffortRequest, EffortUseCaseDeps, EntryValues } from '../../effort/effort.deps.ts';
import { crossesEstimateShare } from '../../effort/effort.rules.ts';
import { loggedAudit, toEffortView } from '../../effort/effort.views.ts';
import { draftRow } from '../../effort/record-entry.ts';
import { invalidatedBy } from './guards.repo.ts';
import { optimisticRepo } from './optimistic.repo.ts';

/** Drafts an optimistic posting may make before the locking path decides (each after a statement found its draft outdated). */
const OPTIMISTIC_ATTEMPTS = 3;

/** What an effort statement that wrote nothing makes stale: any of its rules may have failed. */
const staleForgets = invalidatedBy(['engagement', 'ledger']);

/**
 * logEffort without a transaction or lock of its own, for the common case: new billable effort consumed
 * within the estimate, no notice due. Drafted on one read (optimisticRepo.draftContext), or on the context
 * this server's last posting there left (`drafts`, team members only), written by the group-commit writer
 * (effort.writer.ts: the statements of guards.repo.ts shared with concurrent postings). Null whenever the locking path
 * must decide: a refusal (made again under the locks, so it is never decided on a stale read), a key seen
 * before, effort that is held, non-billable or fixed-price, a notice due (90 % of the estimate, the
 * contract's alert thresholds), or an engagement or ledger that moved between the read and the write
 * (nothing written; a remembered context that moved is read again, and a posting whose contract another
 * one of its statement took is drafted again, OPTIMISTIC_ATTEMPTS drafts at most).
 */
export async function logOptimistically(
  deps: EffortUseCaseDeps,
  ctx: Ctx,
  request: EffortRequest,
  attempt = 0,
  recall = true,
): Promise<(EffortPosted & { replayed: boolean }) | null> {
  const { engagementId, person, input, key } = request;
  const known = recall ? deps.drafts.recall(engagementId, person, deps.ledger.rememberedHead) : undefined;
  const readAt = known?.readAt ?? deps.clock.now().getTime();
  const engagement = known?.e ?? (await optimisticRepo.draftContext(deps.db.kysely, engagementId, person, key));
  if (!engagement || engagement.prior_id) return null;
  let values: EntryValues, requestHash: string | null, userName: string;
  try {
    ({ values, requestHash } = await requestOf(deps, deps.db.kysely, ctx, engagement, person, input, key));
    userName = assertMayLogNow(deps, engagement, values);
  } catch (err) {
    if (isAppError(err)) return null;
    throw err;
  }
  const { row } = draftRow(deps, ctx, engagement, values, { key, requestHash });
  if (
    row.billing_status !== 'consumed' ||
    crossesEstimateShare(engagement.effort_consumed, engagement.effort_consumed + row.amount, engagement.estimate)
  )
    return null;
  const draft = await deps.ledger.draftConsume(ctx, engagement.ledger, engagement.reservation, {
    engagementId: engagement.id,
    amount: row.amount,
    reference: `effort ${row.id}`,
  });
  if (!draft) return null;
  row.ledger_entry_id = draft.entry.id;
  const outcome = await deps.writer.write({
    ...draft,
    effort: row,
    audit: deps.audit.jsonRow(ctx, loggedAudit(engagement, row)),
    engagement: {
      id: engagement.id,
      status: engagement.status,
      consumed: engagement.effort_consumed,
      held: engagement.effort_held,
      estimate: engagement.estimate,
      memberUserId: engagement.user_member ? values.userId : null,
      rateCard: engagement.rate_card,
      reservation: engagement.reservation,
      timeZone: engagement.time_zone,
    },
  });
  if (outcome === 'again' && attempt < OPTIMISTIC_ATTEMPTS) return logOptimistically(deps, ctx, request, attempt + 1);
  if (outcome === 'stale') {
    if (staleForgets.has('draft')) deps.drafts.forget(engagement.id, person);
    if (staleForgets.has('head')) deps.ledger.forgetHead(engagement.contract_id);
    return known && attempt < OPTIMISTIC_ATTEMPTS ? logOptimistically(deps, ctx, request, attempt + 1, false) : null;
  }
  if (outcome !== 'appended') return null;
  deps.ledger.appendedHead(draft.head);
  deps.drafts.remember(
    {
      ...engagement,
      effort_consumed: engagement.effort_consumed + row.amount,
      reservation: draft.reservation,
      ledger: draft.head,
    },
    person,
    readAt,
  );
  return {
    ...toEffortView({ ...row, user_name: userName, engagement_number: engagement.number }, engagement.unit),
    warnings: [],
    replayed: false,
  };
}
