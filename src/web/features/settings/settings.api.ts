import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { usePagedList } from '../../api/paged.ts';
import type {
  CatalogItem,
  CreateCatalogItemBody,
  FirmSettings,
  UpdateCatalogItemBody,
  UpdateFirmSettingsBody,
} from '../requests/requests.types.ts';

export const settingsKey = ['settings'] as const;
export const catalogKey = ['catalog'] as const;

/** GET /settings: the firm-wide lead time and approval deadlines (provider staff). */
export const useFirmSettings = () =>
  useQuery({ queryKey: settingsKey, queryFn: ({ signal }) => api<FirmSettings>('/settings', { signal }) });

/** PATCH /settings (admin, with a reason; audited). Lead-time look-ups are read again afterwards. */
export function useUpdateFirmSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateFirmSettingsBody) => api<FirmSettings>('/settings', { method: 'PATCH', body }),
    onSuccess: (s) => {
      qc.setQueryData(settingsKey, s);
      void qc.invalidateQueries({ queryKey: ['requests', 'lead-time'] });
    },
  });
}

/**
 * The settings forms' save: PATCH /settings with the trimmed reason; once saved, a green notice says what now
 * applies and the form's reason is cleared for the next change.
 */
export function useSaveFirmSettings(saved: { title: string; message: string }, clearReason: () => void) {
  const update = useUpdateFirmSettings();
  const save = (patch: Omit<UpdateFirmSettingsBody, 'reason'>, reason: string) =>
    update.mutate({ ...patch, reason: reason.trim() } as UpdateFirmSettingsBody, {
      onSuccess: () => {
        notifications.show({ color: 'green', ...saved });
        clearReason();
      },
    });
  return { update, save };
}

/** GET /catalog: every item (staff also see inactive ones), in the catalog's order. */
export const useCatalog = (filter: { kind?: string; active?: string }) =>
  usePagedList<CatalogItem>(catalogKey, '/catalog', filter, 100);

/** POST /catalog (admin). */
export function useCreateCatalogItem() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCatalogItemBody) => api<CatalogItem>('/catalog', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: catalogKey }),
  });
}

/** PATCH /catalog/{id} (admin; a stale revision is refused). */
export function useUpdateCatalogItem() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateCatalogItemBody }) =>
      api<CatalogItem>(`/catalog/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
    onSuccess: () => qc.invalidateQueries({ queryKey: catalogKey }),
  });
}
