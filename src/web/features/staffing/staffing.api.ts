import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Certification,
  ConsultantProfile,
  CreateCertificationBody,
  CreateSkillBody,
  CreateTimeOffBody,
  PatchConsultantBody,
  Skill,
  StaffingRequirements,
  StaffingRequirementsBody,
  TimeOff,
  UpdateCertificationBody,
  UpdateSkillBody,
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
  availableFrom?: string;
  availableTo?: string;
  onCall?: string;
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

export type SkillInput = z.input<typeof CreateSkillBody>;
export type SkillPatch = z.input<typeof UpdateSkillBody>;
export type CertificationInput = z.input<typeof CreateCertificationBody>;
export type CertificationPatch = z.input<typeof UpdateCertificationBody>;

/** Add, rename and retire skills and certifications (IR managers, admins). */
export function useCatalogMutations() {
  const qc = useQueryClient();
  const onSuccess = () => qc.invalidateQueries({ queryKey: staffingKey });
  return {
    addSkill: useMutation({
      mutationFn: (body: SkillInput) => api<Skill>('/skills', { method: 'POST', body }),
      onSuccess,
    }),
    updateSkill: useMutation({
      mutationFn: ({ id, patch }: { id: string; patch: SkillPatch }) =>
        api<Skill>(`/skills/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
      onSuccess,
    }),
    addCertification: useMutation({
      mutationFn: (body: CertificationInput) => api<Certification>('/certifications', { method: 'POST', body }),
      onSuccess,
    }),
    updateCertification: useMutation({
      mutationFn: ({ id, patch }: { id: string; patch: CertificationPatch }) =>
        api<Certification>(`/certifications/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
      onSuccess,
    }),
  };
}

/** Whose staffing requirements: a catalog item or an emergency incident type. */
export type RequirementsSubject = { catalogItemId: string } | { incidentType: string };

const requirementsPath = (s: RequirementsSubject) =>
  'catalogItemId' in s
    ? `/catalog/${encodeURIComponent(s.catalogItemId)}/staffing-requirements`
    : `/incident-types/${encodeURIComponent(s.incidentType)}/staffing-requirements`;

/** GET …/staffing-requirements: the skills (minimum level) required and the certifications preferred. */
export const useRequirements = (subject: RequirementsSubject) =>
  useQuery({
    queryKey: [...staffingKey, 'requirements', subject],
    queryFn: ({ signal }) => api<StaffingRequirements>(requirementsPath(subject), { signal }),
  });

/** PUT …/staffing-requirements (IR managers, admins). */
export function useSetRequirements(subject: RequirementsSubject) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof StaffingRequirementsBody>) =>
      api<StaffingRequirements>(requirementsPath(subject), { method: 'PUT', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: staffingKey }),
  });
}
