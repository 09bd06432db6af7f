import { describe, expect, it } from 'vitest';
import { topUpRequestStatuses } from '../../shared/contracts/topups.ts';
import { assertTransition, canMove } from './topups.rules.ts';

describe('top-up request lifecycle', () => {
  it('moves only from pending, to each outcome', () => {
    for (const to of ['accepted', 'declined', 'withdrawn'] as const) expect(canMove('pending', to)).toBe(true);
    expect(canMove('pending', 'pending')).toBe(false);
    for (const from of ['accepted', 'declined', 'withdrawn'] as const)
      for (const to of topUpRequestStatuses) expect(canMove(from, to)).toBe(false);
  });

  it('refuses a second decision with 409 naming the first outcome', () => {
    const decided = {
      id: 'tur_1',
      status: 'accepted' as const,
      decided_at: new Date('2026-12-06T10:00:00Z'),
      decided_by: 'Ada Manager',
    };
    expect(() => assertTransition(decided, 'declined')).toThrowError(/already accepted by Ada Manager/);
    const refusal = (() => {
      try {
        assertTransition(decided, 'accepted');
      } catch (e) {
        return e as { code: string; message: string; details: unknown };
      }
      return undefined;
    })();
    expect(refusal?.code).toBe('TOPUP_REQUEST_DECIDED');
    expect(refusal?.details).toMatchObject({ status: 'accepted', decidedBy: 'Ada Manager' });
    expect(refusal?.message).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/); // no UTC instant for people to read
  });
});
