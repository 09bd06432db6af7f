import { describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/errors.ts';
import { engagementStatuses } from '../../shared/contracts/engagements.ts';
import { allowedTargets, canTransition, engagementTransitions, isOpen, takesEffort } from '../../shared/engagements.ts';
import { assertTransition, engagementNumber, plannedInstant, scheduleWindow } from './engagements.rules.ts';
import type { EngagementStatus } from './engagements.tables.ts';

const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return isAppError(e) ? e.code : String(e);
  }
};

describe('engagement transitions', () => {
  it('allows exactly the ordinary moves of domain.md through the transitions endpoint', () => {
    const ordinary = engagementStatuses.flatMap((from) =>
      engagementStatuses.filter((to) => canTransition(from, to, 'transition')).map((to) => `${from}->${to}`),
    );
    expect(ordinary.sort()).toEqual([
      'delivering->on_hold',
      'in_progress->delivering',
      'in_progress->on_hold',
      'on_hold->delivering',
      'on_hold->in_progress',
      'scheduled->in_progress',
    ]);
  });

  it('reaches closed only by close from in_progress or delivering, cancelled only by cancel from any open state', () => {
    const via = (op: 'close' | 'cancel', to: EngagementStatus) =>
      engagementStatuses.filter((from) => canTransition(from, to, op));
    expect(via('close', 'closed')).toEqual(['in_progress', 'delivering']);
    expect(via('cancel', 'cancelled')).toEqual(['scheduled', 'in_progress', 'on_hold', 'delivering']);
    for (const from of engagementStatuses) {
      expect(canTransition(from, 'closed', 'transition')).toBe(false);
      expect(canTransition(from, 'cancelled', 'transition')).toBe(false);
      expect(canTransition(from, 'closed', 'cancel')).toBe(false);
    }
  });

  it('sends on hold back only where it came from', () => {
    expect(allowedTargets('on_hold', 'transition', 'delivering')).toEqual(['delivering']);
    expect(canTransition('on_hold', 'in_progress', 'transition', 'delivering')).toBe(false);
    expect(canTransition('on_hold', 'in_progress', 'transition', 'in_progress')).toBe(true);
    expect(codeOf(() => assertTransition('on_hold', 'in_progress', 'transition', 'delivering'))).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('refuses with INVALID_TRANSITION, pointing at the close and cancel operations', () => {
    expect(codeOf(() => assertTransition('in_progress', 'closed'))).toBe('INVALID_TRANSITION');
    try {
      assertTransition('in_progress', 'closed');
    } catch (e) {
      expect((e as Error).message).toContain('/close');
    }
    try {
      assertTransition('closed', 'in_progress');
    } catch (e) {
      expect((e as Error).message).toContain('final');
    }
    expect(codeOf(() => assertTransition('scheduled', 'delivering'))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => assertTransition('scheduled', 'in_progress'))).toBeUndefined();
    expect(codeOf(() => assertTransition('delivering', 'closed', 'close'))).toBeUndefined();
    expect(codeOf(() => assertTransition('closed', 'cancelled', 'cancel'))).toBe('INVALID_TRANSITION');
  });

  it('has no move out of the final states and no self-loops', () => {
    expect(engagementTransitions.closed).toEqual([]);
    expect(engagementTransitions.cancelled).toEqual([]);
    for (const from of engagementStatuses) expect(engagementTransitions[from].some((t) => t.to === from)).toBe(false);
  });

  it('takes effort only while the work is under way', () => {
    expect(engagementStatuses.filter(takesEffort)).toEqual(['in_progress', 'on_hold', 'delivering']);
    expect(engagementStatuses.filter((s) => !isOpen(s))).toEqual(['closed', 'cancelled']);
  });
});

describe('numbers and planned dates', () => {
  it('numbers engagements ENG-YYYY-NNNN', () => {
    expect(engagementNumber(2026, 7)).toBe('ENG-2026-0007');
    expect(engagementNumber(2027, 12345)).toBe('ENG-2027-12345');
  });

  it("reads a date as the start or the end of that day in the customer's zone, an instant as it is", () => {
    expect(plannedInstant('2026-11-03', 'start', 'America/Chicago')!.toISOString()).toBe('2026-11-03T06:00:00.000Z');
    expect(plannedInstant('2026-11-03', 'end', 'America/Chicago')!.toISOString()).toBe('2026-11-04T06:00:00.000Z');
    expect(plannedInstant('2026-11-03T10:00:00+01:00', 'start', 'America/Chicago')!.toISOString()).toBe(
      '2026-11-03T09:00:00.000Z',
    );
    expect(plannedInstant(null, 'start', 'UTC')).toBeNull();
    expect(codeOf(() => plannedInstant('not a date', 'start', 'UTC'))).toBe('VALIDATION_FAILED');
  });

  it('gives an event without an end one hour, and none without a start', () => {
    const s = new Date('2026-11-03T09:00:00Z');
    expect(scheduleWindow(s, null)!.end.toISOString()).toBe('2026-11-03T10:00:00.000Z');
    expect(scheduleWindow(null, s)).toBeNull();
  });
});
