import fc from 'fast-check';

/**
 * Placeholders that a generated request carries instead of state-dependent values. Generation stays a
 * pure function of the seed; the runner resolves them against the database as it is when the request is
 * sent (real ids, the last cursor a list answered, the stored approval links).
 */

export const poolNames = [
  'customer',
  'organization',
  'user',
  'staffUser',
  'token',
  'mailbox',
  'site',
  'contact',
  'contract',
  'catalogItem',
  'request',
  'scopingCall',
  'engagement',
  'expense',
  'deliverable',
  'workOrder',
  'changeOrder',
  'effort',
  'ledgerEntry',
  'contentHash',
  'approvalToken',
  'loginEmail',
  'attendee',
  'anyId',
  'proactiveItem',
  'accountManager',
] as const;
export type PoolName = (typeof poolNames)[number];

/** A real value from a pool (ids by kind, content hashes, sign-in emails), chosen by `pick` in [0, 1). */
export class PoolRef {
  constructor(
    readonly pool: PoolName,
    readonly pick: number,
  ) {}
}

/** The nextCursor the same list answered last (or none yet). */
export class CursorRef {
  constructor(readonly opKey: string) {}
}

/** A file for a multipart field: real PNG/PDF/JPEG bytes, text, or random bytes. */
export class FileRef {
  constructor(
    readonly kind: 'png' | 'pdf' | 'jpeg' | 'text' | 'bytes',
    readonly name: string,
    readonly declaredType: string,
  ) {}
}

/** A uniform pick in [0, 1): fast-check's own doubles lean to the edges (0, tiny, huge), which would draw the first id nearly always. */
export const uniformPick: fc.Arbitrary<number> = fc
  .noBias(fc.integer({ min: 0, max: 999_999 }))
  .map((n) => n / 1_000_000);

/** The pool a parameter or field of this name takes its real values from. */
export function poolOfName(name: string | undefined): PoolName | undefined {
  switch (name) {
    case 'customerId':
      return 'customer';
    case 'contractId':
      return 'contract';
    case 'userId':
    case 'actorId':
      return 'staffUser';
    case 'accountTeam':
    case 'accountTeamMember':
      return 'accountManager';
    case 'organizationId':
      return 'organization';
    case 'contactId':
    case 'requesterContactId':
      return 'contact';
    case 'catalogItemId':
      return 'catalogItem';
    case 'entryId':
      return 'ledgerEntry';
    case 'engagementId':
      return 'engagement';
    case 'requestId':
      return 'request';
    case 'siteIds':
    case 'siteId':
      return 'site';
    case 'attendees':
      return 'attendee';
    case 'contentHash':
      return 'contentHash';
    case 'callId':
      return 'scopingCall';
    case 'entityId':
      return 'anyId';
    default:
      return undefined;
  }
}

/** The pool of a path's `{id}`: the collection named before it (/customers/{id} → customer). */
export function poolOfPathId(path: string, param: string): PoolName | undefined {
  if (param !== 'id' && param !== 'token') return poolOfName(param);
  if (param === 'token') return path.includes('/approval-links/') ? 'approvalToken' : undefined;
  const segments = path.split('/');
  const at = segments.indexOf('{id}');
  const collection = segments[at - 1];
  const byCollection: Record<string, PoolName> = {
    tokens: 'token',
    users: 'user',
    organizations: 'organization',
    mailbox: 'mailbox',
    customers: 'customer',
    contracts: 'contract',
    catalog: 'catalogItem',
    requests: 'request',
    engagements: 'engagement',
    expenses: 'expense',
    deliverables: 'deliverable',
    effort: 'effort',
    'work-orders': 'workOrder',
    'change-orders': 'changeOrder',
  };
  return collection ? byCollection[collection] : undefined;
}
