import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { ApiToken, CreatedToken } from '../../api/types.ts';

export const tokensKey = ['tokens'] as const;

/** GET /tokens: the signed-in user's API tokens, without secrets. */
export const useTokens = () =>
  useQuery({
    queryKey: tokensKey,
    queryFn: ({ signal }) => api<{ items: ApiToken[] }>('/tokens', { signal }).then((r) => r.items),
  });

/** POST /tokens: a new token; its secret is in this one answer only. */
export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<CreatedToken>('/tokens', { method: 'POST', body: { name } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokensKey }),
  });
}

/** DELETE /tokens/{id}: the token stops working at once. */
export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokensKey }),
  });
}

/** POST /tokens/revoke-all: every token of the signed-in user stops working at once. */
export function useRevokeAllTokens() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ revoked: number }>('/tokens/revoke-all', { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: tokensKey }),
  });
}
