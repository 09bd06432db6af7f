import type { Executor } from '../../db/create-db.ts';
import { assertPriceInput, isPriced, recordTopupPrice, type TopupPriceInput } from '../commerce/topup-price.ts';
import type { Ctx } from '../context.ts';
import { assertCustomerAccess, type Access } from '../contracts/contracts.access.ts';
import type { LedgerUseCaseDeps, PostingResult } from './ledger.deps.ts';
import {
  assertAmount,
  assertReason,
  describeAdjustment,
  describeReversal,
  describeTopUp,
  type Described,
} from './ledger.input.ts';
import { postingAudit } from './ledger.views.ts';
import { appendOptimistically } from './optimistic/top-up.ts';
import { post } from './post.ts';

/** One API posting = one transaction: authorized on the locked row, audited unless it is a replay. */
async function postViaApi(
  deps: LedgerUseCaseDeps,
  ctx: Ctx,
  contractId: string,
  access: Access,
  described: Described,
  within?: (trx: Executor, result: PostingResult, contract: { id: string; number: string }) => Promise<PostingResult>,
): Promise<PostingResult> {
  return deps.db.transaction(async (trx) => {
    let organizationId: string | null = null;
    let number = contractId;
    let result = await post(deps, trx, ctx, contractId, described.posting, {
      request: described.request,
      authorize: async (ledger) => {
        organizationId = ledger.organization_id;
        number = ledger.number;
        await assertCustomerAccess(
          trx,
          ctx.actor,
          { id: ledger.customer_id, organization_id: ledger.organization_id },
          access,
          `Contract ${contractId}`,
        );
      },
    });
    if (within) result = await within(trx, result, { id: contractId, number });
    if (!result.replayed) await deps.audit.record(trx, ctx, postingAudit(contractId, organizationId, result.entry));
    return result;
  });
}

/**
 * Top-up through the API: admins and the customer's account managers, active contracts only, idempotent by key.
 * With a price (and PO) it also records the price beside the ledger in the same transaction; without one it
 * writes nothing more than before (and may take the optimistic path).
 */
export async function topUp(
  deps: LedgerUseCaseDeps,
  ctx: Ctx,
  contractId: string,
  input: { amount: number; reference: string } & TopupPriceInput,
  idempotencyKey?: string,
): Promise<PostingResult> {
  assertAmount(input.amount);
  assertPriceInput(input);
  const described = describeTopUp({ ...input, idempotencyKey: idempotencyKey ?? null });
  const { price } = input;
  if (!price || !isPriced(input)) {
    return (
      (await appendOptimistically(deps, ctx, contractId, 'manage', described)) ??
      postViaApi(deps, ctx, contractId, 'manage', described)
    );
  }
  return postViaApi(deps, ctx, contractId, 'manage', described, async (trx, result, contract) => {
    const view = await recordTopupPrice(trx, ctx, deps.clock.now(), contract, result.entry.id, { ...input, price });
    return { ...result, entry: { ...result.entry, price: view } };
  });
}

/** Adjustment through the API: admins only; positive or negative, with a reason. */
export async function adjust(
  deps: LedgerUseCaseDeps,
  ctx: Ctx,
  contractId: string,
  input: { amount: number; reason: string },
  idempotencyKey?: string,
): Promise<PostingResult> {
  assertAmount(input.amount, true);
  assertReason(input.reason, 'An adjustment');
  const described = describeAdjustment({ ...input, idempotencyKey: idempotencyKey ?? null });
  return postViaApi(deps, ctx, contractId, 'admin', described);
}

/** Reversal through the API: admins only, with a reason. */
export async function reverse(
  deps: LedgerUseCaseDeps,
  ctx: Ctx,
  contractId: string,
  input: { entryId: string; reason: string },
  idempotencyKey?: string,
): Promise<PostingResult> {
  assertReason(input.reason, 'A reversal');
  const described = describeReversal({ ...input, idempotencyKey: idempotencyKey ?? null });
  return postViaApi(deps, ctx, contractId, 'admin', described);
}
