import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
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
import { customerView, editableCustomer } from './customers.load.ts';
import { customersRepo } from './customers.repo.ts';
import { canonicalTimeZone, changedFields, distinct, normalizeName, sameMembers } from './customers.rules.ts';
import { customerSnapshot, type CustomerStatus, type CustomerView } from './customers.views.ts';
import type { CreateCustomerInput } from './create-customer.ts';

export type UpdateCustomerInput = Partial<CreateCustomerInput>;

/** The edit inside its transaction: checks, then the row, the organisation's name and the team, with one audit event. */
async function updateCustomerInTx(
  deps: CustomersDeps,
  trx: Executor,
  ctx: Ctx,
  id: string,
  patch: UpdateCustomerInput,
  expectedRevision: number | undefined,
): Promise<void> {
  const { customer, team } = await editableCustomer(trx, ctx.actor, id);
  if (expectedRevision !== undefined && expectedRevision !== customer.revision) {
    throw new AppError(
      'STALE_REVISION',
      `Customer ${customer.name} was changed by someone else (revision ${customer.revision}, you had ${expectedRevision}). Reload it and apply your change again.`,
      {
        currentRevision: customer.revision,
      },
    );
  }
  assertNoProblems([...blankProblems({ name: patch.name }), ...timeZoneProblems(patch.timeZone)]);
  const beforeTeam = team.map((member) => member.user_id);
  const nextTeam = patch.accountTeam ? distinct(patch.accountTeam) : beforeTeam;
  if (patch.accountTeam) await assertTeamMembers(trx, nextTeam);
  const before = customerSnapshot({
    name: customer.name,
    timeZone: customer.time_zone,
    status: customer.status,
    accountTeam: beforeTeam,
  });
  const after = customerSnapshot({
    name: patch.name?.trim() ?? customer.name,
    timeZone: patch.timeZone !== undefined ? canonicalTimeZone(patch.timeZone) : customer.time_zone,
    status: patch.status ?? customer.status,
    accountTeam: nextTeam,
  });
  const diff = changedFields(before, {
    ...after,
    accountTeam: sameMembers(before.accountTeam, after.accountTeam) ? before.accountTeam : after.accountTeam,
  });
  if (!diff) return;
  if (diff.after.name !== undefined) await assertNameFree(trx, after.name, id);
  await customersRepo.updateCustomer(trx, id, {
    name: after.name,
    name_key: normalizeName(after.name),
    time_zone: after.timeZone,
    status: after.status as CustomerStatus,
    updated_at: deps.clock.now(),
  });
  deps.db.afterTransaction(() => deps.balances.forgetCustomer(id));
  if (diff.after.name !== undefined) await customersRepo.renameOrganization(trx, customer.organization_id, after.name);
  if (diff.after.accountTeam !== undefined) await customersRepo.setAccountTeam(trx, id, nextTeam);
  await deps.audit.record(trx, ctx, {
    action: 'customer.updated',
    entityType: 'customer',
    entityId: id,
    organizationId: customer.organization_id,
    before: diff.before,
    after: diff.after,
  });
}

/**
 * Edits a customer (admins; account managers on its team). With an expected revision, a stale one is
 * refused (STALE_REVISION); renaming renames its organisation; every change bumps the revision.
 */
export async function updateCustomer(
  deps: CustomersDeps,
  ctx: Ctx,
  id: string,
  patch: UpdateCustomerInput,
  expectedRevision?: number,
): Promise<CustomerView> {
  await mapRaces(
    () => deps.db.transaction((trx) => updateCustomerInTx(deps, trx, ctx, id, patch, expectedRevision)),
    nameRaces(deps.db.kysely, patch.name ?? '', id),
  );
  return customerView(deps.db.kysely, id);
}
