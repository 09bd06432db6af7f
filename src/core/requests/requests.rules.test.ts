import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestStatuses, type RequestStatus } from '../../shared/contracts/requests.ts';
import { isAppError } from '../../shared/errors.ts';
import { canTransition, requestTransitions, stopsClocks } from '../../shared/requests.ts';
import { addDays, localDate } from '../../shared/dates.ts';
import {
  assertTransition,
  contractActiveOn,
  earliestStart,
  emergencyFlags,
  inactiveReason,
  leadTimeFor,
  noticesFor,
} from './requests.rules.ts';

describe('request lifecycle', () => {
  const allowed: [RequestStatus, RequestStatus][] = [
    ['received', 'scoping'],
    ['received', 'rejected'],
    ['scoping', 'rejected'],
    ['received', 'withdrawn'],
    ['scoping', 'withdrawn'],
    ['ewo_drafting', 'withdrawn'],
    ['scoping', 'closed_advice_only'],
    ['received', 'ewo_drafting'],
    ['scoping', 'ewo_drafting'],
    ['ewo_drafting', 'awaiting_approval'],
    ['awaiting_approval', 'ewo_drafting'],
    ['awaiting_approval', 'approved'],
    ['awaiting_approval', 'declined'],
    ['awaiting_approval', 'expired'],
    ['approved', 'closed'],
  ];

  it('allows exactly the transitions of the request table of domain.md', () => {
    const table = requestStatuses.flatMap((from) => requestTransitions[from].map((to) => `${from}->${to}`)).sort();
    expect(table).toEqual(allowed.map(([f, t]) => `${f}->${t}`).sort());
  });

  it('refuses every other move with INVALID_TRANSITION naming the current state', () => {
    for (const from of requestStatuses) {
      for (const to of requestStatuses) {
        if (canTransition(from, to)) {
          expect(() => assertTransition(from, to)).not.toThrow();
          continue;
        }
        try {
          assertTransition(from, to);
          expect.unreachable(`${from} -> ${to} should be refused`);
        } catch (e) {
          expect(isAppError(e) && e.code).toBe('INVALID_TRANSITION');
          expect((e as Error).message).toContain(`status ${from}`);
          expect((e as { details: Record<string, unknown> }).details).toMatchObject({ from, to });
        }
      }
    }
  });

  it('stops the SLA clocks when a request ends: without an engagement, or closed with it', () => {
    expect(requestStatuses.filter(stopsClocks).sort()).toEqual([
      'closed',
      'closed_advice_only',
      'declined',
      'expired',
      'rejected',
      'withdrawn',
    ]);
  });
});

describe('lead time', () => {
  it("uses the contract's override, else the larger of the catalog item's and the firm's", () => {
    expect(leadTimeFor({ contractOverride: 10, catalogItemDays: 42, firmDays: 28 })).toEqual({
      days: 10,
      source: 'contract_override',
    });
    expect(leadTimeFor({ contractOverride: 0, catalogItemDays: 42, firmDays: 28 })).toEqual({
      days: 0,
      source: 'contract_override',
    });
    expect(leadTimeFor({ contractOverride: null, catalogItemDays: 42, firmDays: 28 })).toEqual({
      days: 42,
      source: 'catalog_item',
    });
    expect(leadTimeFor({ contractOverride: null, catalogItemDays: 28, firmDays: 35 })).toEqual({
      days: 35,
      source: 'firm_setting',
    });
    expect(leadTimeFor({ contractOverride: null, catalogItemDays: 28, firmDays: 28 })).toEqual({
      days: 28,
      source: 'firm_setting',
    });
  });

  it('counts calendar days from the date of receipt in the customer zone (Pacific/Auckland, UTC+13)', () => {
    // 10:59 UTC is 23:59 on the 2nd in Auckland; 11:00 UTC is already the 3rd.
    expect(earliestStart(new Date('2026-11-02T10:59:59Z'), 28, 'Pacific/Auckland')).toBe('2026-11-30');
    expect(earliestStart(new Date('2026-11-02T11:00:00Z'), 28, 'Pacific/Auckland')).toBe('2026-12-01');
    // The same instants in Chicago are still the 2nd.
    expect(earliestStart(new Date('2026-11-02T11:00:00Z'), 28, 'America/Chicago')).toBe('2026-11-30');
  });

  it('is not shifted by a daylight-saving change inside the lead time', () => {
    // Auckland leaves daylight saving on 2027-04-04; Chicago on 2026-11-01; Berlin enters it on 2027-03-28.
    expect(earliestStart(new Date('2027-03-20T10:30:00Z'), 28, 'Pacific/Auckland')).toBe('2027-04-17');
    expect(earliestStart(new Date('2026-10-20T04:59:00Z'), 28, 'America/Chicago')).toBe('2026-11-16');
    expect(earliestStart(new Date('2027-03-15T23:30:00Z'), 28, 'Europe/Berlin')).toBe('2027-04-13');
  });

  it('is always the local date plus the days, for any instant, zone and lead time', () => {
    const zones = [
      'Pacific/Auckland',
      'America/Chicago',
      'Europe/Berlin',
      'Asia/Kolkata',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'UTC',
    ];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 365 }),
        (at, zone, days) => {
          const start = earliestStart(at, days, zone);
          const local = localDate(at, zone);
          const diff = (Date.parse(`${start}T00:00:00Z`) - Date.parse(`${local}T00:00:00Z`)) / 86_400_000;
          expect(diff).toBe(days);
        },
      ),
    );
  });

  it('adds days to dates across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});

describe('contract state and level of support', () => {
  const c = { number: 'IMR-1', status: 'active' as const, termStart: '2026-01-01', termEnd: '2026-12-31' };

  it('is active on the inclusive days of its term only', () => {
    expect(contractActiveOn(c, '2026-01-01')).toBe(true);
    expect(contractActiveOn(c, '2026-12-31')).toBe(true);
    expect(contractActiveOn(c, '2027-01-01')).toBe(false);
    expect(contractActiveOn(c, '2025-12-31')).toBe(false);
    expect(contractActiveOn({ ...c, status: 'terminated' }, '2026-06-01')).toBe(false);
  });

  it('names the term when it is not active', () => {
    expect(inactiveReason({ ...c, status: 'expired' }, '2027-02-01')).toBe(
      'contract IMR-1 is expired (term 2026-01-01 to 2026-12-31)',
    );
    expect(inactiveReason(c, '2027-02-01')).toBe('contract IMR-1 has ended (term 2026-01-01 to 2026-12-31)');
    expect(inactiveReason(c, '2025-02-01')).toBe('contract IMR-1 has not started yet (term 2026-01-01 to 2026-12-31)');
  });

  it('flags advisory, not covered and inactive contracts, and says what it means', () => {
    expect(emergencyFlags(true, 'full')).toEqual([]);
    expect(emergencyFlags(true, 'advisory')).toEqual(['advisory']);
    expect(emergencyFlags(false, 'not_covered')).toEqual(['not_covered', 'no_active_retainer']);
    const notices = noticesFor(['advisory', 'no_active_retainer'], {
      ...c,
      incidentType: 'business_email_compromise',
      receivedDate: '2027-02-01',
    });
    expect(notices[0]!.message).toContain('business email compromise incidents with advisory support only');
    expect(notices[1]!.message).toContain('term 2026-01-01 to 2026-12-31');
  });
});
