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
  input: { contractId: string; amount: number } & PostingOptions,
): Promise<PostingResult> {
  assertAmount(input.amount);
  return post(
    deps,
    trx,
    ctx,
    input.contractId,
    { kind: 'grant', amount: input.amount, reference: input.reference ?? null, idempotencyKey: input.idempotencyKey },
    { request: { op: 'grant', amount: input.amount, reference: clean(input.reference) } },
  );
}

/** Posts a `top_up` (units bought, with a reference such as a PO number); the contract must be active. */
export async function postTopUp(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  input: { contractId: string; amount: number; reference: string } & PostingOptions,
): Promise<PostingResult> {
  assertAmount(input.amount);
  const described = describeTopUp(input);
  return post(deps, trx, ctx, input.contractId, described.posting, { request: described.request });
}

/** Posts a signed `adjustment` with a reason (a correction; a debit obeys the overdraft policy). */
export async function postAdjustment(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  input: { contractId: string; amount: number; reason: string } & PostingOptions,
): Promise<PostingResult> {
  assertAmount(input.amount, true);
  assertReason(input.reason, 'An adjustment');
  const described = describeAdjustment(input);
  return post(deps, trx, ctx, input.contractId, described.posting, { request: described.request });
}

/** Reverses one earlier entry (not a reversal or rollover, at most once) with a reason; it counts as that entry's negation. */
export async function postReversal(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  input: { contractId: string; entryId: string; reason: string } & PostingOptions,
): Promise<PostingResult> {
  assertReason(input.reason, 'A reversal');
  const described = describeReversal(input);
  return post(deps, trx, ctx, input.contractId, described.posting, { request: described.request });
}

/** Posts an `expire` of available units (term end, late releases); never more than is available. */
export async function expire(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  input: { contractId: string; amount: number; reason?: string } & PostingOptions,
): Promise<PostingResult> {
  assertWholePositive(input.amount);
  return post(
    deps,
    trx,
    ctx,
    input.contractId,
    {
      kind: 'expire',
      amount: input.amount,
      reason: input.reason ?? 'term ended',
      reference: input.reference ?? null,
      idempotencyKey: input.idempotencyKey,
    },
    { request: { op: 'expire', amount: input.amount } },
  );
}

/** Carries `amount` of available units to the successor: `rollover_out` here, `rollover_in` there (lock order: predecessor first). */
export async function rollover(
  deps: LedgerDeps,
  trx: Executor,
  ctx: Ctx,
  input: { fromContractId: string; toContractId: string; amount: number } & PostingOptions,
): Promise<{ out: PostingResult; in: PostingResult }> {
  assertWholePositive(input.amount);
  const key = clean(input.idempotencyKey);
  const out = await post(
    deps,
    trx,
    ctx,
    input.fromContractId,
    {
      kind: 'rollover_out',
      amount: input.amount,
      reference: input.toContractId,
      reason: 'rolled over to the successor contract',
      idempotencyKey: key,
    },
    { request: { op: 'rollover_out', amount: input.amount, to: input.toContractId } },
  );
  const into = await post(
    deps,
    trx,
    ctx,
    input.toContractId,
    {
      kind: 'rollover_in',
      amount: input.amount,
      reference: input.fromContractId,
      reason: 'rolled over from the predecessor contract',
      idempotencyKey: key,
    },
    { request: { op: 'rollover_in', amount: input.amount, from: input.fromContractId } },
  );
  return { out, in: into };
}
