import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../shared/clock.ts';
import type { LockedLedger } from '../ledger.repo.ts';
import { createDraftMemory, DRAFT_MAX_AGE_MS } from './draft-memory.ts';
import type { EffortDraftContext } from './optimistic.repo.ts';

const settings = { estimateTolerancePercent: 10 } as unknown as LockedLedger['settings'];
const head = (seq: number, over: Partial<LockedLedger> = {}) =>
  ({
    contract_id: 'con_1',
    last_seq: seq,
    status: 'active',
    unit: 'hours',
    time_zone: 'UTC',
    settings,
    ...over,
  }) as LockedLedger;
const context = (over: Partial<EffortDraftContext> = {}) =>
  ({
    id: 'eng_1',
    contract_id: 'con_1',
    contract_status: 'active',
    unit: 'hours',
    time_zone: 'UTC',
    settings,
    user_member: true,
    ledger: head(5),
    ...over,
  }) as EffortDraftContext;

describe('draft memory', () => {
  const none = () => undefined;

  it("recalls a team member's context until it is DRAFT_MAX_AGE_MS old, per engagement and person", () => {
    const clock = createFakeClock('2026-11-02T10:00:00Z');
    const m = createDraftMemory(clock);
    m.remember(context(), 'usr_a', clock.now().getTime());
    m.remember(context({ id: 'eng_2', user_member: false }), 'usr_a', clock.now().getTime());
    expect(m.recall('eng_1', 'usr_a', none)?.e.id).toBe('eng_1');
    expect(m.recall('eng_1', 'usr_b', none)).toBeUndefined();
    expect(m.recall('eng_2', 'usr_a', none)).toBeUndefined(); // not on the team: allowed by role, which no statement guards
    clock.advance(DRAFT_MAX_AGE_MS + 1);
    expect(m.recall('eng_1', 'usr_a', none)).toBeUndefined();
  });

  it("takes the contract's newer head only while its contract is the one the context was read with", () => {
    const clock = createFakeClock('2026-11-02T10:00:00Z');
    const m = createDraftMemory(clock);
    const at = clock.now().getTime();
    m.remember(context(), 'usr_a', at);
    expect(m.recall('eng_1', 'usr_a', () => head(4))?.e.ledger.last_seq).toBe(5);
    expect(m.recall('eng_1', 'usr_a', () => head(9))).toMatchObject({ e: { ledger: { last_seq: 9 } }, readAt: at });
    expect(
      m.recall('eng_1', 'usr_a', () =>
        head(9, { settings: { estimateTolerancePercent: 20 } as unknown as LockedLedger['settings'] }),
      ),
    ).toBeUndefined();
    expect(m.recall('eng_1', 'usr_a', none)).toBeUndefined(); // forgotten with it
    m.remember(context(), 'usr_a', at);
    m.forget('eng_1', 'usr_a');
    expect(m.recall('eng_1', 'usr_a', none)).toBeUndefined();
  });
});
