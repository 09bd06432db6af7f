import { LedgerExport } from '../../shared/contracts/ledger.ts';
import { entryHash, type EntryBody } from './ledger.chain.ts';
import { applyEffect, balanceOf, effectOf, emptyTotals, type ReservationSums } from './ledger.rules.ts';

export interface ChainProblem {
  /** 1-based position in the file. */
  position: number;
  seq: number | null;
  id: string | null;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  contractId: string | null;
  entries: number;
  /** Hash of the last entry when the chain is intact. */
  headHash: string | null;
  /** The balance the entries add up to (when they could be replayed). */
  balance: number | null;
  /** The first problem: where the chain breaks. */
  brokenAt: ChainProblem | null;
  problems: ChainProblem[];
}

const MAX_PROBLEMS = 50;

/**
 * Verifies a ledger export with nothing but the file: every entry's hash is recomputed from the entry as
 * written (without its `hash`), each must point to the previous one, seq must run 1, 2, 3…, and replaying
 * the amounts must give each entry's balanceAfter and reservedAfter. Reports the first break and the rest.
 */
export function verifyLedgerExport(doc: unknown): VerifyReport {
  const parsed = LedgerExport.safeParse(doc);
  const problems: ChainProblem[] = [];
  const report = (problem: ChainProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const position = path[0] === 'entries' && typeof path[1] === 'number' ? path[1] + 1 : 0;
    report({
      position,
      seq: null,
      id: null,
      message: `not a ledger export: ${path.join('.') || '(document)'} ${issue?.message ?? 'is invalid'}`,
    });
    return { ok: false, contractId: null, entries: 0, headHash: null, balance: null, brokenAt: problems[0]!, problems };
  }
  const raw = (doc as { entries: Record<string, unknown>[] }).entries;
  const { contractId, entries } = parsed.data;

  let prevHash: string | null = null;
  let totals = emptyTotals;
  const reservations = new Map<string, ReservationSums>();
  const byId = new Map<string, (typeof entries)[number]>();
  let replayable = true;

  entries.forEach((e, i) => {
    const position = i + 1;
    const at = { position, seq: e.seq, id: e.id };
    if (e.seq !== position)
      report({ ...at, message: `seq is ${e.seq}, expected ${position} (an entry is missing, added or moved)` });
    if (e.contractId !== contractId)
      report({ ...at, message: `belongs to contract ${e.contractId}, not ${contractId}` });
    if (e.prevHash !== prevHash)
      report({
        ...at,
        message: `prevHash does not match the previous entry's hash (${prevHash ?? 'none: this should be the first entry'})`,
      });
    const { hash, ...body } = raw[i]!;
    const recomputed = entryHash(body as unknown as EntryBody);
    if (recomputed !== hash)
      report({
        ...at,
        message: `hash does not match the entry's content (recomputed ${recomputed}): the entry was changed`,
      });
    prevHash = e.hash;

    if (!replayable) return;
    const reversed = e.reversesId ? byId.get(e.reversesId) : undefined;
    if (e.kind === 'reversal' && (!reversed || reversed.kind === 'reversal')) {
      report({ ...at, message: `reverses ${e.reversesId}, which is not an earlier entry of this ledger` });
      replayable = false;
      return;
    }
    const effect = effectOf(e, reversed);
    const key = effect.engagementId;
    const next = applyEffect(totals, key ? (reservations.get(key) ?? null) : null, effect);
    totals = next.totals;
    if (key && next.reservation) reservations.set(key, next.reservation);
    byId.set(e.id, e);
    if (balanceOf(totals) !== e.balanceAfter)
      report({
        ...at,
        message: `balanceAfter is ${e.balanceAfter}, but the entries up to here add up to ${balanceOf(totals)}`,
      });
    if (totals.reserved !== e.reservedAfter)
      report({
        ...at,
        message: `reservedAfter is ${e.reservedAfter}, but the open reservations add up to ${totals.reserved}`,
      });
  });

  const ok = problems.length === 0;
  return {
    ok,
    contractId,
    entries: entries.length,
    headHash: ok ? prevHash : null,
    balance: replayable ? balanceOf(totals) : null,
    brokenAt: problems[0] ?? null,
    problems,
  };
}
