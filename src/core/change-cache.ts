import type { ChangeFeed } from '../db/change-feed.ts';

/**
 * An in-memory copy of rows that the database announces changes of (a ChangeFeed channel). It answers
 * from memory only while the feed is live, and never keeps a value read before an invalidation that
 * arrived while the read was in flight (a generation counter), so a cached row is at most as old as the
 * notification of its last change takes to arrive. Writers in this process also invalidate right after
 * their commit, so a request reads its own process's writes.
 */
export interface ChangeCache<V> {
  /** The cached value, or `load()` (stored unless an invalidation or a feed reset happened meanwhile). */
  get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined>;
  /** Forgets everything (a change was announced or made). */
  clear(): void;
  readonly size: number;
}

export function createChangeCache<V>(
  feed: Pick<ChangeFeed, 'live' | 'onReset'>,
  o: { maxEntries: number },
): ChangeCache<V> {
  const entries = new Map<string, V>();
  let generation = 0;
  const clear = () => {
    generation++;
    entries.clear();
  };
  feed.onReset(clear);
  return {
    async get(key, load) {
      if (feed.live()) {
        const hit = entries.get(key);
        if (hit !== undefined) return hit;
      }
      const seen = generation;
      const value = await load();
      if (value !== undefined && seen === generation && feed.live()) {
        if (entries.size >= o.maxEntries) entries.delete(entries.keys().next().value!);
        entries.set(key, value);
      }
      return value;
    },
    clear,
    get size() {
      return entries.size;
    },
  };
}
