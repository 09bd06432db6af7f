import type { Executor } from '../../db/create-db.ts';
import type { Ctx } from '../context.ts';
import { adjust, reverse, topUp } from './api-postings.ts';
import { balance, totals } from './balance.ts';
import { entries, exportLedger } from './entries.ts';
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

type Args<F> = F extends (deps: never, ...rest: infer A) => unknown ? A : never;

/** The ledger: postings on the caller's transaction, API postings (optimistic first), balance and entry reads. */
export function createLedgerService(ledgerDeps: LedgerDeps) {
  const deps: LedgerUseCaseDeps = { ...ledgerDeps, heads: createHeadMemory() };
  const { heads } = deps;
  return {
    postGrant: (...a: Args<typeof postGrant>) => postGrant(deps, ...a),
    postTopUp: (...a: Args<typeof postTopUp>) => postTopUp(deps, ...a),
    postAdjustment: (...a: Args<typeof postAdjustment>) => postAdjustment(deps, ...a),
    reserve: (...a: Args<typeof reserve>) => reserve(deps, ...a),
    release: (...a: Args<typeof release>) => release(deps, ...a),
    consume: (...a: Args<typeof consume>) => consume(deps, ...a),
    minimumTrueUp: (...a: Args<typeof minimumTrueUp>) => minimumTrueUp(deps, ...a),
    postReversal: (...a: Args<typeof postReversal>) => postReversal(deps, ...a),
    expire: (...a: Args<typeof expire>) => expire(deps, ...a),
    rollover: (...a: Args<typeof rollover>) => rollover(deps, ...a),
    adjustReservation: (...a: Args<typeof adjustReservation>) => adjustReservation(deps, ...a),

    /** See optimistic/draft-consume.ts. */
    draftConsume: (
      ctx: Ctx,
      l: LockedLedger,
      reservation: ReservationSums | null,
      i: { engagementId: string; amount: number; reference: string },
    ) => draftConsume(deps, ctx, l, reservation, i),

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

    totals: (...a: Args<typeof totals>) => totals(deps, ...a),

    /** Opens a new contract's ledger (its cached balance row) on the caller's transaction. */
    async open(trx: Executor, contractId: string): Promise<void> {
      await ledgerRepo.insertBalance(trx, contractId, deps.clock.now());
    },

    topUp: (...a: Args<typeof topUp>) => topUp(deps, ...a),
    adjust: (...a: Args<typeof adjust>) => adjust(deps, ...a),
    reverse: (...a: Args<typeof reverse>) => reverse(deps, ...a),
    balance: (...a: Args<typeof balance>) => balance(deps, ...a),
    entries: (...a: Args<typeof entries>) => entries(deps, ...a),
    exportLedger: (...a: Args<typeof exportLedger>) => exportLedger(deps, ...a),
  };
}
