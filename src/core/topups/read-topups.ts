import type { TopUpRequest, TopUpRequestStatus } from '../../shared/contracts/topups.ts';
import { AppError } from '../../shared/errors.ts';
import { isCustomerUser, type Ctx } from '../context.ts';
import { assertReader } from '../contracts/contracts.access.ts';
import { loadContract } from '../contracts/contracts.load.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import type { TopUpsDeps } from './topups.deps.ts';
import { assertMayRead } from './topups.policy.ts';
import { topUpsRepo, type TopUpRequestWithContext } from './topups.repo.ts';
import { toTopUpRequestView } from './topups.views.ts';

const byRequested = cursorOf('instant', 'id');
type ListQuery = { status?: TopUpRequestStatus | undefined; cursor?: string | undefined; limit: number };

const pageOfRows = (rows: TopUpRequestWithContext[], limit: number): Page<TopUpRequest> => {
  const page = toPage(rows, limit, byRequested, (r) => [r.requested_at.toISOString(), r.id]);
  return { items: page.items.map(toTopUpRequestView), nextCursor: page.nextCursor };
};

/** A contract's requests, newest first, for whoever reads the contract (another customer's: 404). */
export async function listContractTopUpRequests(
  deps: TopUpsDeps,
  ctx: Ctx,
  contractId: string,
  q: ListQuery,
): Promise<Page<TopUpRequest>> {
  const ex = deps.db.kysely;
  const after = byRequested.decode(q.cursor);
  const contract = await loadContract(ex, contractId);
  await assertMayRead(
    ex,
    ctx.actor,
    { id: contract.customer_id, organization_id: contract.organization_id },
    `Contract ${contractId}`,
  );
  const rows = await topUpsRepo.list(ex, {
    contractId,
    ...(q.status ? { status: q.status } : {}),
    ...(after ? { after } : {}),
    limit: q.limit,
  });
  return pageOfRows(rows, q.limit);
}

/** Every request the actor may read (the firm's contract readers: all; customer users: their own), newest first. */
export async function listTopUpRequests(deps: TopUpsDeps, ctx: Ctx, q: ListQuery): Promise<Page<TopUpRequest>> {
  assertReader(ctx.actor);
  const after = byRequested.decode(q.cursor);
  const organizationId =
    ctx.actor.type === 'contact' || isCustomerUser(ctx.actor) ? ctx.actor.organizationId : undefined;
  const rows = await topUpsRepo.list(deps.db.kysely, {
    ...(organizationId ? { organizationId } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(after ? { after } : {}),
    limit: q.limit,
  });
  return pageOfRows(rows, q.limit);
}

/** One request, for whoever reads its contract (another customer's: 404). */
export async function getTopUpRequest(deps: TopUpsDeps, ctx: Ctx, requestId: string): Promise<TopUpRequest> {
  const ex = deps.db.kysely;
  const row = await topUpsRepo.byId(ex, requestId);
  if (!row) throw new AppError('NOT_FOUND', `Top-up request ${requestId} not found.`);
  await assertMayRead(
    ex,
    ctx.actor,
    { id: row.customer_id, organization_id: row.organization_id },
    `Top-up request ${requestId}`,
  );
  return toTopUpRequestView(row);
}
