import { describe, expect, it } from 'vitest';
import {
  canCancel,
  canClose,
  consumedShare,
  engagementStatusList,
  shareColor,
  statusMoves,
  takesEffort,
} from './engagements.labels.ts';

describe('statusMoves', () => {
  it('offers the ordinary moves of domain.md: start, deliver, hold; never close or cancel', () => {
    const moves = (
      status: (typeof engagementStatusList)[number],
      statusBeforeHold: 'in_progress' | 'delivering' | null = null,
    ) => statusMoves({ status, statusBeforeHold }).map((m) => m.to);
    expect(moves('scheduled')).toEqual(['in_progress']);
    expect(moves('in_progress')).toEqual(['delivering', 'on_hold']);
    expect(moves('delivering')).toEqual(['on_hold']);
    expect(moves('closed')).toEqual([]);
    expect(moves('cancelled')).toEqual([]);
  });

  it('resumes an engagement on hold where it came from, and asks why it is held', () => {
    expect(statusMoves({ status: 'on_hold', statusBeforeHold: 'delivering' }).map((m) => [m.to, m.label])).toEqual([
      ['delivering', 'Resume (delivering)'],
    ]);
    expect(statusMoves({ status: 'on_hold', statusBeforeHold: 'in_progress' })[0]!.to).toBe('in_progress');
    expect(statusMoves({ status: 'in_progress', statusBeforeHold: null }).find((m) => m.to === 'on_hold')!.reason).toBe(
      'required',
    );
  });
});

describe('close, cancel and effort by status', () => {
  it('closes from in progress or delivering, cancels any open engagement, takes effort while the work is under way', () => {
    expect(engagementStatusList.filter(canClose)).toEqual(['in_progress', 'delivering']);
    expect(engagementStatusList.filter(canCancel)).toEqual(['scheduled', 'in_progress', 'on_hold', 'delivering']);
    expect(engagementStatusList.filter(takesEffort)).toEqual(['in_progress', 'on_hold', 'delivering']);
  });
});

describe('consumedShare and shareColor', () => {
  it('fills the bar by consumption over the estimate, within 0–100', () => {
    expect([
      consumedShare(0, 2400),
      consumedShare(600, 2400),
      consumedShare(3000, 2400),
      consumedShare(0, 0),
      consumedShare(60, 0),
    ]).toEqual([0, 25, 100, 0, 100]);
  });

  it('turns orange at 90 % (the IR manager has been told) and red past the estimate', () => {
    expect([shareColor(2159, 2400), shareColor(2160, 2400), shareColor(2400, 2400), shareColor(2401, 2400)]).toEqual([
      'teal',
      'orange',
      'orange',
      'red',
    ]);
  });
});
