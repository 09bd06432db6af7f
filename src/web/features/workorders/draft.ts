/**
 * The EWO editor's form: what a person types (texts, one item per line, "24h" efforts, dates in the
 * customer's zone) and its conversion to the API's fields. Pure, so it is tested without a browser.
 * Amounts are only parsed here (shared/units.ts parseAmount); every figure shown comes from the server.
 */
import { DateTime } from 'luxon';
import { formatMoney, isCurrency, parseMoney } from '../../../shared/currencies.ts';
import { formatAmount, ledgerUnitOf, parseAmount } from '../../../shared/units.ts';
import type {
  Activity,
  ContractUnit,
  DeliverableKind,
  DeliveryMode,
  PricingMode,
  Quantity,
  UpdateWorkOrderBody,
  WorkOrder,
} from './workorders.types.ts';

type Patch = Omit<UpdateWorkOrderBody, 'revision'>;

export interface LineRow {
  key: string;
  activity: Activity;
  role: string;
  effort: string;
}
export interface DeliverableRow {
  key: string;
  kind: DeliverableKind;
  title: string;
  dueDate: string;
}
export interface StaffRow {
  key: string;
  role: string;
  count: string;
  userId: string;
  /** Skills of the catalog the role needs, with a minimum level each. */
  skills: { skillId: string; minLevel: number }[];
}
/** A date-or-instant as typed: a date, and a time of day in the customer's zone (empty: the date alone). */
export interface When {
  date: string;
  time: string;
}

export interface DraftForm {
  title: string;
  scope: string;
  objectives: string;
  inScope: string;
  outOfScope: string;
  deliveryMode: DeliveryMode;
  siteIds: string[];
  pricingMode: PricingMode;
  catalogItemId: string | null;
  sizeCode: string | null;
  fixedPrice: string;
  estimateLines: LineRow[];
  minimumBillable: string;
  deliverables: DeliverableRow[];
  proposedStart: When;
  proposedEnd: When;
  staffingPlan: StaffRow[];
  travelAmount: string;
  travelCurrency: string;
  assumptions: string;
  customerResponsibilities: string;
  preAuthorizedActions: string;
  /** A `datetime-local` value in the reader's zone; empty: the firm's default after sending. */
  approvalDeadline: string;
}

/** The API field each form field writes (travel's two inputs write one field). */
export type FieldName = keyof Patch;
const fieldOf = (k: keyof DraftForm): FieldName =>
  k === 'travelAmount' || k === 'travelCurrency' ? 'travelEstimate' : k;

let counter = 0;
/** A key for a new table row (React identity only; never sent). */
export const rowKey = (): string => `row${++counter}`;

export const unitOfQuantity = (quantity: Quantity): ContractUnit =>
  quantity.unit === 'minute' ? 'hours' : 'service_units';

/** An amount as a person would type it again ("40h 00m", "16.00 SU"): parseAmount reads the display string back. */
export const amountText = (amount: number, unit: ContractUnit): string => formatAmount(amount, ledgerUnitOf(unit));

/** Minutes of an estimate line, as typed ("24h", "1h30m", "90m"; a plain number counts minutes). */
export function readEffort(
  text: string,
  o: { signed?: boolean } = {},
): { minutes: number | null; message: string | null } {
  const trimmed = text.trim().replace(/^\+/, '');
  if (!trimmed) return { minutes: null, message: 'give the effort, e.g. 24h or 90m' };
  const parsed = parseAmount(trimmed, 'hours');
  if (!parsed.ok) return { minutes: null, message: parsed.message };
  if (!o.signed && parsed.amount < 0) return { minutes: null, message: 'must not be negative' };
  return { minutes: parsed.amount, message: null };
}

/** An amount in the contract's unit, as typed; empty is null. */
function readAmountText(text: string, unit: ContractUnit): { amount: number | null; message: string | null } {
  const trimmed = text.trim();
  if (!trimmed) return { amount: null, message: null };
  const parsed = parseAmount(trimmed, unit);
  if (!parsed.ok) return { amount: null, message: parsed.message };
  if (parsed.amount < 0) return { amount: null, message: 'must not be negative' };
  return { amount: parsed.amount, message: null };
}

/**
 * Money in major units ("1500", "1,500.50") to minor units of the currency (2 decimals for USD, none for
 * JPY, 3 for KWD); an unknown currency is the currency field's problem, reported there.
 */
export function readMoney(text: string, currency: string): { minor: number | null; message: string | null } {
  const trimmed = text.trim().replace(/\s/g, '');
  if (!trimmed || !isCurrency(currency)) return { minor: null, message: null };
  const parsed = parseMoney(trimmed, currency);
  return parsed.ok ? { minor: parsed.amount, message: null } : { minor: null, message: parsed.message };
}

/** Minor units as the amount field shows them, in the currency's decimals and without grouping. */
export const moneyText = (minor: number, currency: string): string =>
  isCurrency(currency) ? formatMoney(minor, currency).replace(/,/g, '').replace(/ \S+$/, '') : String(minor);

const linesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const textOf = (items: readonly string[]): string => items.join('\n');

/** A date-or-instant as the form shows it, in the customer's zone. */
export function whenOf(v: string | null, timeZone: string): When {
  if (!v) return { date: '', time: '' };
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return { date: v, time: '' };
  const dateTime = DateTime.fromISO(v, { setZone: true }).setZone(timeZone);
  return dateTime.isValid ? { date: dateTime.toISODate()!, time: dateTime.toFormat('HH:mm') } : { date: '', time: '' };
}

/** The API value of a typed date-or-instant: a date alone, or the instant of that local time in the zone. */
export function whenValue(when: When, timeZone: string): { value: string | null; message: string | null } {
  if (!when.date) return { value: null, message: when.time ? 'choose a date for this time' : null };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(when.date)) return { value: null, message: 'choose a date' };
  if (!when.time) return { value: when.date, message: null };
  const dateTime = DateTime.fromISO(`${when.date}T${when.time}`, { zone: timeZone });
  if (!dateTime.isValid) return { value: null, message: 'choose a valid time' };
  return { value: dateTime.toISO({ suppressMilliseconds: true })!, message: null };
}

/** An instant as a `datetime-local` value in the reader's zone, and back. */
export const localInputOf = (iso: string | null): string =>
  iso ? DateTime.fromISO(iso).toLocal().toFormat("yyyy-MM-dd'T'HH:mm") : '';
export function localInputValue(v: string): { value: string | null; message: string | null } {
  if (!v) return { value: null, message: null };
  const dateTime = DateTime.fromISO(v);
  return dateTime.isValid
    ? { value: dateTime.toISO({ suppressMilliseconds: true })!, message: null }
    : { value: null, message: 'choose a date and time' };
}

/** The form of an EWO's current content, as the server holds it. */
export function formOf(workOrder: WorkOrder, timeZone: string): DraftForm {
  const unit = unitOfQuantity(workOrder.minimumBillable);
  return {
    title: workOrder.title,
    scope: workOrder.scope,
    objectives: textOf(workOrder.objectives),
    inScope: textOf(workOrder.inScope),
    outOfScope: textOf(workOrder.outOfScope),
    deliveryMode: workOrder.deliveryMode,
    siteIds: [...workOrder.siteIds],
    pricingMode: workOrder.pricingMode,
    catalogItemId: workOrder.catalogItemId,
    sizeCode: workOrder.sizeCode,
    fixedPrice: workOrder.fixedPrice ? amountText(workOrder.fixedPrice.amount, unit) : '',
    estimateLines: workOrder.estimateLines.map((l) => ({
      key: rowKey(),
      activity: l.activity,
      role: l.role,
      effort: amountText(l.minutes, 'hours'),
    })),
    minimumBillable: amountText(workOrder.minimumBillable.amount, unit),
    deliverables: workOrder.deliverables.map((d) => ({
      key: rowKey(),
      kind: d.kind,
      title: d.title,
      dueDate: d.dueDate ?? '',
    })),
    proposedStart: whenOf(workOrder.proposedStart, timeZone),
    proposedEnd: whenOf(workOrder.proposedEnd, timeZone),
    staffingPlan: workOrder.staffingPlan.map((s) => ({
      key: rowKey(),
      role: s.role,
      count: String(s.count),
      userId: s.userId ?? '',
      skills: s.skills ?? [],
    })),
    travelAmount: workOrder.travelEstimate
      ? moneyText(workOrder.travelEstimate.amountMinor, workOrder.travelEstimate.currency)
      : '',
    travelCurrency: workOrder.travelEstimate?.currency ?? '',
    assumptions: textOf(workOrder.assumptions),
    customerResponsibilities: textOf(workOrder.customerResponsibilities),
    preAuthorizedActions: textOf(workOrder.preAuthorizedActions),
    approvalDeadline: localInputOf(workOrder.approvalDeadline),
  };
}

/** Form fields compared without the rows' React keys. */
function sameField(before: DraftForm, after: DraftForm, field: keyof DraftForm): boolean {
  const strip = (v: unknown) => JSON.stringify(v, (key, x: unknown) => (key === 'key' ? undefined : x));
  return strip(before[field]) === strip(after[field]);
}

/** The API fields whose form inputs differ between two forms. */
export function changedFields(saved: DraftForm, form: DraftForm): FieldName[] {
  const out = new Set<FieldName>();
  for (const k of Object.keys(form) as (keyof DraftForm)[]) if (!sameField(saved, form, k)) out.add(fieldOf(k));
  return [...out];
}

/** Messages by field path ("estimateLines.0.minutes", "proposedStart"), as the server names them. */
export type FieldErrors = Record<string, string>;

/**
 * The API value of each asked field, and the fields that cannot be sent as typed (with why). A field
 * with a problem is left out of the values, so the rest can still be saved. A proactive start before the
 * request's earliest allowed date is one (the server would refuse the whole edit with LEAD_TIME_TOO_SHORT).
 */
export function valuesOf(
  form: DraftForm,
  fields: readonly FieldName[],
  o: { unit: ContractUnit; timeZone: string; earliestStart?: string | null },
): { patch: Patch; errors: FieldErrors } {
  const patch: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  const put = (field: FieldName, value: unknown, fieldErrors: FieldErrors) => {
    if (Object.keys(fieldErrors).length) Object.assign(errors, fieldErrors);
    else patch[field] = value;
  };
  for (const f of fields) {
    const errors: FieldErrors = {};
    switch (f) {
      case 'title':
        if (!form.title.trim()) errors['title'] = 'give the work order a title';
        put(f, form.title.trim(), errors);
        break;
      case 'scope':
      case 'deliveryMode':
      case 'pricingMode':
      case 'catalogItemId':
      case 'sizeCode':
        put(f, f === 'scope' ? form.scope.trim() : form[f], errors);
        break;
      case 'siteIds':
        put(f, [...form.siteIds], errors);
        break;
      case 'objectives':
      case 'inScope':
      case 'outOfScope':
      case 'assumptions':
      case 'customerResponsibilities':
      case 'preAuthorizedActions':
        put(f, linesOf(form[f]), errors);
        break;
      case 'fixedPrice': {
        const parsed = readAmountText(form.fixedPrice, o.unit);
        if (parsed.message) errors['fixedPrice'] = parsed.message;
        put(f, parsed.amount, errors);
        break;
      }
      case 'minimumBillable': {
        const parsed = readAmountText(form.minimumBillable, o.unit);
        if (parsed.message) errors['minimumBillable'] = parsed.message;
        else if (parsed.amount === null) errors['minimumBillable'] = 'give the minimum billable effort (0 for none)';
        put(f, parsed.amount, errors);
        break;
      }
      case 'estimateLines': {
        const lines = form.estimateLines.map((l, n) => {
          const parsed = readEffort(l.effort);
          if (parsed.message) errors[`estimateLines.${n}.minutes`] = parsed.message;
          if (!l.role.trim()) errors[`estimateLines.${n}.role`] = 'say who does it';
          return { activity: l.activity, role: l.role.trim(), minutes: parsed.minutes ?? 0 };
        });
        put(f, lines, errors);
        break;
      }
      case 'deliverables': {
        const items = form.deliverables.map((d, n) => {
          if (!d.title.trim()) errors[`deliverables.${n}.title`] = 'give the deliverable a title';
          return { kind: d.kind, title: d.title.trim(), dueDate: d.dueDate || null };
        });
        put(f, items, errors);
        break;
      }
      case 'proposedStart':
      case 'proposedEnd': {
        const parsed = whenValue(form[f], o.timeZone);
        if (parsed.message) errors[f] = parsed.message;
        else if (
          f === 'proposedStart' &&
          o.earliestStart &&
          form.proposedStart.date &&
          form.proposedStart.date < o.earliestStart
        ) {
          errors[f] = `must be ${o.earliestStart} or later (the request's lead time)`;
        }
        put(f, parsed.value, errors);
        break;
      }
      case 'staffingPlan': {
        const rows = form.staffingPlan.map((s, n) => {
          if (!s.role.trim()) errors[`staffingPlan.${n}.role`] = 'name the role';
          else if (s.role.trim().length > 100) errors[`staffingPlan.${n}.role`] = 'at most 100 characters';
          const count = Number(s.count);
          if (!Number.isInteger(count) || count < 1 || count > 50)
            errors[`staffingPlan.${n}.count`] = 'a whole number from 1 to 50';
          return {
            role: s.role.trim(),
            count,
            ...(s.userId ? { userId: s.userId } : {}),
            ...(s.skills.length ? { skills: s.skills } : {}),
          };
        });
        put(f, rows, errors);
        break;
      }
      case 'travelEstimate': {
        const currency = form.travelCurrency.trim().toUpperCase();
        const parsed = readMoney(form.travelAmount, currency);
        if (parsed.message) errors['travelEstimate.amountMinor'] = parsed.message;
        if ((form.travelAmount.trim() || currency) && !isCurrency(currency))
          errors['travelEstimate.currency'] = 'an ISO 4217 currency such as USD or EUR';
        put(f, parsed.minor === null ? null : { amountMinor: parsed.minor, currency }, errors);
        break;
      }
      case 'approvalDeadline': {
        const parsed = localInputValue(form.approvalDeadline);
        if (parsed.message) errors['approvalDeadline'] = parsed.message;
        put(f, parsed.value, errors);
        break;
      }
    }
  }
  return { patch: patch as Patch, errors };
}

/** Every field of the form, for a complete check (before sending). */
export const allFields = (form: DraftForm): FieldName[] => [
  ...new Set((Object.keys(form) as (keyof DraftForm)[]).map(fieldOf)),
];

/** Does an error path belong to this API field ("estimateLines.0.role" belongs to estimateLines)? */
export const belongsTo = (path: string, field: FieldName): boolean => path === field || path.startsWith(`${field}.`);

/**
 * After the server refused a patch for some of its fields (one staffing row naming someone outside the
 * firm, say), what to send again so that no other edit is lost: the patch without the fields its errors
 * name. Null when an error names no field of the patch (nothing to isolate) or when nothing would be left.
 */
export function patchWithoutRefused<P extends Partial<Record<FieldName, unknown>>>(
  patch: P,
  errors: FieldErrors,
): { patch: P; refused: FieldName[] } | null {
  const sent = Object.keys(patch) as FieldName[];
  const paths = Object.keys(errors);
  if (paths.length === 0) return null;
  const refused = sent.filter((f) => paths.some((p) => belongsTo(p, f)));
  if (paths.some((p) => !refused.some((f) => belongsTo(p, f)))) return null;
  const kept = sent.filter((f) => !refused.includes(f));
  if (kept.length === 0) return null;
  return { patch: Object.fromEntries(kept.map((f) => [f, patch[f]])) as P, refused };
}

const fieldNames: Record<string, string> = {
  title: 'Title',
  scope: 'Scope',
  objectives: 'Objectives',
  inScope: 'In scope',
  outOfScope: 'Out of scope',
  deliveryMode: 'Delivery mode',
  siteIds: 'Site',
  pricingMode: 'Pricing',
  catalogItemId: 'Service',
  sizeCode: 'Catalog size',
  fixedPrice: 'Fixed price',
  estimateLines: 'Estimate line',
  minimumBillable: 'Minimum billable',
  deliverables: 'Deliverable',
  proposedStart: 'Proposed start',
  proposedEnd: 'Proposed end',
  staffingPlan: 'Staffing role',
  travelEstimate: 'Travel estimate',
  assumptions: 'Assumptions',
  customerResponsibilities: 'Customer responsibilities',
  preAuthorizedActions: 'Pre-authorised actions',
  approvalDeadline: 'Approval deadline',
};

/** A field path as the form names it: "estimateLines.1.minutes" → "Estimate line 2 (minutes)". */
export function fieldLabel(path: string): string {
  const [field = '', n, ...rest] = path.split('.');
  const name = fieldNames[field] ?? field;
  if (n !== undefined && /^\d+$/.test(n)) return `${name} ${Number(n) + 1}${rest.length ? ` (${rest.join(' ')})` : ''}`;
  return n !== undefined ? `${name} (${[n, ...rest].join(' ')})` : name;
}
