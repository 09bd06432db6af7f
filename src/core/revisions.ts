import { AppError } from '../shared/errors.ts';

// Optimistic concurrency of every editable record (customers, contracts, engagements, work orders,
// change orders): the client sends the revision it edited, the service refuses a stale one (409).

/**
 * The revision a write was based on: `If-Match` (`"3"`, `W/"3"` or `3`; `*` means any) or the body's
 * `revision`; undefined when neither is given. An unreadable header, or one that disagrees with the
 * body, is 400 VALIDATION_FAILED.
 */
export function expectedRevision(ifMatch: string | undefined, bodyRevision: number | undefined): number | undefined {
  const header = ifMatch?.trim();
  if (header === undefined || header === '' || header === '*') return bodyRevision;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header);
  const fromHeader = match ? Number(match[1]) : undefined;
  if (fromHeader === undefined || (bodyRevision !== undefined && bodyRevision !== fromHeader)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'If-Match must be the revision from the ETag (such as "3"), and agree with `revision` when both are given.',
      {
        errors: [{ path: 'headers.if-match', message: 'must be a revision such as "3"' }],
      },
    );
  }
  return fromHeader;
}

/** The strong entity tag of a revision, for ETag and If-Match. */
export const etagOf = (revision: number): string => `"${revision}"`;
