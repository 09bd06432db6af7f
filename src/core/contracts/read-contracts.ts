import type { Contract } from '../../shared/contracts/contracts.ts';
import { isCustomerUser, type Ctx } from '../context.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import { assertCustomerAccess, assertReader } from './contracts.access.ts';
import type { ContractsDeps } from './contracts.deps.ts';
import { loadContract } from './contracts.load.ts';
import { contractsRepo } from './contracts.repo.ts';
import type { ContractStatus } from './contracts.tables.ts';
import { toContractView } from './contracts.views.ts';

/** Pages of this list continue after the last item's id. */
const byId = cursorOf('id');

export interface ContractFilter {
  customerId?: string;
  status?: ContractStatus;
  number?: string;
  cursor?: string;
  limit?: number;
}

/** One contract: readers of its customer (another tenant's is 404). */
export async function getContract(deps: ContractsDeps, ctx: Ctx, id: string): Promise<Contract> {
  const contract = await loadContract(deps.db.kysely, id);
  await assertCustomerAccess(
    deps.db.kysely,
    ctx.actor,
    { id: contract.customer_id, organization_id: contract.organization_id, contractId: id },
    'read',
    `Contract ${id}`,
  );
  return toContractView(contract);
}

/** Contracts, filtered by customer, status and number; customer users and contacts see only their organisation's. */
export async function listContracts(deps: ContractsDeps, ctx: Ctx, filter: ContractFilter): Promise<Page<Contract>> {
  const actor = ctx.actor;
  assertReader(actor);
  const organizationId = isCustomerUser(actor) || actor.type === 'contact' ? actor.organizationId : undefined;
  const limit = filter.limit ?? 50;
  const after = byId.decode(filter.cursor);
  const rows = await contractsRepo.list(deps.db.kysely, {
    ...(filter.customerId ? { customerId: filter.customerId } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.number ? { number: filter.number } : {}),
    ...(organizationId ? { organizationId } : {}),
    ...(after ? { afterId: after[0] } : {}),
    limit: limit + 1,
  });
  const page = toPage(rows, limit, byId, (row) => [row.id]);
  return { items: page.items.map(toContractView), nextCursor: page.nextCursor };
}
