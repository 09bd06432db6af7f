import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as deliverables from '../../../shared/contracts/deliverables.ts';
import { api } from '../../api/client.ts';
import { usePagedList } from '../../api/paged.ts';

export type Deliverable = z.output<typeof deliverables.Deliverable>;
export type DeliverableVersion = z.output<typeof deliverables.DeliverableVersion>;
export type DeliverableKind = Deliverable['kind'];

/** Every deliverable query starts with this key. */
export const deliverablesKey = ['deliverables'] as const;

/** An engagement's deliverables (customers: the issued ones, with their issued versions). */
export const useDeliverables = (engagementId: string) =>
  usePagedList<Deliverable>(
    [...deliverablesKey, engagementId],
    `/engagements/${encodeURIComponent(engagementId)}/deliverables`,
  );

function formOf(fields: Record<string, string | undefined>, file: File): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') form.append(k, v);
  form.append('file', file, file.name);
  return form;
}

/** POST /engagements/{id}/deliverables (multipart: kind, title, note, file): a draft with version 1. */
export function useCreateDeliverable(engagementId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { kind: DeliverableKind; title: string; note: string; file: File }) =>
      api<Deliverable>(`/engagements/${encodeURIComponent(engagementId)}/deliverables`, {
        method: 'POST',
        body: formOf({ kind: input.kind, title: input.title.trim(), note: input.note.trim() }, input.file),
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: deliverablesKey }),
  });
}

/** POST /deliverables/{id}/versions (multipart: note, file). */
export function useAddVersion() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; note: string; file: File }) =>
      api<Deliverable>(`/deliverables/${encodeURIComponent(input.id)}/versions`, {
        method: 'POST',
        body: formOf({ note: input.note.trim() }, input.file),
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: deliverablesKey }),
  });
}

/** Issue the version the manager reviewed (a newer one added meanwhile is 409 STALE_REVISION). */
export function useIssueDeliverable() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; version: number }) =>
      api<Deliverable>(`/deliverables/${encodeURIComponent(input.id)}/issue`, {
        method: 'POST',
        body: { version: input.version },
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: deliverablesKey }),
  });
}

/** Accept the issued version the customer read (a customer user whose contact may approve). */
export function useAcceptDeliverable() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; version: number; note: string }) =>
      api<Deliverable>(`/deliverables/${encodeURIComponent(input.id)}/accept`, {
        method: 'POST',
        body: { version: input.version, ...(input.note.trim() ? { note: input.note.trim() } : {}) },
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: deliverablesKey }),
  });
}
