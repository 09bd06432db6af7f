import type { Executor } from '../../db/create-db.ts';
import { localDate } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import { assertCustomerAccess, type Access } from '../contracts/contracts.access.ts';
import { draftEntry } from './draft-entry.ts';
import { ledgerChanged, type Draft, type LedgerDeps, type Posting, type PostingResult } from './ledger.deps.ts';
import { clean, requestHashOf } from './ledger.input.ts';
import { notifyThresholds } from './ledger.notify.ts';
import { ledgerRepo, type LockedLedger } from './ledger.repo.ts';
import { countPostingAfterCommit } from './posting-counts.ts';
import { consumptionKinds, thresholdsCrossed } from './ledger.rules.ts';
import { toEntryView } from './ledger.views.ts';

/** The contract's ledger row (locked, or read), opened on first use for contracts created without this service. */
export async function loadLedger(
  deps: Pick<LedgerDeps, 'clock'>,
  ex: Executor,
  contractId: string,
  lock: boolean,
): Promise<LockedLedger> {
  const get = () => (lock ? ledgerRepo.lock(ex, contractId) : ledgerRepo.read(ex, contractId));
  const ledger =
    (await get()) ?? ((await ledgerRepo.ensureBalance(ex, contractId, deps.clock.now())) ? await get() : undefined);
  if (!ledger) throw new AppError('NOT_FOUND', `Contract ${contractId} not found.`);
  return ledger;
}

/** The contract's ledger row, locked until the caller's transaction ends. */
export const lockLedger = (deps: Pick<LedgerDeps, 'clock'>, trx: Executor, contractId: string) =>
  loadLedger(deps, trx, contractId, true);

/**
 * Posts one entry on the caller's transaction: locks the contract's balance row (postings on one
 * contract are serialised), checks the state and the overdraft policy, appends the chained entry and
 * updates the cached totals; a known idempotency key answers with its first result. Throws before
 * writing anything when refused.
 *
 * The key is looked up only when the posting is not appended as new: when it is refused (a replay is
 * answered before any refusal, as if the key had been looked up first) or when the unique key index
 * already holds it. A new posting thus costs no lookup, and its entry and cached totals are written in
 * one statement (the lock is held for two round trips fewer).
 */
export async function post(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  contractId: string,
  posting: Posting,
  options: { request: Record<string, unknown>; authorize?: (ledger: LockedLedger) => Promise<void> },
): Promise<PostingResult> {
  const ledger = await lockLedger(deps, trx, contractId);
  if (options.authorize) await options.authorize(ledger);
  const key = clean(posting.idempotencyKey);
  const requestHash = requestHashOf(key, options.request);
  const replay = async (): Promise<PostingResult | null> => {
    const prior = key ? await ledgerRepo.entryByKey(trx, contractId, key) : undefined;
    if (!prior) return null;
    if (prior.request_hash !== requestHash) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        `The Idempotency-Key "${key}" was used on contract ${ledger.number} for another request. Use a new key for a new posting.`,
        { idempotencyKey: key, entryId: prior.id },
      );
    }
    return { contractId, entry: toEntryView(prior, ledger.unit), replayed: true, followUps: [] };
  };

  let draft: Draft;
  try {
    draft = await draftEntry(deps, trx, ctx, ledger, posting, key, requestHash);
  } catch (e) {
    // A refusal (AppError) comes from a check, never from a failed statement: the transaction is intact.
    const replayed = key && e instanceof AppError ? await replay() : null;
    if (replayed) return replayed;
    throw e;
  }
  const { row, before, next, effect } = draft;
  if (!(await ledgerRepo.append(trx, row, next.totals))) {
    const replayed = await replay();
    if (!replayed)
      throw new Error(`ledger entry ${row.id} was neither appended nor a replay of key ${key ?? '(none)'}`);
    return replayed;
  }
  ledgerChanged(deps, contractId);
  countPostingAfterCommit(deps.db, row.kind);
  if (next.reservation && effect.engagementId)
    await ledgerRepo.saveReservation(trx, contractId, effect.engagementId, next.reservation);
  if (consumptionKinds.includes(effect.kind))
    await ledgerRepo.addDailyConsumption(
      trx,
      contractId,
      localDate(row.created_at, ledger.time_zone),
      effect.sign * effect.amount,
    );
  const crossed = thresholdsCrossed(before, next.totals, draft.alertThresholds);
  if (crossed.length) await notifyThresholds(deps, trx, ledger, crossed, next.totals, row.seq);
  return { contractId, entry: toEntryView(row, ledger.unit), replayed: false, followUps: [] };
}

/** Loads a contract's ledger for a reader or a manager; another tenant's is NOT_FOUND. */
export async function ledgerFor(
  deps: Pick<LedgerDeps, 'clock'>,
  ex: Executor,
  ctx: Ctx,
  contractId: string,
  access: Access,
): Promise<LockedLedger> {
  const ledger = await loadLedger(deps, ex, contractId, false);
  await assertCustomerAccess(
    ex,
    ctx.actor,
    { id: ledger.customer_id, organization_id: ledger.organization_id },
    access,
    `Contract ${contractId}`,
  );
  return ledger;
}
