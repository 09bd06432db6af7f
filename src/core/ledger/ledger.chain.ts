import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { LedgerKind } from './ledger.tables.ts';

/**
 * One ledger entry as it is chained and exported. `hash = SHA-256(prevHash + JCS(entry without hash))`,
 * hex, where JCS is RFC 8785 canonical JSON and the first entry's prevHash is null (the empty string in
 * the concatenation). Every field below is covered by the hash.
 */
export interface ChainedEntry {
  seq: number;
  id: string;
  contractId: string;
  kind: LedgerKind;
  /** Plain integer in ledger units (minutes, or hundredths of a service unit). */
  amount: number;
  engagementId: string | null;
  reversesId: string | null;
  reference: string | null;
  reason: string | null;
  idempotencyKey: string | null;
  overage: number;
  balanceAfter: number;
  reservedAfter: number;
  createdBy: string;
  /** ISO 8601, UTC, millisecond precision. */
  createdAt: string;
  prevHash: string | null;
  hash: string;
}

export type EntryBody = Omit<ChainedEntry, 'hash'>;

export const HASH_RULE =
  'hash = hex(SHA-256(prevHash + RFC 8785 canonical JSON of the entry without "hash")); the first entry has prevHash null, counted as ""';

/** The hash of an entry body, chained to its prevHash. */
export function entryHash(body: EntryBody): string {
  const json = canonicalize(body);
  if (json === undefined) throw new Error('ledger entry cannot be canonicalised');
  return createHash('sha256')
    .update((body.prevHash ?? '') + json, 'utf8')
    .digest('hex');
}

/** Exactly the chained fields of `e`, in case it carries more (e.g. a row view). */
export const bodyOf = (entry: EntryBody): EntryBody => ({
  seq: entry.seq,
  id: entry.id,
  contractId: entry.contractId,
  kind: entry.kind,
  amount: entry.amount,
  engagementId: entry.engagementId,
  reversesId: entry.reversesId,
  reference: entry.reference,
  reason: entry.reason,
  idempotencyKey: entry.idempotencyKey,
  overage: entry.overage,
  balanceAfter: entry.balanceAfter,
  reservedAfter: entry.reservedAfter,
  createdBy: entry.createdBy,
  createdAt: entry.createdAt,
  prevHash: entry.prevHash,
});
