import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as workorders from '../../../shared/contracts/workorders.ts';
import { api, apiUrl } from '../../api/client.ts';

/** What a person needs to decide, as GET /approval-links/{token} and GET /work-orders/{id}/summary answer. */
export type ApprovalSummary = z.output<typeof workorders.ApprovalSummary>;
export type DecisionOutcome = z.output<typeof workorders.DecisionOutcome>;
export type Choice = 'approve' | 'decline' | 'request_changes';
export type Subject = ApprovalSummary['subject'];

export const approvalsKey = ['approvals'] as const;
const base = (subject: Subject) => (subject === 'work_order' ? '/work-orders' : '/change-orders');

/** The page of a signed link (no sign-in): reading it never decides. */
export const useLinkSummary = (token: string) =>
  useQuery({
    queryKey: [...approvalsKey, 'link', token],
    queryFn: ({ signal }) =>
      api<ApprovalSummary>(`/approval-links/${encodeURIComponent(token)}`, { signal, on401: 'throw' }),
    retry: false,
  });

/** Decides through the signed link, by an explicit choice. */
export function useLinkDecision(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { decision: Choice; reason?: string; contentHash: string }) =>
      api<DecisionOutcome>(`/approval-links/${encodeURIComponent(token)}/decision`, {
        method: 'POST',
        body,
        on401: 'throw',
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: [...approvalsKey, 'link', token] }),
  });
}

export const linkPdfUrl = (token: string) => apiUrl(`/approval-links/${encodeURIComponent(token)}/pdf`);

/** What awaits a decision in the signed-in user's organisation. */
export const usePendingApprovals = () =>
  useQuery({
    queryKey: [...approvalsKey, 'pending'],
    queryFn: ({ signal }) => api<{ items: ApprovalSummary[] }>('/approvals', { signal }),
  });

/** The approval page of an EWO or change order in the portal. */
export const usePortalSummary = (subject: Subject, id: string) =>
  useQuery({
    queryKey: [...approvalsKey, subject, id],
    queryFn: ({ signal }) => api<ApprovalSummary>(`${base(subject)}/${encodeURIComponent(id)}/summary`, { signal }),
    retry: false,
  });

/** Decides in the portal, bound to the content hash the user was shown. */
export function usePortalDecision(subject: Subject, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { decision: Choice; reason?: string; contentHash: string }) => {
      const path =
        body.decision === 'approve' ? 'approve' : body.decision === 'decline' ? 'decline' : 'request-changes';
      return api<DecisionOutcome>(`${base(subject)}/${encodeURIComponent(id)}/${path}`, {
        method: 'POST',
        body: { contentHash: body.contentHash, ...(body.reason ? { reason: body.reason } : {}) },
      });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: approvalsKey }),
  });
}

export const portalPdfUrl = (subject: Subject, id: string) => apiUrl(`${base(subject)}/${encodeURIComponent(id)}/pdf`);
