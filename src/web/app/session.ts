import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { redirect } from 'react-router';
import { api, isApiError, setCsrfToken } from '../api/client.ts';
import type { Me, User } from '../api/types.ts';
import { queryClient } from './query-client.ts';

/** The signed-in user and the session's CSRF token (GET /auth/me). */
export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: async ({ signal }) => {
    const me = await api<Me>('/auth/me', { signal, on401: 'throw' });
    setCsrfToken(me.csrfToken);
    return me;
  },
  staleTime: 5 * 60_000,
});

/** Only same-site paths are followed after sign-in (no open redirect to another host). */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export const loginPathFor = (current: string): string =>
  current === '/' || current.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(current)}`;

/** Route loader: the session, or a redirect to /login that comes back here after signing in. */
export async function requireSession({ request }: { request: Request }): Promise<Me> {
  try {
    return await queryClient.ensureQueryData(sessionQuery);
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      const url = new URL(request.url);
      throw redirect(loginPathFor(url.pathname + url.search));
    }
    throw e;
  }
}

/** Remembers a fresh sign-in so the app does not ask the server again. */
export function rememberSession(me: Me): void {
  setCsrfToken(me.csrfToken);
  queryClient.setQueryData(sessionQuery.queryKey, me);
}

/** Forgets everything the signed-in user loaded (after sign-out or when the session ended). */
export function forgetSession(): void {
  setCsrfToken(null);
  queryClient.clear();
}

/** The signed-in user, inside the routes guarded by requireSession. */
export function useSession(): Me & { user: User } {
  return useSuspenseQuery(sessionQuery).data;
}

export const isCustomerUser = (user: Pick<User, 'organizationKind'>): boolean => user.organizationKind === 'customer';
