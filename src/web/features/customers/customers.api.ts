import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { usePagedList } from '../../api/paged.ts';
import type {
  Contact,
  ContactInvite,
  CreateContactBody,
  CreateCustomerBody,
  CreateSiteBody,
  Customer,
  Page,
  Site,
  UpdateContactBody,
  UpdateCustomerBody,
  UpdateSiteBody,
} from '../../api/types.ts';
import { useStaffDirectory } from '../users/staff.api.ts';

export const customersKey = ['customers'] as const;
const path = (id: string) => `/customers/${encodeURIComponent(id)}`;
export const customerKey = (id: string) => [...customersKey, 'one', id] as const;
const sitesKey = (id: string) => [...customersKey, 'sites', id] as const;
const contactsKey = (id: string) => [...customersKey, 'contacts', id] as const;

export interface CustomerFilter {
  q?: string;
  status?: string;
  [key: string]: string | undefined;
}

/** GET /customers, by name and status, with "Load more" (customer users: only their own). */
export const useCustomers = (filter: CustomerFilter) => usePagedList<Customer>(customersKey, '/customers', filter);

/** GET /customers/{id}: the customer with its account team and revision. */
export const useCustomer = (id: string) =>
  useQuery({ queryKey: customerKey(id), queryFn: ({ signal }) => api<Customer>(path(id), { signal }) });

/** POST /customers: the customer and its organisation (admin, account manager). */
export function useCreateCustomer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCustomerBody) => api<Customer>('/customers', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: customersKey }),
  });
}

/** PATCH /customers/{id} with the revision that was edited: a stale one answers 409 STALE_REVISION. */
export function useUpdateCustomer(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: UpdateCustomerBody) => api<Customer>(path(id), { method: 'PATCH', body: patch }),
    onSuccess: (c) => {
      qc.setQueryData(customerKey(id), c);
      return qc.invalidateQueries({ queryKey: customersKey });
    },
  });
}

/** GET /customers/{id}/sites (one page of up to 200: customers have a handful). */
export const useSites = (customerId: string) =>
  useQuery({
    queryKey: sitesKey(customerId),
    queryFn: ({ signal }) => api<Page<Site>>(`${path(customerId)}/sites`, { signal, query: { limit: 200 } }),
  });

/** POST a new child (site or contact) of a customer without `childId`, PATCH one with it; refreshes its list. */
function useSaveChild<T, B>(customerId: string, kind: 'sites' | 'contacts', key: readonly unknown[]) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ childId, body }: { childId?: string | undefined; body: B }) =>
      childId
        ? api<T>(`${path(customerId)}/${kind}/${encodeURIComponent(childId)}`, { method: 'PATCH', body })
        : api<T>(`${path(customerId)}/${kind}`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}

/** POST or PATCH a site: a new one without `childId`, an edit with it. */
export const useSaveSite = (customerId: string) =>
  useSaveChild<Site, CreateSiteBody | UpdateSiteBody>(customerId, 'sites', sitesKey(customerId));

/** GET /customers/{id}/contacts in escalation order, with their portal logins. */
export const useContacts = (customerId: string) =>
  useQuery({
    queryKey: contactsKey(customerId),
    queryFn: ({ signal }) => api<Page<Contact>>(`${path(customerId)}/contacts`, { signal, query: { limit: 200 } }),
  });

/** POST or PATCH a contact; a linked login's role follows the flags at once. */
export const useSaveContact = (customerId: string) =>
  useSaveChild<Contact, CreateContactBody | UpdateContactBody>(customerId, 'contacts', contactsKey(customerId));

/** POST .../contacts/{contactId}/invite: a portal login, with a password (admin) or a set-password email. */
export function useInviteContact(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ contactId, password }: { contactId: string; password?: string }) =>
      api<ContactInvite>(`${path(customerId)}/contacts/${encodeURIComponent(contactId)}/invite`, {
        method: 'POST',
        body: password ? { password } : {},
      }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: contactsKey(customerId) }),
        qc.invalidateQueries({ queryKey: ['users'] }),
      ]),
  });
}

/** Active account managers and IR managers: who may join an account team (from the firm's directory). */
export function useTeamCandidates() {
  const staff = useStaffDirectory();
  return { ...staff, data: staff.data?.filter((u) => u.role === 'account_manager' || u.role === 'ir_manager') };
}
