import { errorCatalog, type ErrorCode } from '../shared/errors.ts';

/** Documented exit codes of `imr` (README, `imr --help`). */
export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 2,
  unauthenticated: 3,
  forbidden: 4,
  notFound: 5,
  conflict: 6,
  refused: 7,
  unavailable: 8,
  integrity: 9,
} as const;

export const exitCodeHelp = `Exit codes:
  0  success
  1  unexpected failure
  2  invalid usage or input (bad arguments, validation failed, a request the server cannot take)
  3  not signed in (run \`imr login\` or set IMR_TOKEN)
  4  not allowed for your role
  5  not found
  6  conflict with the current state (stale, invalid transition, reused key)
  7  refused by a business rule (balance, lead time, contract not active…) or rate limited
  8  server or database unavailable or too slow (or the data folder is held by another process)
  9  integrity check failed (e.g. ledger verify found a broken chain)`;

/** The exit code of an error code: one mapping, derived from the HTTP status of the catalog. */
export function exitCodeFor(code: string): number {
  const status = (errorCatalog as Record<string, { status: number }>)[code as ErrorCode]?.status;
  switch (status) {
    // 405, 413, 414, 415, 431: the request itself could not be taken, as with invalid input.
    case 400:
    case 405:
    case 413:
    case 414:
    case 415:
    case 431:
      return exitCodes.usage;
    case 401:
      return exitCodes.unauthenticated;
    case 403:
      return exitCodes.forbidden;
    case 404:
      return exitCodes.notFound;
    case 409:
      return exitCodes.conflict;
    case 422:
    case 429:
      return exitCodes.refused;
    case 408:
    case 503:
      return exitCodes.unavailable;
    default:
      return exitCodes.failure;
  }
}
