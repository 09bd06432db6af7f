import { localDate } from '../../../shared/dates.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Ctx } from '../../context.ts';
import { draftEntry, headAfter } from '../draft-entry.ts';
import type { Draft, LedgerDeps } from '../ledger.deps.ts';
import type { LedgerEntryRow, LockedLedger } from '../ledger.repo.ts';
import { thresholdsCrossed, type LedgerTotals, type ReservationSums } from '../ledger.rules.ts';
import type { ExpectedHead } from './optimistic.repo.ts';

/** A `consume` drafted for an optimistic statement, with what the statement checks and writes. */
export interface DraftedConsume {
  entry: LedgerEntryRow;
  totals: LedgerTotals;
  reservation: ReservationSums;
  expected: ExpectedHead;
  day: string;
  head: LockedLedger;
}

/**
 * For a caller's optimistic write (effort's, see optimisticRepo.appendConsumedMany): a `consume` drafted
 * against a ledger head and reservation read outside any lock, with what the statement needs to append it
 * only while the head is unchanged. Null when the locking path must decide: any refusal (it is then made
 * under the lock) or a posting with notices due (alert thresholds).
 */
export async function draftConsume(
  deps: Pick<LedgerDeps, 'db' | 'clock' | 'ids'>,
  ctx: Ctx,
  ledger: LockedLedger,
  reservation: ReservationSums | null,
  input: { engagementId: string; amount: number; reference: string },
): Promise<DraftedConsume | null> {
  let draft: Draft;
  try {
    draft = await draftEntry(
      deps,
      deps.db.kysely,
      ctx,
      ledger,
      { kind: 'consume', amount: input.amount, engagementId: input.engagementId, reference: input.reference },
      null,
      null,
      { reservation },
    );
  } catch (e) {
    if (e instanceof AppError) return null;
    throw e;
  }
  const { row, before, next } = draft;
  if (!next.reservation || thresholdsCrossed(before, next.totals, draft.alertThresholds).length) return null;
  return {
    entry: row,
    totals: next.totals,
    reservation: next.reservation,
    expected: { seq: ledger.last_seq, status: ledger.status, settings: ledger.settings },
    day: localDate(row.created_at, ledger.time_zone),
    head: headAfter(ledger, row, next.totals),
  };
}
