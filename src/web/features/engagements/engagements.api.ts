import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { pagedListOf, usePagedList } from '../../api/paged.ts';
import { contractsKey } from '../contracts/contracts.api.ts';
import type {
  Burn,
  CancelBody,
  ClosePreview,
  CloseBody,
  EffortEntry,
  EffortPosted,
  Engagement,
  EngagementEffort,
  EngagementStatus,
  EngagementSummary,
  LogEffortBody,
  UpdateEffortBody,
  UpdateEngagementBody,
} from './engagements.types.ts';

/** Every engagement query starts with this key: any change of an engagement (or its effort) refreshes them all. */
export const engagementsKey = ['engagements'] as const;
const path = (id: string) => `/engagements/${encodeURIComponent(id)}`;
export const engagementKey = (id: string) => [...engagementsKey, 'one', id] as const;

export interface EngagementFilter {
  status?: string;
  customerId?: string;
  mine?: string;
  [key: string]: string | undefined;
}

/** GET /engagements by status (comma-separated), customer and "mine", newest first, with "Load more". */
export const useEngagements = (filter: EngagementFilter) =>
  usePagedList<EngagementSummary>([...engagementsKey, 'list'], '/engagements', filter, 25);

/** GET /engagements/{id}: estimate, reservation, consumption, held effort, team, closing figures. */
export const useEngagement = (id: string, options: { enabled?: boolean; staleTime?: number } = {}) =>
  useQuery({ queryKey: engagementKey(id), queryFn: ({ signal }) => api<Engagement>(path(id), { signal }), ...options });

/** GET /engagements/{id}/burn: cumulative consumption and the estimate in force, per day. */
export const useBurn = (id: string) =>
  useQuery({
    queryKey: [...engagementsKey, 'burn', id],
    queryFn: ({ signal }) => api<Burn>(`${path(id)}/burn`, { signal }),
  });

/** GET /engagements/{id}/effort: totals, and the entries (newest work date first) with "Load more"; corrected entries on request. */
export function useEngagementEffort(id: string, includeCorrected: boolean) {
  const query = useInfiniteQuery({
    queryKey: [...engagementsKey, 'effort', id, { includeCorrected }],
    queryFn: ({ pageParam, signal }) =>
      api<EngagementEffort>(`${path(id)}/effort`, {
        signal,
        query: { limit: 100, cursor: pageParam, includeCorrected: includeCorrected ? 'true' : undefined },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const first = query.data?.pages[0];
  return { ...pagedListOf<EffortEntry>(query), totals: first?.totals, detail: first?.detail ?? true };
}

/** GET /engagements/{id}/close-preview?operation=: what closing or cancelling would post, before anyone commits. */
export const useClosePreview = (id: string, operation: 'close' | 'cancel', enabled: boolean) =>
  useQuery({
    queryKey: [...engagementsKey, 'preview', id, operation],
    enabled,
    staleTime: 0,
    queryFn: ({ signal }) => api<ClosePreview>(`${path(id)}/close-preview`, { signal, query: { operation } }),
  });

/** A mutation that refreshes every engagement view and every contract view (balances move with effort and closing). */
export function useEngagementMutation<V, R>(fn: (variables: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: engagementsKey }),
        qc.invalidateQueries({ queryKey: contractsKey }),
      ]),
  });
}

/** POST /engagements/{id}/transitions { to, reason }: start, deliver, hold, resume. */
export const useTransition = (id: string) =>
  useEngagementMutation((body: { to: EngagementStatus; reason?: string }) =>
    api<Engagement>(`${path(id)}/transitions`, { method: 'POST', body }),
  );

/** PATCH /engagements/{id}: planned dates (calendar dates in the customer's zone), with the revision edited. */
export const usePlanEngagement = (id: string) =>
  useEngagementMutation((body: UpdateEngagementBody) => api<Engagement>(path(id), { method: 'PATCH', body }));

/** POST /engagements/{id}/team { userId, role }: adds a member or changes their role. */
export const useAddTeamMember = (id: string) =>
  useEngagementMutation((body: { userId: string; role: string }) =>
    api<Engagement>(`${path(id)}/team`, { method: 'POST', body }),
  );

/** DELETE /engagements/{id}/team/{userId}: their effort stays. */
export const useRemoveTeamMember = (id: string) =>
  useEngagementMutation((userId: string) =>
    api<Engagement>(`${path(id)}/team/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
  );

/** POST /engagements/{id}/effort with the submission's Idempotency-Key. */
export const useLogEffort = (id: string) =>
  useEngagementMutation(({ body, key }: { body: LogEffortBody; key: string }) =>
    api<EffortPosted>(`${path(id)}/effort`, { method: 'POST', body, headers: { 'idempotency-key': key } }),
  );

/** PATCH /effort/{id} (reversal + new entry) or DELETE /effort/{id} (reversal; the entry stays, deleted). */
export const useCorrectEffort = () =>
  useEngagementMutation(
    (correction: { entryId: string; change: Omit<UpdateEffortBody, 'reason'> | null; reason?: string }) =>
      correction.change
        ? api<EffortEntry>(`/effort/${encodeURIComponent(correction.entryId)}`, {
            method: 'PATCH',
            body: { ...correction.change, ...(correction.reason ? { reason: correction.reason } : {}) },
          })
        : api<EffortEntry>(`/effort/${encodeURIComponent(correction.entryId)}`, {
            method: 'DELETE',
            query: { reason: correction.reason },
          }),
  );

/** POST /engagements/{id}/close, or /cancel with its reason; an admin may waive the minimum true-up with a reason. */
export const useCloseEngagement = (id: string) =>
  useEngagementMutation((ending: { operation: 'close'; body: CloseBody } | { operation: 'cancel'; body: CancelBody }) =>
    api<Engagement>(`${path(id)}/${ending.operation}`, { method: 'POST', body: ending.body }),
  );
