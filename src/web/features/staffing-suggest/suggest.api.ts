import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as oncall from '../../../shared/contracts/oncall.ts';
import type * as suggest from '../../../shared/contracts/staffing-suggest.ts';
import { api } from '../../api/client.ts';

export type StaffingSuggestions = z.output<typeof suggest.StaffingSuggestions>;
export type StaffingSuggestion = StaffingSuggestions['suggestions'][number];
export type OncallNow = z.output<typeof oncall.OncallNow>;
export type SuggestionSubject = 'engagements' | 'work-orders' | 'requests';

export const suggestionsKey = ['staffing-suggestions'] as const;

/** GET /{engagements|work-orders|requests}/{id}/staffing-suggestions: the ranking with reasons. */
export const useStaffingSuggestions = (subject: SuggestionSubject, id: string, enabled = true) =>
  useQuery({
    queryKey: [...suggestionsKey, subject, id],
    queryFn: ({ signal }) =>
      api<StaffingSuggestions>(`/${subject}/${encodeURIComponent(id)}/staffing-suggestions`, {
        signal,
        query: { limit: 10 },
      }),
    enabled,
  });

/** GET /oncall/now: who holds the pager, until when, the next one, the gaps of the next 14 days. */
export const useOncallNow = (enabled = true) =>
  useQuery({
    queryKey: ['oncall', 'now'],
    queryFn: ({ signal }) => api<OncallNow>('/oncall/now', { signal }),
    enabled,
    refetchInterval: 60_000,
  });

export interface BookFromSuggestion {
  consultantId: string;
  start: string;
  end: string;
  mode: 'onsite' | 'remote' | 'travel';
}

/** POST /engagements/{id}/bookings (staffing-core's booking API) from a suggestion: one action. */
export function useBookSuggestion(engagementId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BookFromSuggestion) =>
      api<unknown>(`/engagements/${encodeURIComponent(engagementId)}/bookings`, {
        method: 'POST',
        body: { ...body, status: 'confirmed' },
      }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: suggestionsKey }),
        qc.invalidateQueries({ queryKey: ['engagements'] }),
      ]),
  });
}
