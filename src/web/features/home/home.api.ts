import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as home from '../../../shared/contracts/home.ts';
import { api } from '../../api/client.ts';

export type Home = z.output<typeof home.Home>;
export type HomeRequest = z.output<typeof home.HomeRequest>;
export type TriageRequest = z.output<typeof home.TriageRequest>;
export type HomeEngagement = z.output<typeof home.HomeEngagement>;
export type HomeApproval = z.output<typeof home.HomeApproval>;
export type HomeSlaTarget = z.output<typeof home.HomeSlaTarget>;
export type HomeBooking = z.output<typeof home.HomeBooking>;
export type HomeContractAlert = z.output<typeof home.HomeContractAlert>;

/** The caller's home page cards (GET /home), refreshed every minute: SLA clocks and bookings move. */
export const useHome = () =>
  useQuery({
    queryKey: ['home'],
    queryFn: ({ signal }) => api<Home>('/home', { signal }),
    refetchInterval: 60_000,
  });
