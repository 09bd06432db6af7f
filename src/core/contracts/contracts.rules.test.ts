import { describe, expect, it } from 'vitest';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import {
  assertTransition,
  canTransition,
  mergeSettings,
  renewalTerm,
  termProblem,
  unitsPerHourProblem,
} from './contracts.rules.ts';

describe('contract lifecycle', () => {
  it('goes draft → active → expired | terminated and nowhere else', () => {
    expect(canTransition('draft', 'active')).toBe(true);
    expect(canTransition('draft', 'terminated')).toBe(true);
    expect(canTransition('active', 'expired')).toBe(true);
    expect(canTransition('active', 'terminated')).toBe(true);
    expect(canTransition('draft', 'expired')).toBe(false);
    expect(canTransition('active', 'draft')).toBe(false);
    expect(canTransition('expired', 'active')).toBe(false);
    expect(canTransition('terminated', 'active')).toBe(false);
    expect(() => assertTransition('expired', 'active', 'NW-1')).toThrow(
      /NW-1 is expired and cannot become active: an expired contract is final/,
    );
    expect(() => assertTransition('active', 'active', 'NW-1')).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });
});

describe('contract fields', () => {
  it('refuses a term ending before it starts', () => {
    expect(termProblem('2026-01-01', '2026-12-31')).toBeNull();
    expect(termProblem('2026-01-01', '2026-01-01')).toBeNull();
    expect(termProblem('2026-01-02', '2026-01-01')).toMatch(/before termStart/);
  });

  it('wants unitsPerHour exactly for service-unit contracts', () => {
    expect(unitsPerHourProblem('service_units', '1.5')).toBeNull();
    expect(unitsPerHourProblem('service_units', undefined)).toMatch(/need unitsPerHour/);
    expect(unitsPerHourProblem('hours', '1.5')).toMatch(/no unitsPerHour/);
    expect(unitsPerHourProblem('hours', null)).toBeNull();
  });

  it('merges a settings patch key by key, replacing policies and arrays whole', () => {
    const stored = ContractSettings.parse({
      overdraftPolicy: { mode: 'allow_up_to', limit: 600 },
      minimumBillable: { emergency: 240, proactive: 120 },
      alertThresholds: [50, 90],
    });
    const merged = mergeSettings(stored, {
      overdraftPolicy: { mode: 'block' },
      minimumBillable: { proactive: 60 },
      alertThresholds: [80],
      slaTargets: { P1: { initialContactMinutes: 30 } },
    });
    expect(merged.overdraftPolicy).toEqual({ mode: 'block' });
    expect(merged.minimumBillable).toEqual({ emergency: 240, proactive: 60 });
    expect(merged.alertThresholds).toEqual([80]);
    expect(merged.slaTargets.P1).toEqual({
      initialContactMinutes: 30,
      remoteStartMinutes: 240,
      onsiteArrivalMinutes: 1440,
    });
    expect(merged.roundingIncrementMinutes).toBe(15);
    expect(mergeSettings({}, undefined)).toEqual(ContractSettings.parse({}));
  });

  it('refuses merged settings that are invalid, naming the field', () => {
    expect(() => mergeSettings({}, { roundingIncrementMinutes: 0 })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: { errors: [expect.objectContaining({ path: 'settings.roundingIncrementMinutes' })] },
      }),
    );
  });

  it("renews for a term as long as the predecessor's", () => {
    expect(renewalTerm('2026-01-01', '2026-12-31')).toEqual({ termStart: '2027-01-01', termEnd: '2027-12-31' });
    expect(renewalTerm('2027-01-01', '2027-12-31')).toEqual({ termStart: '2028-01-01', termEnd: '2028-12-31' });
    expect(renewalTerm('2026-07-01', '2027-06-30')).toEqual({ termStart: '2027-07-01', termEnd: '2028-06-30' });
    expect(renewalTerm('2026-03-15', '2026-06-14')).toEqual({ termStart: '2026-06-15', termEnd: '2026-09-14' });
    expect(renewalTerm('2026-01-01', '2026-12-31', '2027-03-01')).toEqual({
      termStart: '2027-03-01',
      termEnd: '2028-02-29',
    });
  });
});
