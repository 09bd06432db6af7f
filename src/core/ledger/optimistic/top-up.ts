import { AppError } from '../../../shared/errors.ts';
import type { Ctx } from '../../context.ts';
import { assertCustomerAccess, type Access } from '../../contracts/contracts.access.ts';
import { draftEntry, headAfter } from '../draft-entry.ts';
import { ledgerChanged, type Draft, type LedgerUseCaseDeps, type PostingResult } from '../ledger.deps.ts';
import { clean, requestHashOf, type Described } from '../ledger.input.ts';
import { ledgerRepo } from '../ledger.repo.ts';
import { countPostingAfterCommit } from '../posting-counts.ts';
import { consumptionKinds, thresholdsCrossed } from '../ledger.rules.ts';
import { postingAudit, toEntryView } from '../ledger.views.ts';
import { invalidatedBy } from './guards.repo.ts';
import { optimisticRepo } from './optimistic.repo.ts';

/** A top-up statement guards the ledger rules only: when one fails, the remembered head goes. */
const forgetsHead = invalidatedBy(['ledger']).has('head');

/**
 * An API posting without a lock or transaction of its own: drafted against the ledger head this process
 * remembers (or reads), written by optimisticRepo.appendIfHead in one statement with its audit event. Null
 * whenever the locking path must decide instead: a head that moved meanwhile, any refusal (so a replay
 * still answers first), a taken idempotency key, or a posting with more to write (reservations, daily
 * consumption, threshold notices). A stale head thus costs one refused statement, never a wrong entry.
 */
export async function appendOptimistically(
  deps: LedgerUseCaseDeps,
  ctx: Ctx,
  contractId: string,
  access: Access,
  described: Described,
): Promise<PostingResult | null> {
  const { db, heads, audit } = deps;
  const ledger = heads.get(contractId) ?? (await ledgerRepo.read(db.kysely, contractId));
  if (!ledger) return null;
  await assertCustomerAccess(
    db.kysely,
    ctx.actor,
    { id: ledger.customer_id, organization_id: ledger.organization_id },
    access,
    `Contract ${contractId}`,
  );
  const key = clean(described.posting.idempotencyKey);
  const requestHash = requestHashOf(key, described.request);
  let draft: Draft;
  try {
    draft = await draftEntry(deps, db.kysely, ctx, ledger, described.posting, key, requestHash);
  } catch (e) {
    if (e instanceof AppError) return null;
    throw e;
  }
  const { row, before, next, effect } = draft;
  if (
    next.reservation ||
    consumptionKinds.includes(effect.kind) ||
    thresholdsCrossed(before, next.totals, draft.alertThresholds).length
  )
    return null;
  const entry = toEntryView(row, ledger.unit);
  const outcome = await optimisticRepo.appendIfHead(
    db.kysely,
    row,
    next.totals,
    { seq: ledger.last_seq, status: ledger.status, settings: ledger.settings },
    audit.row(ctx, postingAudit(contractId, ledger.organization_id, entry)),
  );
  if (outcome !== 'appended') {
    if (outcome === 'stale' && forgetsHead) heads.forget(contractId);
    return null;
  }
  ledgerChanged(deps, contractId);
  countPostingAfterCommit(db, row.kind);
  heads.remember(headAfter(ledger, row, next.totals));
  return { contractId, entry, replayed: false, followUps: [] };
}
