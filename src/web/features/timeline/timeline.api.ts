import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Timeline } from '../../../shared/contracts/calendar.ts';
import type { StaffingSuggestions } from '../../../shared/contracts/staffing-suggest.ts';
import type { BookingMode, BookingStatus } from '../../../shared/contracts/staffing.ts';
import { api } from '../../api/client.ts';
import type { EngagementSummary } from '../engagements/engagements.types.ts';

/** Every timeline query starts with this key: a booking change refreshes them all. */
export const timelineKey = ['staff-timeline'] as const;

/** GET /staff-timeline: consultants, bookings, time off and on-call shifts of [from, to). */
export const useTimeline = (from: string, to: string) =>
  useQuery({
    queryKey: [...timelineKey, from, to],
    queryFn: ({ signal }) => api<Timeline>('/staff-timeline', { signal, query: { from, to } }),
    placeholderData: (previous) => previous,
  });

/** Engagements that may still be staffed (scheduled, in progress, on hold, delivering), for the booking form. */
export const useOpenEngagements = () =>
  useQuery({
    queryKey: ['engagements', 'list', 'open-for-booking'],
    queryFn: ({ signal }) =>
      api<{ items: EngagementSummary[] }>('/engagements', {
        signal,
        query: { status: 'scheduled,in_progress,on_hold,delivering', limit: 200 },
      }),
  });

/** GET /engagements/{id}/staffing-suggestions: consultants ranked with their reasons. */
export const useSuggestions = (engagementId: string | null) =>
  useQuery({
    queryKey: ['staffing-suggestions', engagementId],
    queryFn: ({ signal }) =>
      api<StaffingSuggestions>(`/engagements/${encodeURIComponent(engagementId ?? '')}/staffing-suggestions`, {
        signal,
        query: { limit: 8 },
      }),
    enabled: !!engagementId,
  });

export interface BookingInput {
  engagementId: string;
  consultantId: string;
  start: string;
  end: string;
  mode: BookingMode;
  status: BookingStatus;
}

const bookingPath = (engagementId: string, bookingId?: string) =>
  `/engagements/${encodeURIComponent(engagementId)}/bookings${bookingId ? `/${encodeURIComponent(bookingId)}` : ''}`;

/** Create, move and cancel bookings (the staffing API); each refreshes the timeline and the engagements. */
export function useBookingMutations() {
  const queryClient = useQueryClient();
  const onSuccess = () => {
    void queryClient.invalidateQueries({ queryKey: timelineKey });
    void queryClient.invalidateQueries({ queryKey: ['engagements'] });
    void queryClient.invalidateQueries({ queryKey: ['staffing-suggestions'] });
    void queryClient.invalidateQueries({ queryKey: ['bookings'] });
  };
  const create = useMutation({
    mutationFn: ({ engagementId, ...body }: BookingInput) => api(bookingPath(engagementId), { method: 'POST', body }),
    onSuccess,
  });
  const move = useMutation({
    mutationFn: (input: { engagementId: string; bookingId: string; revision: number } & Partial<BookingInput>) =>
      api(bookingPath(input.engagementId, input.bookingId), {
        method: 'PATCH',
        body: {
          start: input.start,
          end: input.end,
          mode: input.mode,
          status: input.status,
          revision: input.revision,
        },
      }),
    onSuccess,
  });
  const cancel = useMutation({
    mutationFn: (input: { engagementId: string; bookingId: string; reason: string }) =>
      api(bookingPath(input.engagementId, input.bookingId), {
        method: 'DELETE',
        query: { reason: input.reason },
      }),
    onSuccess,
  });
  return { create, move, cancel };
}
