import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availableAfterClosing, closingPlan } from '../../shared/closing.ts';
import {
  adjustedEstimate,
  billingStatusFor,
  burnSeries,
  crossesEstimateShare,
  heldThatFits,
  toleranceLimit,
} from './effort.rules.ts';

const tm = {
  billable: true,
  pricingMode: 'time_and_materials' as const,
  consumed: 0,
  held: 0,
  estimate: 600,
  tolerancePercent: 10,
};

describe('billing status of new effort', () => {
  it('consumes up to estimate + tolerance, holds beyond it', () => {
    expect(toleranceLimit(600, 10)).toBe(660);
    expect(toleranceLimit(605, 10)).toBe(665); // 60.5 rounded down
    expect(billingStatusFor({ ...tm, amount: 660 })).toBe('consumed');
    expect(billingStatusFor({ ...tm, amount: 661 })).toBe('held');
    expect(billingStatusFor({ ...tm, consumed: 600, amount: 60 })).toBe('consumed');
    expect(billingStatusFor({ ...tm, consumed: 600, amount: 75 })).toBe('held');
  });

  it('queues behind earlier held effort, records non-billable and fixed-price work without drawing', () => {
    expect(billingStatusFor({ ...tm, held: 15, amount: 15 })).toBe('held');
    expect(billingStatusFor({ ...tm, billable: false, amount: 0 })).toBe('non_billable');
    expect(billingStatusFor({ ...tm, pricingMode: 'fixed', amount: 10_000 })).toBe('fixed_price');
  });

  it('never lets consumed effort pass the limit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 100 }),
        (amounts, estimate, tol) => {
          let consumed = 0;
          let held = 0;
          for (const amount of amounts) {
            const s = billingStatusFor({
              billable: true,
              pricingMode: 'time_and_materials',
              amount,
              consumed,
              held,
              estimate,
              tolerancePercent: tol,
            });
            if (s === 'consumed') consumed += amount;
            else held += amount;
          }
          expect(consumed).toBeLessThanOrEqual(toleranceLimit(estimate, tol));
          expect(consumed + held).toBe(amounts.reduce((a, b) => a + b, 0));
        },
      ),
    );
  });

  it('posts held effort oldest first while it fits', () => {
    expect(heldThatFits([60, 30, 10], 600, 660)).toBe(1);
    expect(heldThatFits([90, 10], 600, 660)).toBe(0);
    expect(heldThatFits([30, 30], 0, 60)).toBe(2);
    expect(heldThatFits([], 0, 0)).toBe(0);
  });
});

describe('estimate warning and changes', () => {
  it('warns once when consumption reaches 90 % of the estimate', () => {
    expect(crossesEstimateShare(500, 540, 600)).toBe(true);
    expect(crossesEstimateShare(540, 600, 600)).toBe(false);
    expect(crossesEstimateShare(0, 539, 600)).toBe(false);
    expect(crossesEstimateShare(0, 100, 0)).toBe(false);
  });

  it('never lowers the estimate below what is consumed', () => {
    expect(adjustedEstimate(600, 120, 0)).toBe(720);
    expect(adjustedEstimate(600, -500, 300)).toBe(300);
    expect(adjustedEstimate(600, -900, 0)).toBe(0);
  });
});

describe('closing math', () => {
  const base = {
    operation: 'close' as const,
    pricingMode: 'time_and_materials' as const,
    fixedPrice: null,
    effortConsumed: 120,
    held: 0,
    minimumBillable: 240,
    minimumApplies: true,
    waived: false,
    openReservation: 480,
  };

  it('trues up a shortfall and releases the rest', () => {
    expect(closingPlan(base)).toEqual({
      fixedPrice: 0,
      changeOrders: [],
      fixedTotal: 0,
      billableConsumption: 120,
      shortfall: 120,
      trueUp: 120,
      writtenOff: 0,
      release: 360,
    });
  });

  it('waives the true-up but keeps the shortfall on record', () => {
    expect(closingPlan({ ...base, waived: true })).toMatchObject({ shortfall: 120, trueUp: 0, release: 480 });
  });

  it('consumes the fixed price at close, counting it against the minimum', () => {
    expect(
      closingPlan({ ...base, pricingMode: 'fixed', fixedPrice: 800, effortConsumed: 0, openReservation: 800 }),
    ).toEqual({
      fixedPrice: 800,
      changeOrders: [],
      fixedTotal: 800,
      billableConsumption: 800,
      shortfall: 0,
      trueUp: 0,
      writtenOff: 0,
      release: 0,
    });
  });

  it('draws each approved change order of a fixed price as its own line at close (issue 17), not on cancel', () => {
    const fixed = { ...base, pricingMode: 'fixed' as const, fixedPrice: 960, effortConsumed: 0, openReservation: 2760 };
    const changeOrders = [
      { number: 'CO-1', delta: 1800 },
      { number: 'CO-2', delta: -120 },
    ];
    expect(closingPlan({ ...fixed, changeOrders })).toMatchObject({
      fixedPrice: 840,
      changeOrders: [{ number: 'CO-1', amount: 1800 }],
      fixedTotal: 2640,
      release: 120,
    });
    expect(closingPlan({ ...fixed, changeOrders, operation: 'cancel' })).toMatchObject({
      fixedPrice: 0,
      changeOrders: [],
      fixedTotal: 0,
    });
  });

  it('on cancel: no fixed price; the minimum only when the contract says so', () => {
    expect(
      closingPlan({
        ...base,
        operation: 'cancel',
        pricingMode: 'fixed',
        fixedPrice: 800,
        effortConsumed: 0,
        openReservation: 800,
      }),
    ).toMatchObject({ fixedPrice: 0, shortfall: 240, trueUp: 240, release: 560 });
    expect(closingPlan({ ...base, operation: 'cancel', minimumApplies: false })).toMatchObject({
      shortfall: 0,
      trueUp: 0,
      release: 480,
    });
  });

  it('writes off held effort and never releases below zero', () => {
    expect(closingPlan({ ...base, held: 90, openReservation: 50 })).toMatchObject({
      writtenOff: 90,
      trueUp: 120,
      release: 0,
    });
  });

  it('keeps reservation + available consistent (property): what the close consumes beyond the reservation comes out of available', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: -500, max: 5000 }),
        (consumed, minimum, open, available) => {
          const plan = closingPlan({
            ...base,
            effortConsumed: consumed,
            minimumBillable: minimum,
            openReservation: open,
          });
          expect(plan.release + Math.min(open, plan.trueUp)).toBe(open);
          expect(availableAfterClosing({ available, openReservation: open, plan, contractExpired: false })).toBe(
            available + open - plan.trueUp,
          );
        },
      ),
    );
  });

  it('expires what an expired contract releases', () => {
    const plan = { fixedTotal: 0, trueUp: 0, release: 300 };
    expect(availableAfterClosing({ available: 0, openReservation: 300, plan, contractExpired: true })).toBe(0);
    expect(availableAfterClosing({ available: -100, openReservation: 300, plan, contractExpired: true })).toBe(0);
    expect(availableAfterClosing({ available: -400, openReservation: 300, plan, contractExpired: true })).toBe(-100);
  });
});

describe('burn series', () => {
  it('accumulates consumption per day and follows the estimate', () => {
    expect(
      burnSeries(
        [
          { date: '2026-11-03', amount: 60 },
          { date: '2026-11-02', amount: 30 },
          { date: '2026-11-05', amount: 15 },
        ],
        [
          { date: '2026-11-02', seq: 1, estimate: 600 },
          { date: '2026-11-04', seq: 2, estimate: 720 },
        ],
      ),
    ).toEqual([
      { date: '2026-11-02', consumed: 30, estimate: 600 },
      { date: '2026-11-03', consumed: 90, estimate: 600 },
      { date: '2026-11-04', consumed: 90, estimate: 720 },
      { date: '2026-11-05', consumed: 105, estimate: 720 },
    ]);
  });
});
