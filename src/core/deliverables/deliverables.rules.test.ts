import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import {
  assertAcceptable,
  assertDeliverableTransition,
  assertIssuable,
  assertVersionable,
  customerSeesVersion,
  type DeliverableStatus,
} from './deliverables.rules.ts';

const codeOf = (fn: () => void): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).code;
  }
};

describe('deliverable state machine', () => {
  it('allows draft → issued, issued → issued | accepted; accepted is final', () => {
    const all: DeliverableStatus[] = ['draft', 'issued', 'accepted'];
    const allowed = all.flatMap((from) =>
      all.filter((to) => codeOf(() => assertDeliverableTransition(from, to)) === null).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual(['draft→issued', 'issued→issued', 'issued→accepted']);
  });

  it('issues only a version that is not issued yet', () => {
    expect(codeOf(() => assertIssuable({ status: 'draft', currentVersion: 1, issuedVersion: null }))).toBeNull();
    expect(codeOf(() => assertIssuable({ status: 'issued', currentVersion: 2, issuedVersion: 1 }))).toBeNull();
    expect(codeOf(() => assertIssuable({ status: 'issued', currentVersion: 2, issuedVersion: 2 }))).toBe(
      'INVALID_TRANSITION',
    );
    expect(codeOf(() => assertIssuable({ status: 'accepted', currentVersion: 3, issuedVersion: 2 }))).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('takes new versions until accepted', () => {
    expect(codeOf(() => assertVersionable('draft'))).toBeNull();
    expect(codeOf(() => assertVersionable('issued'))).toBeNull();
    expect(codeOf(() => assertVersionable('accepted'))).toBe('INVALID_TRANSITION');
  });

  it('accepts the issued version only, and refuses a stale one', () => {
    expect(codeOf(() => assertAcceptable({ status: 'issued', issuedVersion: 2 }, undefined))).toBeNull();
    expect(codeOf(() => assertAcceptable({ status: 'issued', issuedVersion: 2 }, 2))).toBeNull();
    expect(codeOf(() => assertAcceptable({ status: 'issued', issuedVersion: 2 }, 1))).toBe('STALE_REVISION');
    expect(codeOf(() => assertAcceptable({ status: 'draft', issuedVersion: null }, undefined))).toBe(
      'INVALID_TRANSITION',
    );
    expect(codeOf(() => assertAcceptable({ status: 'accepted', issuedVersion: 1 }, 1))).toBe('INVALID_TRANSITION');
  });

  it('shows customers issued versions only', () => {
    expect(customerSeesVersion({ issued_at: null })).toBe(false);
    expect(customerSeesVersion({ issued_at: new Date() })).toBe(true);
  });
});
