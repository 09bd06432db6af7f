import { AppError } from '../shared/errors.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * What one part of a list's sort key holds. A cursor comes back from the client, so each part is checked
 * against what its column holds before it reaches SQL: a malformed one is the list's 400, never a 500.
 */
const partChecks = {
  /** A bigserial sequence (audit, inbound mail): 0 … 2^53 − 1, as `pg` parses bigint here. */
  seq: (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0,
  /** A non-negative `integer` column (ledger seq, escalation order). */
  int: (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2147483647,
  /** A non-negative `smallint` column (the board's kind rank). */
  rank: (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 32767,
  /** A readable id (`cus_01j…`). */
  id: (v: unknown) => typeof v === 'string' && /^[a-z]{3}_[0-9a-z]{1,60}$/.test(v),
  /** A calendar date (YYYY-MM-DD) that exists, years 0001–9999 as PostgreSQL's `date` reads them. */
  date: (v: unknown) =>
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(v) &&
    v >= '0001' &&
    new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
  /** An instant as the server wrote it (`toISOString()`). */
  instant: (v: unknown) =>
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) &&
    !Number.isNaN(Date.parse(v)) &&
    new Date(v).toISOString() === v,
  /** Text of a sort key (a lower-cased name), as long as a stored name may be; PostgreSQL text holds no NUL. */
  text: (v: unknown) => typeof v === 'string' && v.length <= 1000 && !v.includes('\u0000'),
} as const;

export type CursorPart = keyof typeof partChecks;
type PartValue<K extends CursorPart> = K extends 'seq' | 'int' | 'rank' ? number : string;
export type CursorKey<K extends readonly CursorPart[]> = { -readonly [I in keyof K]: PartValue<K[I]> };

export interface CursorCodec<K extends readonly CursorPart[]> {
  encode(key: CursorKey<K>): string;
  /** The key of a cursor this list gave out; undefined without one; anything else is VALIDATION_FAILED. */
  decode(cursor: string | undefined): CursorKey<K> | undefined;
}

export const invalidCursor = (): AppError =>
  new AppError(
    'VALIDATION_FAILED',
    'The cursor is not valid: use the nextCursor of the previous page, or leave it out for the first page.',
    {
      errors: [{ path: 'querystring.cursor', message: 'is not a cursor of this list' }],
    },
  );

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The one cursor format of every list: the last item's sort key as a JSON array, base64url-encoded, and
 * read back strictly (canonical base64url, valid UTF-8, JSON, the list's parts each of its kind).
 */
export function cursorOf<const K extends readonly CursorPart[]>(...parts: K): CursorCodec<K> {
  return {
    encode: (key) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url'),
    decode(cursor) {
      if (cursor === undefined || cursor === '') return undefined;
      if (!BASE64URL.test(cursor)) throw invalidCursor();
      const bytes = Buffer.from(cursor, 'base64url');
      if (bytes.toString('base64url') !== cursor) throw invalidCursor();
      let key: unknown;
      try {
        key = JSON.parse(utf8.decode(bytes));
      } catch {
        throw invalidCursor();
      }
      if (!Array.isArray(key) || key.length !== parts.length || !parts.every((p, i) => partChecks[p](key[i])))
        throw invalidCursor();
      return key as CursorKey<K>;
    },
  };
}

/** Cuts `rows` (fetched with limit + 1) into a page whose cursor is the last item's key. */
export function toPage<T, K extends readonly CursorPart[]>(
  rows: T[],
  limit: number,
  cursor: CursorCodec<K>,
  key: (row: T) => CursorKey<K>,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursor.encode(key(last)) : null };
}
