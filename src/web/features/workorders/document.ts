/**
 * The EWO as a document: the shape of the frozen version the content hash covers (what the PDF prints),
 * built for a draft from the server's view so the preview shows what sending will freeze, and the
 * field-by-field differences between two versions. Pure; figures are the server's display strings.
 */
import { displayWhen, modeLabels, travelPolicy } from '../../../shared/workorders.ts';
import { formatMoney } from '../../../shared/currencies.ts';
import type { FrozenWorkOrder, Site, WorkOrder } from './workorders.types.ts';

/** A frozen document, or a draft's preview of it (not sent yet: no time, deadline or hash rule). */
export type WorkOrderDoc = Omit<FrozenWorkOrder, 'sentAt' | 'approvalDeadline' | 'hashRule' | 'document'> & {
  sentAt: string | null;
  approvalDeadline: string | null;
  hashRule: string | null;
};

/**
 * A draft's document as sending would freeze it now: the view's content and figures, with the names of
 * its sites and consultants. The deadline and time are set by sending.
 */
export function previewDocOf(
  w: WorkOrder,
  o: {
    timeZone: string;
    sites: readonly Pick<Site, 'id' | 'name' | 'address'>[];
    staffNames: Readonly<Record<string, string>>;
    travelTimeBillable: boolean | null;
  },
): WorkOrderDoc {
  return {
    workOrderId: w.id,
    number: w.number,
    version: w.version,
    requestId: w.requestId,
    customer: { id: w.customerId, name: w.customerName, timeZone: o.timeZone },
    contract: {
      id: w.contractId,
      number: w.contractNumber,
      unit: w.minimumBillable.unit === 'minute' ? 'hours' : 'service_units',
    },
    kind: w.kind,
    incidentType: w.incidentType,
    severity: w.severity,
    catalogItem: w.catalogItemId && w.catalogItemName ? { id: w.catalogItemId, name: w.catalogItemName } : null,
    sizeCode: w.sizeCode,
    title: w.title,
    scope: w.scope,
    objectives: w.objectives,
    inScope: w.inScope,
    outOfScope: w.outOfScope,
    deliveryMode: w.deliveryMode,
    sites: w.siteIds
      .map((id) => o.sites.find((s) => s.id === id))
      .filter((s) => s !== undefined)
      .map((s) => ({ id: s.id, name: s.name, address: s.address })),
    pricingMode: w.pricingMode,
    fixedPrice: w.pricingMode === 'fixed' ? w.fixedPrice : null,
    estimate: w.estimate,
    minimumBillable: w.minimumBillable,
    reservation: w.reservation,
    deliverables: w.deliverables.map((d) => ({ kind: d.kind, title: d.title, dueDate: d.dueDate })),
    proposedStart: w.proposedStart,
    proposedEnd: w.proposedEnd,
    staffingPlan: w.staffingPlan.map((s) => ({
      role: s.role,
      count: s.count,
      userId: s.userId ?? null,
      name: s.userId ? (o.staffNames[s.userId] ?? null) : null,
    })),
    travelEstimate: w.travelEstimate,
    travelPolicy:
      o.travelTimeBillable === null
        ? 'Travel and expenses are billed at cost, separately from the retainer.'
        : travelPolicy(o.travelTimeBillable),
    assumptions: w.assumptions,
    customerResponsibilities: w.customerResponsibilities,
    preAuthorizedActions: w.preAuthorizedActions,
    approvalDeadline: w.approvalDeadline,
    sentAt: w.sentAt,
    hashRule: null,
  };
}

// ── Words the PDF uses ────────────────────────────────────────────────────────────────────────

export const words = (s: string): string => s.replace(/_/g, ' ');
export const moneyDisplay = (money: { amountMinor: number; currency: string }): string =>
  formatMoney(money.amountMinor, money.currency);
export const effortDisplay = (minutes: number): string =>
  `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;

export const serviceText = (doc: Pick<WorkOrderDoc, 'catalogItem' | 'sizeCode' | 'kind'>): string =>
  doc.catalogItem ? `${doc.catalogItem.name}${doc.sizeCode ? `, size ${doc.sizeCode}` : ''}` : doc.kind;
export const staffText = (staff: WorkOrderDoc['staffingPlan'][number]): string =>
  `${staff.count} × ${staff.role}${staff.name ? ` (${staff.name})` : ''}`;

// ── Differences between versions ──────────────────────────────────────────────────────────────

export interface FieldDiff {
  key: string;
  label: string;
  before: string[];
  after: string[];
  /** Lines only in `before` / only in `after` (a list field's items; a text's lines). */
  removed: string[];
  added: string[];
}

/** Every compared field of a document, in the PDF's order, as lines of text. */
export function documentFields(doc: WorkOrderDoc): { key: string; label: string; lines: string[] }[] {
  const zone = doc.customer.timeZone;
  const one = (v: string | null | undefined) => (v ? [v] : []);
  return [
    { key: 'title', label: 'Title', lines: [doc.title] },
    { key: 'customer', label: 'Customer', lines: [doc.customer.name] },
    { key: 'contract', label: 'Retainer contract', lines: [doc.contract.number] },
    { key: 'service', label: 'Service', lines: [serviceText(doc)] },
    {
      key: 'incident',
      label: 'Incident',
      lines: doc.incidentType ? [`${doc.severity ?? ''} ${words(doc.incidentType)}`.trim()] : [],
    },
    {
      key: 'scope',
      label: 'Scope',
      lines: doc.scope
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    },
    { key: 'objectives', label: 'Objectives', lines: doc.objectives },
    { key: 'inScope', label: 'In scope', lines: doc.inScope },
    { key: 'outOfScope', label: 'Out of scope', lines: doc.outOfScope },
    { key: 'deliveryMode', label: 'Delivery mode', lines: [modeLabels[doc.deliveryMode]] },
    { key: 'sites', label: 'Sites', lines: doc.sites.map((s) => `${s.name}, ${s.address}`) },
    { key: 'proposedStart', label: 'Proposed start', lines: [displayWhen(doc.proposedStart, zone)] },
    { key: 'proposedEnd', label: 'Proposed end', lines: [displayWhen(doc.proposedEnd, zone)] },
    {
      key: 'estimateLines',
      label: 'Estimated effort',
      lines: doc.estimate.lines.map(
        (l) => `${words(l.activity)} · ${l.role} · ${effortDisplay(l.minutes)} = ${l.amount.display}`,
      ),
    },
    { key: 'pricing', label: 'Pricing', lines: [doc.pricingMode === 'fixed' ? 'Fixed price' : 'Time and materials'] },
    { key: 'estimate', label: 'Estimate', lines: [doc.estimate.total.display] },
    { key: 'fixedPrice', label: 'Fixed price', lines: one(doc.fixedPrice?.display) },
    { key: 'minimumBillable', label: 'Minimum billable', lines: [doc.minimumBillable.display] },
    { key: 'reservation', label: 'Reserved on approval', lines: [doc.reservation.display] },
    {
      key: 'deliverables',
      label: 'Deliverables',
      lines: doc.deliverables.map((x) => `${x.title} (${words(x.kind)}) · ${x.dueDate ?? 'to be agreed'}`),
    },
    { key: 'staffingPlan', label: 'Staffing plan', lines: doc.staffingPlan.map(staffText) },
    {
      key: 'travelEstimate',
      label: 'Travel estimate',
      lines: one(doc.travelEstimate ? moneyDisplay(doc.travelEstimate) : null),
    },
    { key: 'assumptions', label: 'Assumptions', lines: doc.assumptions },
    { key: 'customerResponsibilities', label: 'Customer responsibilities', lines: doc.customerResponsibilities },
    { key: 'preAuthorizedActions', label: 'Pre-authorised actions', lines: doc.preAuthorizedActions },
    {
      key: 'approvalDeadline',
      label: 'Approval deadline',
      lines: one(doc.approvalDeadline ? displayWhen(doc.approvalDeadline, zone) : null),
    },
  ];
}

/** Lines of `a` not matched one-for-one in `b` (a multiset difference, order kept). */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const remaining = left.get(x) ?? 0;
    if (remaining > 0) left.set(x, remaining - 1);
    else out.push(x);
  }
  return out;
}

/**
 * The fields that differ between two versions of an EWO, in the document's order, each with what was
 * removed and added. A reordering alone counts as a change (with nothing removed or added).
 */
export function diffDocuments(before: WorkOrderDoc, after: WorkOrderDoc): FieldDiff[] {
  const fieldsBefore = documentFields(before);
  const fieldsAfter = documentFields(after);
  const out: FieldDiff[] = [];
  // A draft's deadline is usually set by sending: only compare deadlines both versions have.
  const skip = before.approvalDeadline === null || after.approvalDeadline === null ? 'approvalDeadline' : null;
  for (const f of fieldsAfter) {
    if (f.key === skip) continue;
    const old = fieldsBefore.find((x) => x.key === f.key)?.lines ?? [];
    if (JSON.stringify(old) === JSON.stringify(f.lines)) continue;
    out.push({
      key: f.key,
      label: f.label,
      before: old,
      after: f.lines,
      removed: minus(old, f.lines),
      added: minus(f.lines, old),
    });
  }
  return out;
}
