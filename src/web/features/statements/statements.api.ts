import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  SendStatementResult,
  Statement,
  StatementList,
  StatementPreview,
} from '../../../shared/contracts/statements.ts';
import { api, apiUrl } from '../../api/client.ts';

export type StatementSummary = z.output<typeof StatementList>['items'][number];
export type StatementJson = z.output<typeof Statement>;
export type StatementPreviewJson = z.output<typeof StatementPreview>;

const statementsKey = ['statements'] as const;

/** GET /contracts/{id}/statements: newest first, with each recipient's delivery state. */
export const useStatements = (contractId: string, enabled = true) =>
  useQuery({
    queryKey: [...statementsKey, 'list', contractId],
    enabled,
    queryFn: ({ signal }) =>
      api<z.output<typeof StatementList>>(`/contracts/${encodeURIComponent(contractId)}/statements`, { signal }),
  });

/** GET /statements/{id}: the frozen figures. */
export const useStatement = (id: string | null) =>
  useQuery({
    queryKey: [...statementsKey, 'one', id],
    enabled: id !== null,
    queryFn: ({ signal }) => api<StatementJson>(`/statements/${encodeURIComponent(id ?? '')}`, { signal }),
  });

/** GET /contracts/{id}/statement-preview: the current month to date, computed now and not stored. */
export const useStatementPreview = (contractId: string, enabled = true) =>
  useQuery({
    queryKey: [...statementsKey, 'preview', contractId],
    enabled,
    queryFn: ({ signal }) =>
      api<StatementPreviewJson>(`/contracts/${encodeURIComponent(contractId)}/statement-preview`, { signal }),
  });

/** The PDF's download link. */
export const statementPdfUrl = (id: string): string => apiUrl(`/statements/${encodeURIComponent(id)}/pdf`);

/** POST /statements/{id}/send: re-send to chosen contacts (audited). */
export function useResendStatement(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (contactIds: string[]) =>
      api<z.output<typeof SendStatementResult>>(`/statements/${encodeURIComponent(id)}/send`, {
        method: 'POST',
        body: { contactIds },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: statementsKey }),
  });
}
