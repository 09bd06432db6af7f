import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import { isCustomerUser, type Ctx } from '../context.ts';
import { assertContactMayRequest, lockedVisible } from './requests.access.ts';
import type { RequestsDeps } from './requests.deps.ts';
import { requestsPolicy } from './requests.policy.ts';
import { loadRequestView } from './read-requests.ts';
import { transitionRequestInTx } from './transition-request.ts';

/** The customer's requesters and approvers (or an IR manager on their behalf) withdraw a request before its EWO is sent for approval. */
export async function withdrawRequest(deps: RequestsDeps, ctx: Ctx, id: string, reason?: string) {
  authorize(ctx.actor, requestsPolicy.read, 'Your role does not see service requests.');
  const actor = ctx.actor;
  await deps.db.transaction(async (trx) => {
    const request = await lockedVisible(trx, actor, id);
    if (isCustomerUser(actor)) {
      if (!requestsPolicy.customerMayRequest(actor))
        throw new AppError('FORBIDDEN', 'Only requesters and approvers withdraw requests.');
      await assertContactMayRequest(trx, actor, request.customer_id);
    } else if (!requestsPolicy.manage(actor)) {
      throw new AppError('FORBIDDEN', 'Only the customer or an IR manager withdraws a request.');
    }
    await transitionRequestInTx(deps, trx, ctx, id, 'withdrawn', reason);
  });
  return loadRequestView(deps, deps.db.kysely, id, !isCustomerUser(actor));
}

/** IR managers reject a request (duplicate, out of scope) with a reason. */
export async function rejectRequest(deps: RequestsDeps, ctx: Ctx, id: string, reason: string) {
  authorize(ctx.actor, requestsPolicy.manage, 'Only IR managers reject requests.');
  const actor = ctx.actor;
  await deps.db.transaction(async (trx) => {
    await lockedVisible(trx, actor, id);
    await transitionRequestInTx(deps, trx, ctx, id, 'rejected', reason);
  });
  return loadRequestView(deps, deps.db.kysely, id);
}
