import { describe, expect, it } from 'vitest';
import { etagOf, expectedRevision } from './revisions.ts';

const refused = expect.objectContaining({ code: 'VALIDATION_FAILED' });

describe('expectedRevision', () => {
  it('reads If-Match in its usual forms, or the body', () => {
    expect(expectedRevision(undefined, undefined)).toBeUndefined();
    expect(expectedRevision('"3"', undefined)).toBe(3);
    expect(expectedRevision('W/"4"', 4)).toBe(4);
    expect(expectedRevision(' 5 ', undefined)).toBe(5);
    expect(expectedRevision('*', 2)).toBe(2);
    expect(expectedRevision('*', undefined)).toBeUndefined();
    expect(expectedRevision(undefined, 7)).toBe(7);
  });

  it('refuses an unreadable header and a header that disagrees with the body', () => {
    expect(() => expectedRevision('"abc"', undefined)).toThrow(refused);
    expect(() => expectedRevision('"3", "4"', undefined)).toThrow(refused);
    expect(() => expectedRevision('"3"', 4)).toThrow(refused);
  });

  it('round-trips with etagOf', () => {
    expect(expectedRevision(etagOf(12), undefined)).toBe(12);
  });
});
