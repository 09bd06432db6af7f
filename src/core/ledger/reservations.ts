import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import type { LedgerDeps, PostingOptions, PostingResult } from './ledger.deps.ts';
import { assertAmount, clean } from './ledger.input.ts';
import { ledgerRepo, totalsOf } from './ledger.repo.ts';
import { availableOf, openReservation } from './ledger.rules.ts';
import { lockLedger, post } from './post.ts';

/** Reserves an engagement's approved estimate (`reserve`, active contracts; refused beyond the overdraft policy). */
export async function reserve(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  i: { contractId: string; engagementId: string; amount: number } & PostingOptions,
): Promise<PostingResult> {
  assertAmount(i.amount);
  return post(
    deps,
    trx,
    ctx,
    i.contractId,
    {
      kind: 'reserve',
      amount: i.amount,
      engagementId: i.engagementId,
      reference: i.reference ?? null,
      idempotencyKey: i.idempotencyKey,
    },
    { request: { op: 'reserve', amount: i.amount, engagementId: i.engagementId, reference: clean(i.reference) } },
  );
}

/**
 * Releases part (`amount`) or the rest (`'rest'`) of an engagement's open reservation. Null when
 * `'rest'` finds nothing open. On an expired contract the freed units expire at once (a follow-up entry).
 */
export async function release(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  i: { contractId: string; engagementId: string; amount: number | 'rest' } & PostingOptions,
): Promise<PostingResult | null> {
  if (i.amount !== 'rest') assertAmount(i.amount);
  const request = { op: 'release', amount: i.amount, engagementId: i.engagementId, reference: clean(i.reference) };
  const key = clean(i.idempotencyKey);
  await lockLedger(deps, trx, i.contractId);
  const prior = key ? await ledgerRepo.entryByKey(trx, i.contractId, key) : undefined;
  const open = openReservation(
    (await ledgerRepo.reservation(trx, i.contractId, i.engagementId)) ?? {
      reserved: 0,
      released: 0,
      consumed: 0,
      minimumTrueUps: 0,
    },
  );
  if (!prior) {
    if (i.amount === 'rest' && open === 0) return null;
    if (i.amount !== 'rest' && i.amount > open) {
      throw new AppError(
        'BUSINESS_RULE',
        `Engagement ${i.engagementId} has ${open} ledger units reserved on this contract; release at most that.`,
        { open },
      );
    }
  }
  const amount = prior ? prior.amount : i.amount === 'rest' ? open : i.amount;
  const result = await post(
    deps,
    trx,
    ctx,
    i.contractId,
    { kind: 'release', amount, engagementId: i.engagementId, reference: i.reference ?? null, idempotencyKey: key },
    { request },
  );
  if (result.replayed) return result;
  const l = await lockLedger(deps, trx, i.contractId);
  const lapse = Math.min(amount, Math.max(0, availableOf(totalsOf(l))));
  if (l.status === 'expired' && lapse > 0) {
    const expired = await post(
      deps,
      trx,
      ctx,
      i.contractId,
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
export async function consume(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  i: { contractId: string; engagementId: string; amount: number } & PostingOptions,
): Promise<PostingResult> {
  assertAmount(i.amount);
  return post(
    deps,
    trx,
    ctx,
    i.contractId,
    {
      kind: 'consume',
      amount: i.amount,
      engagementId: i.engagementId,
      reference: i.reference ?? null,
      idempotencyKey: i.idempotencyKey,
    },
    { request: { op: 'consume', amount: i.amount, engagementId: i.engagementId, reference: clean(i.reference) } },
  );
}

/** Posts the `minimum_true_up` of a closing engagement whose consumption stayed below its minimum billable effort. */
export async function minimumTrueUp(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  i: { contractId: string; engagementId: string; amount: number } & PostingOptions,
): Promise<PostingResult> {
  assertAmount(i.amount);
  return post(
    deps,
    trx,
    ctx,
    i.contractId,
    {
      kind: 'minimum_true_up',
      amount: i.amount,
      engagementId: i.engagementId,
      reference: i.reference ?? null,
      idempotencyKey: i.idempotencyKey,
    },
    {
      request: {
        op: 'minimum_true_up',
        amount: i.amount,
        engagementId: i.engagementId,
        reference: clean(i.reference),
      },
    },
  );
}

/** Change orders: a positive delta reserves more, a negative one releases (within the open reservation). */
export async function adjustReservation(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  i: { contractId: string; engagementId: string; delta: number } & PostingOptions,
): Promise<PostingResult | null> {
  assertAmount(i.delta, true);
  const { delta, ...rest } = i;
  return delta > 0
    ? reserve(deps, trx, ctx, { ...rest, amount: delta })
    : release(deps, trx, ctx, { ...rest, amount: -delta });
}

/** An engagement's open reservation on a contract (reserve − release − consume − minimum true-up, at least 0). */
export async function readOpenReservation(ex: Executor, contractId: string, engagementId: string): Promise<number> {
  const sums = await ledgerRepo.reservation(ex, contractId, engagementId);
  return sums ? openReservation(sums) : 0;
}
