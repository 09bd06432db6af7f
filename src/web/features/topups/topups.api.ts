import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as topups from '../../../shared/contracts/topups.ts';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { approvalsKey } from '../approvals/approvals.api.ts';
import { contractsKey } from '../contracts/contracts.api.ts';
import { labels } from '../../../shared/labels.ts';

export type TopUpRequest = z.output<typeof topups.TopUpRequest>;
export type TopUpRequestBody = z.input<typeof topups.TopUpRequestBody>;

export const topUpsKey = ['topup-requests'] as const;
const path = (contractId: string) => `/contracts/${encodeURIComponent(contractId)}/topup-requests`;

/** GET /contracts/{id}/topup-requests: the contract's requests, newest first (the latest 50). */
export const useTopUpRequests = (contractId: string) =>
  useQuery({
    queryKey: [...topUpsKey, contractId],
    queryFn: ({ signal }) => api<Page<TopUpRequest>>(path(contractId), { signal, query: { limit: 50 } }),
  });

function useTopUpMutation<V>(fn: (variables: V) => Promise<TopUpRequest>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: topUpsKey });
      await qc.invalidateQueries({ queryKey: contractsKey });
      await qc.invalidateQueries({ queryKey: approvalsKey });
    },
  });
}

/** POST /contracts/{id}/topup-requests (the customer's point of contact, signed in). */
export const useAskTopUp = (contractId: string) =>
  useTopUpMutation((body: TopUpRequestBody) => api<TopUpRequest>(path(contractId), { method: 'POST', body }));

/** POST /approval-links/{token}/topup-requests (from the emailed approval link, no sign-in). */
export const useAskTopUpByLink = (token: string) =>
  useTopUpMutation((body: TopUpRequestBody) =>
    api<TopUpRequest>(`/approval-links/${encodeURIComponent(token)}/topup-requests`, {
      method: 'POST',
      body,
      on401: 'throw',
    }),
  );

/** Accept or decline (account team), withdraw (customer). */
export const useTopUpAction = (contractId: string) =>
  useTopUpMutation(
    (a: { id: string; action: 'accept' | 'withdraw' } | { id: string; action: 'decline'; reason: string }) =>
      api<TopUpRequest>(`${path(contractId)}/${encodeURIComponent(a.id)}/${a.action}`, {
        method: 'POST',
        ...(a.action === 'decline' ? { body: { reason: a.reason } } : {}),
      }),
  );

/** What a person reads for each status. */
export const topUpStatusLabels: Record<TopUpRequest['status'], string> = labels.topUpRequestStatus;
