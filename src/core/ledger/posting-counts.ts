import type { Db } from '../../db/create-db.ts';
import type { LedgerKind } from './ledger.tables.ts';

/**
 * Ledger postings by kind, counted in this process once their transaction has committed: what /metrics
 * reports as `imr_ledger_postings_total`. Counting writes nothing and costs a map update after the commit,
 * so the posting path stays as fast as it was; each process counts its own postings (a sum over the
 * servers and workers is the cluster's).
 */
const counts = new Map<LedgerKind, number>();

/** Counts one posting of `kind` after the current transaction commits (at once outside one). */
export function countPostingAfterCommit(db: Pick<Db, 'afterCommit'>, kind: LedgerKind): void {
  db.afterCommit(() => counts.set(kind, (counts.get(kind) ?? 0) + 1));
}

/** The postings committed by this process since it started, by kind. */
export const postingCounts = (): ReadonlyMap<LedgerKind, number> => counts;
