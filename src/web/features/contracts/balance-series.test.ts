import { describe, expect, it } from 'vitest';
import { quantity } from '../../../shared/units.ts';
import type { LedgerEntry } from '../../api/types.ts';
import { balanceSeries, dayIn, monthTicks, valueTicks } from './balance-series.ts';
import { actorName } from './contract-labels.ts';

let seq = 0;
function entry(createdAt: string, balance: number, reserved: number): LedgerEntry {
  seq += 1;
  const q = (n: number) => quantity(n, 'minute');
  return {
    id: `led_${seq}`,
    seq,
    kind: 'top_up',
    amount: q(60),
    engagementId: null,
    reversesId: null,
    reference: null,
    reason: null,
    idempotencyKey: null,
    overage: q(0),
    balanceAfter: q(balance),
    reservedAfter: q(reserved),
    availableAfter: q(balance - reserved),
    createdBy: 'Ann Lee <ann@firm.example>',
    createdAt,
    prevHash: null,
    hash: 'h',
  };
}

describe('balanceSeries', () => {
  it('keeps the figures after the last entry of each day, counted in the contract time zone', () => {
    const points = balanceSeries(
      [
        entry('2026-01-05T09:00:00Z', 2400, 0),
        entry('2026-01-05T15:00:00Z', 3000, 0),
        // 02:00 UTC on the 7th is still the 6th in Chicago.
        entry('2026-01-07T02:00:00Z', 3000, 600),
        entry('2026-01-07T16:00:00Z', 2700, 300),
      ],
      'America/Chicago',
    );
    expect(points.map((p) => [p.day, p.balance, p.reserved, p.available])).toEqual([
      ['2026-01-05', 3000, 0, 3000],
      ['2026-01-06', 3000, 600, 2400],
      ['2026-01-07', 2700, 300, 2400],
    ]);
    expect(points[1]!.t - points[0]!.t).toBe(86_400_000);
  });

  it('extends the last figures to today, and not backwards', () => {
    const entries = [entry('2026-03-01T10:00:00Z', 600, 0)];
    expect(balanceSeries(entries, 'UTC', '2026-03-10').map((p) => [p.day, p.balance])).toEqual([
      ['2026-03-01', 600],
      ['2026-03-10', 600],
    ]);
    expect(balanceSeries(entries, 'UTC', '2026-03-01')).toHaveLength(1);
    expect(balanceSeries([], 'UTC', '2026-03-10')).toEqual([]);
  });

  it('reads dates across a time zone boundary', () => {
    expect(dayIn('2026-06-30T23:30:00Z', 'Europe/Berlin')).toBe('2026-07-01');
    expect(dayIn('2026-06-30T23:30:00Z', 'UTC')).toBe('2026-06-30');
  });
});

describe('actorName', () => {
  it('shows the name of a user, a contact and the system', () => {
    expect(actorName('Ann Lee <ann@firm.example>')).toBe('Ann Lee');
    expect(actorName('Bo Chen <bo@c.example> (contact)')).toBe('Bo Chen (contact)');
    expect(actorName('system:term-end')).toBe('System (term-end)');
    expect(actorName('someone')).toBe('someone');
  });
});

describe('chart ticks', () => {
  it('puts the value axis on round hours, zero included', () => {
    expect(valueTicks(0, 167 * 60, 60).ticks.map((t) => t / 60)).toEqual([0, 50, 100, 150, 200]);
    expect(valueTicks(0, 40 * 60, 60).ticks.map((t) => t / 60)).toEqual([0, 10, 20, 30, 40]);
    expect(valueTicks(-8 * 60, 12 * 60, 60).domain.map((t) => t / 60)).toEqual([-10, 15]);
    expect(valueTicks(0, 0, 100).ticks).toEqual([0, 100]);
  });

  it('marks the first of each month, thinned to eight at most', () => {
    const days = (a: string, b: string) =>
      monthTicks(Date.parse(`${a}T00:00:00Z`), Date.parse(`${b}T00:00:00Z`)).map((t) =>
        new Date(t).toISOString().slice(0, 10),
      );
    expect(days('2026-07-19', '2026-10-05')).toEqual(['2026-08-01', '2026-09-01', '2026-10-01']);
    expect(days('2026-01-01', '2027-12-31')).toHaveLength(8);
  });
});
