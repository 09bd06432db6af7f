import { describe, expect, it } from 'vitest';
import { barBox, conflictsOf, engagementColor, fromLocalInput, toLocalInput } from './timeline.layout.ts';

describe('timeline layout', () => {
  const from = Date.parse('2026-11-01T00:00:00Z');
  const to = Date.parse('2026-11-11T00:00:00Z');

  it('places a bar by its share of the window and clamps it to the window', () => {
    expect(barBox('2026-11-02T00:00:00Z', '2026-11-04T00:00:00Z', from, to)).toEqual({
      left: '10.000%',
      width: '20.000%',
    });
    expect(barBox('2026-10-20T00:00:00Z', '2026-11-02T00:00:00Z', from, to)).toEqual({
      left: '0.000%',
      width: '10.000%',
    });
    expect(barBox('2026-11-10T00:00:00Z', '2026-12-01T00:00:00Z', from, to).width).toBe('10.000%');
  });

  it('gives each engagement one stable colour', () => {
    expect(engagementColor('eng_a')).toBe(engagementColor('eng_a'));
    expect(engagementColor('eng_a')).not.toBe(engagementColor('eng_b'));
  });

  it('round-trips datetime-local values and refuses incomplete ones', () => {
    const ms = Date.parse('2026-11-03T14:30:00Z');
    expect(fromLocalInput(toLocalInput(ms))).toBe('2026-11-03T14:30:00.000Z');
    expect(fromLocalInput('2026-11-03')).toBeNull();
  });

  it('finds the conflicts of a BOOKING_CONFLICT problem in a list or alone', () => {
    const item = { kind: 'booking', id: 'b', start: 'x', end: 'y', engagementNumber: 'ENG-1', status: 'confirmed' };
    expect(conflictsOf({ conflicts: [item] })).toEqual([item]);
    expect(conflictsOf(item)).toEqual([item]);
    expect(conflictsOf({ conflict: item })).toEqual([item]);
    expect(conflictsOf({})).toEqual([]);
  });
});
