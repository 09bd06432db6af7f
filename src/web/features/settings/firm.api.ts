import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as settings from '../../../shared/contracts/settings.ts';
import { api } from '../../api/client.ts';
import { settingsKey } from './settings.api.ts';

export type FirmProfile = z.output<typeof settings.FirmProfileView>;
export type FirmHotline = z.output<typeof settings.FirmHotline>;
export type FirmLogo = z.output<typeof settings.FirmLogo>;
export type PortalFirm = z.output<typeof settings.PortalFirm>;
export type UpdateFirmProfileBody = z.input<typeof settings.UpdateFirmProfileBody>;

export const portalFirmKey = ['portal', 'firm'] as const;

/** GET /portal/firm: the firm's public profile (hotlines…) and the signed-in customer's account team. */
export const usePortalFirm = () =>
  useQuery({
    queryKey: portalFirmKey,
    queryFn: ({ signal }) => api<PortalFirm>('/portal/firm', { signal }),
    staleTime: 5 * 60 * 1000,
  });

/** PUT /settings/logo as multipart/form-data (admin, with a reason; audited). */
export function useUploadLogo() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, reason }: { file: File; reason: string }) => {
      const form = new FormData();
      form.append('reason', reason);
      form.append('logo', file, file.name);
      return api<FirmLogo>('/settings/logo', { method: 'PUT', body: form });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: settingsKey });
      void qc.invalidateQueries({ queryKey: portalFirmKey });
    },
  });
}

/** DELETE /settings/logo (admin, with a reason; audited). */
export function useRemoveLogo() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => api<null>('/settings/logo', { method: 'DELETE', body: { reason } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: settingsKey });
      void qc.invalidateQueries({ queryKey: portalFirmKey });
    },
  });
}
