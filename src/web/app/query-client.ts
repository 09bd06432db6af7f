import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client.ts';

/** One query cache for the app. Client errors (4xx) are answers, not hiccups: they are not retried. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (failures, e) => !(isApiError(e) && e.status >= 400 && e.status < 500) && failures < 2,
    },
    mutations: { retry: false },
  },
});
