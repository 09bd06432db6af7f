import { isCustomerUser, type Ctx } from '../context.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import type { CustomersDeps } from './customers.deps.ts';
import { teamOf, visibleCustomer } from './customers.load.ts';
import { customersRepo } from './customers.repo.ts';
import { normalizeName } from './customers.rules.ts';
import { toCustomerView, type CustomerStatus, type CustomerView } from './customers.views.ts';

/** Customers page by (name_key, id). */
const byName = cursorOf('text', 'id');

export interface CustomerFilter {
  status?: CustomerStatus;
  q?: string;
  accountTeamMember?: string;
  cursor?: string;
  limit?: number;
}

/** Customers by name; provider staff see all, a customer's users only their own; filter by status, text and team member. */
export async function listCustomers(
  deps: CustomersDeps,
  ctx: Ctx,
  filter: CustomerFilter,
): Promise<Page<CustomerView>> {
  const { db } = deps;
  const actor = ctx.actor;
  const limit = filter.limit ?? 50;
  const after = byName.decode(filter.cursor);
  const ownOrg = actor.type === 'contact' || isCustomerUser(actor) ? actor.organizationId : undefined;
  const rows = await customersRepo.listCustomers(db.kysely, {
    ...(ownOrg ? { organizationId: ownOrg } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.q ? { q: normalizeName(filter.q) } : {}),
    ...(filter.accountTeamMember ? { teamMember: filter.accountTeamMember } : {}),
    ...(after ? { after } : {}),
    limit: limit + 1,
  });
  const page = toPage(rows, limit, byName, (row) => [row.name_key, row.id]);
  const teams = await customersRepo.accountTeams(
    db.kysely,
    page.items.map((customer) => customer.id),
  );
  return {
    items: page.items.map((customer) =>
      toCustomerView(
        customer,
        teams.filter((member) => member.customer_id === customer.id),
      ),
    ),
    nextCursor: page.nextCursor,
  };
}

/** One customer with its account team; another tenant's is 404. */
export async function getCustomer(deps: CustomersDeps, ctx: Ctx, id: string): Promise<CustomerView> {
  const customer = await visibleCustomer(deps.db.kysely, ctx.actor, id);
  return toCustomerView(customer, await teamOf(deps.db.kysely, id));
}
