import type {
  ApprovalSummary,
  DeltaLineInput,
  Money,
  StaffingLine,
  WorkOrderContent,
  WorkOrderStatus,
} from '../../shared/contracts/workorders.ts';
import type { Activity, DeliverableKind, IncidentType, RequestKind, Severity } from '../../shared/domain.ts';
import { quantity, type ContractUnit, type Quantity } from '../../shared/units.ts';
import { CONTENT_HASH_RULE } from '../documents/canonical-hash.ts';
import type { ChangeOrderWithContext, DecisionRow, WorkOrderWithContext } from './workorders.repo.ts';
import {
  displayWhen,
  modeLabels,
  travelPolicy,
  type BalanceImpactView,
  type EstimateResult,
} from './workorders.rules.ts';

/** The document an EWO version's content hash covers: every field, with the figures and names shown to the approver. */
export interface FrozenWorkOrder {
  document: 'engagement_work_order';
  hashRule: string;
  workOrderId: string;
  number: string;
  version: number;
  requestId: string;
  customer: { id: string; name: string; timeZone: string };
  contract: { id: string; number: string; unit: ContractUnit };
  kind: RequestKind;
  incidentType: IncidentType | null;
  severity: Severity | null;
  catalogItem: { id: string; name: string } | null;
  sizeCode: string | null;
  title: string;
  scope: string;
  objectives: string[];
  inScope: string[];
  outOfScope: string[];
  deliveryMode: WorkOrderContent['deliveryMode'];
  sites: { id: string; name: string; address: string }[];
  pricingMode: WorkOrderContent['pricingMode'];
  fixedPrice: Quantity | null;
  estimate: { lines: { activity: Activity; role: string; minutes: number; amount: Quantity }[]; total: Quantity };
  minimumBillable: Quantity;
  reservation: Quantity;
  deliverables: { kind: DeliverableKind; title: string; dueDate: string | null }[];
  proposedStart: string | null;
  proposedEnd: string | null;
  staffingPlan: { role: string; count: number; userId: string | null; name: string | null }[];
  travelEstimate: Money | null;
  travelPolicy: string;
  assumptions: string[];
  customerResponsibilities: string[];
  preAuthorizedActions: string[];
  approvalDeadline: string;
  sentAt: string;
}

/** The document a change order's content hash covers. */
export interface FrozenChangeOrder {
  document: 'change_order';
  hashRule: string;
  changeOrderId: string;
  number: string;
  supersedesId: string | null;
  engagement: { id: string; number: string; title: string };
  workOrder: { id: string; number: string };
  customer: { id: string; name: string };
  contract: { id: string; number: string; unit: ContractUnit };
  reason: string;
  scope: string | null;
  delta: { lines: { activity: Activity; role: string; minutes: number; amount: Quantity }[]; total: Quantity };
  estimateBefore: Quantity;
  estimateAfter: Quantity;
  approvalDeadline: string;
  sentAt: string;
}

export const estimateView = (e: EstimateResult, unit: ContractUnit) => ({
  lines: e.lines.map((l) => ({
    activity: l.activity,
    role: l.role,
    minutes: l.minutes,
    amount: quantity(l.amount, unit),
  })),
  total: quantity(e.total, unit),
});

/** Freezes an EWO version for sending: the content with its converted figures, site and consultant names, deadline and time. */
export function freezeWorkOrder(o: {
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
}): FrozenWorkOrder {
  const { wo, content: c } = o;
  const unit = wo.unit;
  return {
    document: 'engagement_work_order',
    hashRule: CONTENT_HASH_RULE,
    workOrderId: wo.id,
    number: wo.number,
    version: o.version,
    requestId: wo.request_id,
    customer: { id: wo.customer_id, name: wo.customer_name, timeZone: wo.time_zone },
    contract: { id: wo.contract_id, number: wo.contract_number, unit },
    kind: wo.kind,
    incidentType: wo.incident_type,
    severity: wo.severity,
    catalogItem: c.catalogItemId && o.catalogItemName ? { id: c.catalogItemId, name: o.catalogItemName } : null,
    sizeCode: c.sizeCode,
    title: c.title,
    scope: c.scope,
    objectives: c.objectives,
    inScope: c.inScope,
    outOfScope: c.outOfScope,
    deliveryMode: c.deliveryMode,
    sites: c.siteIds.map((id) => o.sites.find((s) => s.id === id)!).filter(Boolean),
    pricingMode: c.pricingMode,
    fixedPrice: c.pricingMode === 'fixed' && c.fixedPrice !== null ? quantity(c.fixedPrice, unit) : null,
    estimate: estimateView(o.estimate, unit),
    minimumBillable: quantity(c.minimumBillable, unit),
    reservation: quantity(o.reservation, unit),
    deliverables: c.deliverables.map((d) => ({ kind: d.kind, title: d.title, dueDate: d.dueDate })),
    proposedStart: c.proposedStart,
    proposedEnd: c.proposedEnd,
    staffingPlan: c.staffingPlan.map((s) => ({
      role: s.role,
      count: s.count,
      userId: s.userId ?? null,
      name: o.staff.find((u) => u.id === s.userId)?.name ?? null,
    })),
    travelEstimate: c.travelEstimate,
    travelPolicy: travelPolicy(o.travelTimeBillable),
    assumptions: c.assumptions,
    customerResponsibilities: c.customerResponsibilities,
    preAuthorizedActions: c.preAuthorizedActions,
    approvalDeadline: o.approvalDeadline.toISOString(),
    sentAt: o.sentAt.toISOString(),
  };
}

export function toDecisionView(d: DecisionRow) {
  return {
    id: d.id,
    decision: d.decision,
    channel: d.channel,
    contactId: d.contact_id,
    contactName: d.contact_name,
    userId: d.user_id,
    contentHash: d.content_hash,
    reason: d.reason,
    decidedAt: d.decided_at,
    evidence: d.evidence,
  };
}
export type DecisionView = ReturnType<typeof toDecisionView>;

/** An EWO as the API shows it: the current version's content with its figures and the balance impact. */
export function toWorkOrderView(o: {
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
}) {
  const { wo, version: v } = o;
  const c = v.content;
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
    catalogItemName: o.catalogItemName,
    status: v.status,
    version: v.version,
    revision: wo.revision,
    contentHash: v.content_hash,
    sentAt: v.sent_at,
    approvalDeadline: v.approval_deadline ?? (c.approvalDeadline ? new Date(c.approvalDeadline) : null),
    approvalDeadlineDefault: o.deadlineRule,
    catalogItemId: c.catalogItemId,
    sizeCode: c.sizeCode,
    title: c.title,
    scope: c.scope,
    objectives: c.objectives,
    inScope: c.inScope,
    outOfScope: c.outOfScope,
    deliveryMode: c.deliveryMode,
    siteIds: c.siteIds,
    pricingMode: c.pricingMode,
    fixedPrice: c.fixedPrice === null ? null : quantity(c.fixedPrice, unit),
    estimateLines: c.estimateLines,
    minimumBillable: quantity(c.minimumBillable, unit),
    deliverables: c.deliverables,
    proposedStart: c.proposedStart,
    proposedEnd: c.proposedEnd,
    staffingPlan: c.staffingPlan as StaffingLine[],
    travelEstimate: c.travelEstimate,
    assumptions: c.assumptions,
    customerResponsibilities: c.customerResponsibilities,
    preAuthorizedActions: c.preAuthorizedActions,
    estimate: estimateView(o.estimate, unit),
    reservation: quantity(o.reservation, unit),
    balanceImpact: o.balanceImpact,
    decision: o.decision ? toDecisionView(o.decision) : null,
    engagementId: wo.engagement_id,
    createdAt: wo.created_at,
    updatedAt: wo.updated_at,
  };
}

/** A change order as the API shows it. */
export function toChangeOrderView(o: {
  co: ChangeOrderWithContext;
  delta: EstimateResult;
  consumed: number;
  balanceImpact: BalanceImpactView | null;
  deadlineRule: string;
  decision: DecisionRow | undefined;
}) {
  const { co } = o;
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
    delta: estimateView(o.delta, unit),
    estimateBefore: quantity(before, unit),
    estimateAfter: quantity(before + o.delta.total, unit),
    consumed: quantity(o.consumed, unit),
    contentHash: co.content_hash,
    sentAt: co.sent_at,
    approvalDeadline: co.approval_deadline,
    approvalDeadlineDefault: o.deadlineRule,
    decidedAt: co.decided_at,
    balanceImpact: o.balanceImpact,
    decision: o.decision ? toDecisionView(o.decision) : null,
    createdAt: co.created_at,
    updatedAt: co.updated_at,
  };
}

/** Where a version or change order stands, for its approval page. */
export interface SummaryState {
  status: string;
  /** Why no decision can be taken, or null when one can. */
  notice: string | null;
  contentHash: string;
  balance: BalanceImpactView | null;
  approver: ApprovalSummary['approver'];
  decision: DecisionRow | undefined;
}

/** The fields every approval page shares: status, notice, hash, balance (while awaiting), approver, decision. */
const stateFields = (o: SummaryState) => ({
  status: o.status,
  awaitingDecision: o.notice === null,
  notice: o.notice,
  contentHash: o.contentHash,
  balance: o.notice === null ? o.balance : null,
  approver: o.approver,
  decision: o.decision ? { ...toDecisionView(o.decision), decidedAt: o.decision.decided_at.toISOString() } : null,
});

/** The approval page of an EWO version, built from exactly the frozen document its hash covers. */
export function workOrderSummary(f: FrozenWorkOrder, o: SummaryState): ApprovalSummary {
  const awaiting = o.notice === null;
  const dates = (v: string | null) => displayWhen(v, f.customer.timeZone);
  return {
    subject: 'work_order',
    id: f.workOrderId,
    number: f.number,
    version: f.version,
    title: f.title,
    customerName: f.customer.name,
    contractNumber: f.contract.number,
    engagementNumber: null,
    ...stateFields(o),
    sentAt: f.sentAt,
    approvalDeadline: f.approvalDeadline,
    scope: f.scope,
    reason: null,
    facts: [
      {
        label: 'Service',
        value: f.catalogItem ? `${f.catalogItem.name}${f.sizeCode ? ` (${f.sizeCode})` : ''}` : f.title,
      },
      ...(f.incidentType
        ? [{ label: 'Incident', value: `${f.severity ?? ''} ${f.incidentType.replace(/_/g, ' ')}`.trim() }]
        : []),
      {
        label: 'Delivery',
        value: modeLabels[f.deliveryMode] + (f.sites.length ? ` — ${f.sites.map((s) => s.name).join(', ')}` : ''),
      },
      { label: 'Proposed start', value: dates(f.proposedStart) },
      { label: 'Proposed end', value: dates(f.proposedEnd) },
      {
        label: 'Pricing',
        value:
          f.pricingMode === 'fixed'
            ? `Fixed price ${f.fixedPrice?.display ?? ''}`
            : `Time and materials, estimate ${f.estimate.total.display}`,
      },
      { label: 'Minimum billable', value: f.minimumBillable.display },
      {
        label: 'Travel and expenses',
        value: f.travelEstimate
          ? `${(f.travelEstimate.amountMinor / 100).toFixed(2)} ${f.travelEstimate.currency} estimated, billed at cost`
          : 'Billed at cost, separately',
      },
      {
        label: 'Staffing',
        value:
          f.staffingPlan.map((s) => `${s.count} × ${s.role}${s.name ? ` (${s.name})` : ''}`).join(', ') ||
          'to be assigned',
      },
    ],
    lists: [
      { label: 'Objectives', items: f.objectives },
      { label: 'In scope', items: f.inScope },
      { label: 'Out of scope', items: f.outOfScope },
      { label: 'Deliverables', items: f.deliverables.map((d) => `${d.title}${d.dueDate ? ` — by ${d.dueDate}` : ''}`) },
      { label: 'Pre-authorised actions', items: f.preAuthorizedActions },
      { label: 'Your responsibilities', items: f.customerResponsibilities },
      { label: 'Assumptions', items: f.assumptions },
      {
        label: 'Estimated effort',
        items: f.estimate.lines.map((l) => `${l.role}, ${l.activity.replace(/_/g, ' ')}: ${l.amount.display}`),
      },
    ].filter((l) => l.items.length > 0),
    units: f.reservation,
    unitsLabel: 'Reserved from your retainer on approval',
    allowedDecisions: awaiting ? ['approve', 'decline', 'request_changes'] : [],
  };
}

/** The approval page of a change order, from its frozen document. */
export function changeOrderSummary(f: FrozenChangeOrder, o: SummaryState): ApprovalSummary {
  const awaiting = o.notice === null;
  return {
    subject: 'change_order',
    id: f.changeOrderId,
    number: f.number,
    version: null,
    title: `Change to ${f.engagement.number}: ${f.engagement.title}`,
    customerName: f.customer.name,
    contractNumber: f.contract.number,
    engagementNumber: f.engagement.number,
    ...stateFields(o),
    sentAt: f.sentAt,
    approvalDeadline: f.approvalDeadline,
    scope: f.scope ?? '',
    reason: f.reason,
    facts: [
      { label: 'Engagement', value: `${f.engagement.number} (work order ${f.workOrder.number})` },
      { label: 'Estimate before', value: f.estimateBefore.display },
      { label: 'Change', value: f.delta.total.display },
      { label: 'Estimate after', value: f.estimateAfter.display },
    ],
    lists: [
      {
        label: 'Effort changed',
        items: f.delta.lines.map(
          (l) => `${l.role}, ${l.activity.replace(/_/g, ' ')}: ${l.minutes < 0 ? '' : '+'}${l.amount.display}`,
        ),
      },
    ],
    units: f.delta.total,
    unitsLabel:
      f.delta.total.amount >= 0 ? 'Added to the reservation on approval' : 'Released from the reservation on approval',
    allowedDecisions: awaiting ? ['approve', 'decline'] : [],
  };
}
