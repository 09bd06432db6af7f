/** A change order's new planned dates in words: "Mon 7 Dec 2026 to Fri 18 Dec 2026", or which end moves. */
export function plannedDatesText(dates: FrozenChangeOrder['plannedDates']): string | null {
  if (!dates || (!dates.start && !dates.end)) return null;
  if (dates.start && dates.end) return `${dayLabel(dates.start)} to ${dayLabel(dates.end)}`;
  return dates.start
    ? `from ${dayLabel(dates.start)} (the end unchanged)`
    : `until ${dayLabel(dates.end!)} (the start unchanged)`;
}

/** The approval page (portal and signed link) of a sent EWO version or change order, built from its frozen document. */
import type { ApprovalSummary } from '../../shared/contracts/workorders.ts';
import { displayWhen, modeLabels, type FrozenChangeOrder, type FrozenWorkOrder } from '../../shared/workorders.ts';
import { dayLabel } from '../../shared/dates.ts';
import type { DecisionRow } from './approvals.repo.ts';
import type { BalanceImpactView } from './workorders.rules.ts';
import { toDecisionView } from './workorders.views.ts';

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
const stateFields = (state: SummaryState) => ({
  status: state.status,
  awaitingDecision: state.notice === null,
  notice: state.notice,
  contentHash: state.contentHash,
  balance: state.notice === null ? state.balance : null,
  approver: state.approver,
  decision: state.decision
    ? { ...toDecisionView(state.decision), decidedAt: state.decision.decided_at.toISOString() }
    : null,
});

/**
 * What the page offers when the balance cannot cover approval: a top-up request on the contract, prefilled
 * with the shortfall (issue 17). Only while a decision can be taken.
 */
const topUpOffer = (state: SummaryState, contractId: string): ApprovalSummary['topUp'] =>
  state.notice === null && state.balance?.refused && state.balance.shortfall
    ? { contractId, shortfall: state.balance.shortfall }
    : null;

/** The approval page of an EWO version, built from exactly the frozen document its hash covers. */
export function workOrderSummary(frozen: FrozenWorkOrder, state: SummaryState): ApprovalSummary {
  const awaiting = state.notice === null;
  const dates = (value: string | null) => displayWhen(value, frozen.customer.timeZone);
  return {
    subject: 'work_order',
    id: frozen.workOrderId,
    number: frozen.number,
    version: frozen.version,
    title: frozen.title,
    customerName: frozen.customer.name,
    contractNumber: frozen.contract.number,
    engagementNumber: null,
    ...stateFields(state),
    topUp: topUpOffer(state, frozen.contract.id),
    sentAt: frozen.sentAt,
    approvalDeadline: frozen.approvalDeadline,
    scope: frozen.scope,
    reason: null,
    facts: [
      {
        label: 'Service',
        value: frozen.catalogItem
          ? `${frozen.catalogItem.name}${frozen.sizeCode ? ` (${frozen.sizeCode})` : ''}`
          : frozen.title,
      },
      ...(frozen.incidentType
        ? [{ label: 'Incident', value: `${frozen.severity ?? ''} ${frozen.incidentType.replace(/_/g, ' ')}`.trim() }]
        : []),
      {
        label: 'Delivery',
        value:
          modeLabels[frozen.deliveryMode] +
          (frozen.sites.length ? ` — ${frozen.sites.map((site) => site.name).join(', ')}` : ''),
      },
      { label: 'Proposed start', value: dates(frozen.proposedStart) },
      { label: 'Proposed end', value: dates(frozen.proposedEnd) },
      {
        label: 'Pricing',
        value:
          frozen.pricingMode === 'fixed'
            ? `Fixed price ${frozen.fixedPrice?.display ?? ''}`
            : `Time and materials, estimate ${frozen.estimate.total.display}`,
      },
      { label: 'Minimum billable', value: frozen.minimumBillable.display },
      {
        label: 'Travel and expenses',
        value: frozen.travelEstimate
          ? `${(frozen.travelEstimate.amountMinor / 100).toFixed(2)} ${frozen.travelEstimate.currency} estimated, billed at cost`
          : 'Billed at cost, separately',
      },
      {
        label: 'Staffing',
        value:
          frozen.staffingPlan
            .map((staffing) => `${staffing.count} × ${staffing.role}${staffing.name ? ` (${staffing.name})` : ''}`)
            .join(', ') || 'to be assigned',
      },
    ],
    lists: [
      { label: 'Objectives', items: frozen.objectives },
      { label: 'In scope', items: frozen.inScope },
      { label: 'Out of scope', items: frozen.outOfScope },
      {
        label: 'Deliverables',
        items: frozen.deliverables.map(
          (deliverable) => `${deliverable.title}${deliverable.dueDate ? ` — by ${deliverable.dueDate}` : ''}`,
        ),
      },
      { label: 'Pre-authorised actions', items: frozen.preAuthorizedActions },
      { label: 'Your responsibilities', items: frozen.customerResponsibilities },
      { label: 'Assumptions', items: frozen.assumptions },
      {
        label: 'Estimated effort',
        items: frozen.estimate.lines.map(
          (line) => `${line.role}, ${line.activity.replace(/_/g, ' ')}: ${line.amount.display}`,
        ),
      },
      // The card the figures were priced with, frozen with them (absent before issue 17).
      { label: 'Rate card', items: frozen.rateCardTerms ?? [] },
    ].filter((list) => list.items.length > 0),
    units: frozen.reservation,
    unitsLabel: 'Reserved from your retainer on approval',
    allowedDecisions: awaiting ? ['approve', 'decline', 'request_changes'] : [],
  };
}

/** The approval page of a change order, from its frozen document. */
export function changeOrderSummary(frozen: FrozenChangeOrder, state: SummaryState): ApprovalSummary {
  const awaiting = state.notice === null;
  return {
    subject: 'change_order',
    id: frozen.changeOrderId,
    number: frozen.number,
    version: null,
    title: `Change to ${frozen.engagement.number}: ${frozen.engagement.title}`,
    customerName: frozen.customer.name,
    contractNumber: frozen.contract.number,
    engagementNumber: frozen.engagement.number,
    ...stateFields(state),
    topUp: topUpOffer(state, frozen.contract.id),
    sentAt: frozen.sentAt,
    approvalDeadline: frozen.approvalDeadline,
    scope: frozen.scope ?? '',
    reason: frozen.reason,
    facts: [
      { label: 'Engagement', value: `${frozen.engagement.number} (work order ${frozen.workOrder.number})` },
      { label: 'Estimate before', value: frozen.estimateBefore.display },
      { label: 'Change', value: frozen.delta.total.display },
      { label: 'Estimate after', value: frozen.estimateAfter.display },
      ...(plannedDatesText(frozen.plannedDates)
        ? [{ label: 'New planned dates', value: plannedDatesText(frozen.plannedDates)! }]
        : []),
    ],
    lists: [
      {
        label: 'Effort changed',
        items: frozen.delta.lines.map(
          (line) =>
            `${line.role}, ${line.activity.replace(/_/g, ' ')}: ${line.minutes < 0 ? '' : '+'}${line.amount.display}`,
        ),
      },
      { label: 'Rate card', items: frozen.rateCardTerms ?? [] },
    ].filter((list) => list.items.length > 0),
    units: frozen.delta.total,
    unitsLabel:
      frozen.delta.total.amount >= 0
        ? 'Added to the reservation on approval'
        : 'Released from the reservation on approval',
    allowedDecisions: awaiting ? ['approve', 'decline'] : [],
  };
}
