import type { Executor } from '../../../db/create-db.ts';
import type { ApprovalSummary, DeltaLineInput } from '../../../shared/contracts/workorders.ts';
import { AppError } from '../../../shared/errors.ts';
import { quantity } from '../../../shared/units.ts';
import type { FrozenChangeOrder } from '../../../shared/workorders.ts';
import { canSeeTenant } from '../../authz.ts';
import { isCustomerUser, type Actor } from '../../context.ts';
import { ledgerRepo } from '../../ledger/ledger.repo.ts';
import { approvalsRepo } from '../approvals.repo.ts';
import { changeOrdersRepo, type ChangeOrderWithContext } from '../change-orders.repo.ts';
import { cardOf, type WorkOrdersDeps } from '../workorders.deps.ts';
import { notDecidableReason } from '../workorders.lifecycle.ts';
import { changeProblem, defaultDeadlineRule, deltaOf } from '../workorders.rules.ts';
import { changeOrderSummary } from '../workorders.summary.ts';
import { impactOf } from '../workorders.support.ts';
import { documentCard, toChangeOrderView } from '../workorders.views.ts';

export const changeOrderNotFound = (id: string) => new AppError('NOT_FOUND', `Change order ${id} not found.`);

export const invalidDeadline = () =>
  new AppError('VALIDATION_FAILED', 'The approval deadline must be in the future.', {
    errors: [{ path: 'body.approvalDeadline', message: 'must be in the future' }],
  });

/** New planned dates: the last day not before the first (422 VALIDATION_FAILED, nothing written). */
export function assertPlannedDates(start: string | null | undefined, end: string | null | undefined): void {
  if (start && end && end < start)
    throw new AppError('VALIDATION_FAILED', 'The new last planned day is before the new first planned day.', {
      errors: [{ path: 'body.plannedEnd', message: 'must not be before the first planned day' }],
    });
}

/** The change order, or NOT_FOUND when missing, of another tenant, or (for customers) a draft. */
export async function visibleChangeOrder(ex: Executor, actor: Actor, id: string): Promise<ChangeOrderWithContext> {
  const co = await changeOrdersRepo.byId(ex, id);
  if (
    !co ||
    !canSeeTenant(actor, co.organization_id) ||
    ((isCustomerUser(actor) || actor.type === 'contact') && co.status === 'draft')
  )
    throw changeOrderNotFound(id);
  return co;
}

/** What the engagement consumed on its contract so far (ledger sums). */
async function consumedOf(ex: Executor, contractId: string, engagementId: string): Promise<number> {
  return (await ledgerRepo.reservation(ex, contractId, engagementId))?.consumed ?? 0;
}

/** The delta may not take the estimate below what was consumed (422 BUSINESS_RULE), nor be zero. */
export async function assertDelta(
  ex: Executor,
  co: {
    contract_id: string;
    engagement_id: string;
    unit: ChangeOrderWithContext['unit'];
    units_per_hour: string | null;
    settings: unknown;
  },
  estimate: number,
  lines: DeltaLineInput[],
): Promise<void> {
  const delta = deltaOf(lines, cardOf(co)).total;
  const problem = changeProblem({
    estimate,
    delta,
    consumed: await consumedOf(ex, co.contract_id, co.engagement_id),
    unit: co.unit,
  });
  if (problem) throw new AppError('BUSINESS_RULE', problem, { delta: quantity(delta, co.unit) });
}

/** A change order as the API shows it, with its converted delta, consumption, balance impact and decision. */
export async function changeOrderView(deps: WorkOrdersDeps, ex: Executor, co: ChangeOrderWithContext) {
  // A sent change order shows the figures of the card it was priced with, whatever the contract's card is now.
  const { card, view: rateCard } = documentCard(co.rate_card, co, `change order ${co.number}`);
  const delta = deltaOf(co.delta_lines, card);
  const decided = co.status !== 'draft' && co.status !== 'sent';
  const [firm, decisions, consumed, impact] = await Promise.all([
    deps.settings.firmSettings(ex),
    approvalsRepo.decisions(ex, 'change_order', [co.id]),
    consumedOf(ex, co.contract_id, co.engagement_id),
    decided ? Promise.resolve(null) : impactOf(deps, ex, co, delta.total),
  ]);
  return toChangeOrderView({
    co,
    delta,
    consumed,
    balanceImpact: impact,
    deadlineRule: defaultDeadlineRule(co.kind, firm),
    decision: decisions[0],
    rateCard,
  });
}

/** The view of a change order as the actor sees it (visibility included). */
export const loadChangeOrderView = async (deps: WorkOrdersDeps, ex: Executor, actor: Actor, id: string) =>
  changeOrderView(deps, ex, await visibleChangeOrder(ex, actor, id));

/** The approval summary of a sent change order, from its frozen document. */
export async function changeOrderSummaryOf(
  deps: WorkOrdersDeps,
  ex: Executor,
  co: ChangeOrderWithContext,
  approver: ApprovalSummary['approver'],
  notice?: string | null,
): Promise<ApprovalSummary> {
  const frozen = co.frozen as FrozenChangeOrder | null;
  if (!frozen || !co.content_hash) throw changeOrderNotFound(co.id);
  const why =
    notice !== undefined
      ? notice
      : notDecidableReason({ status: co.status, approvalDeadline: co.approval_deadline }, deps.clock.now());
  const decisions = await approvalsRepo.decisions(ex, 'change_order', [co.id]);
  return changeOrderSummary(frozen, {
    status: co.status,
    notice: why === null ? null : `Change order ${co.number} cannot be decided: ${why}.`,
    contentHash: co.content_hash,
    balance: why === null ? await impactOf(deps, ex, co, frozen.delta.total.amount) : null,
    approver,
    decision: decisions[0],
  });
}
