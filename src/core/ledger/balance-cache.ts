import type { Clock } from '../../shared/clock.ts';
import type { LockedLedger } from './ledger.repo.ts';

/** A ledger head as the balance read needs it (the cached row and its recent daily consumption). */
export type LedgerWithDaily = LockedLedger & { daily: { day: string; consumed: number }[] };

/**
 * Balances served from memory: `GET .../balance` is the most frequent read of the product (portals,
 * dashboards, the CLI), and one database round trip per read caps what a server answers. Each cached head
 * is confirmed against the database every `pollMs`, all of them in one query (`check`), and dropped when
 * anything it holds changed (its ledger head, the contract, the customer). This process's own postings
 * and contract or customer changes drop it right after their transaction. So a balance is exact for this
 * process's writes and at most `pollMs` plus a query behind another process's (the worker, the CLI, a
 * second server), and `asOf` says when it was last confirmed. It answers only while confirmations keep
 * arriving (`maxAgeMs`): when the database stops answering, so does the cache.
 */
export interface BalanceCache {
  /** The head (cached, or `load()`, stored unless something was forgotten meanwhile) and when it was confirmed current. */
  get(
    contractId: string,
    load: () => Promise<LedgerWithDaily | undefined>,
  ): Promise<{ ledger: LedgerWithDaily; asOf: Date } | undefined>;
  /** Drops a contract's head (call it after the transaction that changed it: Db.afterTransaction). */
  forget(contractId: string): void;
  /** Drops the heads of every contract of a customer (its name, time zone or organisation changed). */
  forgetCustomer(customerId: string): void;
  /** Confirms every cached head now (the poll's work; tests call it to avoid waiting). */
  confirm(): Promise<void>;
  readonly size: number;
  close(): void;
}

/** What a confirmation compares: everything the balance read uses but the daily sums, which move only with `last_seq`. */
export const fingerprintOf = (ledger: LockedLedger): string =>
  JSON.stringify([
    ledger.last_seq,
    ledger.last_hash,
    ledger.status,
    ledger.unit,
    ledger.settings,
    ledger.term_start,
    ledger.term_end,
    ledger.number,
    ledger.customer_id,
    ledger.customer_name,
    ledger.organization_id,
    ledger.time_zone,
  ]);

/** For processes that serve no cached reads (CLI, workers): every read loads. */
export const noBalanceCache = (clock: Clock): BalanceCache => ({
  async get(_id, load) {
    const asOf = clock.now();
    const ledger = await load();
    return ledger && { ledger, asOf };
  },
  forget: () => undefined,
  forgetCustomer: () => undefined,
  confirm: async () => undefined,
  size: 0,
  close: () => undefined,
});

interface Entry {
  ledger: LedgerWithDaily;
  fingerprint: string;
  confirmedAt: Date;
}

export function createBalanceCache(options: {
  clock: Clock;
  /** The current heads of these contracts (missing ones were deleted). */
  check: (contractIds: string[]) => Promise<LockedLedger[]>;
  pollMs: number;
  maxAgeMs: number;
  maxEntries: number;
  onError?: (err: unknown) => void;
}): BalanceCache {
  const entries = new Map<string, Entry>();
  /** Moves on every forget: a load that started before one is not stored (it may hold what was forgotten). */
  let generation = 0;
  let polling: Promise<void> | null = null;

  const forgetAll = () => {
    generation++;
    entries.clear();
  };

  async function confirm(): Promise<void> {
    if (entries.size === 0) return;
    const startedAt = options.clock.now();
    const seen = generation;
    let heads: LockedLedger[];
    try {
      heads = await options.check([...entries.keys()]);
    } catch (e) {
      forgetAll();
      options.onError?.(e);
      return;
    }
    const current = new Map(heads.map((h) => [h.contract_id, fingerprintOf(h)]));
    for (const [id, entry] of entries) {
      const now = current.get(id);
      // Loaded after the poll started: it is at least as fresh as what the poll read.
      if (entry.confirmedAt > startedAt) continue;
      if (now === entry.fingerprint && seen === generation) entry.confirmedAt = startedAt;
      else if (now !== entry.fingerprint) entries.delete(id);
    }
  }

  const timer = setInterval(() => {
    if (!polling) polling = confirm().finally(() => (polling = null));
  }, options.pollMs);
  timer.unref();

  return {
    async get(contractId, load) {
      const hit = entries.get(contractId);
      if (hit && options.clock.now().getTime() - hit.confirmedAt.getTime() <= options.maxAgeMs)
        return { ledger: hit.ledger, asOf: hit.confirmedAt };
      const seen = generation;
      const asOf = options.clock.now();
      const ledger = await load();
      if (!ledger) return undefined;
      if (seen === generation) {
        entries.delete(contractId);
        if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value!);
        entries.set(contractId, { ledger, fingerprint: fingerprintOf(ledger), confirmedAt: asOf });
      }
      return { ledger, asOf };
    },
    forget(contractId) {
      generation++;
      entries.delete(contractId);
    },
    forgetCustomer(customerId) {
      generation++;
      for (const [id, e] of entries) if (e.ledger.customer_id === customerId) entries.delete(id);
    },
    confirm,
    get size() {
      return entries.size;
    },
    close() {
      clearInterval(timer);
      forgetAll();
    },
  };
}
