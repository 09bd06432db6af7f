import type { LockedLedger } from '../ledger.repo.ts';

/** Ledger heads remembered for optimistic appends; far more than the contracts a deployment posts to at once. */
const HEADS_REMEMBERED = 10_000;

/** Ledger heads (balance row and contract) as this process last appended them optimistically. */
export interface HeadMemory {
  get(contractId: string): LockedLedger | undefined;
  /** Keeps `head` unless a later one of its contract is known; the oldest goes when full. */
  remember(head: LockedLedger): void;
  forget(contractId: string): void;
}

/** One per ledger service: a head it remembers was appended by this process, and any guard it fails forgets it. */
export function createHeadMemory(): HeadMemory {
  const heads = new Map<string, LockedLedger>();
  return {
    get: (contractId) => heads.get(contractId),
    remember(head) {
      const known = heads.get(head.contract_id);
      if (known && known.last_seq >= head.last_seq) return;
      heads.delete(head.contract_id);
      if (heads.size >= HEADS_REMEMBERED) heads.delete(heads.keys().next().value!);
      heads.set(head.contract_id, head);
    },
    forget: (contractId) => void heads.delete(contractId),
  };
}
