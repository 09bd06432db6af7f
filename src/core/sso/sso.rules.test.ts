import { describe, expect, it } from 'vitest';
import { identityFromClaims, passwordLoginAllowed, roleFromGroups, safeReturnPath, ssoDecision } from './sso.rules.ts';

const opts = { createUsers: false, groupRoles: {} };
const verified = identityFromClaims({ sub: 's', email: 'a@firm.test', email_verified: true }, 'groups');

describe('sso rules', () => {
  it('counts only a verified email', () => {
    expect(identityFromClaims({ sub: 's', email: 'a@x', email_verified: 'true' }, 'groups').emailVerified).toBe(true);
    expect(identityFromClaims({ sub: 's', email: 'a@x', email_verified: 'yes' }, 'groups').emailVerified).toBe(false);
    expect(identityFromClaims({ sub: 's', email: 'a@x' }, 'groups').emailVerified).toBe(false);
    expect(
      ssoDecision({ ...verified, emailVerified: false }, { status: 'active', organizationKind: 'provider' }, opts),
    ).toMatchObject({ kind: 'refuse', reason: 'unverified_email' });
  });

  it('lets in active and invited staff; refuses disabled staff, customers (as unknown) and strangers', () => {
    expect(ssoDecision(verified, { status: 'active', organizationKind: 'provider' }, opts)).toEqual({
      kind: 'sign_in',
    });
    expect(ssoDecision(verified, { status: 'invited', organizationKind: 'provider' }, opts)).toEqual({
      kind: 'sign_in',
    });
    expect(ssoDecision(verified, { status: 'disabled', organizationKind: 'provider' }, opts)).toMatchObject({
      reason: 'disabled',
    });
    expect(ssoDecision(verified, { status: 'active', organizationKind: 'customer' }, opts)).toMatchObject({
      reason: 'unknown_user',
    });
    expect(ssoDecision(verified, undefined, opts)).toMatchObject({ reason: 'unknown_user' });
  });

  it('creates strangers only when on and a group maps, with the most trusted role', () => {
    const mapping = { Staff: 'consultant', Admins: 'admin' } as const;
    expect(roleFromGroups(['Staff', 'Admins'], mapping)).toBe('admin');
    expect(roleFromGroups(['Other'], mapping)).toBeNull();
    const grouped = { ...verified, groups: ['Staff'] };
    expect(ssoDecision(grouped, undefined, { createUsers: true, groupRoles: mapping })).toEqual({
      kind: 'create',
      role: 'consultant',
    });
    expect(ssoDecision(grouped, undefined, { createUsers: false, groupRoles: mapping })).toMatchObject({
      kind: 'refuse',
    });
  });

  it('keeps passwords for admins and customers when staff passwords are off', () => {
    expect(passwordLoginAllowed({ organizationKind: 'provider', role: 'consultant' }, true)).toBe(false);
    expect(passwordLoginAllowed({ organizationKind: 'provider', role: 'admin' }, true)).toBe(true);
    expect(passwordLoginAllowed({ organizationKind: 'customer', role: 'customer_viewer' }, true)).toBe(true);
    expect(passwordLoginAllowed({ organizationKind: 'provider', role: 'consultant' }, false)).toBe(true);
  });

  it('returns only to local staff paths', () => {
    expect(safeReturnPath('/engagements?x=1')).toBe('/engagements?x=1');
    for (const bad of ['//evil.test', 'https://evil.test', '/\\evil', '/portal', '/api/v1/x', undefined])
      expect(safeReturnPath(bad)).toBe('/');
  });
});
