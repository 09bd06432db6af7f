import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateRotaBody,
  CreateShiftBody,
  OncallRota,
  OncallShift,
  UpdateShiftBody,
} from '../../../shared/contracts/oncall.ts';
import { api } from '../../api/client.ts';

export const oncallKey = ['oncall'] as const;

/** GET /oncall/rotas. */
export const useRotas = () =>
  useQuery({
    queryKey: [...oncallKey, 'rotas'],
    queryFn: ({ signal }) => api<{ items: OncallRota[] }>('/oncall/rotas', { signal }).then((r) => r.items),
  });

/** GET /oncall/rotas/{id}/shifts from–to (default: the next 14 days). */
export const useShifts = (rotaId: string | null, range: { from: string; to: string }) =>
  useQuery({
    queryKey: [...oncallKey, 'shifts', rotaId, range],
    enabled: !!rotaId,
    queryFn: ({ signal }) =>
      api<{ items: OncallShift[] }>(`/oncall/rotas/${encodeURIComponent(rotaId ?? '')}/shifts`, {
        signal,
        query: range,
      }).then((r) => r.items),
  });

/** Create a rota; add, move and remove shifts (IR managers, admins). Every change refreshes "on call now". */
export function useOncallMutations() {
  const qc = useQueryClient();
  const onSuccess = () => qc.invalidateQueries({ queryKey: oncallKey });
  return {
    createRota: useMutation({
      mutationFn: (body: z.input<typeof CreateRotaBody>) => api<OncallRota>('/oncall/rotas', { method: 'POST', body }),
      onSuccess,
    }),
    addShift: useMutation({
      mutationFn: ({ rotaId, body }: { rotaId: string; body: z.input<typeof CreateShiftBody> }) =>
        api<OncallShift>(`/oncall/rotas/${encodeURIComponent(rotaId)}/shifts`, { method: 'POST', body }),
      onSuccess,
    }),
    updateShift: useMutation({
      mutationFn: ({ id, body }: { id: string; body: z.input<typeof UpdateShiftBody> }) =>
        api<OncallShift>(`/oncall/shifts/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
      onSuccess,
    }),
    removeShift: useMutation({
      mutationFn: (id: string) => api<{ ok: true }>(`/oncall/shifts/${encodeURIComponent(id)}`, { method: 'DELETE' }),
      onSuccess,
    }),
  };
}
