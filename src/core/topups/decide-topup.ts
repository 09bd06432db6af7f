import type { Executor } from '../../db/create-db.ts';
import type { TopUpRequest } from '../../shared/contracts/topups.ts';
import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import { postingAudit } from '../ledger/ledger.views.ts';
import { recordTopUpPrice } from './topup-price.ts';
import type { TopUpsDeps } from './topups.deps.ts';
import { notifyAccepted, notifyDeclined, notifyWithdrawn } from './topups.notify.ts';
import { assertMayAsk, assertMayDecide } from './topups.policy.ts';
import { topUpsRepo, type TopUpRequestWithContext } from './topups.repo.ts';
import { alreadyDecided, canMove } from './topups.rules.ts';
import { requestAudit, toTopUpRequestView } from './topups.views.ts';

/** The idempotency key of the top-up a request posts: one request, one ledger entry, whoever accepts it. */
export const topUpKeyOf = (requestId: string): string => `imr:topup-request:${requestId}`;

/** The request of this contract (another tenant's or another contract's is NOT_FOUND). */
async function requestOf(trx: Executor, contractId: string, requestId: string): Promise<TopUpRequestWithContext> {
  const row = await topUpsRepo.byId(trx, requestId);
  if (!row || row.contract_id !== contractId) throw new AppError('NOT_FOUND', `Top-up request ${requestId} not found.`);
  return row;
}

const customerOf = (r: TopUpRequestWithContext) => ({ id: r.customer_id, organization_id: r.organization_id });
const nameOf = (ctx: Ctx): string => (ctx.actor.type === 'system' ? 'IMR Desk' : ctx.actor.name);

/**
 * Moves the request from pending to `to` by `UPDATE … WHERE status = 'pending'`; when another decision won
 * (it committed first, or this one waited on its row lock), 409 with the winner's outcome, read after it.
 */
async function claim(
  deps: TopUpsDeps,
  trx: Executor,
  ctx: Ctx,
  r: TopUpRequestWithContext,
  to: 'accepted' | 'declined' | 'withdrawn',
  reason: string | null = null,
): Promise<void> {
  if (!canMove(r.status, to)) throw alreadyDecided(r, { request: toTopUpRequestView(r) });
  if (await topUpsRepo.decide(trx, r.id, to, { at: deps.clock.now(), name: nameOf(ctx), reason })) return;
  const winner = (await topUpsRepo.byId(trx, r.id))!;
  throw alreadyDecided(winner, { request: toTopUpRequestView(winner) });
}

/**
 * Accepts a pending request (admins, the customer's account managers): the state moves and the top-up is
 * posted through the ledger in one transaction, keyed by the request (so at most one entry, whoever accepts);
 * a second accept gets 409 with the first's outcome. The customer is told the amount, new balance and PO.
 */
export function acceptTopUpRequest(
  deps: TopUpsDeps,
  ctx: Ctx,
  contractId: string,
  requestId: string,
): Promise<TopUpRequest> {
  return deps.db.transaction(async (trx) => {
    const r = await requestOf(trx, contractId, requestId);
    await assertMayDecide(trx, ctx.actor, customerOf(r), `Top-up request ${requestId}`);
    await claim(deps, trx, ctx, r, 'accepted');
    const posted = await deps.ledger.postTopUp(trx, ctx, {
      contractId: r.contract_id,
      amount: r.amount,
      reference: r.purchase_order,
      idempotencyKey: topUpKeyOf(r.id),
    });
    await topUpsRepo.linkEntry(trx, r.id, posted.entry.id);
    await recordTopUpPrice(trx, ctx, {
      contractId: r.contract_id,
      unit: r.unit,
      entryId: posted.entry.id,
      amount: r.amount,
      purchaseOrder: r.purchase_order,
      at: deps.clock.now(),
      ...(r.package_price_minor !== null && r.package_currency
        ? { fixed: { amountMinor: r.package_price_minor, currency: r.package_currency } }
        : {}),
    });
    if (!posted.replayed)
      await deps.audit.record(trx, ctx, postingAudit(r.contract_id, r.organization_id, posted.entry));
    const accepted = (await topUpsRepo.byId(trx, r.id))!;
    await deps.audit.record(trx, ctx, requestAudit('accepted', accepted, { ledgerEntryId: posted.entry.id }));
    await notifyAccepted(deps, trx, accepted, {
      balance: posted.entry.balanceAfter.display,
      available: posted.entry.availableAfter.display,
      price: toTopUpRequestView(accepted).price?.display ?? null,
    });
    return toTopUpRequestView(accepted);
  });
}

/** Declines a pending request with a reason the customer reads (admins, the customer's account managers). */
export function declineTopUpRequest(
  deps: TopUpsDeps,
  ctx: Ctx,
  contractId: string,
  requestId: string,
  input: { reason: string },
): Promise<TopUpRequest> {
  const reason = input.reason?.trim() ?? '';
  if (reason.length < 3)
    throw new AppError('VALIDATION_FAILED', 'Say why the request is declined: the customer reads the reason.', {
      errors: [{ path: 'body.reason', message: 'is required' }],
    });
  return deps.db.transaction(async (trx) => {
    const r = await requestOf(trx, contractId, requestId);
    await assertMayDecide(trx, ctx.actor, customerOf(r), `Top-up request ${requestId}`);
    await claim(deps, trx, ctx, r, 'declined', reason);
    const declined = (await topUpsRepo.byId(trx, r.id))!;
    await deps.audit.record(trx, ctx, requestAudit('declined', declined, { reason }));
    await notifyDeclined(deps, trx, declined, reason);
    return toTopUpRequestView(declined);
  });
}

/** Withdraws a pending request (the customer's points of contact); the account team is told. */
export function withdrawTopUpRequest(
  deps: TopUpsDeps,
  ctx: Ctx,
  contractId: string,
  requestId: string,
): Promise<TopUpRequest> {
  return deps.db.transaction(async (trx) => {
    const r = await requestOf(trx, contractId, requestId);
    await assertMayAsk(deps, trx, ctx.actor, customerOf(r), `Top-up request ${requestId}`);
    await claim(deps, trx, ctx, r, 'withdrawn');
    const withdrawn = (await topUpsRepo.byId(trx, r.id))!;
    await deps.audit.record(trx, ctx, requestAudit('withdrawn', withdrawn, {}));
    await notifyWithdrawn(deps, trx, withdrawn);
    return toTopUpRequestView(withdrawn);
  });
}
