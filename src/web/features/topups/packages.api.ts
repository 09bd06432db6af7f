import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as topups from '../../../shared/contracts/topups.ts';
import { api } from '../../api/client.ts';

export type TopUpPackage = z.output<typeof topups.TopUpPackage>;
export type OfferedTopUpPackage = z.output<typeof topups.OfferedTopUpPackage>;
export type CreateTopUpPackageBody = z.input<typeof topups.CreateTopUpPackageBody>;
export type UpdateTopUpPackageBody = z.input<typeof topups.UpdateTopUpPackageBody>;

export const packagesKey = ['topup-packages'] as const;

/** GET /topup-packages: every package, active and retired (staff who see money). */
export const useTopUpPackages = () =>
  useQuery({
    queryKey: [...packagesKey, 'all'],
    queryFn: ({ signal }) => api<{ items: TopUpPackage[] }>('/topup-packages', { signal }),
  });

/** GET /contracts/{id}/topup-packages: what this contract's customer may ask for, priced in its currency. */
export const useOfferedPackages = (contractId: string, enabled: boolean) =>
  useQuery({
    queryKey: [...packagesKey, 'offered', contractId],
    enabled,
    queryFn: ({ signal }) =>
      api<{ items: OfferedTopUpPackage[] }>(`/contracts/${encodeURIComponent(contractId)}/topup-packages`, {
        signal,
      }),
  });

/** POST /topup-packages or PATCH /topup-packages/{id} (admins, account managers). */
export function useSavePackage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: null; body: CreateTopUpPackageBody } | { id: string; body: UpdateTopUpPackageBody }) =>
      v.id === null
        ? api<TopUpPackage>('/topup-packages', { method: 'POST', body: v.body })
        : api<TopUpPackage>(`/topup-packages/${encodeURIComponent(v.id)}`, { method: 'PATCH', body: v.body }),
    onSuccess: async () => qc.invalidateQueries({ queryKey: packagesKey }),
  });
}
