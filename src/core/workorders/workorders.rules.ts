import { DateTime } from 'luxon';
import type { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { FirmSettings } from '../../shared/contracts/settings.ts';
import type {
  ChangeOrderStatus,
  DeliverableInput,
  DeltaLineInput,
  EstimateLineInput,
  WorkOrderContent,
  WorkOrderStatus,
} from '../../shared/contracts/workorders.ts';
import type { Activity, DeliverableKind, IncidentType, RequestKind, Severity } from '../../shared/domain.ts';
import { AppError } from '../../shared/errors.ts';
import { formatAmount, ledgerUnitOf, quantity, type ContractUnit, type Quantity } from '../../shared/units.ts';
import {
  convertEffort,
  isBillableActivity,
  minutesToLedger,
  reservationAmount,
  type ContractRateCard,
} from '../billing/billing.rules.ts';
import { firstWord } from '../inbound/inbound.rules.ts';
import { overdraftCheck, type LedgerTotals } from '../ledger/ledger.rules.ts';

// ── Lifecycles ─────────────────────────────────────────────────────────────────────────────────

/** EWO version states of domain.md: a draft is sent; a sent version is decided, superseded or expires. */
export const versionTransitions: Record<WorkOrderStatus, readonly WorkOrderStatus[]> = {
  draft: ['sent'],
  sent: ['approved', 'declined', 'changes_requested', 'superseded', 'expired'],
  approved: [],
  declined: [],
  changes_requested: [],
  superseded: [],
  expired: [],
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

/** Refuses a move the version lifecycle does not allow (409 INVALID_TRANSITION). */
export function assertVersionTransition(from: WorkOrderStatus, to: WorkOrderStatus, what = 'The EWO version'): void {
  if (versionTransitions[from].includes(to)) return;
  throw new AppError(
    'INVALID_TRANSITION',
    `${what} is ${from.replace(/_/g, ' ')}: it cannot become ${to.replace(/_/g, ' ')}.`,
    { from, to, allowed: versionTransitions[from] },
  );
}

/** Refuses a move the change-order lifecycle does not allow (409 INVALID_TRANSITION). */
export function assertChangeOrderTransition(from: ChangeOrderStatus, to: ChangeOrderStatus): void {
  if (changeOrderTransitions[from].includes(to)) return;
  throw new AppError('INVALID_TRANSITION', `The change order is ${from}: it cannot become ${to}.`, {
    from,
    to,
    allowed: changeOrderTransitions[from],
  });
}

/** What editing does to an EWO whose latest version has `status`: edit the draft, start the next version, or refuse. */
export function editEffect(status: WorkOrderStatus): 'edit_draft' | 'next_version' | 'refuse' {
  if (status === 'draft') return 'edit_draft';
  if (status === 'sent' || status === 'changes_requested') return 'next_version';
  return 'refuse';
}

/** Why a sent version (or change order) can no longer be decided at `now`, or null when it can. */
export function notDecidableReason(s: { status: string; approvalDeadline: Date | null }, now: Date): string | null {
  if (s.status !== 'sent') {
    const why: Record<string, string> = {
      draft: 'it has not been sent for approval yet',
      approved: 'it was approved already',
      declined: 'it was declined',
      changes_requested: 'changes were requested, and the firm is revising it',
      superseded: 'the firm revised it: a newer version replaces this one',
      expired: 'its approval deadline passed',
    };
    return why[s.status] ?? `it is ${s.status}`;
  }
  if (s.approvalDeadline && s.approvalDeadline.getTime() <= now.getTime())
    return `its approval deadline (${s.approvalDeadline.toISOString()}) passed`;
  return null;
}

// ── Deadlines and dates ────────────────────────────────────────────────────────────────────────

/** The default approval deadline (domain rule 9): 48 hours after sending for emergencies, 14 days for proactive work. */
export function defaultDeadline(
  kind: RequestKind,
  sentAt: Date,
  firm: Pick<FirmSettings, 'emergencyApprovalDeadlineHours' | 'proactiveApprovalDeadlineDays'>,
): Date {
  const ms =
    kind === 'emergency'
      ? firm.emergencyApprovalDeadlineHours * 3_600_000
      : firm.proactiveApprovalDeadlineDays * 86_400_000;
  return new Date(sentAt.getTime() + ms);
}

/** The default deadline in words ("48 hours after sending"). */
export function defaultDeadlineRule(
  kind: RequestKind,
  firm: Pick<FirmSettings, 'emergencyApprovalDeadlineHours' | 'proactiveApprovalDeadlineDays'>,
): string {
  return kind === 'emergency'
    ? `${firm.emergencyApprovalDeadlineHours} hours after sending`
    : `${firm.proactiveApprovalDeadlineDays} days after sending`;
}

/** The calendar date of a date-or-instant in a time zone (a date stays as it is). */
export function localDateOf(v: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  return DateTime.fromISO(v, { setZone: true }).setZone(timeZone).toISODate()!;
}

/** A date-or-instant for people: a date as it is, an instant in the customer's zone ("2026-11-03 04:02 (America/Chicago)"). */
export function displayWhen(v: string | null, timeZone: string): string {
  if (!v) return 'to be agreed';
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  return `${DateTime.fromISO(v, { setZone: true }).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm')} (${timeZone})`;
}

/** The travel sentence of an EWO document, from the contract's T&E policy. */
export const travelPolicy = (travelTimeBillable: boolean): string =>
  `Travel and expenses are billed at cost, separately from the retainer. Travel time ${travelTimeBillable ? 'is' : 'is not'} drawn from the retainer (contract's T&E policy).`;

/** Delivery modes in words, as the EWO document and its summary print them. */
export const modeLabels = { onsite: 'On site', remote: 'Remote', hybrid: 'Remote and on site' } as const;

/** A date-or-instant as a comparable instant: a date is its start of day in the zone. */
export const instantOf = (v: string, timeZone: string): number =>
  /^\d{4}-\d{2}-\d{2}$/.test(v) ? DateTime.fromISO(v, { zone: timeZone }).toMillis() : Date.parse(v);

// ── Estimates and reservations ────────────────────────────────────────────────────────────────

export interface EstimateResult {
  lines: { activity: Activity; role: string; minutes: number; amount: number }[];
  total: number;
}

/** Each effort line converted by the contract's rate card like logged effort (non-billable lines count 0), and the total. */
export function estimateOf(lines: readonly EstimateLineInput[], card: ContractRateCard): EstimateResult {
  const out = lines.map((l) => ({
    ...l,
    amount: isBillableActivity(l.activity, card.settings)
      ? convertEffort(l.minutes, l.activity, false, card).amount
      : 0,
  }));
  return { lines: out, total: out.reduce((s, l) => s + l.amount, 0) };
}

/** A change order's delta: each line converted by its magnitude, with its sign (negative minutes reduce). */
export function deltaOf(lines: readonly DeltaLineInput[], card: ContractRateCard): EstimateResult {
  const out = lines.map((l) => {
    const magnitude = isBillableActivity(l.activity, card.settings)
      ? convertEffort(Math.abs(l.minutes), l.activity, false, card).amount
      : 0;
    return { ...l, amount: l.minutes < 0 ? -magnitude : magnitude };
  });
  return { lines: out, total: out.reduce((s, l) => s + l.amount, 0) };
}

/** What approving the content reserves (billing.rules reservationAmount: fixed price, or max(estimate, minimum)). */
export function reservationOf(
  c: Pick<WorkOrderContent, 'pricingMode' | 'fixedPrice' | 'minimumBillable' | 'estimateLines'>,
  card: ContractRateCard,
): number {
  return reservationAmount({
    pricingMode: c.pricingMode,
    estimate: estimateOf(c.estimateLines, card).total,
    fixedPrice: c.fixedPrice,
    minimumBillable: c.minimumBillable,
  });
}

/** A change order may not take the estimate below what the engagement consumed already. */
export function changeProblem(o: {
  estimate: number;
  delta: number;
  consumed: number;
  unit: ContractUnit;
}): string | null {
  if (o.delta === 0) return 'The change converts to zero units: add or remove billable effort.';
  if (o.estimate + o.delta < o.consumed) {
    const lowest = o.consumed - o.estimate;
    return `The estimate cannot drop below what was consumed (${formatAmount(o.consumed, ledgerUnitOf(o.unit))}): reduce it by at most ${formatAmount(-lowest, ledgerUnitOf(o.unit))}.`;
  }
  return null;
}

export interface BalanceImpactView {
  availableBefore: Quantity;
  change: Quantity;
  availableAfter: Quantity;
  refused: boolean;
  shortfall: Quantity | null;
  overdraftPolicy: string;
}

/** What reserving `change` (negative: releasing) does to available, and whether the overdraft policy refuses it. */
export function balanceImpact(
  totals: LedgerTotals & { available: number },
  change: number,
  policy: ContractSettings['overdraftPolicy'],
  unit: ContractUnit,
): BalanceImpactView {
  const after = { ...totals, reserved: Math.max(0, totals.reserved + change) };
  const check = overdraftCheck(totals, after, policy);
  const q = (n: number) => quantity(n, unit);
  const availableAfter = totals.available - (after.reserved - totals.reserved);
  return {
    availableBefore: q(totals.available),
    change: q(change),
    availableAfter: q(availableAfter),
    refused: !check.ok,
    shortfall: check.ok ? null : q(check.shortfall),
    overdraftPolicy:
      policy.mode === 'allow_up_to'
        ? `allow up to ${formatAmount(policy.limit, ledgerUnitOf(unit))} overdraft`
        : policy.mode === 'allow'
          ? 'allow overage (flagged)'
          : 'block: no overdraft',
  };
}

// ── Templates ─────────────────────────────────────────────────────────────────────────────────

export interface TemplateInput {
  request: {
    kind: RequestKind;
    description: string;
    incidentType: IncidentType | null;
    severity: Severity | null;
    onsiteRequired: boolean;
    desiredStart: string | null;
    receivedAt: Date;
  };
  timeZone: string;
  item: {
    id: string;
    name: string;
    description: string;
    sizes: {
      code: string;
      estimateMinutes: number;
      fixedPriceUnits: number | null;
      fixedPriceMinutes: number | null;
    }[];
    deliverables: readonly DeliverableKind[];
    minimumBillableMinutes: number;
  } | null;
  card: ContractRateCard & { settings: Pick<ContractSettings, 'minimumBillable'> };
  now: Date;
}

const deliverableTitles: Record<DeliverableKind, string> = {
  final_report: 'Final report',
  executive_briefing: 'Executive briefing',
  ioc_list: 'Indicators of compromise (IOC) list',
  after_action_report: 'After-action report',
  scenario_pack: 'Scenario pack',
  other: 'Course material and attendance certificates',
};

/** Splits `total` minutes into shares rounded to quarter hours; the first share takes the remainder. */
function split(total: number, shares: number[]): number[] {
  const parts = shares.map((s) => Math.floor((total * s) / 100 / 15) * 15);
  parts[0]! += total - parts.reduce((a, b) => a + b, 0);
  return parts;
}

/** The fixed price of a catalog size in the contract's ledger unit, or null. */
export function sizePrice(
  size: { fixedPriceUnits: number | null; fixedPriceMinutes: number | null },
  unit: ContractUnit,
): number | null {
  return unit === 'hours' ? size.fixedPriceMinutes : size.fixedPriceUnits;
}

/**
 * A new draft prefilled from the request, its catalog item and the contract: emergency IR has its own
 * template (remote now, on site when needed, containment pre-authorised); proactive services take the
 * catalog's standard scope, the middle size and its fixed price.
 */
export function draftTemplate(i: TemplateInput): WorkOrderContent {
  const { request: r, item, card } = i;
  const emergency = r.kind === 'emergency';
  const size = item?.sizes.length
    ? emergency
      ? item.sizes[0]!
      : (item.sizes.find((s) => s.code === 'M') ?? item.sizes[Math.floor(item.sizes.length / 2)]!)
    : null;
  const estimateMinutes = size?.estimateMinutes ?? (emergency ? 40 * 60 : 16 * 60);
  const price = size ? sizePrice(size, card.unit) : null;
  const minimumFromItem =
    item && item.minimumBillableMinutes > 0 ? minutesToLedger(item.minimumBillableMinutes, card) : 0;
  const minimumBillable = minimumFromItem || card.settings.minimumBillable[r.kind];
  const type = r.incidentType ? r.incidentType.replace(/_/g, ' ') : 'security';

  let estimateLines: EstimateLineInput[];
  if (emergency) {
    const [forensic, containment] = split(estimateMinutes, [60, 40]);
    estimateLines = [
      { activity: 'analysis', role: 'forensic lead', minutes: forensic! },
      { activity: 'analysis', role: 'containment lead', minutes: containment! },
    ];
  } else {
    const [main, prep, report] = split(estimateMinutes, [50, 25, 25]);
    estimateLines = [
      { activity: 'preparation', role: 'lead consultant', minutes: prep! },
      { activity: r.onsiteRequired ? 'onsite_work' : 'analysis', role: 'lead consultant', minutes: main! },
      { activity: 'deliverable_preparation', role: 'lead consultant', minutes: report! },
    ];
  }

  const today = DateTime.fromJSDate(i.now, { zone: i.timeZone });
  const start = emergency ? i.now.toISOString() : r.desiredStart;
  const startDay = emergency ? today : r.desiredStart ? DateTime.fromISO(r.desiredStart, { zone: i.timeZone }) : null;
  const workDays = Math.max(1, Math.ceil(estimateMinutes / (8 * 60) / (emergency ? 2 : 1)));
  const end = startDay
    ? startDay.plus({ days: Math.max(1, workDays + (emergency ? 0 : Math.ceil(workDays / 2))) }).toISODate()!
    : null;
  const due = (k: DeliverableKind): string | null => {
    if (!startDay) return null;
    if (k === 'ioc_list') return startDay.plus({ days: 2 }).toISODate()!;
    if (k === 'executive_briefing' && emergency) return startDay.plus({ days: 3 }).toISODate()!;
    if (k === 'scenario_pack') return startDay.minus({ days: 7 }).toISODate()!;
    return end ? DateTime.fromISO(end).plus({ days: 10 }).toISODate()! : null;
  };
  const deliverables: DeliverableInput[] = (
    item?.deliverables ?? (emergency ? ['ioc_list', 'final_report'] : ['final_report'])
  ).map((k) => ({ kind: k, title: deliverableTitles[k], dueDate: due(k) }));
  const roles = [...new Set(estimateLines.map((l) => l.role))];

  return {
    catalogItemId: item?.id ?? null,
    sizeCode: size?.code ?? null,
    title: emergency
      ? `Emergency incident response: ${r.severity ?? ''} ${type}`.replace(/\s+/g, ' ').trim()
      : (item?.name ?? 'Proactive service'),
    scope: emergency
      ? `Respond to the ${type} incident reported on ${DateTime.fromJSDate(r.receivedAt, { zone: i.timeZone }).toFormat('yyyy-MM-dd HH:mm')} (${i.timeZone}): triage, containment, forensic acquisition and analysis, eradication and recovery support.\n\nAs reported: ${r.description}`
      : `${item?.description ?? ''}\n\nAs requested: ${r.description}`.trim(),
    objectives: emergency
      ? [
          'Contain the incident and stop further damage',
          'Establish what happened, how, and what was affected',
          'Support eradication and a safe recovery',
        ]
      : [`Deliver the ${item?.name ?? 'service'} as described in the scope`],
    inScope: emergency
      ? [
          'Remote triage and containment advice',
          'Forensic acquisition and analysis of affected systems',
          'Eradication and recovery support',
        ]
      : ['The standard scope of the service described above'],
    outOfScope: emergency
      ? ['Rebuilding systems and restoring data (customer IT)', 'Negotiation with threat actors', 'Legal advice']
      : ['Remediation of findings', 'Work not described in the scope'],
    deliveryMode: emergency ? (r.onsiteRequired ? 'hybrid' : 'remote') : r.onsiteRequired ? 'onsite' : 'remote',
    siteIds: [],
    pricingMode: !emergency && price !== null ? 'fixed' : 'time_and_materials',
    fixedPrice: !emergency && price !== null ? price : null,
    estimateLines,
    minimumBillable,
    deliverables,
    proposedStart: start,
    proposedEnd: end,
    staffingPlan: roles.map((role) => ({ role, count: 1 })),
    travelEstimate: null,
    assumptions: emergency
      ? [
          'Remote access to the affected environment (EDR, logs, VPN) is granted promptly',
          'The estimate covers the first phase; more work needs a change order',
        ]
      : [
          'Dates are confirmed with your point of contact at kickoff',
          'Interviewees and documents are available as planned',
        ],
    customerResponsibilities: emergency
      ? [
          'Name a technical contact available around the clock',
          'Preserve evidence: do not wipe or reimage affected systems before acquisition',
          'Decide on notifications to authorities, insurers and customers',
        ]
      : ['Name a coordinator for the engagement', 'Provide access to the people, systems and documents in scope'],
    preAuthorizedActions: emergency
      ? [
          'Isolate affected hosts from the network',
          'Disable or reset compromised accounts',
          'Block malicious domains, IP addresses and hashes',
        ]
      : [],
    approvalDeadline: null,
  };
}

// ── Sending ───────────────────────────────────────────────────────────────────────────────────

/** What a draft lacks before it can be sent, as API field errors (empty: complete). */
export function sendProblems(
  c: WorkOrderContent,
  o: { timeZone: string; validSiteIds: string[]; now: Date },
): { path: string; message: string }[] {
  const p: { path: string; message: string }[] = [];
  if (!c.scope.trim()) p.push({ path: 'scope', message: 'describe the scope' });
  if (c.pricingMode === 'time_and_materials' && !c.estimateLines.some((l) => l.minutes > 0))
    p.push({ path: 'estimateLines', message: 'add at least one line of estimated effort' });
  if (c.pricingMode === 'fixed' && (c.fixedPrice === null || c.fixedPrice <= 0))
    p.push({ path: 'fixedPrice', message: 'fixed pricing needs a price' });
  if (!c.proposedStart) p.push({ path: 'proposedStart', message: 'propose a start' });
  if (!c.proposedEnd) p.push({ path: 'proposedEnd', message: 'propose an end' });
  if (c.proposedStart && c.proposedEnd && instantOf(c.proposedEnd, o.timeZone) < instantOf(c.proposedStart, o.timeZone))
    p.push({ path: 'proposedEnd', message: 'must not be before the start' });
  if (c.deliveryMode !== 'remote' && c.siteIds.length === 0)
    p.push({ path: 'siteIds', message: `${c.deliveryMode} work needs at least one site` });
  c.siteIds.forEach((s, n) => {
    if (!o.validSiteIds.includes(s)) p.push({ path: `siteIds.${n}`, message: 'is not a site of this customer' });
  });
  if (c.approvalDeadline && Date.parse(c.approvalDeadline) <= o.now.getTime())
    p.push({ path: 'approvalDeadline', message: 'must be in the future' });
  return p;
}

/** Proactive dates respect the lead time stored on the request (domain rule 9): the same rule and error as requests. */
export function assertLeadTime(
  c: Pick<WorkOrderContent, 'proposedStart'>,
  r: { kind: RequestKind; earliestStart: string | null; leadTimeDays: number | null; receivedAt: Date },
  timeZone: string,
): void {
  if (r.kind !== 'proactive' || !r.earliestStart || !c.proposedStart) return;
  const start = localDateOf(c.proposedStart, timeZone);
  if (start >= r.earliestStart) return;
  throw new AppError(
    'LEAD_TIME_TOO_SHORT',
    `The earliest allowed start is ${r.earliestStart}: this request needs ${r.leadTimeDays} days' lead time, counted in ${timeZone} from ${DateTime.fromJSDate(r.receivedAt, { zone: timeZone }).toISODate()}. Propose ${r.earliestStart} or later.`,
    {
      earliestStart: r.earliestStart,
      leadTimeDays: r.leadTimeDays,
      timeZone,
      proposedStart: c.proposedStart,
      errors: [{ path: 'body.proposedStart', message: `must be ${r.earliestStart} or later` }],
    },
  );
}

// ── Email replies ─────────────────────────────────────────────────────────────────────────────

/** A reply's command: its first word APPROVE or DECLINE (the reason after it), or null for anything else. */
export function replyCommand(body: string): { decision: 'approve' | 'decline'; reason: string } | null {
  const { word, rest } = firstWord(body);
  if (word === 'APPROVE' || word === 'APPROVED') return { decision: 'approve', reason: rest };
  if (word === 'DECLINE' || word === 'DECLINED') return { decision: 'decline', reason: rest };
  return null;
}

/** The part of a reason worth keeping from an email reply (first paragraph, at most 2000 characters). */
export const replyReason = (rest: string): string | null => {
  const first = rest.split(/\n\s*\n/)[0]?.trim() ?? '';
  return first ? first.slice(0, 2000) : null;
};

/** A reply-to token fits the 64-character local part of `ewo+<token>@domain` and survives lower-casing. */
export const REPLY_TOKEN_PATTERN = /^[0-9a-f]{48}$/;

export const units = (n: number, unit: ContractUnit): string => formatAmount(n, ledgerUnitOf(unit));
