import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { engagementStatuses } from '../../../shared/contracts/engagements.ts';
import { takesEffort } from '../../../shared/engagements.ts';
import { api } from '../../api/client.ts';
import type { Contract, Page } from '../../api/types.ts';
import { contractsKey } from '../contracts/contracts.api.ts';
import { engagementsKey } from '../engagements/engagements.api.ts';
import type { EffortEntry, EffortPosted, EngagementSummary } from '../engagements/engagements.types.ts';
import type { Activity } from '../../../shared/domain.ts';
import type { CellAction } from './sheet.ts';

/** Under the engagements key, so that effort logged anywhere (the engagement page too) refreshes the timesheet. */
const timesheetKey = [...engagementsKey, 'timesheet'] as const;

/** Follows the cursor of a list to its end (a week of one person's effort, one person's open engagements). */
async function all<T>(path: string, query: Record<string, string>, signal: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page: Page<T> = await api<Page<T>>(path, { query: { ...query, limit: 200, cursor }, signal });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** GET /effort?userId=&from=&to=: one person's effort of the week (active entries; corrected ones are history). */
export const useWeekEffort = (userId: string, from: string, to: string) =>
  useQuery({
    queryKey: [...timesheetKey, userId, from, to],
    queryFn: ({ signal }) => all<EffortEntry>('/effort', { userId, from, to }, signal),
    placeholderData: (previous) => previous,
  });

/** The engagements whose team I am on that take effort now (in progress, on hold, delivering). */
export const useMyOpenEngagements = () =>
  useQuery({
    queryKey: [...engagementsKey, 'list', 'timesheet'],
    queryFn: ({ signal }) =>
      all<EngagementSummary>(
        '/engagements',
        { mine: 'true', status: engagementStatuses.filter(takesEffort).join(',') },
        signal,
      ),
  });

export interface CellSave {
  engagementId: string;
  activity: Activity;
  date: string;
  action: Exclude<CellAction, { kind: 'none' } | { kind: 'several' }>;
  /** The key of this edit: a retry of the same edit sends the same key, so nothing is logged twice. */
  key: string;
}

/**
 * Saves one cell: a new entry (POST with the edit's Idempotency-Key), a correction of its one entry
 * (PATCH: reversal and new entry) or its removal (DELETE: reversal). Resolves once the week and the
 * engagement figures are fresh, so the grid shows what the server recorded.
 */
export function useSaveCell() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (save: CellSave): Promise<EffortPosted | EffortEntry> => {
      const action = save.action;
      if (action.kind === 'create') {
        return api<EffortPosted>(`/engagements/${encodeURIComponent(save.engagementId)}/effort`, {
          method: 'POST',
          body: { date: save.date, minutes: action.minutes, activity: save.activity },
          headers: { 'idempotency-key': save.key },
        });
      }
      if (action.kind === 'update')
        return api<EffortEntry>(`/effort/${encodeURIComponent(action.entryId)}`, {
          method: 'PATCH',
          body: { minutes: action.minutes, reason: 'Corrected in the timesheet' },
        });
      return api<EffortEntry>(`/effort/${encodeURIComponent(action.entryId)}`, {
        method: 'DELETE',
        query: { reason: 'Removed in the timesheet' },
      });
    },
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: engagementsKey }),
        qc.invalidateQueries({ queryKey: contractsKey }),
      ]),
  });
}

/**
 * Whether travel time draws the retainer, per contract (the contract's `travelTimeBillable`, GET
 * /contracts/{id}, which a consultant on one of its engagements may read). A contract that cannot be read
 * is left out: the sheet then says "per contract".
 */
export function useTravelPolicies(contractIds: readonly string[]): ReadonlyMap<string, boolean> {
  const ids = [...new Set(contractIds)];
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: [...contractsKey, 'one', id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<Contract>(`/contracts/${encodeURIComponent(id)}`, { signal }),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const known = results.flatMap((r, i) => (r.data ? [[ids[i]!, r.data.settings.travelTimeBillable] as const] : []));
  const signature = known.map(([id, b]) => `${id}:${b}`).join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the signature says when the answers changed
  return useMemo(() => new Map(known), [signature]);
}
