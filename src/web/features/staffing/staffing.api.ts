import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Certification,
  ConsultantProfile,
  CreateTimeOffBody,
  PatchConsultantBody,
  Skill,
  TimeOff,
} from '../../../shared/contracts/staffing.ts';
import { api } from '../../api/client.ts';

export const staffingKey = ['staffing'] as const;

export interface DirectoryFilter {
  q?: string;
  skill?: string;
  minLevel?: string;
  certification?: string;
  language?: string;
  timeZone?: string;
}

/** GET /consultants with the directory's filters. */
export const useConsultants = (filter: DirectoryFilter) =>
  useQuery({
    queryKey: [...staffingKey, 'consultants', filter],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
      return api<{ items: ConsultantProfile[] }>(`/consultants?${params}`, { signal }).then((r) => r.items);
    },
  });

export const useConsultant = (userId: string) =>
  useQuery({
    queryKey: [...staffingKey, 'consultant', userId],
    queryFn: ({ signal }) => api<ConsultantProfile>(`/consultants/${encodeURIComponent(userId)}`, { signal }),
  });

export const useSkills = () =>
  useQuery({
    queryKey: [...staffingKey, 'skills'],
    staleTime: 60_000,
    queryFn: ({ signal }) => api<{ items: Skill[] }>('/skills', { signal }).then((r) => r.items),
  });

export const useCertifications = () =>
  useQuery({
    queryKey: [...staffingKey, 'certifications'],
    staleTime: 60_000,
    queryFn: ({ signal }) => api<{ items: Certification[] }>('/certifications', { signal }).then((r) => r.items),
  });

export const useTimeOff = (userId: string) =>
  useQuery({
    queryKey: [...staffingKey, 'time-off', userId],
    queryFn: ({ signal }) =>
      api<{ items: TimeOff[] }>(`/consultants/${encodeURIComponent(userId)}/time-off`, { signal }).then((r) => r.items),
  });

export function usePatchConsultant(userId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PatchConsultantBody) =>
      api<ConsultantProfile>(`/consultants/${encodeURIComponent(userId)}`, { method: 'PATCH', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: staffingKey }),
  });
}

export function useAddTimeOff(userId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateTimeOffBody>) =>
      api<TimeOff>(`/consultants/${encodeURIComponent(userId)}/time-off`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: staffingKey }),
  });
}

export function useDeleteTimeOff() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ ok: true }>(`/time-off/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: staffingKey }),
  });
}
