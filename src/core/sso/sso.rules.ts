import { providerRoles, type ProviderRole } from '../../shared/roles.ts';
import type { SsoRefusal } from '../../shared/sso.ts';

/** Who the identity provider says signed in, read from its ID token and userinfo claims. */
export interface SsoIdentity {
  subject: string;
  email: string | undefined;
  /** Only `email_verified: true` (or the string "true" some providers send) counts. */
  emailVerified: boolean;
  name: string | undefined;
  groups: string[];
}

/** The claims of the ID token and the userinfo response, as one identity (userinfo wins where both speak). */
export function identityFromClaims(claims: Record<string, unknown>, groupsClaim: string): SsoIdentity {
  const email = typeof claims['email'] === 'string' ? claims['email'].trim() : undefined;
  const verified = claims['email_verified'];
  const rawGroups = claims[groupsClaim];
  const groups = Array.isArray(rawGroups)
    ? rawGroups.filter((g): g is string => typeof g === 'string')
    : typeof rawGroups === 'string'
      ? [rawGroups]
      : [];
  const name = typeof claims['name'] === 'string' && claims['name'].trim() ? claims['name'].trim() : undefined;
  return {
    subject: String(claims['sub'] ?? ''),
    email: email || undefined,
    emailVerified: verified === true || verified === 'true',
    name,
    groups,
  };
}

/** The role of the most trusted mapped group a user is in (admin before ir_manager before …), or null. */
export function roleFromGroups(
  groups: readonly string[],
  mapping: Readonly<Record<string, ProviderRole>>,
): ProviderRole | null {
  const mapped = new Set(groups.map((g) => mapping[g]).filter((r): r is ProviderRole => r !== undefined));
  return providerRoles.find((r) => mapped.has(r)) ?? null;
}

/** The account an identity's email found, as the decision needs it. */
export interface SsoAccount {
  status: 'invited' | 'active' | 'disabled';
  organizationKind: 'provider' | 'customer';
}

export type SsoDecision =
  { kind: 'sign_in' } | { kind: 'create'; role: ProviderRole } | { kind: 'refuse'; reason: SsoRefusal; why: string };

/**
 * Who single sign-on lets in: a verified email of an existing provider account that is not disabled; an
 * unknown email only when creating users is on and one of its groups maps to a role. A customer contact's
 * email is answered like an unknown one (customers keep passwords and never sign in through the provider).
 */
export function ssoDecision(
  identity: SsoIdentity,
  account: SsoAccount | undefined,
  options: { createUsers: boolean; groupRoles: Readonly<Record<string, ProviderRole>> },
): SsoDecision {
  if (!identity.email || !identity.emailVerified)
    return { kind: 'refuse', reason: 'unverified_email', why: 'email missing or not verified by the provider' };
  if (account?.organizationKind === 'customer')
    return { kind: 'refuse', reason: 'unknown_user', why: 'the email belongs to a customer user' };
  if (account?.status === 'disabled') return { kind: 'refuse', reason: 'disabled', why: 'the user is disabled' };
  if (account) return { kind: 'sign_in' };
  const role = options.createUsers ? roleFromGroups(identity.groups, options.groupRoles) : null;
  if (role) return { kind: 'create', role };
  return {
    kind: 'refuse',
    reason: 'unknown_user',
    why: options.createUsers ? 'no group of the user maps to a role' : 'no user with this email',
  };
}

/**
 * Whether a password may sign this user in: always, unless the firm turned staff passwords off; then only
 * administrators (their way in when the identity provider is down) and customers.
 */
export function passwordLoginAllowed(
  user: { organizationKind: 'provider' | 'customer'; role: string },
  staffPasswordsOff: boolean,
): boolean {
  return !staffPasswordsOff || user.organizationKind === 'customer' || user.role === 'admin';
}

/** A place in the staff app to return to after signing in: a local path, never another site or the portal. */
export function safeReturnPath(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/portal') || next.startsWith('/api/') || next.startsWith('/login')) return '/';
  return next.slice(0, 500);
}

/** How long a started sign-in may take at the identity provider. */
export const pendingLoginMinutes = 10;
