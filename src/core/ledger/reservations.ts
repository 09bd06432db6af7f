import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import type { LedgerDeps, PostingOptions, PostingResult } from './ledger.deps.ts';
import { assertAmount, clean } from './ledger.input.ts';
import { ledgerRepo, totalsOf } from './ledger.repo.ts';
import { availableOf, openReservation } from './ledger.rules.ts';
import { lockLedger, post } from './post.ts';

/** An engagement's posting (reserve, consume, minimum true-up) of a positive amount. */
type EngagementPosting = { contractId: string; engagementId: string; amount: number } & PostingOptions;

function postForEngagement(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  kind: 'reserve' | 'consume' | 'minimum_true_up',
  input: EngagementPosting,
): Promise<PostingResult> {
  assertAmount(input.amount);
  const { contractId, engagementId, amount } = input;
  return post(
    deps,
    trx,
    ctx,
    contractId,
    { kind, amount, engagementId, reference: input.reference ?? null, idempotencyKey: input.idempotencyKey },
    { request: { op: kind, amount, engagementId, reference: clean(input.reference) } },
  );
}

/** Reserves an engagement's approved estimate (`reserve`, active contracts; refused beyond the overdraft policy). */
export const reserve = (deps: LedgerDeps, trx: Executor, ctx: Ctx, input: EngagementPosting): Promise<PostingResult> =>
  postForEngagement(deps, trx, ctx, 'reserve', input);

/**
 * Releases part (`amount`) or the rest (`'rest'`) of an engagement's open reservation. Null when
 * `'rest'` finds nothing open. On an expired contract the freed units expire at once (a follow-up entry).
 */
export async function release(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  input: { contractId: string; engagementId: string; amount: number | 'rest' } & PostingOptions,
): Promise<PostingResult | null> {
  if (input.amount !== 'rest') assertAmount(input.amount);
  const request = {
    op: 'release',
    amount: input.amount,
    engagementId: input.engagementId,
    reference: clean(input.reference),
  };
  const key = clean(input.idempotencyKey);
  await lockLedger(deps, trx, input.contractId);
  const prior = key ? await ledgerRepo.entryByKey(trx, input.contractId, key) : undefined;
  const open = openReservation(
    (await ledgerRepo.reservation(trx, input.contractId, input.engagementId)) ?? {
      reserved: 0,
      released: 0,
      consumed: 0,
      minimumTrueUps: 0,
    },
  );
  if (!prior) {
    if (input.amount === 'rest' && open === 0) return null;
    if (input.amount !== 'rest' && input.amount > open) {
      throw new AppError(
        'BUSINESS_RULE',
        `Engagement ${input.engagementId} has ${open} ledger units reserved on this contract; release at most that.`,
        { open },
      );
    }
  }
  const amount = prior ? prior.amount : input.amount === 'rest' ? open : input.amount;
  const result = await post(
    deps,
    trx,
    ctx,
    input.contractId,
    {
      kind: 'release',
      amount,
      engagementId: input.engagementId,
      reference: input.reference ?? null,
      idempotencyKey: key,
    },
    { request },
  );
  if (result.replayed) return result;
  const ledger = await lockLedger(deps, trx, input.contractId);
  const lapse = Math.min(amount, Math.max(0, availableOf(totalsOf(ledger))));
  if (ledger.status === 'expired' && lapse > 0) {
    const expired = await post(
      deps,
      trx,
      ctx,
      input.contractId,
      {
        kind: 'expire',
        amount: lapse,
        reason: 'released after the term ended',
        idempotencyKey: key ? `${key}:expire` : null,
      },
      { request: { op: 'expire', amount: lapse, release: result.entry.id } },
    );
    result.followUps.push(expired.entry);
  }
  return result;
}

/** Consumes approved work of an engagement (its own reservation first, then the available balance within the policy). */
export const consume = (deps: LedgerDeps, trx: Executor, ctx: Ctx, input: EngagementPosting): Promise<PostingResult> =>
  postForEngagement(deps, trx, ctx, 'consume', input);

/** Posts the `minimum_true_up` of a closing engagement whose consumption stayed below its minimum billable effort. */
export const minimumTrueUp = (
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  input: EngagementPosting,
): Promise<PostingResult> => postForEngagement(deps, trx, ctx, 'minimum_true_up', input);

/** Change orders: a positive delta reserves more, a negative one releases (within the open reservation). */
export async function adjustReservation(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  input: { contractId: string; engagementId: string; delta: number } & PostingOptions,
): Promise<PostingResult | null> {
  assertAmount(input.delta, true);
  const { delta, ...rest } = input;
  return delta > 0
    ? reserve(deps, trx, ctx, { ...rest, amount: delta })
    : release(deps, trx, ctx, { ...rest, amount: -delta });
}

/** An engagement's open reservation on a contract (reserve − release − consume − minimum true-up, at least 0). */
export async function readOpenReservation(ex: Executor, contractId: string, engagementId: string): Promise<number> {
  const sums = await ledgerRepo.reservation(ex, contractId, engagementId);
  return sums ? openReservation(sums) : 0;
}
