import { DateTime } from 'luxon';
import { systemCtx } from '../context.ts';
import { termEndSplit, termEnded } from '../ledger/ledger.rules.ts';
import { setStatus } from './contract-status.ts';
import type { ContractsDeps } from './contracts.deps.ts';
import { contractsRepo } from './contracts.repo.ts';
import { mergeSettings } from './contracts.rules.ts';

export interface TermEnded {
  contractId: string;
  rolledOver: number;
  expired: number;
}

/**
 * Ends one contract's term, once: under the contract's lock, an active contract whose last day is over
 * (customer time zone) rolls the policy's share of its available balance to its successor, expires the
 * rest and becomes expired. Open reservations stay: approved work may still be consumed.
 */
export async function endTerm(deps: ContractsDeps, contractId: string, now: Date): Promise<TermEnded | null> {
  const { ledger } = deps;
  const ctx = systemCtx('term-end');
  return deps.db.transaction(async (trx) => {
    const contract = await contractsRepo.forUpdate(trx, contractId);
    if (!contract || contract.status !== 'active' || !termEnded(contract.term_end, contract.time_zone, now))
      return null;
    const totals = await ledger.totals(trx, contractId, { lock: true });
    const successor = contract.successor_id ? await contractsRepo.byId(trx, contract.successor_id) : undefined;
    const receives = successor !== undefined && (successor.status === 'active' || successor.status === 'draft');
    const split = termEndSplit(totals.available, mergeSettings(contract.settings, undefined).expiryPolicy, receives);
    if (split.rollover > 0 && successor) {
      await ledger.rollover(trx, ctx, {
        fromContractId: contractId,
        toContractId: successor.id,
        amount: split.rollover,
        idempotencyKey: 'imr:term-end:rollover',
      });
    }
    if (split.expire > 0) {
      await ledger.expire(trx, ctx, {
        contractId,
        amount: split.expire,
        reason: `term ended ${contract.term_end}`,
        idempotencyKey: 'imr:term-end:expire',
      });
    }
    await setStatus(deps, trx, ctx, contract, {
      to: 'expired',
      reason: `term ended ${contract.term_end}`,
      extra: { rolledOver: split.rollover, expired: split.expire, successorId: receives ? successor.id : null },
    });
    return { contractId, rolledOver: split.rollover, expired: split.expire };
  });
}

/**
 * The term-end job: every active contract whose term is over in its customer's time zone is ended
 * exactly once (safe to run twice or concurrently). Each contract in its own transaction.
 */
export async function processTermEnds(
  deps: ContractsDeps,
): Promise<{ ended: TermEnded[]; failed: { contractId: string; error: string }[] }> {
  const now = deps.clock.now();
  // No zone is more than 14 hours ahead of UTC: nothing ending later than yesterday there has ended anywhere.
  const latestDay = DateTime.fromJSDate(now, { zone: 'UTC' }).plus({ hours: 14 }).minus({ days: 1 }).toISODate()!;
  const candidates = (await contractsRepo.activeEndingBy(deps.db.kysely, latestDay)).filter((candidate) =>
    termEnded(candidate.term_end, candidate.time_zone, now),
  );
  const ended: TermEnded[] = [];
  const failed: { contractId: string; error: string }[] = [];
  for (const candidate of candidates) {
    try {
      const result = await endTerm(deps, candidate.id, now);
      if (result) ended.push(result);
    } catch (e) {
      failed.push({ contractId: candidate.id, error: (e as Error).message });
    }
  }
  return { ended, failed };
}
