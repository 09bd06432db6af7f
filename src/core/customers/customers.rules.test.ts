import { describe, expect, it } from 'vitest';
import {
  accountTeamProblems,
  canonicalTimeZone,
  changedFields,
  coordinateProblems,
  distinct,
  isValidTimeZone,
  roleForContact,
  sameMembers,
} from './customers.rules.ts';

describe('roleForContact', () => {
  it('follows the flags exactly as domain.md says', () => {
    expect(roleForContact({ canApprove: true, canRequest: false })).toBe('customer_approver');
    expect(roleForContact({ canApprove: true, canRequest: true })).toBe('customer_approver');
    expect(roleForContact({ canApprove: false, canRequest: true })).toBe('customer_requester');
    expect(roleForContact({ canApprove: false, canRequest: false })).toBe('customer_viewer');
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA zones and refuses others', () => {
    for (const z of ['America/Chicago', 'Europe/Berlin', 'Asia/Kolkata', 'UTC']) expect(isValidTimeZone(z)).toBe(true);
    for (const z of ['', '  ', 'Mars/Olympus', 'Central Time', 'America/Chicagoo'])
      expect(isValidTimeZone(z)).toBe(false);
  });
});

describe('canonicalTimeZone', () => {
  it('fixes the case of a zone and leaves links and unknown names as given', () => {
    expect(canonicalTimeZone(' america/chicago ')).toBe('America/Chicago');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('US/Central')).toBe('US/Central');
    expect(canonicalTimeZone('Mars/Olympus')).toBe('Mars/Olympus');
  });
});

describe('coordinateProblems', () => {
  it('accepts both, neither, and the edges of the ranges', () => {
    expect(coordinateProblems({})).toEqual([]);
    expect(coordinateProblems({ latitude: null, longitude: null })).toEqual([]);
    expect(coordinateProblems({ latitude: 41.88, longitude: -87.63 })).toEqual([]);
    expect(coordinateProblems({ latitude: -90, longitude: 180 })).toEqual([]);
    expect(coordinateProblems({ latitude: 90, longitude: -180 })).toEqual([]);
  });

  it('refuses values out of range and one without the other, naming the field', () => {
    expect(coordinateProblems({ latitude: 90.01, longitude: 0 }).map((p) => p.path)).toEqual(['latitude']);
    expect(coordinateProblems({ latitude: 0, longitude: -180.5 }).map((p) => p.path)).toEqual(['longitude']);
    expect(coordinateProblems({ latitude: Number.NaN, longitude: 0 }).map((p) => p.path)).toEqual(['latitude']);
    expect(coordinateProblems({ latitude: 10 })).toEqual([
      { path: 'longitude', message: expect.stringContaining('together') },
    ]);
    expect(coordinateProblems({ longitude: 10, latitude: null })).toEqual([
      { path: 'latitude', message: expect.stringContaining('together') },
    ]);
  });
});

describe('accountTeamProblems', () => {
  const found = new Map([
    ['usr_am', { organizationKind: 'provider' as const, role: 'account_manager' as const, status: 'active' }],
    ['usr_irm', { organizationKind: 'provider' as const, role: 'ir_manager' as const, status: 'active' }],
    ['usr_cons', { organizationKind: 'provider' as const, role: 'consultant' as const, status: 'active' }],
    ['usr_off', { organizationKind: 'provider' as const, role: 'account_manager' as const, status: 'disabled' }],
    ['usr_cust', { organizationKind: 'customer' as const, role: 'customer_approver' as const, status: 'active' }],
  ]);

  it('accepts active account managers and IR managers', () => {
    expect(accountTeamProblems(['usr_am', 'usr_irm'], found)).toEqual([]);
    expect(accountTeamProblems([], found)).toEqual([]);
  });

  it('names every bad id at its position', () => {
    const p = accountTeamProblems(['usr_am', 'usr_cons', 'usr_missing', 'usr_off', 'usr_cust'], found);
    expect(p.map((x) => x.path)).toEqual(['accountTeam.1', 'accountTeam.2', 'accountTeam.3', 'accountTeam.4']);
    expect(p[0]!.message).toContain('usr_cons');
    expect(p[1]!.message).toContain('usr_missing');
    expect(p[2]!.message).toContain('disabled');
    expect(p[3]!.message).toContain('not a user of the IR firm');
  });
});

describe('small helpers', () => {
  it('changedFields keeps only the fields that differ, or null', () => {
    expect(changedFields({ a: 1, b: [1, 2], c: 'x' }, { a: 1, b: [1, 2], c: 'y' })).toEqual({
      before: { c: 'x' },
      after: { c: 'y' },
    });
    expect(changedFields({ a: 1 }, { a: 1 })).toBeNull();
  });

  it('sameMembers ignores order; distinct keeps the first order', () => {
    expect(sameMembers(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameMembers(['a', 'b'], ['a'])).toBe(false);
    expect(sameMembers(['a', 'a'], ['a'])).toBe(true);
    expect(distinct(['b', 'a', 'b'])).toEqual(['b', 'a']);
  });
});
