import type { Db } from '../../../db/create-db.ts';
import { optimisticRepo, type ConsumedEffort } from './optimistic.repo.ts';

/** 'again': a posting of a statement in flight moved the contract's head; draft on the new head and write again. */
export type WriteOutcome = 'appended' | 'stale' | 'duplicate' | 'again';

/** Postings in one statement at most: the JSON parameter stays small. */
const BATCH_MAX = 32;
/**
 * Statements in flight at once. Two measured no faster than one, also with effort_entries' foreign key
 * to users (a row lock all of one person's postings share) dropped (docs/benchmarks.md): the statements
 * then compete for the same cores instead of sharing one commit.
 */
const IN_FLIGHT_MAX = 1;

export interface EffortWriter {
  /** Writes one optimistic posting, together with the others waiting: see createEffortWriter. */
  write(effort: ConsumedEffort): Promise<WriteOutcome>;
}

/**
 * Group commit for optimistic effort postings: postings that arrive while IN_FLIGHT_MAX statements are
 * running wait and go together into the next one (optimisticRepo.appendConsumedMany), so they share one
 * statement, one commit and one WAL flush. A contract is in at most one statement at a time (each posting
 * is drafted on its contract's head): a posting whose contract is taken waits for that statement and is
 * then answered 'again', after the first postings' callers have their outcome and remember the new head.
 * A statement that fails as a whole writes nothing (a taken Idempotency-Key, a deadlock with another
 * transaction): its postings are then written one by one, so each answers for itself. Statements in
 * flight share no contract and so no engagement: they never wait for each other.
 */
export function createEffortWriter(db: Db): EffortWriter {
  interface Waiting {
    w: ConsumedEffort;
    done: (outcome: WriteOutcome) => void;
    fail: (e: unknown) => void;
  }
  let queue: Waiting[] = [];
  /** Contracts in statements in flight. */
  const busy = new Set<string>();
  let running = 0;

  /** A statement that failed as a whole (a taken key, any error: it wrote nothing) is written again posting by posting, so that it fails only the one it must. */
  async function writeBatch(batch: Waiting[]): Promise<void> {
    let appended: Set<number> | 'duplicate';
    try {
      appended = await optimisticRepo.appendConsumedMany(
        db.kysely,
        batch.map((x) => x.w),
      );
    } catch (e) {
      if (batch.length > 1) for (const x of batch) await writeBatch([x]);
      else batch[0]!.fail(e);
      return;
    }
    if (appended !== 'duplicate') batch.forEach((x, k) => x.done(appended.has(k) ? 'appended' : 'stale'));
    else if (batch.length === 1) batch[0]!.done('duplicate');
    else for (const x of batch) await writeBatch([x]);
  }

  async function run(batch: Waiting[], contracts: Set<string>): Promise<void> {
    await writeBatch(batch);
    running--;
    for (const c of contracts) busy.delete(c);
    const again = queue.filter((x) => contracts.has(x.w.entry.contract_id));
    queue = queue.filter((x) => !contracts.has(x.w.entry.contract_id));
    for (const x of again) x.done('again');
    pump();
  }

  function pump(): void {
    while (running < IN_FLIGHT_MAX && queue.length) {
      const batch: Waiting[] = [];
      const waiting: Waiting[] = [];
      const contracts = new Set<string>();
      for (const x of queue) {
        const contractId = x.w.entry.contract_id;
        if (batch.length < BATCH_MAX && !busy.has(contractId) && !contracts.has(contractId)) {
          contracts.add(contractId);
          batch.push(x);
        } else waiting.push(x);
      }
      if (!batch.length) return;
      queue = waiting;
      for (const c of contracts) busy.add(c);
      running++;
      void run(batch, contracts);
    }
  }

  return {
    write(w) {
      return new Promise<WriteOutcome>((done, fail) => {
        queue.push({ w, done, fail });
        pump();
      });
    },
  };
}
