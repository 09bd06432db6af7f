import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { usePagedList } from '../../api/paged.ts';
import type { OutboxMessage, OutboxStatus, OutboxSummary } from '../../api/types.ts';

export const outboxKey = ['outbox'] as const;

/** GET /outbox (admin): outgoing messages newest first, optionally in one state. */
export const useOutbox = (status: OutboxStatus | '') => usePagedList<OutboxMessage>(outboxKey, '/outbox', { status });

/** GET /outbox/summary (admin): counts per state and where mail goes. */
export const useOutboxSummary = () =>
  useQuery({
    queryKey: [...outboxKey, 'summary'],
    queryFn: ({ signal }) => api<OutboxSummary>('/outbox/summary', { signal }),
  });

/** POST /outbox/{id}/retry (admin): a failed or failing message is due again now. */
export function useRetryMessage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<OutboxMessage>(`/outbox/${encodeURIComponent(id)}/retry`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: outboxKey }),
  });
}

/** POST /outbox/retry (admin): every failed (or every failing) message is due again now. */
export function useRetryAll() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (status: 'failed' | 'failing') =>
      api<{ retried: number }>('/outbox/retry', { method: 'POST', body: { status } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: outboxKey }),
  });
}
