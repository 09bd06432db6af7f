import type { Executor } from '../../../db/create-db.ts';
import type { ApprovalSummary } from '../../../shared/contracts/workorders.ts';
import type { FrozenWorkOrder } from '../../../shared/workorders.ts';
import { canSeeTenant } from '../../authz.ts';
import { isCustomerUser, type Actor } from '../../context.ts';
import { approvalsRepo } from '../approvals.repo.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { notDecidableReason } from '../workorders.lifecycle.ts';
import { workOrdersRepo, type VersionRow, type WorkOrderWithContext } from '../workorders.repo.ts';
import { defaultDeadlineRule, estimateOf, reservationOf } from '../workorders.rules.ts';
import { workOrderSummary } from '../workorders.summary.ts';
import { impactOf } from '../workorders.support.ts';
import { documentCard, toWorkOrderView } from '../workorders.views.ts';
import { workOrderNotFound } from './content.ts';

/** The EWO, or NOT_FOUND when missing, of another tenant, or (for customers) never sent. */
export async function visibleWorkOrder(ex: Executor, actor: Actor, id: string): Promise<WorkOrderWithContext> {
  const wo = await workOrdersRepo.byId(ex, id);
  if (!wo || !canSeeTenant(actor, wo.organization_id)) throw workOrderNotFound(id);
  return wo;
}

/** The version an actor sees: staff the latest (draft included), customers the latest sent one. */
export async function shownVersion(ex: Executor, actor: Actor, wo: WorkOrderWithContext): Promise<VersionRow> {
  const version =
    isCustomerUser(actor) || actor.type === 'contact'
      ? await workOrdersRepo.latestSent(ex, wo.id)
      : await workOrdersRepo.version(ex, wo.id, wo.current_version);
  if (!version) throw workOrderNotFound(wo.id);
  return version;
}

/** The view of an EWO at one of its versions, with its figures, balance impact and decision. */
export async function workOrderView(deps: WorkOrdersDeps, ex: Executor, wo: WorkOrderWithContext, version: VersionRow) {
  // A sent version shows the figures of the card it was priced with, whatever the contract's card is now.
  const { card, view: rateCard } = documentCard(version.rate_card, wo, `${wo.number} version ${version.version}`);
  const content = version.content;
  const estimate = estimateOf(content.estimateLines, card);
  const reservation = reservationOf(content, card);
  const decided = version.status !== 'draft' && version.status !== 'sent';
  const [firm, decisions, catalogItemName, impact] = await Promise.all([
    deps.settings.firmSettings(ex),
    approvalsRepo.decisions(ex, 'work_order', [wo.id]),
    workOrdersRepo.catalogItemName(ex, content.catalogItemId),
    decided ? Promise.resolve(null) : impactOf(deps, ex, wo, reservation),
  ]);
  return toWorkOrderView({
    wo,
    version: version,
    catalogItemName,
    estimate,
    reservation,
    balanceImpact: impact,
    deadlineRule: defaultDeadlineRule(wo.kind, firm),
    decision: decisions.find((row) => row.version_id === version.id),
    rateCard,
  });
}

/** The view of an EWO as the actor sees it (visibility and shown version included). */
export async function loadWorkOrderView(deps: WorkOrdersDeps, ex: Executor, actor: Actor, id: string) {
  const wo = await visibleWorkOrder(ex, actor, id);
  return workOrderView(deps, ex, wo, await shownVersion(ex, actor, wo));
}

/** The approval summary of a sent version (portal and signed link), from its frozen document. */
export async function workOrderSummaryOf(
  deps: WorkOrdersDeps,
  ex: Executor,
  wo: WorkOrderWithContext,
  version: VersionRow,
  approver: ApprovalSummary['approver'],
  notice?: string | null,
): Promise<ApprovalSummary> {
  const frozen = version.frozen as FrozenWorkOrder | null;
  if (!frozen || !version.content_hash) throw workOrderNotFound(wo.id);
  const why =
    notice !== undefined
      ? notice
      : notDecidableReason({ status: version.status, approvalDeadline: version.approval_deadline }, deps.clock.now());
  const decisions = await approvalsRepo.decisions(ex, 'work_order', [wo.id]);
  return workOrderSummary(frozen, {
    status: version.status,
    notice: why === null ? null : `${wo.number} version ${version.version} cannot be decided: ${why}.`,
    contentHash: version.content_hash,
    balance: why === null ? await impactOf(deps, ex, wo, frozen.reservation.amount) : null,
    approver,
    decision: decisions.find((row) => row.version_id === version.id),
  });
}
