import { describe, expect, it } from 'vitest';
import { errorCatalog, type ErrorCode } from '../shared/errors.ts';
import { exitCodeFor, exitCodes } from './exit-codes.ts';

describe('exit codes', () => {
  it.each([
    ['VALIDATION_FAILED', exitCodes.usage],
    ['NUL_CHARACTER', exitCodes.usage],
    ['METHOD_NOT_ALLOWED', exitCodes.usage],
    ['PAYLOAD_TOO_LARGE', exitCodes.usage],
    ['URI_TOO_LONG', exitCodes.usage],
    ['UNSUPPORTED_MEDIA_TYPE', exitCodes.usage],
    ['HEADERS_TOO_LARGE', exitCodes.usage],
    ['REQUEST_TIMEOUT', exitCodes.unavailable],
    ['UNAUTHENTICATED', exitCodes.unauthenticated],
    ['NOT_FOUND', exitCodes.notFound],
    ['STALE_REVISION', exitCodes.conflict],
    ['BALANCE_INSUFFICIENT', exitCodes.refused],
    ['SERVICE_UNAVAILABLE', exitCodes.unavailable],
    ['INTERNAL', exitCodes.failure],
    ['SOMETHING_UNKNOWN', exitCodes.failure],
  ] as const)('%s → %i', (code, exit) => {
    expect(exitCodeFor(code)).toBe(exit);
  });

  it('gives every client error of the catalog an exit code other than "unexpected failure"', () => {
    const clientErrors = (Object.keys(errorCatalog) as ErrorCode[]).filter((c) => errorCatalog[c].status < 500);
    expect(clientErrors.filter((c) => exitCodeFor(c) === exitCodes.failure)).toEqual([]);
  });
});
