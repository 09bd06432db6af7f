import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { BillingRun, BillingRunList, InvoicedLines } from '../../../shared/contracts/invoicing.ts';
import { api, apiUrl } from '../../api/client.ts';

export type BillingRunJson = z.output<typeof BillingRun>;
export type BillingLineJson = BillingRunJson['lines'][number];
export type BillingRunListJson = z.output<typeof BillingRunList>;

const billingKey = ['billing'] as const;

/** GET /billing/runs: newest first, with totals by currency, and the contracts whose terms are missing. */
export const useBillingRuns = () =>
  useQuery({
    queryKey: [...billingKey, 'runs'],
    queryFn: ({ signal }) => api<BillingRunListJson>('/billing/runs', { signal }),
  });

/** GET /billing/runs/{id}: one run with its lines. */
export const useBillingRun = (id: string | null) =>
  useQuery({
    queryKey: [...billingKey, 'run', id],
    enabled: id !== null,
    queryFn: ({ signal }) => api<BillingRunJson>(`/billing/runs/${encodeURIComponent(id ?? '')}`, { signal }),
  });

export const billingCsvUrl = (id: string): string => apiUrl(`/billing/runs/${encodeURIComponent(id)}?format=csv`);
export const billingPdfUrl = (id: string): string => apiUrl(`/billing/runs/${encodeURIComponent(id)}/pdf`);

/** POST /billing/runs: export the period's new lines. */
export function useRunBilling() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (period: string) => api<BillingRunJson>('/billing/runs', { method: 'POST', body: { period } }),
    onSuccess: () => client.invalidateQueries({ queryKey: billingKey }),
  });
}

/** PATCH a line's invoice number, or every line of one customer in the run. */
export function useRecordInvoice(runId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { lineId?: string; customerId?: string; invoiceNumber: string }) =>
      api<z.output<typeof InvoicedLines>>(
        `/billing/runs/${encodeURIComponent(runId)}/${
          v.lineId ? `lines/${encodeURIComponent(v.lineId)}` : `customers/${encodeURIComponent(v.customerId ?? '')}`
        }`,
        { method: 'PATCH', body: { invoiceNumber: v.invoiceNumber } },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: billingKey }),
  });
}
