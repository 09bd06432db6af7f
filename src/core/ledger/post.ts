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
  const l =
    (await get()) ?? ((await ledgerRepo.ensureBalance(ex, contractId, deps.clock.now())) ? await get() : undefined);
  if (!l) throw new AppError('NOT_FOUND', `Contract ${contractId} not found.`);
  return l;
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
  p: Posting,
  o: { request: Record<string, unknown>; authorize?: (l: LockedLedger) => Promise<void> },
): Promise<PostingResult> {
  const l = await lockLedger(deps, trx, contractId);
  if (o.authorize) await o.authorize(l);
  const key = clean(p.idempotencyKey);
  const requestHash = requestHashOf(key, o.request);
  const replay = async (): Promise<PostingResult | null> => {
    const prior = key ? await ledgerRepo.entryByKey(trx, contractId, key) : undefined;
    if (!prior) return null;
    if (prior.request_hash !== requestHash) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        `The Idempotency-Key "${key}" was used on contract ${l.number} for another request. Use a new key for a new posting.`,
        { idempotencyKey: key, entryId: prior.id },
      );
    }
    return { contractId, entry: toEntryView(prior, l.unit), replayed: true, followUps: [] };
  };

  let d: Draft;
  try {
    d = await draftEntry(deps, trx, ctx, l, p, key, requestHash);
  } catch (e) {
    // A refusal (AppError) comes from a check, never from a failed statement: the transaction is intact.
    const replayed = key && e instanceof AppError ? await replay() : null;
    if (replayed) return replayed;
    throw e;
  }
  const { row, before, next, effect } = d;
  if (!(await ledgerRepo.append(trx, row, next.totals))) {
    const replayed = await replay();
    if (!replayed)
      throw new Error(`ledger entry ${row.id} was neither appended nor a replay of key ${key ?? '(none)'}`);
    return replayed;
  }
  ledgerChanged(deps, contractId);
  if (next.reservation && effect.engagementId)
    await ledgerRepo.saveReservation(trx, contractId, effect.engagementId, next.reservation);
  if (consumptionKinds.includes(effect.kind))
    await ledgerRepo.addDailyConsumption(
      trx,
      contractId,
      localDate(row.created_at, l.time_zone),
      effect.sign * effect.amount,
    );
  const crossed = thresholdsCrossed(before, next.totals, d.alertThresholds);
  if (crossed.length) await notifyThresholds(deps, trx, l, crossed, next.totals, row.seq);
  return { contractId, entry: toEntryView(row, l.unit), replayed: false, followUps: [] };
}

/** Loads a contract's ledger for a reader or a manager; another tenant's is NOT_FOUND. */
export async function ledgerFor(
  deps: Pick<LedgerDeps, 'clock'>,
  ex: Executor,
  ctx: Ctx,
  contractId: string,
  access: Access,
): Promise<LockedLedger> {
  const l = await loadLedger(deps, ex, contractId, false);
  await assertCustomerAccess(
    ex,
    ctx.actor,
    { id: l.customer_id, organization_id: l.organization_id },
    access,
    `Contract ${contractId}`,
  );
  return l;
}
