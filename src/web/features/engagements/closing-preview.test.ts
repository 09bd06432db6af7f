import { describe, expect, it } from 'vitest';
import { quantity } from '../../../shared/units.ts';
import { closingFigures } from './closing-preview.ts';
import type { ClosePreview } from './engagements.types.ts';

const m = (n: number) => quantity(n, 'minute');

/** A close preview as the server answers it: 10 h reserved against a 16 h minimum, 4 h consumed, 2 h held, 50 h available. */
const preview = (o: Partial<ClosePreview> = {}): ClosePreview => ({
  engagementId: 'eng_1',
  operation: 'close',
  status: 'in_progress',
  allowed: true,
  pricingMode: 'time_and_materials',
  estimate: m(960),
  consumed: m(240),
  minimumBillable: m(960),
  minimumApplies: true,
  fixedPrice: m(0),
  changeOrders: [],
  fixedTotal: m(0),
  shortfall: m(720),
  trueUp: m(720),
  heldToWriteOff: m(120),
  heldEntries: 1,
  reserved: m(720),
  release: m(0),
  contractStatus: 'active',
  releaseExpires: false,
  availableBefore: m(3000),
  availableAfter: m(3000),
  ...o,
});

describe('closingFigures', () => {
  it("shows the server's figures as they are without a waiver", () => {
    const f = closingFigures(preview(), false);
    expect([f.trueUp.amount, f.release.amount, f.availableAfter.amount, f.consumedAfter.amount]).toEqual([
      720, 0, 3000, 960,
    ]);
  });

  it('with a waiver, posts no true-up and releases what it would have taken', () => {
    const f = closingFigures(preview(), true);
    expect([f.trueUp.amount, f.release.amount, f.availableAfter.amount, f.consumedAfter.amount]).toEqual([
      0, 720, 3720, 240,
    ]);
    expect(f.release.display).toBe('12h 00m');
  });

  it('with a waiver on an expired contract, the larger release expires at once: nothing comes back', () => {
    const f = closingFigures(preview({ contractStatus: 'expired', availableBefore: m(0), availableAfter: m(0) }), true);
    expect([f.release.amount, f.availableAfter.amount]).toEqual([720, 0]);
  });

  it('keeps the fixed price consumed at close', () => {
    const f = closingFigures(
      preview({
        pricingMode: 'fixed',
        fixedPrice: m(960),
        fixedTotal: m(960),
        consumed: m(0),
        shortfall: m(0),
        trueUp: m(0),
        reserved: m(960),
      }),
      true,
    );
    expect([f.fixedPrice.amount, f.trueUp.amount, f.release.amount, f.consumedAfter.amount]).toEqual([960, 0, 0, 960]);
  });

  it("draws a fixed price's approved change orders with it, even with a waiver (issue 17)", () => {
    const f = closingFigures(
      preview({
        pricingMode: 'fixed',
        fixedPrice: m(960),
        changeOrders: [{ number: 'CO-2026-0001', amount: m(1800) }],
        fixedTotal: m(2760),
        consumed: m(0),
        shortfall: m(0),
        trueUp: m(0),
        reserved: m(2760),
      }),
      true,
    );
    expect([f.fixedPrice.amount, f.release.amount, f.consumedAfter.amount]).toEqual([960, 0, 2760]);
    expect(f.availableAfter.amount).toBe(3000);
  });
});
