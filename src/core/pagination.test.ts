import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import { cursorOf, toPage } from './pagination.ts';

const b64 = (json: string) => Buffer.from(json, 'utf8').toString('base64url');
const refused = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof AppError && e.code === 'VALIDATION_FAILED';
  }
  return false;
};

describe('cursors', () => {
  it('give back the key they were made of, for every kind of part', () => {
    const c = cursorOf('seq', 'int', 'rank', 'id', 'date', 'instant', 'text');
    const key = [
      2 ** 53 - 1,
      2147483647,
      1,
      'cus_01j9zz',
      '2026-02-28',
      '2026-11-02T09:00:00.000Z',
      'nor\u200bthwind | "x"',
    ] as [number, number, number, string, string, string, string];
    expect(c.decode(c.encode(key))).toEqual(key);
    expect(c.decode(undefined)).toBeUndefined();
    expect(c.decode('')).toBeUndefined();
  });

  it('round-trip any (text, id) key', () => {
    const c = cursorOf('text', 'id');
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }).filter((s) => !s.includes('\u0000')),
        fc.stringMatching(/^[a-z]{3}_[0-9a-z]{1,26}$/),
        (text, id) => {
          expect(c.decode(c.encode([text, id]))).toEqual([text, id]);
        },
      ),
    );
  });

  it.each([
    ['seq', 'past 2^53', '[9007199254740992]'],
    ['seq', 'negative', '[-1]'],
    ['seq', 'a fraction', '[1.5]'],
    ['seq', 'a string', '["1"]'],
    ['int', 'past int4', '[2147483648]'],
    ['rank', 'past smallint', '[32768]'],
    ['id', 'not an id', '["nope nope"]'],
    ['id', 'a NUL', '["cus_\\u0000"]'],
    ['date', 'a day that does not exist', '["2026-02-30"]'],
    ['date', 'year zero', '["0000-01-01"]'],
    ['date', 'not a date', '["2026-1-1"]'],
    ['instant', 'not as the server writes it', '["2026-11-02T09:00:00Z"]'],
    ['instant', 'a month 13', '["2026-13-02T09:00:00.000Z"]'],
    ['text', 'a NUL', '["a\\u0000b"]'],
    ['text', 'too long', `["${'x'.repeat(1001)}"]`],
  ] as const)('refuse a %s part that is %s', (kind, _what, json) => {
    expect(refused(() => cursorOf(kind).decode(b64(json)))).toBe(true);
  });

  it.each([
    ['not base64url', 'a+b/'],
    ['padded', `${b64('[1]')}=`],
    ['not canonical base64url', 'WzFd_'],
    ['not UTF-8', 'fuzz'],
    ['not JSON', b64('1|2')],
    ['not an array', b64('{"0":1}')],
    ['of another length', b64('[1,2]')],
  ])('refuse a cursor that is %s', (_what, cursor) => {
    expect(refused(() => cursorOf('seq').decode(cursor))).toBe(true);
  });

  it('cut a page with the cursor of its last item', () => {
    const c = cursorOf('seq');
    expect(toPage([5, 4, 3], 2, c, (n) => [n])).toEqual({ items: [5, 4], nextCursor: c.encode([4]) });
    expect(toPage([5, 4], 2, c, (n) => [n])).toEqual({ items: [5, 4], nextCursor: null });
  });
});
