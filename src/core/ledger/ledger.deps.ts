import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { LedgerEntry } from '../../shared/contracts/ledger.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import type { BalanceCache } from './balance-cache.ts';
import type { LedgerEntryRow } from './ledger.repo.ts';
import type { applyEffect, Effect, LedgerTotals } from './ledger.rules.ts';
import type { LedgerKind } from './ledger.tables.ts';
import type { HeadMemory } from './optimistic/heads.ts';

export interface LedgerDeps {
  db: Db;
  /** Where balance reads come from (createBalanceCache in servers, noBalanceCache elsewhere). */
  balances: BalanceCache;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  publicUrl: string;
}

/** What the use cases of one ledger service share: its dependencies and the heads it remembers (optimistic/heads.ts). */
export type LedgerUseCaseDeps = LedgerDeps & { heads: HeadMemory };

/** What a posting answers: the entry (with the balance after it) and whether it is the replay of an earlier request. */
export interface PostingResult {
  contractId: string;
  entry: LedgerEntry;
  replayed: boolean;
  /** Entries the posting caused in the same transaction (an `expire` after a release on an expired contract). */
  followUps: LedgerEntry[];
}

/** One posting as its use case asks for it. */
export interface Posting {
  kind: LedgerKind;
  amount: number;
  engagementId?: string | null;
  reversesId?: string | null;
  reference?: string | null;
  reason?: string | null;
  idempotencyKey?: string | null | undefined;
}

/** What a new posting will write, once every check has passed. */
export interface Draft {
  row: LedgerEntryRow;
  before: LedgerTotals;
  next: ReturnType<typeof applyEffect>;
  effect: Effect;
  alertThresholds: readonly number[];
}

/** Optional fields common to every posting function. */
export interface PostingOptions {
  reference?: string | null;
  /** Unique per contract: the same key with the same request returns the first result; with another, 409. */
  idempotencyKey?: string | null;
}

/** A contract's ledger changed: its cached balance goes once the current transaction (if any) has ended. */
export const ledgerChanged = (deps: LedgerDeps, contractId: string): void =>
  deps.db.afterTransaction(() => deps.balances.forget(contractId));
