import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { SignInPolicy, UpdateSignInPolicyBody } from '../../api/types.ts';

const signInPolicyKey = ['sign-in-policy'] as const;

/** GET /auth/sign-in-policy (admin): whether staff other than administrators may use passwords. */
export const useSignInPolicy = () =>
  useQuery({ queryKey: signInPolicyKey, queryFn: () => api<SignInPolicy>('/auth/sign-in-policy') });

/** PUT /auth/sign-in-policy (admin): turn staff passwords off (single sign-on only) or back on, with a reason. */
export function useUpdateSignInPolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSignInPolicyBody) => api<SignInPolicy>('/auth/sign-in-policy', { method: 'PUT', body }),
    onSuccess: (policy) => qc.setQueryData(signInPolicyKey, policy),
  });
}
