import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../api/client.ts';
import { usePagedList } from '../../api/paged.ts';
import type { Page } from '../../api/types.ts';
import type {
  BookScopingCallBody,
  CatalogItem,
  Contact,
  Contract,
  CreateRequestBody,
  Customer,
  LeadTime,
  Milestone,
  MilestoneBody,
  ContactedBody,
  TriageBody,
  ScopingCall,
  ServiceRequest,
  ServiceRequestDetail,
  SlaReport,
  UpdateRequestBody,
  UpdateScopingCallBody,
} from './requests.types.ts';

export const requestsKey = ['requests'] as const;
const enc = encodeURIComponent;

/** The board and the server's SLA statuses are read again this often (countdowns tick in the browser in between). */
export const REFETCH_MS = 30_000;

export interface RequestFilter {
  status?: string;
  kind?: string;
  customerId?: string;
  slaStatus?: string;
  [key: string]: string | undefined;
}

/** GET /requests: emergencies first, then oldest first; customers see their own organisation's. */
export const useRequests = (filter: RequestFilter) => usePagedList<ServiceRequest>(requestsKey, '/requests', filter);

/** Reads every request query again every 30 s while the page is open (the server's SLA statuses and new requests). */
export function useRequestsRefresh(ms = REFETCH_MS): void {
  const qc = useQueryClient();
  useEffect(() => {
    const timer = window.setInterval(() => void qc.invalidateQueries({ queryKey: requestsKey }), ms);
    return () => window.clearInterval(timer);
  }, [qc, ms]);
}

/** GET /requests/{id}: the request with its SLA targets, milestones, scoping calls and timeline. */
export const useRequest = (id: string) =>
  useQuery({
    queryKey: [...requestsKey, 'detail', id],
    queryFn: ({ signal }) => api<ServiceRequestDetail>(`/requests/${enc(id)}`, { signal }),
  });

/** GET /requests/lead-time: the lead time and earliest allowed start of a proactive service under a contract, if asked now. */
export const useLeadTime = (contractId: string | null, catalogItemId: string | null) =>
  useQuery({
    queryKey: [...requestsKey, 'lead-time', contractId, catalogItemId],
    queryFn: ({ signal }) => api<LeadTime>('/requests/lead-time', { query: { contractId, catalogItemId }, signal }),
    enabled: Boolean(contractId && catalogItemId),
  });

/** GET /reports/sla: met and breached counts and the median time to meet, per target. */
export const useSlaReport = (query: {
  contractId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}) =>
  useQuery({
    queryKey: [...requestsKey, 'sla-report', query],
    queryFn: ({ signal }) => api<SlaReport>('/reports/sla', { query, signal }),
  });

/** A write on a request that refreshes every request view when it succeeds. */
function useRequestMutation<V, R>(fn: (variables: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: requestsKey }) });
}

/** POST /requests. */
export const useCreateRequest = () =>
  useRequestMutation((body: CreateRequestBody) => api<ServiceRequest>('/requests', { method: 'POST', body }));

/** PATCH /requests/{id}: correct or move (IR manager). */
export const useUpdateRequest = () =>
  useRequestMutation(({ id, patch }: { id: string; patch: UpdateRequestBody }) =>
    api<ServiceRequest>(`/requests/${enc(id)}`, { method: 'PATCH', body: patch }),
  );

/** POST /requests/{id}/withdraw. */
export const useWithdrawRequest = () =>
  useRequestMutation(({ id, reason }: { id: string; reason?: string }) =>
    api<ServiceRequest>(`/requests/${enc(id)}/withdraw`, { method: 'POST', body: reason ? { reason } : {} }),
  );

/** POST /requests/{id}/reject (IR manager, reason required). */
export const useRejectRequest = () =>
  useRequestMutation(({ id, reason }: { id: string; reason: string }) =>
    api<ServiceRequest>(`/requests/${enc(id)}/reject`, { method: 'POST', body: { reason } }),
  );

/** POST /requests/{id}/milestones: when an SLA target was met (a correction carries a reason). */
export const useRecordMilestone = () =>
  useRequestMutation(({ id, body }: { id: string; body: MilestoneBody }) =>
    api<{ milestone: Milestone; request: ServiceRequest }>(`/requests/${enc(id)}/milestones`, { method: 'POST', body }),
  );

/** POST /requests/{id}/contacted: the customer was contacted (the first contact is the initial contact). */
export const useRecordContact = () =>
  useRequestMutation(({ id, body }: { id: string; body: ContactedBody }) =>
    api<{ initialContactRecorded: boolean; request: ServiceRequest }>(`/requests/${enc(id)}/contacted`, {
      method: 'POST',
      body,
    }),
  );

/** POST /requests/{id}/triage: the owner (an IR manager or consultant). */
export const useAssignOwner = () =>
  useRequestMutation(({ id, body }: { id: string; body: TriageBody }) =>
    api<ServiceRequest>(`/requests/${enc(id)}/triage`, { method: 'POST', body }),
  );

/** POST /requests/{id}/scoping-calls: attendees get an invitation. */
export const useBookScopingCall = () =>
  useRequestMutation(({ id, body }: { id: string; body: BookScopingCallBody }) =>
    api<ScopingCall>(`/requests/${enc(id)}/scoping-calls`, { method: 'POST', body }),
  );

/** PATCH /requests/{id}/scoping-calls/{callId}: reschedule, notes, outcome. */
export const useUpdateScopingCall = () =>
  useRequestMutation(({ id, callId, patch }: { id: string; callId: string; patch: UpdateScopingCallBody }) =>
    api<ScopingCall>(`/requests/${enc(id)}/scoping-calls/${enc(callId)}`, { method: 'PATCH', body: patch }),
  );

/** DELETE /requests/{id}/scoping-calls/{callId}: attendees get a cancellation. */
export const useCancelScopingCall = () =>
  useRequestMutation(({ id, callId }: { id: string; callId: string }) =>
    api<ScopingCall>(`/requests/${enc(id)}/scoping-calls/${enc(callId)}`, { method: 'DELETE' }),
  );

// ── Look-ups the request forms choose from ────────────────────────────────────────────────────

/** GET /catalog: active services of a kind, for the request forms (customers see active items only). */
export const useCatalogOptions = (kind: 'emergency' | 'proactive') =>
  useQuery({
    queryKey: ['catalog', 'options', kind],
    queryFn: ({ signal }) =>
      api<Page<CatalogItem>>('/catalog', { query: { kind, active: 'true', limit: 200 }, signal }).then((p) => p.items),
    staleTime: 60_000,
  });

/** GET /contracts: a customer's contracts (customer users: their own organisation's), newest term first. */
export const useContractOptions = (customerId: string | null, enabled = true) =>
  useQuery({
    queryKey: ['contracts', 'options', customerId],
    queryFn: ({ signal }) =>
      api<Page<Contract>>('/contracts', { query: { customerId, limit: 200 }, signal }).then((p) =>
        [...p.items].sort((a, b) => b.termStart.localeCompare(a.termStart)),
      ),
    enabled,
  });

/** GET /customers: customers by name, for the staff intake form and the board's filter. */
export const useCustomerOptions = () =>
  useQuery({
    queryKey: ['customers', 'options'],
    queryFn: ({ signal }) => api<Page<Customer>>('/customers', { query: { limit: 200 }, signal }).then((p) => p.items),
    staleTime: 60_000,
  });

/** GET /customers/{id}: the customer with its account team (scoping call attendees). */
export const useCustomerOption = (customerId: string | null) =>
  useQuery({
    queryKey: ['customers', 'option', customerId],
    queryFn: ({ signal }) => api<Customer>(`/customers/${enc(customerId!)}`, { signal }),
    enabled: Boolean(customerId),
  });

/** GET /customers/{id}/contacts: who may call in, and who may attend a scoping call. */
export const useContactOptions = (customerId: string | null) =>
  useQuery({
    queryKey: ['customers', 'contacts', customerId],
    queryFn: ({ signal }) =>
      api<Page<Contact>>(`/customers/${enc(customerId!)}/contacts`, { query: { limit: 200 }, signal }).then(
        (p) => p.items,
      ),
    enabled: Boolean(customerId),
  });
