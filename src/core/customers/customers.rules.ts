import { canonicalTimeZone, isValidTimeZone, timeZoneMessage } from '../../shared/contracts/customers.ts';
import type { CustomerRole, Role } from '../../shared/roles.ts';

/** A field error as the API reports it (`errors` of a 400 problem). */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * The role of a contact's portal login follows the contact's flags (domain.md): `canApprove` →
 * customer_approver (who may also request), else `canRequest` → customer_requester, else customer_viewer.
 */
export function roleForContact(flags: { canApprove: boolean; canRequest: boolean }): CustomerRole {
  if (flags.canApprove) return 'customer_approver';
  if (flags.canRequest) return 'customer_requester';
  return 'customer_viewer';
}

export { canonicalTimeZone, isValidTimeZone, timeZoneMessage };
/** Customer names are unique by this key (NFKC, no invisible characters, lower case, single spaces). */
export { normalizeName } from '../../shared/names.ts';

/** Latitude and longitude come together, within -90..90 and -180..180; returns the problems. */
export function coordinateProblems(coordinates: { latitude?: number | null; longitude?: number | null }): FieldError[] {
  const problems: FieldError[] = [];
  const lat = coordinates.latitude ?? null;
  const lon = coordinates.longitude ?? null;
  if (lat !== null && (!Number.isFinite(lat) || lat < -90 || lat > 90))
    problems.push({ path: 'latitude', message: 'must be between -90 and 90' });
  if (lon !== null && (!Number.isFinite(lon) || lon < -180 || lon > 180))
    problems.push({ path: 'longitude', message: 'must be between -180 and 180' });
  if ((lat === null) !== (lon === null)) {
    problems.push({
      path: lat === null ? 'latitude' : 'longitude',
      message: 'give latitude and longitude together (or neither)',
    });
  }
  return problems;
}

/** The roles an account team member may have (domain.md: account managers and IR managers). */
export const accountTeamRoles: readonly Role[] = ['account_manager', 'ir_manager'];

/**
 * Checks the users proposed for an account team: each must exist, be provider staff, be active and have
 * an account team role. Returns one problem per bad id, naming it.
 */
export function accountTeamProblems(
  requested: readonly string[],
  found: ReadonlyMap<string, { organizationKind: 'provider' | 'customer'; role: Role; status: string }>,
): FieldError[] {
  const problems: FieldError[] = [];
  requested.forEach((id, i) => {
    const user = found.get(id);
    const path = `accountTeam.${i}`;
    if (!user || user.organizationKind !== 'provider')
      problems.push({ path, message: `${id} is not a user of the IR firm` });
    else if (!accountTeamRoles.includes(user.role))
      problems.push({
        path,
        message: `${id} is a ${user.role}: the account team takes account managers and IR managers`,
      });
    else if (user.status !== 'active')
      problems.push({ path, message: `${id} is ${user.status}: only active users join an account team` });
  });
  return problems;
}

/** Whether two lists hold the same ids, whatever their order. */
export const sameMembers = (a: readonly string[], b: readonly string[]): boolean => {
  const setA = new Set(a);
  const setB = new Set(b);
  return setA.size === setB.size && [...setA].every((id) => setB.has(id));
};

/** Distinct ids in their first order. */
export const distinct = (ids: readonly string[]): string[] => [...new Set(ids)];

/** The fields whose values differ between two snapshots (for audit before/after). */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: T,
): { before: Partial<T>; after: Partial<T> } | null {
  const keys = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (keys.length === 0) return null;
  return {
    before: Object.fromEntries(keys.map((k) => [k, before[k]])) as Partial<T>,
    after: Object.fromEntries(keys.map((k) => [k, after[k]])) as Partial<T>,
  };
}
