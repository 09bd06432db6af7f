import { describe, expect, it } from 'vitest';
import { defaultSlaTargets } from '../../shared/contracts/contract-settings.ts';
import { atRiskAt, slaStatus, worstSlaStatus } from '../../shared/sla.ts';
import { deriveTargets, median } from './sla.rules.ts';

const received = new Date('2026-11-02T09:07:00Z');
const at = (iso: string) => new Date(iso);

describe('deriveTargets', () => {
  it('gives a P1 with full support initial contact 1 h, remote start 4 h and on-site 24 h when on-site is needed', () => {
    const t = deriveTargets({
      receivedAt: received,
      targets: defaultSlaTargets.P1,
      onsiteRequired: true,
      supportLevel: 'full',
      contractActive: true,
    });
    expect(t.map((x) => [x.kind, x.dueAt.toISOString()])).toEqual([
      ['initial_contact', '2026-11-02T10:07:00.000Z'],
      ['remote_start', '2026-11-02T13:07:00.000Z'],
      ['onsite_arrival', '2026-11-03T09:07:00.000Z'],
    ]);
  });

  it('has no on-site target when not needed or "by agreement" (P4)', () => {
    expect(
      deriveTargets({
        receivedAt: received,
        targets: defaultSlaTargets.P1,
        onsiteRequired: false,
        supportLevel: 'full',
        contractActive: true,
      }).map((x) => x.kind),
    ).toEqual(['initial_contact', 'remote_start']);
    expect(
      deriveTargets({
        receivedAt: received,
        targets: defaultSlaTargets.P4,
        onsiteRequired: true,
        supportLevel: 'full',
        contractActive: true,
      }).map((x) => x.kind),
    ).toEqual(['initial_contact', 'remote_start']);
  });

  it('keeps advisory support remote, and only the call back when not covered or without an active retainer', () => {
    expect(
      deriveTargets({
        receivedAt: received,
        targets: defaultSlaTargets.P2,
        onsiteRequired: true,
        supportLevel: 'advisory',
        contractActive: true,
      }).map((x) => x.kind),
    ).toEqual(['initial_contact', 'remote_start']);
    expect(
      deriveTargets({
        receivedAt: received,
        targets: defaultSlaTargets.P2,
        onsiteRequired: true,
        supportLevel: 'not_covered',
        contractActive: true,
      }).map((x) => x.kind),
    ).toEqual(['initial_contact']);
    expect(
      deriveTargets({
        receivedAt: received,
        targets: defaultSlaTargets.P2,
        onsiteRequired: true,
        supportLevel: 'full',
        contractActive: false,
      }).map((x) => x.kind),
    ).toEqual(['initial_contact']);
  });
});

describe('slaStatus at each boundary (P1 initial contact: due 10:07, at risk from 09:52)', () => {
  const dueAt = at('2026-11-02T10:07:00Z');
  const risk = atRiskAt(received, 60);
  const clock = { dueAt, atRiskAt: risk, metAt: null };

  it('puts the at-risk point at exactly 75 % of the time', () => {
    expect(risk.toISOString()).toBe('2026-11-02T09:52:00.000Z');
  });

  it('is pending until 75 % is gone, at risk from then until due, breached after due', () => {
    expect(slaStatus(clock, received)).toBe('pending');
    expect(slaStatus(clock, at('2026-11-02T09:51:59.999Z'))).toBe('pending');
    expect(slaStatus(clock, at('2026-11-02T09:52:00.000Z'))).toBe('at_risk');
    expect(slaStatus(clock, at('2026-11-02T10:07:00.000Z'))).toBe('at_risk');
    expect(slaStatus(clock, at('2026-11-02T10:07:00.001Z'))).toBe('breached');
  });

  it('is met when met at or before due, breached when met after, whatever the time now', () => {
    expect(slaStatus({ ...clock, metAt: at('2026-11-02T10:07:00.000Z') }, at('2026-11-05T00:00:00Z'))).toBe('met');
    expect(slaStatus({ ...clock, metAt: at('2026-11-02T09:25:00Z') }, at('2026-11-02T09:30:00Z'))).toBe('met');
    expect(slaStatus({ ...clock, metAt: at('2026-11-02T10:07:00.001Z') }, at('2026-11-02T10:08:00Z'))).toBe('breached');
  });

  it('judges an unmet target of an ended request at the time it ended', () => {
    expect(slaStatus({ ...clock, stoppedAt: at('2026-11-02T09:30:00Z') }, at('2026-11-03T00:00:00Z'))).toBe('pending');
    expect(slaStatus({ ...clock, stoppedAt: at('2026-11-02T10:00:00Z') }, at('2026-11-03T00:00:00Z'))).toBe('at_risk');
    expect(slaStatus({ ...clock, stoppedAt: at('2026-11-02T11:00:00Z') }, at('2026-11-03T00:00:00Z'))).toBe('breached');
  });
});

describe('summaries', () => {
  it('takes the worst status of a request', () => {
    expect(worstSlaStatus([])).toBeNull();
    expect(worstSlaStatus(['met', 'pending'])).toBe('pending');
    expect(worstSlaStatus(['met', 'at_risk', 'pending'])).toBe('at_risk');
    expect(worstSlaStatus(['breached', 'at_risk', 'met'])).toBe('breached');
  });

  it('computes medians', () => {
    expect(median([])).toBeNull();
    expect(median([30])).toBe(30);
    expect(median([40, 10, 30])).toBe(30);
    expect(median([10, 20, 30, 40])).toBe(25);
  });
});
