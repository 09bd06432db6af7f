import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, localDate } from '../../shared/dates.ts';
import {
  amountProblem,
  applyEffect,
  availableOf,
  balanceOf,
  burnRatePerMonth,
  burnWindow,
  burnWindowSince,
  daysLeft,
  effectOf,
  emptyTotals,
  entryEffects,
  forecastDepletionDate,
  openReservation,
  overdraftCheck,
  percentConsumed,
  policyFloor,
  termEndSplit,
  termEnded,
  thresholdsCrossed,
  type Effect,
  type EffectEntry,
  type LedgerTotals,
  type ReservationSums,
} from './ledger.rules.ts';

const totals = (t: Partial<LedgerTotals>): LedgerTotals => ({ ...emptyTotals, ...t });
const eff = (kind: Effect['kind'], amount: number, engagementId: string | null = null, sign: 1 | -1 = 1): Effect => ({
  kind,
  amount,
  sign,
  engagementId,
});

/** Applies effects, keeping every engagement's sums, as the service does row by row. */
function replay(effects: Effect[]): { totals: LedgerTotals; reservations: Map<string, ReservationSums> } {
  let t = emptyTotals;
  const reservations = new Map<string, ReservationSums>();
  for (const e of effects) {
    const r = applyEffect(t, e.engagementId ? (reservations.get(e.engagementId) ?? null) : null, e);
    t = r.totals;
    if (e.engagementId && r.reservation) reservations.set(e.engagementId, r.reservation);
  }
  return { totals: t, reservations };
}

const engagement = fc.constantFrom('eng_a', 'eng_b', 'eng_c');
const amount = fc.integer({ min: 1, max: 10_000 });
const arbEffect: fc.Arbitrary<Effect> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('grant', 'top_up', 'rollover_in', 'expire', 'rollover_out') as fc.Arbitrary<Effect['kind']>,
    amount,
    sign: fc.constant(1 as const),
    engagementId: fc.constant(null),
  }),
  fc.record({
    kind: fc.constant('adjustment' as const),
    amount: fc.integer({ min: -10_000, max: 10_000 }).filter((n) => n !== 0),
    sign: fc.constant(1 as const),
    engagementId: fc.constant(null),
  }),
  fc.record({
    kind: fc.constantFrom('reserve', 'release', 'consume', 'minimum_true_up') as fc.Arbitrary<Effect['kind']>,
    amount,
    sign: fc.constant(1 as const),
    engagementId: engagement,
  }),
);

describe('balance arithmetic', () => {
  it('follows the domain formula, with reserved and available', () => {
    const t = totals({
      granted: 6000,
      toppedUp: 2400,
      rolledOverIn: 600,
      adjusted: -100,
      consumed: 1200,
      minimumTrueUps: 300,
      expired: 50,
      rolledOverOut: 150,
      reserved: 1000,
    });
    expect(balanceOf(t)).toBe(6000 + 2400 + 600 - 100 - 1200 - 300 - 50 - 150);
    expect(availableOf(t)).toBe(balanceOf(t) - 1000);
  });

  it("lets consumption draw the engagement's own reservation down without touching available", () => {
    const { totals: t, reservations } = replay([
      eff('grant', 6000),
      eff('reserve', 2400, 'eng_a'),
      eff('consume', 900, 'eng_a'),
    ]);
    expect(balanceOf(t)).toBe(5100);
    expect(t.reserved).toBe(1500);
    expect(availableOf(t)).toBe(3600);
    expect(openReservation(reservations.get('eng_a')!)).toBe(1500);
  });

  it('never lets an open reservation go below zero: consumption past it comes from available', () => {
    const { totals: t } = replay([eff('grant', 6000), eff('reserve', 600, 'eng_a'), eff('consume', 1000, 'eng_a')]);
    expect(t.reserved).toBe(0);
    expect(balanceOf(t)).toBe(5000);
    expect(availableOf(t)).toBe(5000);
  });

  it('counts a reversal as the negation of the entry it reverses', () => {
    const consume = { kind: 'consume' as const, amount: 300, engagementId: 'eng_a' };
    const reversal = effectOf({ kind: 'reversal', amount: 300, engagementId: null }, consume);
    expect(reversal).toEqual({ kind: 'consume', amount: 300, sign: -1, engagementId: 'eng_a' });
    expect(() => effectOf({ kind: 'reversal', amount: 1, engagementId: null })).toThrow();
    const { totals: t } = replay([
      eff('grant', 1000),
      eff('reserve', 500, 'eng_a'),
      eff('consume', 300, 'eng_a'),
      reversal,
    ]);
    expect(t.consumed).toBe(0);
    expect(t.reserved).toBe(500);
    expect(balanceOf(t)).toBe(1000);
  });

  it('property: reserved is always the sum of the open reservations, never negative', () => {
    fc.assert(
      fc.property(fc.array(arbEffect, { maxLength: 60 }), (effects) => {
        const { totals: t, reservations } = replay(effects);
        const sum = [...reservations.values()].reduce((s, r) => s + openReservation(r), 0);
        expect(t.reserved).toBe(sum);
        expect(t.reserved).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('property: an effect followed by its reversal leaves totals and reservations as they were', () => {
    fc.assert(
      fc.property(fc.array(arbEffect, { maxLength: 40 }), arbEffect, (prefix, e) => {
        const base = replay(prefix);
        const after = replay([...prefix, e, { ...e, sign: -1 }]);
        expect(after.totals).toEqual(base.totals);
        if (e.engagementId) {
          const zero = { reserved: 0, released: 0, consumed: 0, minimumTrueUps: 0 };
          expect(after.reservations.get(e.engagementId)).toEqual(base.reservations.get(e.engagementId) ?? zero);
        }
      }),
    );
  });

  it('property: the balance is the signed sum of the effects, whatever their order', () => {
    fc.assert(
      fc.property(fc.array(arbEffect, { maxLength: 60 }), (effects) => {
        const credit = new Set(['grant', 'top_up', 'rollover_in', 'adjustment']);
        const debit = new Set(['consume', 'minimum_true_up', 'expire', 'rollover_out']);
        const expected = effects.reduce(
          (s, e) => s + (credit.has(e.kind) ? e.amount : debit.has(e.kind) ? -e.amount : 0),
          0,
        );
        expect(balanceOf(replay(effects).totals)).toBe(expected);
        expect(balanceOf(replay([...effects].reverse()).totals)).toBe(expected);
      }),
    );
  });
});

describe('overdraft policy', () => {
  const before = totals({ granted: 1000, reserved: 200 });
  it('blocks what would take available below zero and says the shortfall', () => {
    const after = totals({ granted: 1000, reserved: 1100 });
    expect(overdraftCheck(before, after, { mode: 'block' })).toEqual({ ok: false, shortfall: 100, available: 800 });
    expect(overdraftCheck(before, totals({ granted: 1000, reserved: 1000 }), { mode: 'block' })).toEqual({
      ok: true,
      overage: 0,
    });
  });

  it('allows up to the limit below zero, flagging the overage', () => {
    const after = totals({ granted: 1000, reserved: 1100 });
    expect(overdraftCheck(before, after, { mode: 'allow_up_to', limit: 300 })).toEqual({ ok: true, overage: 100 });
    expect(overdraftCheck(before, after, { mode: 'allow_up_to', limit: 99 })).toMatchObject({
      ok: false,
      shortfall: 1,
    });
    expect(overdraftCheck(before, totals({ granted: 1000, reserved: 900000 }), { mode: 'allow' })).toEqual({
      ok: true,
      overage: 899000,
    });
    expect(policyFloor({ mode: 'allow' })).toBe(Number.NEGATIVE_INFINITY);
  });

  it('never refuses a posting that does not lower available (a top-up on an overdrawn contract)', () => {
    const overdrawn = totals({ granted: 100, consumed: 500 });
    expect(overdraftCheck(overdrawn, totals({ granted: 100, toppedUp: 50, consumed: 500 }), { mode: 'block' })).toEqual(
      { ok: true, overage: 0 },
    );
  });

  it('property: whatever passes the check leaves available at or above the floor', () => {
    const policy = fc.oneof(
      fc.constant({ mode: 'block' as const }),
      fc.integer({ min: 0, max: 5000 }).map((limit) => ({ mode: 'allow_up_to' as const, limit })),
    );
    fc.assert(
      fc.property(fc.array(arbEffect, { maxLength: 60 }), policy, (effects, p) => {
        let t = emptyTotals;
        const reservations = new Map<string, ReservationSums>();
        for (const e of effects) {
          const r = applyEffect(t, e.engagementId ? (reservations.get(e.engagementId) ?? null) : null, e);
          if (!overdraftCheck(t, r.totals, p).ok) continue;
          t = r.totals;
          if (e.engagementId && r.reservation) reservations.set(e.engagementId, r.reservation);
          expect(availableOf(t)).toBeGreaterThanOrEqual(policyFloor(p));
        }
      }),
    );
  });
});

describe('amounts', () => {
  it('refuses zero, negatives where positive is required, fractions and more than 10,000,000', () => {
    expect(amountProblem(0)).toBe('must not be zero');
    expect(amountProblem(-5)).toBe('must be positive');
    expect(amountProblem(-5, { signed: true })).toBeNull();
    expect(amountProblem(1.5)).toMatch(/integer/);
    expect(amountProblem('60')).toMatch(/integer/);
    expect(amountProblem(10_000_000)).toBeNull();
    expect(amountProblem(10_000_001)).toMatch(/at most 10,000,000/);
    expect(amountProblem(-10_000_001, { signed: true })).toMatch(/at most/);
  });
});

describe('percent consumed and alert thresholds', () => {
  it('is (consumed + true-ups) over the credits, 0–100', () => {
    expect(percentConsumed(totals({ granted: 2400, consumed: 1000, minimumTrueUps: 200 }))).toBe(50);
    expect(percentConsumed(totals({ granted: 3000, toppedUp: 0, consumed: 1000 }))).toBe(33.33);
    expect(percentConsumed(totals({ granted: 100, consumed: 150 }))).toBe(100);
    expect(percentConsumed(emptyTotals)).toBe(0);
  });

  it('reports each threshold crossed upwards by a posting, once', () => {
    const at = (consumed: number) => totals({ granted: 1000, consumed });
    expect(thresholdsCrossed(at(400), at(800), [50, 75, 90, 100])).toEqual([50, 75]);
    expect(thresholdsCrossed(at(800), at(800), [50, 75])).toEqual([]);
    expect(thresholdsCrossed(at(800), at(400), [50, 75])).toEqual([]);
    expect(thresholdsCrossed(at(499), at(500), [50, 50])).toEqual([50]);
    expect(
      thresholdsCrossed(
        totals({ granted: 1000, consumed: 800 }),
        totals({ granted: 1000, toppedUp: 1000, consumed: 800 }),
        [50],
      ),
    ).toEqual([]);
  });
});

describe('term end', () => {
  it("rolls the policy's share over only to an existing successor, and expires the rest", () => {
    expect(termEndSplit(1000, { mode: 'rollover', percent: 25 }, true)).toEqual({ rollover: 250, expire: 750 });
    expect(termEndSplit(1000, { mode: 'rollover', percent: 25 }, false)).toEqual({ rollover: 0, expire: 1000 });
    expect(termEndSplit(999, { mode: 'rollover', percent: 50 }, true)).toEqual({ rollover: 499, expire: 500 });
    expect(termEndSplit(1000, { mode: 'expire' }, true)).toEqual({ rollover: 0, expire: 1000 });
    expect(termEndSplit(-50, { mode: 'expire' }, true)).toEqual({ rollover: 0, expire: 0 });
  });

  it("ends when the last day is over in the customer's time zone", () => {
    // Auckland is UTC+13 in December: its 1 January starts at 11:00 UTC on 31 December.
    expect(termEnded('2026-12-31', 'Pacific/Auckland', new Date('2026-12-31T10:59:59Z'))).toBe(false);
    expect(termEnded('2026-12-31', 'Pacific/Auckland', new Date('2026-12-31T11:00:00Z'))).toBe(true);
    // Chicago is UTC−6: its 1 January starts at 06:00 UTC.
    expect(termEnded('2026-12-31', 'America/Chicago', new Date('2027-01-01T05:59:59Z'))).toBe(false);
    expect(termEnded('2026-12-31', 'America/Chicago', new Date('2027-01-01T06:00:00Z'))).toBe(true);
    expect(localDate(new Date('2026-12-31T11:00:00Z'), 'Pacific/Auckland')).toBe('2027-01-01');
  });

  it('counts days left, burn rate and depletion in calendar days', () => {
    expect(daysLeft('2026-12-31', '2026-12-01')).toBe(30);
    expect(daysLeft('2026-12-31', '2026-12-31')).toBe(0);
    expect(daysLeft('2026-12-31', '2027-02-01')).toBe(0);
    expect(burnWindow('2026-11-02', '2026-01-01')).toEqual({ from: '2026-08-05', days: 90 });
    expect(burnWindow('2026-01-10', '2026-01-01')).toEqual({ from: '2026-01-01', days: 10 });
    expect(burnWindow('2025-12-20', '2026-01-01')).toEqual({ from: '2025-12-20', days: 1 });
    expect(burnRatePerMonth(2700, 90)).toBe(900);
    expect(forecastDepletionDate('2026-11-02', 1800, 2700, 90)).toBe('2027-01-01');
    expect(forecastDepletionDate('2026-11-02', 1801, 2700, 90)).toBe('2027-01-02');
    expect(forecastDepletionDate('2026-11-02', 1800, 0, 90)).toBeNull();
    expect(forecastDepletionDate('2026-11-02', 0, 100, 90)).toBe('2026-11-02');
    // 10,000,000 minutes left at one minute in 90 days: no date (it would fall after the year 9999).
    expect(forecastDepletionDate('2026-11-02', 10_000_000, 1, 90)).toBeNull();
    expect(forecastDepletionDate('2026-11-02', 405, 1, 90)).toBe('2126-08-20'); // 36,450 days: inside the horizon
  });
});

describe('calendar arithmetic', () => {
  const zones = [
    'UTC',
    'America/Chicago',
    'Pacific/Auckland',
    'Asia/Kolkata',
    'Australia/Lord_Howe',
    'Pacific/Kiritimati',
    'America/St_Johns',
    'Europe/London',
  ];
  const day = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('gives the same days as luxon (its former implementation) across leap years, DST and far zones', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -40_000, max: 40_000 }), (d, n) => {
        expect(addDays(d, n)).toBe(DateTime.fromISO(d, { zone: 'UTC' }).plus({ days: n }).toISODate());
        const other = DateTime.fromISO(d, { zone: 'UTC' }).plus({ days: n }).toISODate()!;
        expect(daysBetween(d, other)).toBe(n);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        (at, zone) => {
          expect(localDate(at, zone)).toBe(DateTime.fromJSDate(at, { zone }).toISODate());
        },
      ),
      { numRuns: 500 },
    );
  });

  it('fetches the daily sums from a day no later than any burn window starts, in every time zone', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        day,
        (now, zone, termStart) => {
          const since = burnWindowSince(now);
          const w = burnWindow(localDate(now, zone), termStart);
          expect(w.from >= since).toBe(true);
          expect(daysBetween(since, w.from)).toBeLessThanOrEqual(92);
        },
      ),
      { numRuns: 500 },
    );
    expect(burnWindowSince(new Date('2026-08-30T15:00:00Z'))).toBe('2026-05-31');
  });

  it('handles month ends, leap days and years before 100, and refuses what is not a calendar date', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('0050-03-01', -1)).toBe('0050-02-28');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // across Europe's DST change: calendar days, not hours
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-01-01T00:00:00Z', ''])
      expect(() => addDays(bad, 1)).toThrow(/not a calendar date/);
  });
});

describe("entries' effects (the ledger CSV's balance and reservation columns)", () => {
  /** Entries with ids; where `reverse` is set, a reversal of an earlier non-reversal entry instead. */
  const arbChain: fc.Arbitrary<EffectEntry[]> = fc
    .array(fc.record({ effect: arbEffect, reverse: fc.option(fc.nat(), { nil: undefined }) }), { maxLength: 60 })
    .map((steps) => {
      const chain: EffectEntry[] = [];
      steps.forEach(({ effect, reverse }, i) => {
        const targets = chain.filter((e) => e.kind !== 'reversal');
        const target = reverse !== undefined && targets.length ? targets[reverse % targets.length]! : undefined;
        chain.push(
          target
            ? { id: `e${i}`, kind: 'reversal', amount: target.amount, engagementId: null, reversesId: target.id }
            : {
                id: `e${i}`,
                kind: effect.kind,
                amount: effect.amount,
                engagementId: effect.engagementId,
                reversesId: null,
              },
        );
      });
      return chain;
    });

  /** An independent model: totals by kind and each engagement's sums, then the domain formulas. */
  function model(chain: EffectEntry[]): { balance: number; reserved: number } {
    const byId = new Map(chain.map((e) => [e.id, e]));
    const t = { ...emptyTotals };
    const sums = new Map<string, ReservationSums>();
    const field = {
      grant: 'granted',
      top_up: 'toppedUp',
      rollover_in: 'rolledOverIn',
      adjustment: 'adjusted',
      consume: 'consumed',
      minimum_true_up: 'minimumTrueUps',
      expire: 'expired',
      rollover_out: 'rolledOverOut',
    } as const;
    const sumField = {
      reserve: 'reserved',
      release: 'released',
      consume: 'consumed',
      minimum_true_up: 'minimumTrueUps',
    } as const;
    for (const e of chain) {
      const target = e.kind === 'reversal' ? byId.get(e.reversesId!)! : e;
      const sign = e.kind === 'reversal' ? -1 : 1;
      if (target.kind in field) t[field[target.kind as keyof typeof field]] += sign * target.amount;
      if (target.kind in sumField && target.engagementId) {
        const s = sums.get(target.engagementId) ?? { reserved: 0, released: 0, consumed: 0, minimumTrueUps: 0 };
        s[sumField[target.kind as keyof typeof sumField]] += sign * target.amount;
        sums.set(target.engagementId, s);
      }
    }
    const reserved = [...sums.values()].reduce((sum, s) => sum + openReservation(s), 0);
    return { balance: balanceOf(t), reserved };
  }

  it('sum to the balance and to what is reserved, whatever the kinds and reversals', () => {
    fc.assert(
      fc.property(arbChain, (chain) => {
        const effects = entryEffects(chain);
        expect(effects).toHaveLength(chain.length);
        const want = model(chain);
        expect(effects.reduce((s, e) => s + e.balance, 0)).toBe(want.balance);
        expect(effects.reduce((s, e) => s + e.reserved, 0)).toBe(want.reserved);
        // Every prefix too: the running sums are the balance and reserved after each entry.
        const half = Math.floor(chain.length / 2);
        const prefix = entryEffects(chain.slice(0, half));
        expect(prefix).toEqual(effects.slice(0, half));
        expect(prefix.reduce((s, e) => s + e.reserved, 0)).toBe(model(chain.slice(0, half)).reserved);
      }),
      { numRuns: 300 },
    );
  });

  it("gives a reversal the exact negation of its target's balance effect", () => {
    fc.assert(
      fc.property(arbChain, (chain) => {
        const effects = entryEffects(chain);
        chain.forEach((e, i) => {
          if (e.kind !== 'reversal') return;
          const j = chain.findIndex((x) => x.id === e.reversesId);
          expect(effects[i]!.balance).toBe(-effects[j]!.balance);
        });
      }),
    );
  });

  it('signs each kind as the balance formula does', () => {
    const chain: EffectEntry[] = [
      { id: 'g', kind: 'grant', amount: 600, engagementId: null, reversesId: null },
      { id: 'r', kind: 'reserve', amount: 240, engagementId: 'eng_a', reversesId: null },
      { id: 'c', kind: 'consume', amount: 300, engagementId: 'eng_a', reversesId: null },
      { id: 'a', kind: 'adjustment', amount: -30, engagementId: null, reversesId: null },
      { id: 'x', kind: 'reversal', amount: 300, engagementId: null, reversesId: 'c' },
      { id: 'l', kind: 'release', amount: 240, engagementId: 'eng_a', reversesId: null },
    ];
    expect(entryEffects(chain)).toEqual([
      { balance: 600, reserved: 0 },
      { balance: 0, reserved: 240 },
      { balance: -300, reserved: -240 }, // past its reservation: the reservation only goes to zero
      { balance: -30, reserved: 0 },
      { balance: 300, reserved: 240 },
      { balance: 0, reserved: -240 },
    ]);
  });
});
