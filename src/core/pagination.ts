import { AppError } from '../shared/errors.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

const invalidCursor = () => new AppError('VALIDATION_FAILED', 'The cursor is not valid: use the nextCursor of the previous page.');
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The key of a cursor this server issued. A forged one is refused here, before it reaches SQL: characters
 * outside base64url (Buffer skips them silently), bytes that are not UTF-8, or a NUL (which no text
 * column holds, so PostgreSQL fails on it).
 */
export function decodeCursor(cursor: string): string {
  if (!BASE64URL.test(cursor)) throw invalidCursor();
  let key: string;
  try {
    key = utf8.decode(Buffer.from(cursor, 'base64url'));
  } catch {
    throw invalidCursor();
  }
  if (!key || key.includes('\u0000')) throw invalidCursor();
  return key;
}

/** A cursor whose key is JSON (an array of the sort columns); strings in it hold no NUL. */
export function decodeJsonCursor(cursor: string): unknown {
  let key: unknown;
  try {
    key = JSON.parse(decodeCursor(cursor));
  } catch {
    throw invalidCursor();
  }
  if (Array.isArray(key) && key.some((k) => typeof k === 'string' && k.includes('\u0000'))) throw invalidCursor();
  return key;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A `date|id` cursor (timesheets, expenses): the date must be a real calendar day. */
export function decodeDateIdCursor(cursor: string): [string, string] {
  const [date, id, ...rest] = decodeCursor(cursor).split('|');
  const day = date && DATE.test(date) ? new Date(`${date}T00:00:00Z`) : undefined;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== date || !id || rest.length) throw invalidCursor();
  return [date, id];
}

/** Cuts `rows` (fetched with limit + 1) into a page whose cursor is the last item's key. */
export function toPage<T>(rows: T[], limit: number, key: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null };
}
