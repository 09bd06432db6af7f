import { AppError } from '../shared/errors.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!key) throw new AppError('VALIDATION_FAILED', 'The cursor is not valid: use the nextCursor of the previous page.');
  return key;
}

/** Cuts `rows` (fetched with limit + 1) into a page whose cursor is the last item's key. */
export function toPage<T>(rows: T[], limit: number, key: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null };
}
