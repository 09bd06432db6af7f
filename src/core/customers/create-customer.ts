import type { Executor } from '../../db/create-db.ts';
import { accountsRepo } from '../accounts/accounts.repo.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { assertTeamMembers } from './account-team.ts';
import {
  assertNameFree,
  assertNoProblems,
  blankProblems,
  mapRaces,
  nameRaces,
  timeZoneProblems,
} from './customers.checks.ts';
import type { CustomersDeps } from './customers.deps.ts';
import { customerView } from './customers.load.ts';
import { customersPolicy } from './customers.policy.ts';
import { customersRepo } from './customers.repo.ts';
import { canonicalTimeZone, distinct, normalizeName } from './customers.rules.ts';
import { customerSnapshot, type CustomerStatus, type CustomerView } from './customers.views.ts';

export interface CreateCustomerInput {
  name: string;
  timeZone: string;
  accountTeam?: string[];
  status?: CustomerStatus;
}

/**
 * Creates a customer and its organisation on the caller's transaction. An account manager who
 * creates a customer joins its account team. No authorization here: callers check it (or are the product).
 */
export async function createCustomerInTx(
  deps: Pick<CustomersDeps, 'clock' | 'ids' | 'audit'>,
  trx: Executor,
  ctx: Ctx,
  input: CreateCustomerInput,
): Promise<string> {
  assertNoProblems([...blankProblems({ name: input.name }), ...timeZoneProblems(input.timeZone)]);
  const team = distinct(input.accountTeam ?? []);
  const actor = ctx.actor;
  if (
    actor.type === 'user' &&
    actor.organizationKind === 'provider' &&
    actor.role === 'account_manager' &&
    !team.includes(actor.userId)
  )
    team.push(actor.userId);
  await assertTeamMembers(trx, team);
  await assertNameFree(trx, input.name);
  const at = deps.clock.now();
  const id = deps.ids.next('cus');
  const organizationId = deps.ids.next('org');
  const name = input.name.trim();
  const timeZone = canonicalTimeZone(input.timeZone);
  const status = input.status ?? 'active';
  await accountsRepo.insertOrganization(trx, { id: organizationId, kind: 'customer', name, created_at: at });
  await customersRepo.insertCustomer(trx, {
    id,
    organization_id: organizationId,
    name,
    name_key: normalizeName(name),
    time_zone: timeZone,
    status,
    created_at: at,
    updated_at: at,
  });
  await customersRepo.setAccountTeam(trx, id, team);
  await deps.audit.record(trx, ctx, {
    action: 'customer.created',
    entityType: 'customer',
    entityId: id,
    organizationId,
    after: { ...customerSnapshot({ name, timeZone, status, accountTeam: team }), organizationId },
  });
  return id;
}

/** Admins and account managers create a customer and its organisation in one transaction; names are unique without case. */
export async function createCustomer(deps: CustomersDeps, ctx: Ctx, input: CreateCustomerInput): Promise<CustomerView> {
  authorize(ctx.actor, customersPolicy.create, 'Only administrators and account managers create customers.');
  const id = await mapRaces(
    () => deps.db.transaction((trx) => createCustomerInTx(deps, trx, ctx, input)),
    nameRaces(deps.db.kysely, input.name),
  );
  return customerView(deps.db.kysely, id);
}
