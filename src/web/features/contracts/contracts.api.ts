import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl } from '../../api/client.ts';
import { usePagedList } from '../../api/paged.ts';
import type {
  AdjustmentBody,
  Balance,
  Contract,
  CreateContractBody,
  LedgerEntry,
  Page,
  Posting,
  RenewContractBody,
  TermsInput,
  TermsResponse,
  TermsView,
  TopUpBody,
  UpdateContractBody,
} from '../../api/types.ts';

/** Every contract query starts with this key: a posting or an edit refreshes them all (lists, balances, ledgers). */
export const contractsKey = ['contracts'] as const;
const path = (id: string) => `/contracts/${encodeURIComponent(id)}`;

export interface ContractFilter {
  customerId?: string;
  status?: string;
  [key: string]: string | undefined;
}

export interface LedgerFilter {
  kind?: string;
  from?: string;
  to?: string;
  [key: string]: string | undefined;
}

/** GET /contracts by customer and status, with "Load more" (customer users: their own organisation's). */
export const useContracts = (filter: ContractFilter) =>
  usePagedList<Contract>([...contractsKey, 'list'], '/contracts', filter);

/** GET /contracts/{id}: the contract with its settings and revision. */
export const useContract = (id: string) =>
  useQuery({ queryKey: [...contractsKey, 'one', id], queryFn: ({ signal }) => api<Contract>(path(id), { signal }) });

/** GET /contracts/{id}/balance: totals, available, burn rate, term end and forecast depletion. */
export const useBalance = (id: string, enabled = true) =>
  useQuery({
    queryKey: [...contractsKey, 'balance', id],
    enabled,
    queryFn: ({ signal }) => api<Balance>(`${path(id)}/balance`, { signal }),
  });

/** GET /contracts/{id}/ledger, filtered by kind and days, in chain order, with "Load more". */
export const useLedger = (id: string, filter: LedgerFilter) =>
  usePagedList<LedgerEntry>([...contractsKey, 'ledger', id], `${path(id)}/ledger`, filter, 100);

/** The most ledger entries the chart reads (pages of 200); a longer ledger is charted up to there, and says so. */
export const CHART_ENTRY_LIMIT = 5000;

/** Every ledger entry up to CHART_ENTRY_LIMIT, for the chart of balance over time. */
export const useLedgerHistory = (id: string) =>
  useQuery({
    queryKey: [...contractsKey, 'history', id],
    queryFn: async ({ signal }) => {
      const entries: LedgerEntry[] = [];
      let cursor: string | null | undefined;
      do {
        const page: Page<LedgerEntry> = await api<Page<LedgerEntry>>(`${path(id)}/ledger`, {
          signal,
          query: { limit: 200, cursor },
        });
        entries.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && entries.length < CHART_ENTRY_LIMIT);
      return { entries, truncated: Boolean(cursor) };
    },
  });

/** Links that download the ledger: every matching entry as CSV, or the whole hash chain as JSON. */
export function ledgerDownloads(id: string, filter: LedgerFilter): { csv: string; json: string } {
  const params = new URLSearchParams({ format: 'csv' });
  for (const [k, v] of Object.entries(filter)) if (v) params.set(k, v);
  return { csv: `${apiUrl(`${path(id)}/ledger`)}?${params.toString()}`, json: apiUrl(`${path(id)}/ledger/export`) };
}

function useContractMutation<V, R>(fn: (variables: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: contractsKey }),
  });
}

/** POST /contracts: created active (or draft), with its grant posted. */
export const useCreateContract = () =>
  useContractMutation((body: CreateContractBody) => api<Contract>('/contracts', { method: 'POST', body }));

/** PATCH /contracts/{id} with the revision that was edited: a stale one answers 409 STALE_REVISION. */
export const useUpdateContract = (id: string) =>
  useContractMutation((patch: UpdateContractBody) => api<Contract>(path(id), { method: 'PATCH', body: patch }));

/** POST /contracts/{id}/activate, /terminate { reason } (admin) or /renew { number, … }. */
export const useContractAction = (id: string) =>
  useContractMutation(
    (
      a:
        { action: 'activate' } | { action: 'terminate'; reason: string } | { action: 'renew'; body: RenewContractBody },
    ) =>
      api<Contract>(`${path(id)}/${a.action}`, {
        method: 'POST',
        ...(a.action === 'terminate' ? { body: { reason: a.reason } } : a.action === 'renew' ? { body: a.body } : {}),
      }),
  );

/**
 * POST a top-up or an adjustment with an Idempotency-Key: the dialog makes one key when it opens, so a
 * second click (or a retry after a lost answer) returns the first posting instead of posting twice.
 */
export const usePosting = (id: string) =>
  useContractMutation(
    ({
      kind,
      body,
      key,
    }:
      { kind: 'top-ups'; body: TopUpBody; key: string } | { kind: 'adjustments'; body: AdjustmentBody; key: string }) =>
      api<Posting>(`${path(id)}/${kind}`, { method: 'POST', body, headers: { 'idempotency-key': key } }),
  );

/** GET /contracts/{id}/terms: in full for staff who handle money, the retainer's price for the customer. */
export const useTerms = (id: string, enabled = true) =>
  useQuery({
    queryKey: [...contractsKey, 'terms', id],
    enabled,
    retry: false,
    queryFn: ({ signal }) => api<TermsResponse>(`${path(id)}/terms`, { signal }),
  });

/** PUT /contracts/{id}/terms: the whole set (amounts in minor units). */
export const useSaveTerms = (id: string) =>
  useContractMutation((body: TermsInput) => api<TermsView>(`${path(id)}/terms`, { method: 'PUT', body }));
