import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import { isAppError } from '../../shared/errors.ts';
import { contentHashOf } from '../documents/canonical-hash.ts';
import { emptyTotals } from '../ledger/ledger.rules.ts';
import { editEffect } from '../../shared/workorders.ts';
import { assertVersionTransition, notDecidableReason } from './workorders.lifecycle.ts';
import { replyCommand, replyReason } from './workorders.reply.ts';
import {
  dueDateProblems,
  assertLeadTime,
  balanceImpact,
  changeProblem,
  defaultDeadline,
  deltaOf,
  estimateOf,
  localDateOf,
  reservationOf,
  sendProblems,
} from './workorders.rules.ts';
import { draftTemplate } from './workorders.template.ts';

const hoursCard = { unit: 'hours' as const, unitsPerHour: null, settings: ContractSettings.parse({}) };
const suCard = {
  unit: 'service_units' as const,
  unitsPerHour: '1.5',
  settings: ContractSettings.parse({ activityMultipliers: { onsite_work: '1.5' } }),
};
const firm = { emergencyApprovalDeadlineHours: 48, proactiveApprovalDeadlineDays: 14 };

describe('version lifecycle', () => {
  it('lets a draft be sent (or void) and a sent version be decided, superseded or expire; nothing else', () => {
    assertVersionTransition('draft', 'sent');
    assertVersionTransition('draft', 'void');
    for (const to of ['approved', 'declined', 'changes_requested', 'superseded', 'expired'] as const)
      assertVersionTransition('sent', to);
    for (const [from, to] of [
      ['draft', 'approved'],
      ['approved', 'declined'],
      ['superseded', 'approved'],
      ['expired', 'approved'],
      ['declined', 'sent'],
      ['sent', 'void'],
      ['void', 'sent'],
    ] as const) {
      try {
        assertVersionTransition(from, to);
        expect.unreachable(`${from} → ${to}`);
      } catch (e) {
        expect(isAppError(e) && e.code).toBe('INVALID_TRANSITION');
      }
    }
  });

  it('edits a draft in place, starts the next version after sending or a request for changes, refuses after a decision', () => {
    expect(editEffect('draft')).toBe('edit_draft');
    expect(editEffect('sent')).toBe('next_version');
    expect(editEffect('changes_requested')).toBe('next_version');
    for (const s of ['approved', 'declined', 'expired', 'superseded'] as const) expect(editEffect(s)).toBe('refuse');
  });

  it('decides only sent versions before their deadline', () => {
    const now = new Date('2026-11-03T10:00:00Z');
    expect(notDecidableReason({ status: 'sent', approvalDeadline: new Date('2026-11-03T10:00:01Z') }, now)).toBeNull();
    expect(notDecidableReason({ status: 'sent', approvalDeadline: now }, now)).toMatch(/deadline/);
    expect(notDecidableReason({ status: 'superseded', approvalDeadline: null }, now)).toMatch(/newer version/);
    expect(notDecidableReason({ status: 'approved', approvalDeadline: null }, now)).toMatch(/approved already/);
  });
});

describe('deadlines and dates', () => {
  it('defaults to 48 hours after sending for emergencies and 14 days for proactive work', () => {
    const sent = new Date('2026-11-03T04:02:00Z');
    expect(defaultDeadline('emergency', sent, firm).toISOString()).toBe('2026-11-05T04:02:00.000Z');
    expect(defaultDeadline('proactive', sent, firm).toISOString()).toBe('2026-11-17T04:02:00.000Z');
  });

  it('reads the local date of an instant in the customer time zone', () => {
    expect(localDateOf('2026-11-03T03:00:00Z', 'America/Chicago')).toBe('2026-11-02');
    expect(localDateOf('2027-01-11', 'Europe/Berlin')).toBe('2027-01-11');
  });

  it('refuses a proactive start before the earliest start with the same error as requests', () => {
    const r = {
      kind: 'proactive' as const,
      earliestStart: '2026-12-01',
      leadTimeDays: 28,
      receivedAt: new Date('2026-11-03T09:00:00Z'),
    };
    assertLeadTime({ proposedStart: '2026-12-01' }, r, 'Europe/Berlin');
    assertLeadTime({ proposedStart: '2026-11-10' }, { ...r, kind: 'emergency' }, 'Europe/Berlin');
    try {
      assertLeadTime({ proposedStart: '2026-11-30T23:30:00Z' }, r, 'America/Chicago');
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('LEAD_TIME_TOO_SHORT');
      expect((e as Error).message).toContain('2026-12-01');
    }
  });
});

describe('estimates and reservations', () => {
  it('converts each line like logged effort: rounded up to the increment, multiplied, in the contract unit', () => {
    const lines = [
      { activity: 'onsite_work' as const, role: 'lead', minutes: 50 },
      { activity: 'scoping' as const, role: 'lead', minutes: 60 },
    ];
    expect(estimateOf(lines, hoursCard)).toEqual({
      lines: [
        { ...lines[0], amount: 60 },
        { ...lines[1], amount: 0 },
      ],
      total: 60,
    });
    // 60 min × 1.5 = 90 min → 90 × 1.5 SU/h / 60 = 2.25 SU
    expect(estimateOf(lines, suCard).total).toBe(225);
  });

  it('reserves the larger of estimate and minimum, or the fixed price', () => {
    const base = {
      estimateLines: [{ activity: 'analysis' as const, role: 'lead', minutes: 600 }],
      minimumBillable: 900,
      fixedPrice: 960,
    };
    expect(reservationOf({ ...base, pricingMode: 'time_and_materials' }, hoursCard)).toBe(900);
    expect(reservationOf({ ...base, minimumBillable: 0, pricingMode: 'time_and_materials' }, hoursCard)).toBe(600);
    expect(reservationOf({ ...base, pricingMode: 'fixed' }, hoursCard)).toBe(960);
  });

  it('converts a change order delta with its sign, and keeps the estimate at or above what was consumed', () => {
    const d = deltaOf(
      [
        { activity: 'analysis', role: 'lead', minutes: 12 * 60 },
        { activity: 'analysis', role: 'lead', minutes: -70 },
      ],
      hoursCard,
    );
    expect(d.total).toBe(12 * 60 - 75);
    expect(changeProblem({ estimate: 2400, delta: -600, consumed: 1800, unit: 'hours' })).toBeNull();
    expect(changeProblem({ estimate: 2400, delta: -700, consumed: 1800, unit: 'hours' })).toMatch(/at most -?10h 00m/);
    expect(changeProblem({ estimate: 2400, delta: 0, consumed: 0, unit: 'hours' })).toMatch(/zero/);
  });

  it('shows the balance impact and whether the overdraft policy refuses it', () => {
    const totals = { ...emptyTotals, granted: 120 * 60, reserved: 0, available: 120 * 60 };
    const ok = balanceImpact(totals, 40 * 60, { mode: 'block' }, 'hours');
    expect(ok).toMatchObject({
      availableBefore: { display: '120h 00m' },
      availableAfter: { display: '80h 00m' },
      refused: false,
      shortfall: null,
    });
    const refused = balanceImpact(totals, 130 * 60, { mode: 'block' }, 'hours');
    expect(refused).toMatchObject({ refused: true, shortfall: { amount: 600 } });
    expect(balanceImpact(totals, 130 * 60, { mode: 'allow_up_to', limit: 600 }, 'hours').refused).toBe(false);
    expect(balanceImpact(totals, -600, { mode: 'block' }, 'hours')).toMatchObject({
      refused: false,
      availableAfter: { amount: 120 * 60 },
    });
  });

  it('never lets the policy allow what would take available below its floor (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 5000 }),
        (granted, change, limit) => {
          const totals = { ...emptyTotals, granted, available: granted };
          const r = balanceImpact(totals, change, { mode: 'allow_up_to', limit }, 'hours');
          expect(r.refused).toBe(r.availableAfter.amount < -limit);
        },
      ),
    );
  });
});

describe('templates', () => {
  const item = {
    id: 'cat_1',
    name: 'Tabletop exercise',
    description: 'A facilitated exercise.',
    deliverables: ['scenario_pack', 'after_action_report'] as const,
    sizes: [
      { code: 'S', estimateMinutes: 480, fixedPriceUnits: 800, fixedPriceMinutes: 480 },
      { code: 'M', estimateMinutes: 960, fixedPriceUnits: 1600, fixedPriceMinutes: 960 },
    ],
    minimumBillableMinutes: 480,
  };
  const now = new Date('2026-11-03T09:00:00Z');

  it('prefills emergency IR: time and materials, forensic and containment leads, containment pre-authorised', () => {
    const c = draftTemplate({
      request: {
        kind: 'emergency',
        description: 'Encrypted',
        incidentType: 'ransomware',
        severity: 'P1',
        onsiteRequired: true,
        desiredStart: null,
        receivedAt: now,
      },
      timeZone: 'America/Chicago',
      item: {
        ...item,
        deliverables: ['ioc_list', 'final_report'],
        sizes: [{ code: 'INITIAL', estimateMinutes: 2400, fixedPriceUnits: null, fixedPriceMinutes: null }],
        minimumBillableMinutes: 240,
      },
      card: hoursCard,
      now,
    });
    expect(c).toMatchObject({
      pricingMode: 'time_and_materials',
      fixedPrice: null,
      deliveryMode: 'hybrid',
      minimumBillable: 240,
      sizeCode: 'INITIAL',
      proposedStart: now.toISOString(),
    });
    expect(c.estimateLines.map((l) => [l.role, l.minutes])).toEqual([
      ['forensic lead', 1440],
      ['containment lead', 960],
    ]);
    expect(c.preAuthorizedActions.length).toBeGreaterThan(0);
    expect(c.deliverables.map((d) => d.kind)).toEqual(['ioc_list', 'final_report']);
  });

  it('prefills a proactive service at the middle size, fixed price in the contract unit, start at the desired date', () => {
    const c = draftTemplate({
      request: {
        kind: 'proactive',
        description: 'Board exercise',
        incidentType: null,
        severity: null,
        onsiteRequired: true,
        desiredStart: '2027-01-11',
        receivedAt: now,
      },
      timeZone: 'Europe/Berlin',
      item,
      card: suCard,
      now,
    });
    expect(c).toMatchObject({
      pricingMode: 'fixed',
      fixedPrice: 1600,
      sizeCode: 'M',
      deliveryMode: 'onsite',
      proposedStart: '2027-01-11',
      minimumBillable: 1200,
    });
    expect(c.estimateLines.reduce((s, l) => s + l.minutes, 0)).toBe(960);
    expect(sendProblems(c, { timeZone: 'Europe/Berlin', validSiteIds: [], now }).map((p) => p.path)).toEqual([
      'siteIds',
    ]);
  });
});

describe('email replies', () => {
  it('reads APPROVE or DECLINE as the first word above the quote, the reason after it', () => {
    expect(replyCommand('Approve\n\nThanks\n\n> Approval needed')).toEqual({ decision: 'approve', reason: 'Thanks' });
    expect(replyCommand('DECLINE: too expensive right now\n> quoted')).toMatchObject({
      decision: 'decline',
      reason: 'too expensive right now',
    });
    expect(replyCommand('I approve')).toBeNull();
    expect(replyCommand('> APPROVE')).toBeNull();
    expect(replyReason('too expensive\n\nRegards, Dana')).toBe('too expensive');
    expect(replyReason('')).toBeNull();
  });
});

describe('content hash', () => {
  it('is the same for the same content whatever the key order, and differs for other content', () => {
    expect(contentHashOf({ a: 1, b: [1, 2], c: { y: 'é', x: null } })).toBe(
      contentHashOf({ c: { x: null, y: 'é' }, b: [1, 2], a: 1 }),
    );
    expect(contentHashOf({ a: 1 })).not.toBe(contentHashOf({ a: 2 }));
    expect(contentHashOf({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('deliverable due dates', () => {
  const due = (dueDate: string | null) => ({ kind: 'final_report' as const, title: 'Report', dueDate });
  it('are never before the start, counted on the start day in the customer zone', () => {
    expect(
      dueDateProblems({ proposedStart: '2026-11-10', deliverables: [due('2026-11-10'), due(null)] }, 'UTC'),
    ).toEqual([]);
    expect(
      dueDateProblems({ proposedStart: '2026-11-10', deliverables: [due('2026-11-20'), due('2026-11-09')] }, 'UTC'),
    ).toEqual([{ path: 'deliverables.1.dueDate', message: 'must be on or after the start, 2026-11-10' }]);
    // 02:00 UTC on the 10th is still the 9th in Chicago: a report due on the 9th is fine there, not in Berlin.
    const start = '2026-11-10T02:00:00Z';
    expect(dueDateProblems({ proposedStart: start, deliverables: [due('2026-11-09')] }, 'America/Chicago')).toEqual([]);
    expect(dueDateProblems({ proposedStart: start, deliverables: [due('2026-11-09')] }, 'Europe/Berlin')).toHaveLength(
      1,
    );
    expect(dueDateProblems({ proposedStart: null, deliverables: [due('2000-01-01')] }, 'UTC')).toEqual([]);
  });
});
