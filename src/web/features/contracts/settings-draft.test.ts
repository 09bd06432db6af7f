import { describe, expect, it } from 'vitest';
import { ContractSettings } from '../../../shared/contracts/contract-settings.ts';
import { readAmount } from './amount.ts';
import { changedFields, defaultDraft, draftErrors, draftOf, mainFields, patchOf } from './settings-draft.ts';

describe('readAmount', () => {
  it('reads what people type in the contract unit, and says what does not parse', () => {
    expect(readAmount('40h', 'hours')).toEqual({ amount: 2400, message: null });
    expect(readAmount(' 1h30m ', 'hours').amount).toBe(90);
    expect(readAmount('12.5su', 'service_units').amount).toBe(1250);
    expect(readAmount('', 'hours')).toEqual({ amount: null, message: null });
    expect(readAmount('forty', 'hours').message).toMatch(/not an amount of time/);
    expect(readAmount('-2h', 'hours')).toEqual({ amount: null, message: 'must not be negative' });
    expect(readAmount('-2h', 'hours', { signed: true }).amount).toBe(-120);
    expect(readAmount('+2h', 'hours', { signed: true }).amount).toBe(120);
  });
});

describe('settings drafts', () => {
  it('turn the defaults into a patch the server schema accepts, equal to its own defaults', () => {
    const { patch, errors } = patchOf(defaultDraft, 'hours', mainFields);
    expect(errors).toEqual({});
    const parsed = ContractSettings.parse(patch);
    expect(parsed).toEqual(ContractSettings.parse({}));
  });

  it('round-trip stored settings through the form, amounts in the contract unit', () => {
    const stored = ContractSettings.parse({
      overdraftPolicy: { mode: 'allow_up_to', limit: 480 },
      expiryPolicy: { mode: 'rollover', percent: 25 },
      minimumBillable: { emergency: 240, proactive: 0 },
      leadTimeDaysOverride: 14,
      alertThresholds: [80, 100],
    });
    const draft = draftOf(stored, 'hours');
    expect([draft.overdraftLimit, draft.minimumEmergency, draft.minimumProactive, draft.alertThresholds]).toEqual([
      '8h00m',
      '4h00m',
      '',
      '80, 100',
    ]);
    const all = Object.keys(draft) as (keyof typeof draft)[];
    expect(ContractSettings.parse(patchOf(draft, 'hours', all).patch)).toEqual(stored);
  });

  it('send only what changed, and refuse an amount that does not read', () => {
    const before = draftOf(ContractSettings.parse({}), 'service_units');
    const after = {
      ...before,
      overdraftMode: 'allow_up_to' as const,
      overdraftLimit: 'lots',
      statementDay: 5 as const,
    };
    const fields = changedFields(before, after);
    expect(fields.sort()).toEqual(['overdraftLimit', 'overdraftMode', 'statementDay']);
    const r = patchOf(after, 'service_units', fields);
    expect(r.errors.overdraftLimit).toMatch(/service units/);
    expect(Object.keys(r.patch).sort()).toEqual(['overdraftPolicy', 'statementDay']);
  });

  it('put server problems under their fields', () => {
    expect(
      draftErrors({
        'settings.overdraftPolicy.limit': 'too big',
        'settings.alertThresholds.1': 'max 100',
        number: 'taken',
      }),
    ).toEqual({ overdraftLimit: 'too big', alertThresholds: 'max 100' });
  });
});
