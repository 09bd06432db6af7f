/**
 * What the browser and the server share about work orders and change orders: the lifecycle tables, the
 * frozen documents a content hash covers, and the words and dates their documents print. Pure and
 * browser-safe (luxon only); the server's rules (core/workorders) import it from here.
 */
import { DateTime } from 'luxon';
import type { ChangeOrderStatus, Money, WorkOrderContent, WorkOrderStatus } from './contracts/workorders.ts';
import type { Activity, DeliverableKind, IncidentType, RequestKind, Severity } from './domain.ts';
import type { RateCard } from './rate-card.ts';
import type { ContractUnit, Quantity } from './units.ts';
import { labels } from './labels.ts';

// ── Lifecycles ─────────────────────────────────────────────────────────────────────────────────

/** EWO version states of domain.md: a draft is sent (or void when its request is withdrawn or rejected); a sent version is decided, superseded or expires. */
export const versionTransitions: Record<WorkOrderStatus, readonly WorkOrderStatus[]> = {
  draft: ['sent', 'void'],
  sent: ['approved', 'declined', 'changes_requested', 'superseded', 'expired'],
  approved: [],
  declined: [],
  changes_requested: [],
  superseded: [],
  expired: [],
  void: [],
};

/** Change orders: the same, without "changes requested". */
export const changeOrderTransitions: Record<ChangeOrderStatus, readonly ChangeOrderStatus[]> = {
  draft: ['sent'],
  sent: ['approved', 'declined', 'superseded', 'expired'],
  approved: [],
  declined: [],
  superseded: [],
  expired: [],
};

/** What editing does to an EWO whose latest version has `status`: edit the draft, start the next version, or refuse. */
export function editEffect(status: WorkOrderStatus): 'edit_draft' | 'next_version' | 'refuse' {
  if (status === 'draft') return 'edit_draft';
  if (status === 'sent' || status === 'changes_requested') return 'next_version';
  return 'refuse';
}

// ── Words and dates of the documents ──────────────────────────────────────────────────────────

/** A date-or-instant for people: a date as it is, an instant in the customer's zone ("2026-11-03 04:02 (America/Chicago)"). */
export function displayWhen(value: string | null, timeZone: string): string {
  if (!value) return 'to be agreed';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return `${DateTime.fromISO(value, { setZone: true }).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm')} (${timeZone})`;
}

/** The travel sentence of an EWO document, from the contract's T&E policy. */
export const travelPolicy = (travelTimeBillable: boolean): string =>
  `Travel and expenses are billed at cost, separately from the retainer. Travel time ${travelTimeBillable ? 'is' : 'is not'} drawn from the retainer (contract's T&E policy).`;

/** Delivery modes in words, as the EWO document and its summary print them. */
export const modeLabels = labels.deliveryMode;

/** The fixed price of a catalog size in the contract's ledger unit, or null. */
export function sizePrice(
  size: { fixedPriceUnits: number | null; fixedPriceMinutes: number | null },
  unit: ContractUnit,
): number | null {
  return unit === 'hours' ? size.fixedPriceMinutes : size.fixedPriceUnits;
}

// ── Frozen documents ──────────────────────────────────────────────────────────────────────────

/** The IR firm as a party of a document: its name and postal address as the firm profile had them when sent. */
export interface DocumentProvider {
  name: string;
  postalAddress: string;
}

/** The request an EWO answers, as people name it. */
export interface DocumentRequest {
  number: string | null;
  /** The calendar day it was received, in the customer's zone. */
  receivedOn: string;
}

/** The document an EWO version's content hash covers: every field, with the figures and names shown to the approver. */
export interface FrozenWorkOrder {
  document: 'engagement_work_order';
  hashRule: string;
  workOrderId: string;
  number: string;
  version: number;
  requestId: string;
  /** The request for people: its human number once requests have one, and the day it was received (customer's zone). */
  request?: DocumentRequest;
  /** The IR firm as a party (absent from documents sent before issue 16). */
  provider?: DocumentProvider;
  customer: { id: string; name: string; timeZone: string; legalName?: string; billingAddress?: string };
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
  staffingPlan: {
    role: string;
    count: number;
    userId: string | null;
    name: string | null;
    /** The skills the role needs, with their names (absent before issue 13; names from issue 16). */
    skills?: { skillId: string; minLevel: number; name?: string }[];
  }[];
  travelEstimate: Money | null;
  travelPolicy: string;
  assumptions: string[];
  customerResponsibilities: string[];
  preAuthorizedActions: string[];
  approvalDeadline: string;
  sentAt: string;
  /** The rate card the version was priced with, and in words (absent from versions sent before issue 17). */
  rateCard?: RateCard;
  rateCardTerms?: string[];
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
  /** The IR firm as a party (absent from change orders sent before issue 16). */
  provider?: DocumentProvider;
  /** The customer; its time zone and legal name are absent from change orders sent before issue 16. */
  customer: { id: string; name: string; timeZone?: string; legalName?: string; billingAddress?: string };
  contract: { id: string; number: string; unit: ContractUnit };
  reason: string;
  scope: string | null;
  delta: { lines: { activity: Activity; role: string; minutes: number; amount: Quantity }[]; total: Quantity };
  estimateBefore: Quantity;
  estimateAfter: Quantity;
  approvalDeadline: string;
  sentAt: string;
  /** The rate card the delta was priced with, and its work converts with once approved (absent before issue 17). */
  rateCard?: RateCard;
  rateCardTerms?: string[];
  /**
   * New planned dates (customer's zone, the end included) whose approval moves the engagement's schedule
   * window; absent when the change order names none (so older change orders hash as they were sent).
   */
  plannedDates?: { start: string | null; end: string | null };
}
