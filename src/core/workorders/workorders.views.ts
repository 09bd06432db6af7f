/** Row → API view mappers of EWOs, change orders and decisions, and the frozen documents sending hashes. */
import type {
  DeltaLineInput,
  StaffingLine,
  WorkOrderContent,
  WorkOrderStatus,
} from '../../shared/contracts/workorders.ts';
import { rateCardOf, rateCardView, rateCardWords, type RateCard, type RateCardView } from '../../shared/rate-card.ts';
import { storedCard } from '../billing/billing.rules.ts';
import { quantity, type ContractUnit } from '../../shared/units.ts';
import {
  travelPolicy,
  type DocumentProvider,
  type DocumentRequest,
  type FrozenChangeOrder,
  type FrozenWorkOrder,
} from '../../shared/workorders.ts';
import { CONTENT_HASH_RULE } from '../documents/canonical-hash.ts';
import type { DecisionRow } from './approvals.repo.ts';
import type { ChangeOrderWithContext } from './change-orders.repo.ts';
import type { WorkOrderWithContext } from './workorders.repo.ts';
import type { BalanceImpactView, EstimateResult } from './workorders.rules.ts';

/** Converted estimate lines and total as quantities of the contract unit. */
export const estimateView = (estimate: EstimateResult, unit: ContractUnit) => ({
  lines: estimate.lines.map((line) => ({
    activity: line.activity,
    role: line.role,
    minutes: line.minutes,
    amount: quantity(line.amount, unit),
  })),
  total: quantity(estimate.total, unit),
});

/** The parties a sent document names: the IR firm, and the customer's billing legal name and address when its contract has them. */
export interface DocumentParties {
  provider: DocumentProvider;
  billing: { legalName: string | null; address: string | null } | null;
}

const billingParty = (parties: DocumentParties | undefined) => ({
  ...(parties?.billing?.legalName ? { legalName: parties.billing.legalName } : {}),
  ...(parties?.billing?.address ? { billingAddress: parties.billing.address } : {}),
});

/** Freezes an EWO version for sending: the content with its converted figures, site and consultant names, deadline and time. */
export function freezeWorkOrder(input: {
  wo: WorkOrderWithContext;
  version: number;
  content: WorkOrderContent;
  catalogItemName: string | null;
  estimate: EstimateResult;
  reservation: number;
  sites: { id: string; name: string; address: string }[];
  staff: { id: string; name: string }[];
  travelTimeBillable: boolean;
  approvalDeadline: Date;
  sentAt: Date;
  rateCard: RateCard;
  parties?: DocumentParties & { request: DocumentRequest };
  /** Skill names by id: each required skill of the staffing plan is frozen with its name. */
  skillNames?: Record<string, string>;
}): FrozenWorkOrder {
  const { wo, content } = input;
  const unit = wo.unit;
  return {
    document: 'engagement_work_order',
    hashRule: CONTENT_HASH_RULE,
    workOrderId: wo.id,
    number: wo.number,
    version: input.version,
    requestId: wo.request_id,
    ...(input.parties ? { request: input.parties.request, provider: input.parties.provider } : {}),
    customer: {
      id: wo.customer_id,
      name: wo.customer_name,
      timeZone: wo.time_zone,
      ...billingParty(input.parties),
    },
    contract: { id: wo.contract_id, number: wo.contract_number, unit },
    kind: wo.kind,
    incidentType: wo.incident_type,
    severity: wo.severity,
    catalogItem:
      content.catalogItemId && input.catalogItemName
        ? { id: content.catalogItemId, name: input.catalogItemName }
        : null,
    sizeCode: content.sizeCode,
    title: content.title,
    scope: content.scope,
    objectives: content.objectives,
    inScope: content.inScope,
    outOfScope: content.outOfScope,
    deliveryMode: content.deliveryMode,
    sites: content.siteIds.map((id) => input.sites.find((site) => site.id === id)!).filter(Boolean),
    pricingMode: content.pricingMode,
    fixedPrice:
      content.pricingMode === 'fixed' && content.fixedPrice !== null ? quantity(content.fixedPrice, unit) : null,
    estimate: estimateView(input.estimate, unit),
    minimumBillable: quantity(content.minimumBillable, unit),
    reservation: quantity(input.reservation, unit),
    deliverables: content.deliverables.map((deliverable) => ({
      kind: deliverable.kind,
      title: deliverable.title,
      dueDate: deliverable.dueDate,
    })),
    proposedStart: content.proposedStart,
    proposedEnd: content.proposedEnd,
    staffingPlan: content.staffingPlan.map((staffing) => ({
      role: staffing.role,
      count: staffing.count,
      userId: staffing.userId ?? null,
      name: input.staff.find((user) => user.id === staffing.userId)?.name ?? null,
      ...(staffing.skills
        ? {
            skills: staffing.skills.map((skill) =>
              input.skillNames?.[skill.skillId] ? { ...skill, name: input.skillNames[skill.skillId]! } : skill,
            ),
          }
        : {}),
    })),
    travelEstimate: content.travelEstimate,
    travelPolicy: travelPolicy(input.travelTimeBillable),
    assumptions: content.assumptions,
    customerResponsibilities: content.customerResponsibilities,
    preAuthorizedActions: content.preAuthorizedActions,
    approvalDeadline: input.approvalDeadline.toISOString(),
    sentAt: input.sentAt.toISOString(),
    rateCard: input.rateCard,
    rateCardTerms: rateCardWords(input.rateCard),
  };
}

/** Freezes a change order for sending: its converted delta, the estimate before and after, deadline and time. */
export function freezeChangeOrder(input: {
  co: ChangeOrderWithContext;
  delta: EstimateResult;
  approvalDeadline: Date;
  sentAt: Date;
  rateCard: RateCard;
  parties?: DocumentParties;
}): FrozenChangeOrder {
  const { co, delta } = input;
  return {
    document: 'change_order',
    hashRule: CONTENT_HASH_RULE,
    changeOrderId: co.id,
    number: co.number,
    supersedesId: co.supersedes_id,
    engagement: { id: co.engagement_id, number: co.engagement_number, title: co.engagement_title },
    workOrder: { id: co.work_order_id, number: co.work_order_number },
    ...(input.parties ? { provider: input.parties.provider } : {}),
    customer: {
      id: co.customer_id,
      name: co.customer_name,
      ...(input.parties ? { timeZone: co.time_zone } : {}),
      ...billingParty(input.parties),
    },
    contract: { id: co.contract_id, number: co.contract_number, unit: co.unit },
    reason: co.reason,
    scope: co.scope,
    delta: estimateView(delta, co.unit),
    estimateBefore: quantity(co.engagement_estimate, co.unit),
    estimateAfter: quantity(co.engagement_estimate + delta.total, co.unit),
    approvalDeadline: input.approvalDeadline.toISOString(),
    sentAt: input.sentAt.toISOString(),
    rateCard: input.rateCard,
    rateCardTerms: rateCardWords(input.rateCard),
    ...(co.planned_start || co.planned_end
      ? { plannedDates: { start: co.planned_start ?? null, end: co.planned_end ?? null } }
      : {}),
  };
}

/** A recorded decision as the API shows it. */
export function toDecisionView(decision: DecisionRow) {
  return {
    id: decision.id,
    decision: decision.decision,
    channel: decision.channel,
    contactId: decision.contact_id,
    contactName: decision.contact_name,
    userId: decision.user_id,
    contentHash: decision.content_hash,
    reason: decision.reason,
    decidedAt: decision.decided_at,
    evidence: decision.evidence,
  };
}
export type DecisionView = ReturnType<typeof toDecisionView>;

/** An EWO as the API shows it: the current version's content with its figures and the balance impact. */
export function toWorkOrderView(input: {
  wo: WorkOrderWithContext;
  version: {
    version: number;
    status: WorkOrderStatus;
    content: WorkOrderContent;
    content_hash: string | null;
    sent_at: Date | null;
    approval_deadline: Date | null;
  };
  catalogItemName: string | null;
  estimate: EstimateResult;
  reservation: number;
  balanceImpact: BalanceImpactView | null;
  deadlineRule: string;
  decision: DecisionRow | undefined;
  rateCard: RateCardView;
}) {
  const { wo, version } = input;
  const content = version.content;
  const unit = wo.unit;
  return {
    id: wo.id,
    number: wo.number,
    requestId: wo.request_id,
    organizationId: wo.organization_id,
    customerId: wo.customer_id,
    customerName: wo.customer_name,
    contractId: wo.contract_id,
    contractNumber: wo.contract_number,
    kind: wo.kind,
    incidentType: wo.incident_type,
    severity: wo.severity,
    catalogItemName: input.catalogItemName,
    status: version.status,
    version: version.version,
    revision: wo.revision,
    contentHash: version.content_hash,
    sentAt: version.sent_at,
    approvalDeadline:
      version.approval_deadline ?? (content.approvalDeadline ? new Date(content.approvalDeadline) : null),
    approvalDeadlineDefault: input.deadlineRule,
    catalogItemId: content.catalogItemId,
    sizeCode: content.sizeCode,
    title: content.title,
    scope: content.scope,
    objectives: content.objectives,
    inScope: content.inScope,
    outOfScope: content.outOfScope,
    deliveryMode: content.deliveryMode,
    siteIds: content.siteIds,
    pricingMode: content.pricingMode,
    fixedPrice: content.fixedPrice === null ? null : quantity(content.fixedPrice, unit),
    estimateLines: content.estimateLines,
    minimumBillable: quantity(content.minimumBillable, unit),
    deliverables: content.deliverables,
    proposedStart: content.proposedStart,
    proposedEnd: content.proposedEnd,
    staffingPlan: content.staffingPlan as StaffingLine[],
    travelEstimate: content.travelEstimate,
    assumptions: content.assumptions,
    customerResponsibilities: content.customerResponsibilities,
    preAuthorizedActions: content.preAuthorizedActions,
    estimate: estimateView(input.estimate, unit),
    reservation: quantity(input.reservation, unit),
    balanceImpact: input.balanceImpact,
    decision: input.decision ? toDecisionView(input.decision) : null,
    engagementId: wo.engagement_id,
    rateCard: input.rateCard,
    createdAt: wo.created_at,
    updatedAt: wo.updated_at,
  };
}

/** A change order as the API shows it. */
export function toChangeOrderView(input: {
  co: ChangeOrderWithContext;
  delta: EstimateResult;
  consumed: number;
  balanceImpact: BalanceImpactView | null;
  deadlineRule: string;
  decision: DecisionRow | undefined;
  rateCard: RateCardView;
}) {
  const { co } = input;
  const unit = co.unit;
  const frozen = co.frozen as FrozenChangeOrder | null;
  const before = frozen ? frozen.estimateBefore.amount : co.engagement_estimate;
  return {
    id: co.id,
    number: co.number,
    engagementId: co.engagement_id,
    engagementNumber: co.engagement_number,
    workOrderId: co.work_order_id,
    organizationId: co.organization_id,
    customerId: co.customer_id,
    customerName: co.customer_name,
    contractId: co.contract_id,
    contractNumber: co.contract_number,
    status: co.status,
    statusReason: co.status_reason,
    revision: co.revision,
    supersedesId: co.supersedes_id,
    supersededById: co.superseded_by_id,
    reason: co.reason,
    scope: co.scope,
    estimateDeltaLines: co.delta_lines as DeltaLineInput[],
    delta: estimateView(input.delta, unit),
    estimateBefore: quantity(before, unit),
    estimateAfter: quantity(before + input.delta.total, unit),
    consumed: quantity(input.consumed, unit),
    contentHash: co.content_hash,
    sentAt: co.sent_at,
    approvalDeadline: co.approval_deadline,
    approvalDeadlineDefault: input.deadlineRule,
    plannedStart: co.planned_start ?? null,
    plannedEnd: co.planned_end ?? null,
    decidedAt: co.decided_at,
    balanceImpact: input.balanceImpact,
    decision: input.decision ? toDecisionView(input.decision) : null,
    rateCard: input.rateCard,
    createdAt: co.created_at,
    updatedAt: co.updated_at,
  };
}

/**
 * The card a document is priced with: the one stored when it was sent (issue 17), else (a draft) the
 * contract's card now, with the words saying which.
 */
export function documentCard(
  stored: unknown,
  contract: { unit: ContractUnit; units_per_hour: string | null; settings: unknown },
  sentAs: string,
): { card: RateCard; view: RateCardView } {
  const card = stored ? storedCard(stored) : rateCardOf(contract);
  return {
    card,
    view: rateCardView(stored ? sentAs : "the contract's card today (frozen when sent)", card),
  };
}
