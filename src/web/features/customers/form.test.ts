import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { newIdempotencyKey, splitError } from './form.ts';

const problem = (code: string, detail: string, extra: object = {}) => new ApiError(400, { code, detail, ...extra });

describe('splitError', () => {
  it('puts field problems under the fields the form shows, and nothing in the alert', () => {
    const e = problem('VALIDATION_FAILED', 'The request is invalid.', {
      errors: [{ path: 'body.name', message: 'is required' }],
    });
    expect(splitError(e, ['name', 'timeZone'])).toEqual({ fields: { name: 'is required' }, general: null });
  });

  it('keeps the alert when a problem names a field the form does not show, so no message is lost', () => {
    const e = problem('VALIDATION_FAILED', 'The request is invalid.', {
      errors: [
        { path: 'body.name', message: 'is required' },
        { path: 'body.settings.x', message: 'unknown' },
      ],
    });
    const r = splitError(e, ['name']);
    expect(r.fields).toEqual({ name: 'is required' });
    expect(r.general).toBe(e);
  });

  it('shows a refusal that is not about a field (CONTRACT_NOT_ACTIVE) as the alert', () => {
    const e = new ApiError(422, { code: 'CONTRACT_NOT_ACTIVE', detail: 'Contract X is draft.' });
    expect(splitError(e, ['amount', 'reference'])).toEqual({ fields: {}, general: e });
    expect(splitError(null, ['amount'])).toEqual({ fields: {}, general: null });
  });
});

describe('newIdempotencyKey', () => {
  it('makes a fresh key each time', () => {
    const keys = new Set(Array.from({ length: 50 }, newIdempotencyKey));
    expect(keys.size).toBe(50);
    for (const k of keys) expect(k).toMatch(/^web-[0-9a-f-]{32,36}$/);
  });
});
