import type { Clock } from '../../../shared/clock.ts';
import type { LockedLedger } from '../ledger.repo.ts';
import type { EffortDraftContext } from './optimistic.repo.ts';

/**
 * How long a context read from the database drafts postings. The statement guards everything a posting is
 * decided and written by; what it does not guard (names: the person's name in the answer, the numbers in
 * refusals, which the locking path words afresh anyway) is at most this old.
 */
export const DRAFT_MAX_AGE_MS = 10_000;
/** Far more than the (engagement, person) pairs a server posts for within DRAFT_MAX_AGE_MS. */
const DRAFTS_REMEMBERED = 2_000;

export interface DraftMemory {
  /**
   * The context `engagementId` had for `userId` after this process's last optimistic posting there, with the
   * contract's newer head when another posting of this process moved it (`newerHead`); undefined when none,
   * when it was read more than DRAFT_MAX_AGE_MS ago, or when that head's contract differs from the context's.
   */
  recall(
    engagementId: string,
    userId: string,
    newerHead: (contractId: string) => LockedLedger | undefined,
  ): { e: EffortDraftContext; readAt: number } | undefined;
  /** `e` as this process's posting left it (only team members' contexts: their membership is guarded by the statement); `readAt` is when its unguarded fields were read. */
  remember(draft: EffortDraftContext, userId: string, readAt: number): void;
  forget(engagementId: string, userId: string): void;
}

/** For processes that serve no cached reads (CLI, workers): every optimistic posting reads its context. */
export const noDraftMemory: DraftMemory = {
  recall: () => undefined,
  remember: () => undefined,
  forget: () => undefined,
};

const keyOf = (engagementId: string, userId: string) => `${engagementId} ${userId}`;

/** Settings as JSON, once per settings object read (every recall compares two). */
const settingsJson = new WeakMap<object, string>();
function jsonOf(settings: object): string {
  let json = settingsJson.get(settings);
  if (json === undefined) settingsJson.set(settings, (json = JSON.stringify(settings)));
  return json;
}

/** The contract fields an effort draft converts and checks by: a head that differs in them is not this context's contract as read. */
const sameContract = (draft: EffortDraftContext, head: LockedLedger): boolean =>
  head.status === draft.contract_status &&
  head.unit === draft.unit &&
  head.time_zone === draft.time_zone &&
  (head.settings === draft.settings || jsonOf(head.settings as object) === jsonOf(draft.settings as object));

/**
 * Effort contexts remembered after the server's own optimistic postings, so that the next posting on the
 * same engagement by the same person skips its read. Safe because the posting's statement writes only
 * while the engagement, its reservation, the team membership and the ledger head are as drafted; a
 * context that moved costs one refused statement and a fresh read.
 */
export function createDraftMemory(clock: Clock): DraftMemory {
  const drafts = new Map<string, { e: EffortDraftContext; readAt: number }>();
  return {
    recall(engagementId, userId, newerHead) {
      const key = keyOf(engagementId, userId);
      const known = drafts.get(key);
      if (!known) return undefined;
      if (clock.now().getTime() - known.readAt > DRAFT_MAX_AGE_MS) {
        drafts.delete(key);
        return undefined;
      }
      const head = newerHead(known.e.contract_id);
      if (!head || head.last_seq <= known.e.ledger.last_seq) return known;
      if (!sameContract(known.e, head)) {
        drafts.delete(key);
        return undefined;
      }
      return { e: { ...known.e, ledger: head }, readAt: known.readAt };
    },
    remember(e, userId, readAt) {
      if (!e.user_member) return;
      const key = keyOf(e.id, userId);
      drafts.delete(key);
      if (drafts.size >= DRAFTS_REMEMBERED) drafts.delete(drafts.keys().next().value!);
      drafts.set(key, { e, readAt });
    },
    forget(engagementId, userId) {
      drafts.delete(keyOf(engagementId, userId));
    },
  };
}
