import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { isWorkOrderManagerRole } from '../../../shared/roles.ts';
import { api, apiUrl } from '../../api/client.ts';
import { usePagedList } from '../../api/paged.ts';
import type { Page } from '../../api/types.ts';
import { useSession } from '../../app/session.ts';
import { useCustomerOption } from '../requests/requests.api.ts';
import { useStaffDirectory } from '../users/staff.api.ts';
import type {
  ChangeOrder,
  Contact,
  Contract,
  CreateChangeOrderBody,
  ServiceRequest,
  Site,
  UpdateChangeOrderBody,
  UpdateWorkOrderBody,
  WorkOrder,
  WorkOrderVersion,
} from './workorders.types.ts';

export const workOrdersKey = ['work-orders'] as const;
export const changeOrdersKey = ['change-orders'] as const;
const enc = encodeURIComponent;

/** Whether the signed-in user drafts, edits and sends work orders and change orders (shared/roles.ts). */
export const useCanManageWorkOrders = (): boolean => isWorkOrderManagerRole(useSession().user.role);

export interface WorkOrderFilter {
  status?: string;
  customerId?: string;
  requestId?: string;
  [key: string]: string | undefined;
}

/** GET /work-orders: newest first, filtered by the current version's status, customer or request. */
export const useWorkOrders = (filter: WorkOrderFilter) =>
  usePagedList<WorkOrder>(workOrdersKey, '/work-orders', filter);

const detailKey = (id: string) => [...workOrdersKey, 'detail', id] as const;

/** GET /work-orders/{id}: the current version with its estimate, reservation and balance impact. */
export const useWorkOrder = (id: string) =>
  useQuery({ queryKey: detailKey(id), queryFn: ({ signal }) => api<WorkOrder>(`/work-orders/${enc(id)}`, { signal }) });

/** GET /work-orders/{id}/versions: every version with its frozen document and decision. */
export const useWorkOrderVersions = (id: string) =>
  useQuery({
    queryKey: [...workOrdersKey, 'versions', id],
    queryFn: ({ signal }) => api<WorkOrderVersion[]>(`/work-orders/${enc(id)}/versions`, { signal }),
  });

/** The work order of a request, or null when it has none (GET /work-orders?requestId=). */
export const useRequestWorkOrder = (requestId: string) =>
  useQuery({
    queryKey: [...workOrdersKey, 'of-request', requestId],
    queryFn: ({ signal }) =>
      api<Page<WorkOrder>>('/work-orders', { query: { requestId, limit: 1 }, signal }).then((p) => p.items[0] ?? null),
  });

/**
 * Puts a fresh view in the cache and marks the lists stale; when the version or its status changed
 * (drafted, sent, revised), the request too, whose status follows the EWO.
 */
function settle(qc: QueryClient, workOrder: WorkOrder): void {
  // The page may be open by the work order's id or by its number (EWO-…, the address emails link to): both
  // entries get the fresh view at once, so that the next autosave sends the new revision.
  const refs = [workOrder.id, workOrder.number];
  const before = refs.map((ref) => qc.getQueryData<WorkOrder>(detailKey(ref))).find(Boolean);
  for (const ref of refs) qc.setQueryData(detailKey(ref), workOrder);
  void qc.invalidateQueries({
    queryKey: workOrdersKey,
    predicate: (q) => q.queryKey[1] !== 'detail' || !refs.includes(String(q.queryKey[2])),
  });
  if (!before || before.version !== workOrder.version || before.status !== workOrder.status)
    void qc.invalidateQueries({ queryKey: ['requests'] });
}

/** POST /requests/{id}/work-orders: a draft prefilled from the request (IR managers). */
export function useCreateWorkOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (requestId: string) =>
      api<WorkOrder>(`/requests/${enc(requestId)}/work-orders`, { method: 'POST', body: {} }),
    onSuccess: (w) => settle(qc, w),
  });
}

/** PATCH /work-orders/{id} with the revision edited; a stale one answers 409 STALE_REVISION. Editing a sent version starts the next. */
export function useUpdateWorkOrder(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, revision }: { patch: Omit<UpdateWorkOrderBody, 'revision'>; revision: number }) =>
      api<WorkOrder>(`/work-orders/${enc(id)}`, {
        method: 'PATCH',
        body: patch,
        headers: { 'if-match': `"${revision}"` },
      }),
    onSuccess: (w) => settle(qc, w),
  });
}

/** POST /work-orders/{id}/send: freezes the draft and emails the approving contacts. */
export function useSendWorkOrder(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (revision: number) =>
      api<WorkOrder>(`/work-orders/${enc(id)}/send`, { method: 'POST', body: { revision } }),
    onSuccess: (w) => settle(qc, w),
  });
}

/** The PDF of a sent version (GET /work-orders/{id}/pdf?version=), as a download link. */
export const workOrderPdfUrl = (id: string, version: number) =>
  apiUrl(`/work-orders/${enc(id)}/pdf?version=${version}`);

// ── Change orders ──────────────────────────────────────────────────────────────────────────────

/** GET /change-orders?engagementId=: an engagement's change orders, newest first. */
export const useChangeOrders = (engagementId: string) =>
  useQuery({
    queryKey: [...changeOrdersKey, 'of-engagement', engagementId],
    queryFn: ({ signal }) =>
      api<Page<ChangeOrder>>('/change-orders', { query: { engagementId, limit: 100 }, signal }).then((p) => p.items),
  });

/** A change-order write: refreshes the change orders and the engagement (its estimate and reservation follow). */
function useChangeOrderMutation<V>(fn: (variables: V) => Promise<ChangeOrder>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: changeOrdersKey }),
        qc.invalidateQueries({ queryKey: ['engagements'] }),
      ]),
  });
}

/** POST /engagements/{id}/change-orders: a draft of added (or, negative, removed) effort. */
export const useCreateChangeOrder = (engagementId: string) =>
  useChangeOrderMutation((body: CreateChangeOrderBody) =>
    api<ChangeOrder>(`/engagements/${enc(engagementId)}/change-orders`, { method: 'POST', body }),
  );

/** PATCH /change-orders/{id}: a draft in place; a sent one is superseded by a new draft (answered with its own id). */
export const useUpdateChangeOrder = () =>
  useChangeOrderMutation(
    ({ id, patch, revision }: { id: string; patch: Omit<UpdateChangeOrderBody, 'revision'>; revision: number }) =>
      api<ChangeOrder>(`/change-orders/${enc(id)}`, {
        method: 'PATCH',
        body: patch,
        headers: { 'if-match': `"${revision}"` },
      }),
  );

/** POST /change-orders/{id}/send. */
export const useSendChangeOrder = () =>
  useChangeOrderMutation(({ id, revision }: { id: string; revision: number }) =>
    api<ChangeOrder>(`/change-orders/${enc(id)}/send`, { method: 'POST', body: { revision } }),
  );

export const changeOrderPdfUrl = (id: string) => apiUrl(`/change-orders/${enc(id)}/pdf`);

// ── What the editor chooses from ───────────────────────────────────────────────────────────────

/** GET /customers/{id}/sites: where on-site work can happen. */
export const useCustomerSites = (customerId: string | null) =>
  useQuery({
    queryKey: ['wo-lookups', 'sites', customerId],
    queryFn: ({ signal }) =>
      api<Page<Site>>(`/customers/${enc(customerId!)}/sites`, { query: { limit: 200 }, signal }).then((p) => p.items),
    enabled: Boolean(customerId),
    staleTime: 60_000,
  });

/** The customer's contacts who receive the approval email (canApprove). */
export const useApprovingContacts = (customerId: string | null) =>
  useQuery({
    queryKey: ['wo-lookups', 'approvers', customerId],
    queryFn: ({ signal }) =>
      api<Page<Contact>>(`/customers/${enc(customerId!)}/contacts`, { query: { limit: 200 }, signal }).then((p) =>
        p.items.filter((c) => c.canApprove),
      ),
    enabled: Boolean(customerId),
  });

/** GET /contracts/{id}: the unit and T&E policy the document states. */
export const useContractInfo = (contractId: string | null) =>
  useQuery({
    queryKey: ['contracts', 'one', contractId],
    queryFn: ({ signal }) => api<Contract>(`/contracts/${enc(contractId!)}`, { signal }),
    enabled: Boolean(contractId),
    staleTime: 60_000,
  });

export interface StaffOption {
  id: string;
  name: string;
  detail: string;
}

/**
 * Provider users who can be named in a staffing plan: you, the customer's account team, then every
 * active staff member of the firm (GET /staff).
 */
export function useStaffOptions(customerId: string | null): StaffOption[] {
  const { user } = useSession();
  const customer = useCustomerOption(customerId);
  const everyone = useStaffDirectory();
  const staff = new Map<string, StaffOption>();
  staff.set(user.id, { id: user.id, name: user.name, detail: 'you' });
  for (const m of customer.data?.accountTeamMembers ?? [])
    if (m.status === 'active' && !staff.has(m.id)) staff.set(m.id, { id: m.id, name: m.name, detail: 'account team' });
  for (const u of everyone.data ?? [])
    if (!staff.has(u.id)) staff.set(u.id, { id: u.id, name: u.name, detail: u.role.replace(/_/g, ' ') });
  return [...staff.values()];
}

/** Requests that can get a work order (received, being scoped, or drafting), for "Draft a work order". */
export const useDraftableRequests = (enabled: boolean) =>
  useQuery({
    queryKey: ['requests', 'draftable'],
    queryFn: ({ signal }) =>
      api<Page<ServiceRequest>>('/requests', {
        query: { status: draftableStatuses.join(','), limit: 100 },
        signal,
      }).then((p) => p.items),
    enabled,
  });

/** Request states from which drafting is allowed (shared/requests.ts: received/scoping → ewo_drafting). */
export const draftableStatuses = ['received', 'scoping', 'ewo_drafting'] as const;
