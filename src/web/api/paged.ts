import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type QueryValue } from './client.ts';
import type { Page } from './types.ts';

/** A growing cursor-paginated list, as usePagedList gives it. */
export interface PagedList<T> {
  items: T[];
  isPending: boolean;
  error: unknown;
  refetch: () => void;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
}

/**
 * A cursor-paginated list endpoint (`{ items, nextCursor }`) as one growing list with "Load more".
 * The query key is `[...key, filter]`, so invalidating `key` refreshes every filtered view.
 */
export function usePagedList<T>(
  key: readonly unknown[],
  path: string,
  filter: Record<string, QueryValue> = {},
  limit = 50,
): PagedList<T> {
  const query = useInfiniteQuery({
    queryKey: [...key, filter],
    queryFn: ({ pageParam, signal }) => api<Page<T>>(path, { query: { ...filter, limit, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return pagedListOf(query);
}

/** What pagedListOf reads of an infinite query (useInfiniteQuery's result). */
interface InfinitePages<P> {
  data?: { pages: P[] } | undefined;
  isPending: boolean;
  error: unknown;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/**
 * An infinite query over cursor pages of any shape with `items` as a PagedList. `T` names the items as
 * the caller uses them (a page whose items are a union of views is read as the one the caller asked for).
 */
export function pagedListOf<T>(query: InfinitePages<{ items: readonly unknown[] }>): PagedList<T> {
  return {
    items: (query.data?.pages.flatMap((p) => p.items) ?? []) as T[],
    isPending: query.isPending,
    error: query.error,
    refetch: () => void query.refetch(),
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    loadMore: () => void query.fetchNextPage(),
  };
}
