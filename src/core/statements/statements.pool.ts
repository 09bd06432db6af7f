/**
 * Issues run several contracts at once: a statement's PDF is CPU work and its reads and transaction are
 * database round trips, so while one waits for the database another renders. On PostgreSQL a few at a
 * time (well under the pool's size, so requests still get connections); PGlite has one connection and
 * gains nothing from more than one.
 */
export function issueConcurrency(kind: 'postgres' | 'pglite'): number {
  return kind === 'postgres' ? 4 : 1;
}

/** Runs `fn` over `items` with at most `limit` running at once; results in the items' order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
