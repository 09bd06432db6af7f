import { formatAmount, ledgerUnitOf } from '../../../shared/units.ts';
import type { ContractSettings, ContractSettingsPatch, ContractUnit } from '../../api/types.ts';
import { readAmount } from './amount.ts';

/** The editable settings of a contract as form fields hold them (amounts as typed text, numbers or ''). */
export interface SettingsDraft {
  overdraftMode: 'block' | 'allow_up_to' | 'allow';
  overdraftLimit: string;
  roundingIncrementMinutes: number | '';
  expiryMode: 'expire' | 'rollover';
  rolloverPercent: number | '';
  leadTimeDaysOverride: number | '';
  statementDay: number | '';
  estimateTolerancePercent: number | '';
  minimumEmergency: string;
  minimumProactive: string;
  minimumAppliesOnCancel: boolean;
  afterHoursMultiplier: string;
  travelTimeBillable: boolean;
  customerSeesEffortDetail: boolean;
  alertThresholds: string;
}

export type DraftField = keyof SettingsDraft;

/** The defaults of domain.md, as a new contract's form starts. */
export const defaultDraft: SettingsDraft = {
  overdraftMode: 'block',
  overdraftLimit: '',
  roundingIncrementMinutes: 15,
  expiryMode: 'expire',
  rolloverPercent: 100,
  leadTimeDaysOverride: '',
  statementDay: 1,
  estimateTolerancePercent: 10,
  minimumEmergency: '',
  minimumProactive: '',
  minimumAppliesOnCancel: true,
  afterHoursMultiplier: '1',
  travelTimeBillable: false,
  customerSeesEffortDetail: false,
  alertThresholds: '50, 75, 90, 100',
};

const amountText = (n: number, unit: ContractUnit): string =>
  n ? formatAmount(n, ledgerUnitOf(unit)).replace(/\s+/g, '').toLowerCase() : '';

/** A stored contract's settings as form fields. */
export function draftOf(settings: ContractSettings, unit: ContractUnit): SettingsDraft {
  return {
    overdraftMode: settings.overdraftPolicy.mode,
    overdraftLimit:
      settings.overdraftPolicy.mode === 'allow_up_to' ? amountText(settings.overdraftPolicy.limit, unit) : '',
    roundingIncrementMinutes: settings.roundingIncrementMinutes,
    expiryMode: settings.expiryPolicy.mode,
    rolloverPercent: settings.expiryPolicy.mode === 'rollover' ? settings.expiryPolicy.percent : 100,
    leadTimeDaysOverride: settings.leadTimeDaysOverride ?? '',
    statementDay: settings.statementDay,
    estimateTolerancePercent: settings.estimateTolerancePercent,
    minimumEmergency: amountText(settings.minimumBillable.emergency, unit),
    minimumProactive: amountText(settings.minimumBillable.proactive, unit),
    minimumAppliesOnCancel: settings.minimumAppliesOnCancel,
    afterHoursMultiplier: settings.afterHoursMultiplier,
    travelTimeBillable: settings.travelTimeBillable,
    customerSeesEffortDetail: settings.customerSeesEffortDetail,
    alertThresholds: settings.alertThresholds.join(', '),
  };
}

/** Where the server's settings problems go: its path under `settings.` → the form field that shows it. */
export const fieldOfPath: Record<string, DraftField> = {
  'settings.overdraftPolicy': 'overdraftMode',
  'settings.overdraftPolicy.mode': 'overdraftMode',
  'settings.overdraftPolicy.limit': 'overdraftLimit',
  'settings.roundingIncrementMinutes': 'roundingIncrementMinutes',
  'settings.expiryPolicy': 'expiryMode',
  'settings.expiryPolicy.mode': 'expiryMode',
  'settings.expiryPolicy.percent': 'rolloverPercent',
  'settings.leadTimeDaysOverride': 'leadTimeDaysOverride',
  'settings.statementDay': 'statementDay',
  'settings.estimateTolerancePercent': 'estimateTolerancePercent',
  'settings.minimumBillable.emergency': 'minimumEmergency',
  'settings.minimumBillable.proactive': 'minimumProactive',
  'settings.minimumAppliesOnCancel': 'minimumAppliesOnCancel',
  'settings.afterHoursMultiplier': 'afterHoursMultiplier',
  'settings.travelTimeBillable': 'travelTimeBillable',
  'settings.customerSeesEffortDetail': 'customerSeesEffortDetail',
  'settings.alertThresholds': 'alertThresholds',
};

/** Server field errors (by path) as messages by form field. */
export function draftErrors(fieldErrors: Record<string, string>): Partial<Record<DraftField, string>> {
  const out: Partial<Record<DraftField, string>> = {};
  for (const [path, message] of Object.entries(fieldErrors)) {
    const field = fieldOfPath[path] ?? fieldOfPath[path.replace(/\.\d+$/, '')];
    if (field) out[field] ??= message;
  }
  return out;
}

const int = (v: number | ''): number | undefined => (v === '' ? undefined : v);

/**
 * The settings patch of a draft, with the fields that do not read (an amount that does not parse); only
 * `fields` are included (the new-contract form sends its main settings, the edit form what changed).
 */
export function patchOf(
  d: SettingsDraft,
  unit: ContractUnit,
  fields: readonly DraftField[],
): { patch: ContractSettingsPatch; errors: Partial<Record<DraftField, string>> } {
  const errors: Partial<Record<DraftField, string>> = {};
  const amount = (field: DraftField, text: string): number => {
    const parsed = readAmount(text, unit);
    if (parsed.message) errors[field] = parsed.message;
    return parsed.amount ?? 0;
  };
  const has = (...f: DraftField[]) => f.some((x) => fields.includes(x));
  const patch: Record<string, unknown> = {};
  if (has('overdraftMode', 'overdraftLimit')) {
    if (d.overdraftMode === 'allow_up_to' && !d.overdraftLimit.trim())
      errors.overdraftLimit = 'give the most the balance may go below zero, e.g. 8h';
    patch['overdraftPolicy'] =
      d.overdraftMode === 'allow_up_to'
        ? { mode: 'allow_up_to', limit: amount('overdraftLimit', d.overdraftLimit) }
        : { mode: d.overdraftMode };
  }
  if (has('expiryMode', 'rolloverPercent')) {
    patch['expiryPolicy'] =
      d.expiryMode === 'rollover'
        ? { mode: 'rollover', percent: d.rolloverPercent === '' ? Number.NaN : d.rolloverPercent }
        : { mode: 'expire' };
  }
  if (has('roundingIncrementMinutes')) patch['roundingIncrementMinutes'] = int(d.roundingIncrementMinutes);
  if (has('leadTimeDaysOverride'))
    patch['leadTimeDaysOverride'] = d.leadTimeDaysOverride === '' ? null : d.leadTimeDaysOverride;
  if (has('statementDay')) patch['statementDay'] = int(d.statementDay);
  if (has('estimateTolerancePercent')) patch['estimateTolerancePercent'] = int(d.estimateTolerancePercent);
  if (has('minimumEmergency', 'minimumProactive')) {
    patch['minimumBillable'] = {
      emergency: amount('minimumEmergency', d.minimumEmergency),
      proactive: amount('minimumProactive', d.minimumProactive),
    };
  }
  if (has('minimumAppliesOnCancel')) patch['minimumAppliesOnCancel'] = d.minimumAppliesOnCancel;
  if (has('afterHoursMultiplier')) patch['afterHoursMultiplier'] = d.afterHoursMultiplier.trim();
  if (has('travelTimeBillable')) patch['travelTimeBillable'] = d.travelTimeBillable;
  if (has('customerSeesEffortDetail')) patch['customerSeesEffortDetail'] = d.customerSeesEffortDetail;
  if (has('alertThresholds')) {
    const parts = d.alertThresholds.split(/[\s,;]+/).filter(Boolean);
    if (parts.some((p) => !/^\d+$/.test(p)))
      errors.alertThresholds = 'write whole percentages separated by commas, e.g. 50, 75, 90, 100';
    patch['alertThresholds'] = parts.map(Number);
  }
  for (const k of Object.keys(patch)) if (patch[k] === undefined) delete patch[k];
  return { patch: patch as ContractSettingsPatch, errors };
}

/** The fields whose value differs between two drafts (what an edit changed). */
export const changedFields = (before: SettingsDraft, after: SettingsDraft): DraftField[] =>
  (Object.keys(before) as DraftField[]).filter((k) => before[k] !== after[k]);

/** The fields the new-contract form shows. */
export const mainFields: readonly DraftField[] = [
  'overdraftMode',
  'overdraftLimit',
  'roundingIncrementMinutes',
  'expiryMode',
  'rolloverPercent',
  'leadTimeDaysOverride',
  'statementDay',
];
