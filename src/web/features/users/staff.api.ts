import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { StaffMember } from '../../api/types.ts';

/**
 * The firm's active staff (GET /staff): every provider user may read it, so IR managers staff engagements
 * and account managers pick account teams without an administrator's right to list user accounts.
 */
export const useStaffDirectory = (enabled = true) =>
  useQuery({
    queryKey: ['users', 'staff-directory'],
    enabled,
    staleTime: 60_000,
    queryFn: ({ signal }) => api<{ items: StaffMember[] }>('/staff', { signal }).then((r) => r.items),
  });
