import type { Executor } from '../../db/create-db.ts';
import type { Ctx } from '../context.ts';
import type { LedgerDeps, PostingOptions, PostingResult } from './ledger.deps.ts';
import {
  assertAmount,
  assertReason,
  assertWholePositive,
  clean,
  describeAdjustment,
  describeReversal,
  describeTopUp,
} from './ledger.input.ts';
import { post } from './post.ts';

/** Posts the contract's initial `grant` (at creation; draft or active contracts). */
export async function postGrant(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  i: { contractId: string; amount: number } & PostingOptions,
): Promise<PostingResult> {
  assertAmount(i.amount);
  return post(
    deps,
    trx,
    ctx,
    i.contractId,
    { kind: 'grant', amount: i.amount, reference: i.reference ?? null, idempotencyKey: i.idempotencyKey },
    { request: { op: 'grant', amount: i.amount, reference: clean(i.reference) } },
  );
}

/** Posts a `top_up` (units bought, with a reference such as a PO number); the contract must be active. */
export async function postTopUp(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  i: { contractId: string; amount: number; reference: string } & PostingOptions,
): Promise<PostingResult> {
  assertAmount(i.amount);
  const d = describeTopUp(i);
  return post(deps, trx, ctx, i.contractId, d.posting, { request: d.request });
}

/** Posts a signed `adjustment` with a reason (a correction; a debit obeys the overdraft policy). */
export async function postAdjustment(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  i: { contractId: string; amount: number; reason: string } & PostingOptions,
): Promise<PostingResult> {
  assertAmount(i.amount, true);
  assertReason(i.reason, 'An adjustment');
  const d = describeAdjustment(i);
  return post(deps, trx, ctx, i.contractId, d.posting, { request: d.request });
}

/** Reverses one earlier entry (not a reversal or rollover, at most once) with a reason; it counts as that entry's negation. */
export async function postReversal(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  i: { contractId: string; entryId: string; reason: string } & PostingOptions,
): Promise<PostingResult> {
  assertReason(i.reason, 'A reversal');
  const d = describeReversal(i);
  return post(deps, trx, ctx, i.contractId, d.posting, { request: d.request });
}

/** Posts an `expire` of available units (term end, late releases); never more than is available. */
export async function expire(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  i: { contractId: string; amount: number; reason?: string } & PostingOptions,
): Promise<PostingResult> {
  assertWholePositive(i.amount);
  return post(
    deps,
    trx,
    ctx,
    i.contractId,
    {
      kind: 'expire',
      amount: i.amount,
      reason: i.reason ?? 'term ended',
      reference: i.reference ?? null,
      idempotencyKey: i.idempotencyKey,
    },
    { request: { op: 'expire', amount: i.amount } },
  );
}

/** Carries `amount` of available units to the successor: `rollover_out` here, `rollover_in` there (lock order: predecessor first). */
export async function rollover(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  i: { fromContractId: string; toContractId: string; amount: number } & PostingOptions,
): Promise<{ out: PostingResult; in: PostingResult }> {
  assertWholePositive(i.amount);
  const key = clean(i.idempotencyKey);
  const out = await post(
    deps,
    trx,
    ctx,
    i.fromContractId,
    {
      kind: 'rollover_out',
      amount: i.amount,
      reference: i.toContractId,
      reason: 'rolled over to the successor contract',
      idempotencyKey: key,
    },
    { request: { op: 'rollover_out', amount: i.amount, to: i.toContractId } },
  );
  const into = await post(
    deps,
    trx,
    ctx,
    i.toContractId,
    {
      kind: 'rollover_in',
      amount: i.amount,
      reference: i.fromContractId,
      reason: 'rolled over from the predecessor contract',
      idempotencyKey: key,
    },
    { request: { op: 'rollover_in', amount: i.amount, from: i.fromContractId } },
  );
  return { out, in: into };
}
