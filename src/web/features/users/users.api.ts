import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { usePagedList } from '../../api/paged.ts';
import type { CreateUserBody, UpdateUserBody, User } from '../../api/types.ts';

export const usersKey = ['users'] as const;

export interface UserFilter {
  role?: string;
  status?: string;
  q?: string;
  [key: string]: string | undefined;
}

/** GET /users (admin), filtered, with "Load more". */
export const useUsers = (filter: UserFilter) => usePagedList<User>(usersKey, '/users', filter);

/** POST /users: a provider user, with a password or a set-password email. */
export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserBody) => api<User>('/users', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: usersKey }),
  });
}

/** PATCH /users/{id}: rename, change a provider user's role, disable or enable. */
export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateUserBody }) =>
      api<User>(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
    onSuccess: () => qc.invalidateQueries({ queryKey: usersKey }),
  });
}
