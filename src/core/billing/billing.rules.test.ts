import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContractSettings, type ContractSettingsInput } from '../../shared/contracts/contract-settings.ts';
import { activities } from '../../shared/domain.ts';
import { isBillableActivity } from '../../shared/billing.ts';
import {
  convertEffort,
  convertEstimate,
  divRoundHalfUp,
  hundredths,
  minutesToLedger,
  reservationAmount,
  roundUpToIncrement,
  type ContractRateCard,
} from './billing.rules.ts';

const card = (
  o: { unit?: ContractRateCard['unit']; unitsPerHour?: string | null; settings?: ContractSettingsInput } = {},
): ContractRateCard => ({
  unit: o.unit ?? 'hours',
  unitsPerHour: o.unitsPerHour ?? null,
  settings: ContractSettings.parse(o.settings ?? {}),
});

describe('conversion of effort to retainer units', () => {
  it('rounds up to the increment, then applies multipliers rounded half up', () => {
    expect(convertEffort(50, 'analysis', false, card())).toEqual({
      roundedMinutes: 60,
      weightedMinutes: 60,
      amount: 60,
    });
    expect(convertEffort(61, 'analysis', false, card())).toMatchObject({ roundedMinutes: 75, amount: 75 });
    expect(convertEffort(0, 'analysis', false, card()).amount).toBe(0);
    const c = card({ settings: { activityMultipliers: { onsite_work: '1.5' }, afterHoursMultiplier: '1.25' } });
    // 60 × 1.5 × 1.25 = 112.5 → 113
    expect(convertEffort(60, 'onsite_work', true, c)).toEqual({
      roundedMinutes: 60,
      weightedMinutes: 113,
      amount: 113,
    });
    expect(convertEffort(60, 'onsite_work', false, c).amount).toBe(90);
    expect(
      convertEffort(7, 'analysis', false, card({ settings: { roundingIncrementMinutes: 6 } })).roundedMinutes,
    ).toBe(12);
  });

  it('converts to hundredths of a service unit, rounded half up', () => {
    const su = card({ unit: 'service_units', unitsPerHour: '1.5' });
    expect(convertEffort(60, 'analysis', false, su).amount).toBe(150); // 1.50 SU
    expect(convertEffort(15, 'analysis', false, su).amount).toBe(38); // 0.375 → 0.38
    expect(minutesToLedger(1, { unit: 'service_units', unitsPerHour: '0.01' })).toBe(0); // 0.0167 hundredths → 0
    expect(minutesToLedger(30, { unit: 'service_units', unitsPerHour: '0.01' })).toBe(1); // 0.5 → 1
  });

  it('knows what is billable', () => {
    const s = ContractSettings.parse({});
    expect(isBillableActivity('scoping', s)).toBe(false);
    expect(isBillableActivity('internal', s)).toBe(false);
    expect(isBillableActivity('travel_time', s)).toBe(false);
    expect(isBillableActivity('travel_time', ContractSettings.parse({ travelTimeBillable: true }))).toBe(true);
    expect(isBillableActivity('kickoff', s)).toBe(true);
  });

  it('sums an estimate line by line, leaving out what is not billable', () => {
    expect(
      convertEstimate(
        [
          { activity: 'analysis', minutes: 24 * 60 },
          { activity: 'onsite_work', minutes: 16 * 60 },
          { activity: 'scoping', minutes: 60 },
        ],
        card(),
      ),
    ).toBe(40 * 60);
  });

  it('reserves the fixed price, or the larger of estimate and minimum', () => {
    expect(reservationAmount({ pricingMode: 'fixed', estimate: 100, fixedPrice: 1600, minimumBillable: 1600 })).toBe(
      1600,
    );
    expect(
      reservationAmount({ pricingMode: 'time_and_materials', estimate: 2400, fixedPrice: null, minimumBillable: 960 }),
    ).toBe(2400);
    expect(
      reservationAmount({ pricingMode: 'time_and_materials', estimate: 600, fixedPrice: null, minimumBillable: 960 }),
    ).toBe(960);
  });

  it('properties: never below the rounded minutes at multipliers ≥ 1, monotone in minutes, integer results', () => {
    const mult = fc.integer({ min: 100, max: 1000 }).map((h) => (h / 100).toFixed(2));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.constantFrom(...activities),
        fc.boolean(),
        mult,
        mult,
        fc.constantFrom(1, 5, 6, 10, 15, 30, 60),
        fc.option(
          fc.integer({ min: 1, max: 99_999 }).map((h) => (h / 100).toFixed(2)),
          { nil: null },
        ),
        (minutes, extra, activity, afterHours, m1, m2, increment, uph) => {
          const c = card({
            unit: uph ? 'service_units' : 'hours',
            unitsPerHour: uph,
            settings: {
              roundingIncrementMinutes: increment,
              activityMultipliers: { [activity]: m1 },
              afterHoursMultiplier: m2,
            },
          });
          const a = convertEffort(minutes, activity, afterHours, c);
          const b = convertEffort(minutes + extra, activity, afterHours, c);
          expect(Number.isInteger(a.amount)).toBe(true);
          expect(a.roundedMinutes % increment).toBe(0);
          expect(a.roundedMinutes).toBeGreaterThanOrEqual(minutes);
          expect(a.roundedMinutes - minutes).toBeLessThan(increment);
          expect(a.weightedMinutes).toBeGreaterThanOrEqual(a.roundedMinutes);
          expect(b.amount).toBeGreaterThanOrEqual(a.amount);
          // exact reference with rationals: |weighted − exact| ≤ 0.5
          const exact = (a.roundedMinutes * hundredths(m1) * (afterHours ? hundredths(m2) : 100)) / 10_000;
          expect(Math.abs(a.weightedMinutes - exact)).toBeLessThanOrEqual(0.5);
        },
      ),
    );
  });

  it('rounds half up exactly', () => {
    expect(divRoundHalfUp(5, 2)).toBe(3);
    expect(divRoundHalfUp(4, 2)).toBe(2);
    expect(divRoundHalfUp(1, 3)).toBe(0);
    expect(divRoundHalfUp(2, 3)).toBe(1);
    expect(roundUpToIncrement(0, 15)).toBe(0);
    expect(hundredths('1.05')).toBe(105);
    expect(() => hundredths('1.005')).toThrow();
  });
});
