/**
 * The words people read for every value of the domain's vocabulary: one home for the web app, the portal,
 * emails, PDFs, CSV and CLI output. Browser-safe: no Node imports and only type imports from the zod contracts. A value shown to a person goes through
 * `label(kind, value)` (or `labels.<kind>[value]`), never as its slug (`onsite_work`, `ewo_drafting`).
 *
 * Each map `satisfies Record<Value, string>` of its contract's enum, so a value added to a contract without
 * a label fails type-checking; `labels.test.ts` also walks the zod enums.
 */
import type { Activity, DeliverableKind, IncidentType, RequestKind, Severity, SupportLevel } from './domain.ts';
import { roleLabels } from './roles.ts';
import { webhookEventLabels } from './webhooks.ts';
import type { billingStatuses } from './contracts/effort.ts';
import type { contractStatuses } from './contracts/contracts.ts';
import type { deliverableStatusValues } from './contracts/deliverables.ts';
import type { EngagementStatus } from './contracts/engagements.ts';
import type { expenseCategoryValues, expenseStatusValues } from './contracts/expenses.ts';
import type { billingLineKindValues } from './contracts/invoicing.ts';
import type { ledgerKindValues } from './contracts/ledger.ts';
import type {
  RequestChannel,
  RequestFlag,
  RequestStatus,
  ScopingOutcome,
  SlaKind,
  SlaStatus,
  scopingCallStatuses,
} from './contracts/requests.ts';
import type { BookingMode, BookingStatus, TravelReadiness } from './contracts/staffing.ts';
import type { TopUpRequestStatus } from './contracts/topups.ts';
import type {
  approvalSubjects,
  ChangeOrderStatus,
  DecisionChannel,
  Decision,
  DeliveryMode,
  PricingMode,
  WorkOrderStatus,
} from './contracts/workorders.ts';

type ValueOf<T extends readonly string[]> = T[number];

/** How an action reached the system (audit trail, evidence of a decision): the request context's channel. */
export const actionChannels = ['web', 'api', 'cli', 'email', 'link', 'reply', 'hotline', 'system'] as const;
export type ActionChannel = (typeof actionChannels)[number];

/** Outbox message states as staff read them (the statement's and every email's delivery). */
export const outboxStatuses = ['queued', 'sending', 'failing', 'delivered', 'failed'] as const;

/** A contract's ledger unit. */
export const contractUnits = ['hours', 'service_units'] as const;

export const labels = {
  activity: {
    kickoff: 'Kick-off',
    status_meeting: 'Status meeting',
    preparation: 'Preparation',
    analysis: 'Analysis',
    onsite_work: 'On-site work',
    deliverable_preparation: 'Deliverable preparation',
    travel_time: 'Travel time',
    scoping: 'Scoping (free)',
    internal: 'Internal (free)',
  } satisfies Record<Activity, string>,

  deliverableKind: {
    final_report: 'Final report',
    executive_briefing: 'Executive briefing',
    ioc_list: 'IOC list',
    after_action_report: 'After-action report',
    scenario_pack: 'Scenario pack',
    other: 'Other',
  } satisfies Record<DeliverableKind, string>,

  deliverableStatus: {
    draft: 'Draft',
    issued: 'Issued',
    accepted: 'Accepted',
  } satisfies Record<ValueOf<typeof deliverableStatusValues>, string>,

  requestKind: { emergency: 'Emergency', proactive: 'Proactive service' } satisfies Record<RequestKind, string>,

  requestStatus: {
    received: 'Received',
    scoping: 'Scoping',
    ewo_drafting: 'EWO drafting',
    awaiting_approval: 'Awaiting approval',
    approved: 'Approved',
    declined: 'Declined',
    expired: 'Expired',
    rejected: 'Rejected',
    withdrawn: 'Withdrawn',
    closed_advice_only: 'Closed with advice',
    closed: 'Closed',
  } satisfies Record<RequestStatus, string>,

  /** How a request came in. */
  requestChannel: { portal: 'Portal', api: 'API', hotline: 'Hotline', email: 'Email' } satisfies Record<
    RequestChannel,
    string
  >,

  requestFlag: {
    advisory: 'Advisory support only',
    not_covered: 'Not covered',
    no_active_retainer: 'No active retainer',
  } satisfies Record<RequestFlag, string>,

  incidentType: {
    ransomware: 'Ransomware',
    business_email_compromise: 'Business email compromise',
    data_exfiltration: 'Data theft (exfiltration)',
    insider_threat: 'Insider threat',
    malware_outbreak: 'Malware outbreak',
    cloud_account_compromise: 'Cloud account compromise',
    web_application_compromise: 'Web application compromise',
    denial_of_service: 'Denial of service',
    other: 'Something else',
  } satisfies Record<IncidentType, string>,

  /** Severities with their word; `severityDescription` says what each means. */
  severity: {
    P1: 'P1 · Critical',
    P2: 'P2 · High',
    P3: 'P3 · Medium',
    P4: 'P4 · Low',
  } satisfies Record<Severity, string>,

  supportLevel: { full: 'Full', advisory: 'Advisory only', not_covered: 'Not covered' } satisfies Record<
    SupportLevel,
    string
  >,

  slaKind: {
    initial_contact: 'Initial contact',
    remote_start: 'Remote work started',
    onsite_arrival: 'On-site arrival',
  } satisfies Record<SlaKind, string>,

  slaStatus: { pending: 'Pending', at_risk: 'At risk', met: 'Met', breached: 'Breached' } satisfies Record<
    SlaStatus,
    string
  >,

  scopingOutcome: {
    ewo_needed: 'Work order needed',
    advice_only: 'Advice only (closes the request)',
    rejected: 'Rejected (closes the request)',
  } satisfies Record<ScopingOutcome, string>,

  scopingCallStatus: { scheduled: 'Scheduled', held: 'Held', cancelled: 'Cancelled' } satisfies Record<
    ValueOf<typeof scopingCallStatuses>,
    string
  >,

  engagementStatus: {
    scheduled: 'Scheduled',
    in_progress: 'In progress',
    on_hold: 'On hold',
    delivering: 'Delivering',
    closed: 'Closed',
    cancelled: 'Cancelled',
  } satisfies Record<EngagementStatus, string>,

  billingStatus: {
    consumed: 'Consumed',
    non_billable: 'Not billable',
    held: 'Held',
    fixed_price: 'Fixed price',
    written_off: 'Written off',
  } satisfies Record<ValueOf<typeof billingStatuses>, string>,

  /** EWO version statuses. */
  workOrderStatus: {
    draft: 'Draft',
    sent: 'Sent',
    approved: 'Approved',
    declined: 'Declined',
    changes_requested: 'Changes requested',
    superseded: 'Superseded',
    expired: 'Expired',
    void: 'Void',
  } satisfies Record<WorkOrderStatus, string>,

  changeOrderStatus: {
    draft: 'Draft',
    sent: 'Sent',
    approved: 'Approved',
    declined: 'Declined',
    superseded: 'Superseded',
    expired: 'Expired',
  } satisfies Record<ChangeOrderStatus, string>,

  decision: { approved: 'Approved', declined: 'Declined', changes_requested: 'Changes requested' } satisfies Record<
    Decision,
    string
  >,

  /** How an approval decision reached us. */
  approvalChannel: { portal: 'Portal', link: 'Approval link', email: 'Email reply' } satisfies Record<
    DecisionChannel,
    string
  >,

  approvalSubject: { work_order: 'Work order', change_order: 'Change order' } satisfies Record<
    ValueOf<typeof approvalSubjects>,
    string
  >,

  /** How an action reached the system (audit trail). */
  actionChannel: {
    web: 'Web app',
    api: 'API',
    cli: 'Command line',
    email: 'Email',
    link: 'Approval link',
    reply: 'Email reply',
    hotline: 'Hotline',
    system: 'System',
  } satisfies Record<ActionChannel, string>,

  deliveryMode: { onsite: 'On site', remote: 'Remote', hybrid: 'On site and remote' } satisfies Record<
    DeliveryMode,
    string
  >,

  pricingMode: { time_and_materials: 'Time and materials', fixed: 'Fixed price' } satisfies Record<PricingMode, string>,

  bookingMode: {
    onsite: 'On site',
    remote: 'Remote',
    travel: 'Travelling (remote work in transit)',
  } satisfies Record<BookingMode, string>,
  bookingStatus: { tentative: 'Tentative', confirmed: 'Confirmed' } satisfies Record<BookingStatus, string>,
  travelReadiness: {
    none: 'Does not travel',
    domestic: 'Domestic travel',
    international: 'International travel',
  } satisfies Record<TravelReadiness, string>,

  ledgerKind: {
    grant: 'Grant',
    top_up: 'Top-up',
    reserve: 'Reservation',
    release: 'Release',
    consume: 'Consumption',
    minimum_true_up: 'Minimum true-up',
    adjustment: 'Adjustment',
    reversal: 'Reversal',
    expire: 'Expiry',
    rollover_out: 'Rollover out',
    rollover_in: 'Rollover in',
  } satisfies Record<ValueOf<typeof ledgerKindValues>, string>,

  contractStatus: {
    draft: 'Draft',
    active: 'Active',
    expired: 'Expired',
    terminated: 'Terminated',
  } satisfies Record<ValueOf<typeof contractStatuses>, string>,

  contractUnit: { hours: 'Hours', service_units: 'Service units' } satisfies Record<
    ValueOf<typeof contractUnits>,
    string
  >,

  expenseCategory: {
    airfare: 'Airfare',
    lodging: 'Lodging',
    ground_transport: 'Ground transport',
    meals: 'Meals',
    other: 'Other',
  } satisfies Record<ValueOf<typeof expenseCategoryValues>, string>,

  expenseStatus: { pending: 'Pending', approved: 'Approved', rejected: 'Rejected' } satisfies Record<
    ValueOf<typeof expenseStatusValues>,
    string
  >,

  topUpRequestStatus: {
    pending: 'Pending',
    accepted: 'Accepted',
    declined: 'Declined',
    withdrawn: 'Withdrawn',
  } satisfies Record<TopUpRequestStatus, string>,

  billingLineKind: {
    top_up: 'Top-up',
    overage: 'Overage',
    overage_correction: 'Overage correction',
    expense: 'Travel and expenses',
  } satisfies Record<ValueOf<typeof billingLineKindValues>, string>,

  /** Delivery of an email (a statement's too). Statements themselves have no status: issued once, frozen. */
  outboxStatus: {
    queued: 'Queued',
    sending: 'Sending',
    failing: 'Retrying',
    delivered: 'Delivered',
    failed: 'Failed',
  } satisfies Record<ValueOf<typeof outboxStatuses>, string>,

  role: roleLabels,
  webhookEvent: webhookEventLabels,
} as const;

export type LabelKind = keyof typeof labels;
export type LabelValue<K extends LabelKind> = keyof (typeof labels)[K] & string;

/** What each severity means, in words a person under stress can choose from. */
export const severityDescription: Record<Severity, string> = {
  P1: 'Business stopped, or systems are being encrypted or data stolen right now.',
  P2: 'Important systems are affected and the attacker may still be active.',
  P3: 'Limited impact: a few systems or accounts, the situation is under control.',
  P4: 'Something looks suspicious, with little or no impact yet; you want advice.',
};

/** A slug in words when no label exists: "changes_requested" → "Changes requested". */
export const humanize = (value: string): string => value.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/**
 * The label of `value` in `kind` ("onsite_work" → "On-site work"). Values read from the database may be
 * wider than the type (old rows, another version): an unknown value reads as its words, never as a slug;
 * null/undefined read as "—".
 */
export function label<K extends LabelKind>(kind: K, value: LabelValue<K> | (string & {}) | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const map = labels[kind] as Record<string, string>;
  return Object.hasOwn(map, value) ? map[value]! : humanize(value);
}

/** `{ value, label }` pairs of a kind, in the map's order: the options of a select. */
export function labelOptions<K extends LabelKind>(kind: K): { value: LabelValue<K>; label: string }[] {
  return Object.entries(labels[kind] as Record<string, string>).map(([value, text]) => ({
    value: value as LabelValue<K>,
    label: text,
  }));
}

/** "Ransomware, Business email compromise or Something else": a list of labels as a sentence. */
export function orList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/**
 * Request fields as the forms label them, by their name in the API (the last segment of a validation path).
 * A field not listed reads as its words ("requesterContactId" → "Requester contact").
 */
export const fieldLabels: Record<string, string> = {
  kind: 'Kind',
  contractId: 'Retainer contract',
  customerId: 'Customer',
  incidentType: 'Incident type',
  severity: 'Severity',
  description: 'Description',
  onsiteRequired: 'On-site presence needed',
  siteId: 'Site',
  catalogItemId: 'Service',
  desiredStart: 'Desired start',
  receivedAt: 'Received at',
  requesterContactId: 'Requester',
  channel: 'Channel',
  activity: 'Activity',
  minutes: 'Time',
  date: 'Date',
  note: 'Note',
  reason: 'Reason',
  email: 'Email',
  name: 'Name',
  phone: 'Phone',
  phones: 'Phones',
  timeZone: 'Time zone',
  title: 'Title',
  scope: 'Scope',
  role: 'Role',
  amount: 'Amount',
  currency: 'Currency',
  category: 'Category',
  deliveryMode: 'Delivery mode',
  pricingMode: 'Pricing',
  plannedStart: 'Planned start',
  plannedEnd: 'Planned end',
  proposedStart: 'Proposed start',
  proposedEnd: 'Proposed end',
  estimateLines: 'Estimate',
  estimateDeltaLines: 'Added estimate',
  deliverables: 'Deliverables',
  dueDate: 'Due date',
  termStart: 'Term start',
  termEnd: 'Term end',
  period: 'Period',
  password: 'Password',
  contentHash: 'Document fingerprint',
  revision: 'Revision',
  status: 'Status',
  number: 'Number',
  address: 'Address',
  country: 'Country',
  latitude: 'Latitude',
  longitude: 'Longitude',
  startsAt: 'Starts at',
  durationMinutes: 'Duration',
  outcome: 'Outcome',
  at: 'When',
};

/** The label of a field by its API name: "incidentType" → "Incident type"; unknown names read as their words. */
export function fieldLabel(name: string): string {
  if (Object.hasOwn(fieldLabels, name)) return fieldLabels[name]!;
  const words = name
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return humanize(words);
}

/** The label kind whose values are exactly these (an enum refusal names its choices by their labels). */
export function labelKindOf(values: readonly unknown[]): LabelKind | null {
  const wanted = values.map(String).sort().join('|');
  for (const kind of Object.keys(labels) as LabelKind[])
    if (Object.keys(labels[kind]).sort().join('|') === wanted) return kind;
  return null;
}

/** An internal id inside a text (`eff_01h…`): never shown to a person. */
const internalId = /\b[a-z]{2,4}_[0-9a-z]{20,}\b/g;

/**
 * A ledger entry's reference as people read it. The reference is hashed into the chain and never changes, and
 * effort postings name their effort entry by its internal id ("effort eff_…"): shown as "Logged effort".
 */
export function ledgerReferenceText(reference: string): string {
  const words = reference.replace(internalId, '').replace(/\s+/g, ' ').trim();
  if (words === reference) return reference;
  return words === 'effort' ? 'Logged effort' : words;
}
