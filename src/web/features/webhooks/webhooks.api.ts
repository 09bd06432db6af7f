import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { CreatedWebhook, Page, WebhookMessage, WebhookSubscription } from '../../api/types.ts';

export const webhooksKey = ['webhooks'] as const;
const path = (id: string, rest = '') => `/webhooks/${encodeURIComponent(id)}${rest}`;

/** GET /webhooks: every subscription, without secrets. */
export const useWebhooks = () =>
  useQuery({
    queryKey: webhooksKey,
    queryFn: ({ signal }) => api<{ items: WebhookSubscription[] }>('/webhooks', { signal }).then((r) => r.items),
  });

/** GET /webhooks/{id}/deliveries: the delivery log, refreshed while something waits. */
export const useDeliveries = (id: string | null) =>
  useQuery({
    queryKey: [...webhooksKey, id, 'deliveries'],
    enabled: id !== null,
    queryFn: ({ signal }) => api<Page<WebhookMessage>>(path(id!, '/deliveries?limit=50'), { signal }),
    refetchInterval: (q) => (q.state.data?.items.some((m) => m.status === 'pending') ? 3000 : false),
  });

function useWebhookMutation<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: webhooksKey }) });
}

export const useCreateWebhook = () =>
  useWebhookMutation((body: { url: string; events: string[] }) =>
    api<CreatedWebhook>('/webhooks', { method: 'POST', body }),
  );
export const useSetEnabled = () =>
  useWebhookMutation((a: { id: string; enabled: boolean }) =>
    api<WebhookSubscription>(path(a.id), { method: 'PATCH', body: { enabled: a.enabled } }),
  );
export const useDeleteWebhook = () => useWebhookMutation((id: string) => api<void>(path(id), { method: 'DELETE' }));
export const useSendTest = () =>
  useWebhookMutation((id: string) => api<WebhookMessage>(path(id, '/test'), { method: 'POST' }));
export const useRedeliver = () =>
  useWebhookMutation((a: { id: string; messageId: string }) =>
    api<WebhookMessage>(path(a.id, `/deliveries/${encodeURIComponent(a.messageId)}/redeliver`), { method: 'POST' }),
  );
