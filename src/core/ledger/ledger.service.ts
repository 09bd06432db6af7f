import type { UseCaseArgs } from '../use-case.ts';
import type { Executor } from '../../db/create-db.ts';
import type { Ctx } from '../context.ts';
import { adjust, reverse, topUp } from './api-postings.ts';
import { balance, totals } from './balance.ts';
import { entries, exportLedger } from './entries.ts';
import { ledgerCsv } from './ledger.csv.ts';
import { ledgerChanged, type LedgerDeps, type LedgerUseCaseDeps } from './ledger.deps.ts';
import { ledgerRepo, type LockedLedger } from './ledger.repo.ts';
import type { ReservationSums } from './ledger.rules.ts';
import { draftConsume } from './optimistic/draft-consume.ts';
import { createHeadMemory } from './optimistic/heads.ts';
import { expire, postAdjustment, postGrant, postReversal, postTopUp, rollover } from './postings.ts';
import { adjustReservation, consume, minimumTrueUp, readOpenReservation, release, reserve } from './reservations.ts';

export type { LedgerDeps, PostingOptions, PostingResult } from './ledger.deps.ts';
export { ledgerPageCursor } from './entries.ts';

export type LedgerService = ReturnType<typeof createLedgerService>;

/** The ledger: postings on the caller's transaction, API postings (optimistic first), balance and entry reads. */
export function createLedgerService(ledgerDeps: LedgerDeps) {
  const deps: LedgerUseCaseDeps = { ...ledgerDeps, heads: createHeadMemory() };
  const { heads } = deps;
  return {
    postGrant: (...args: UseCaseArgs<typeof postGrant>) => postGrant(deps, ...args),
    postTopUp: (...args: UseCaseArgs<typeof postTopUp>) => postTopUp(deps, ...args),
    postAdjustment: (...args: UseCaseArgs<typeof postAdjustment>) => postAdjustment(deps, ...args),
    reserve: (...args: UseCaseArgs<typeof reserve>) => reserve(deps, ...args),
    release: (...args: UseCaseArgs<typeof release>) => release(deps, ...args),
    consume: (...args: UseCaseArgs<typeof consume>) => consume(deps, ...args),
    minimumTrueUp: (...args: UseCaseArgs<typeof minimumTrueUp>) => minimumTrueUp(deps, ...args),
    postReversal: (...args: UseCaseArgs<typeof postReversal>) => postReversal(deps, ...args),
    expire: (...args: UseCaseArgs<typeof expire>) => expire(deps, ...args),
    rollover: (...args: UseCaseArgs<typeof rollover>) => rollover(deps, ...args),
    adjustReservation: (...args: UseCaseArgs<typeof adjustReservation>) => adjustReservation(deps, ...args),

    /** See optimistic/draft-consume.ts. */
    draftConsume: (
      ctx: Ctx,
      ledger: LockedLedger,
      reservation: ReservationSums | null,
      posting: { engagementId: string; amount: number; reference: string },
    ) => draftConsume(deps, ctx, ledger, reservation, posting),

    /**
     * The contract changed outside this service's postings (edits, status changes): its cached balance goes
     * once the current transaction has ended, and the next optimistic draft reads its head.
     */
    forgetContract(contractId: string): void {
      ledgerChanged(deps, contractId);
      heads.forget(contractId);
    },

    /** The head this process last appended on the contract optimistically (top-ups, effort), if it remembers one. */
    rememberedHead: (contractId: string): LockedLedger | undefined => heads.get(contractId),

    /** A caller's optimistic statement appended `head` (draftConsume's): remembered for the next draft, the cached balance dropped. */
    appendedHead(head: LockedLedger): void {
      ledgerChanged(deps, head.contract_id);
      heads.remember(head);
    },

    /** A caller's optimistic statement found the contract's head moved: the next draft reads it. */
    forgetHead: (contractId: string): void => heads.forget(contractId),

    /** An engagement's open reservation on a contract (reserve − release − consume − minimum true-up, at least 0). */
    openReservation: (ex: Executor, contractId: string, engagementId: string): Promise<number> =>
      readOpenReservation(ex, contractId, engagementId),

    totals: (...args: UseCaseArgs<typeof totals>) => totals(deps, ...args),

    /** Opens a new contract's ledger (its cached balance row) on the caller's transaction. */
    async open(trx: Executor, contractId: string): Promise<void> {
      await ledgerRepo.insertBalance(trx, contractId, deps.clock.now());
    },

    topUp: (...args: UseCaseArgs<typeof topUp>) => topUp(deps, ...args),
    adjust: (...args: UseCaseArgs<typeof adjust>) => adjust(deps, ...args),
    reverse: (...args: UseCaseArgs<typeof reverse>) => reverse(deps, ...args),
    balance: (...args: UseCaseArgs<typeof balance>) => balance(deps, ...args),
    entries: (...args: UseCaseArgs<typeof entries>) => entries(deps, ...args),
    exportLedger: (...args: UseCaseArgs<typeof exportLedger>) => exportLedger(deps, ...args),
    ledgerCsv: (...args: UseCaseArgs<typeof ledgerCsv>) => ledgerCsv(deps, ...args),
  };
}
