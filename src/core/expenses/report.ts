import { AppError } from '../../shared/errors.ts';
import { authorize, canSeeTenant } from '../authz.ts';
import { isCustomerUser, type Ctx } from '../context.ts';
import type { ExpensesDeps } from './expenses.deps.ts';
import { expensesPolicy } from './expenses.policy.ts';
import { expensesRepo } from './expenses.repo.ts';
import { totalsByCurrency, type ExpenseStatus } from './expenses.rules.ts';
import type { ExpenseReportView } from './expenses.views.ts';

/**
 * Totals per currency (approved and pending; rejected ones count nowhere) by engagement, for one
 * contract or every contract the actor may see, over expense dates from–to. Customer users get their
 * own approved expenses only; another tenant's contract is NOT_FOUND. Nothing is converted.
 */
export async function expenseReport(
  deps: Pick<ExpensesDeps, 'db' | 'customers'>,
  ctx: Ctx,
  query: { contractId?: string; from?: string; to?: string },
): Promise<ExpenseReportView> {
  const { db } = deps;
  const actor = ctx.actor;
  authorize(
    actor,
    expensesPolicy.report,
    'The expense report is for administrators, IR managers and account managers; consultants see expenses on their engagements.',
  );
  const customer = isCustomerUser(actor);
  let customerId: string | undefined;
  if (customer) {
    customerId = (await deps.customers.customerForOrganization(db.kysely, actor.organizationId))?.id;
    if (!customerId) throw new AppError('NOT_FOUND', 'Your organisation has no customer record.');
  }
  if (query.contractId) {
    const contract = await expensesRepo.contract(db.kysely, query.contractId);
    if (!contract || !canSeeTenant(actor, contract.organization_id))
      throw new AppError('NOT_FOUND', `Contract ${query.contractId} not found.`);
  }
  const statuses: readonly ExpenseStatus[] = customer ? ['approved'] : ['pending', 'approved'];
  const groups = await expensesRepo.reportGroups(db.kysely, {
    statuses,
    ...(query.contractId ? { contractId: query.contractId } : {}),
    ...(customerId ? { customerId } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  });
  const byEngagement = new Map<string, typeof groups>();
  for (const group of groups)
    byEngagement.set(group.engagement_id, [...(byEngagement.get(group.engagement_id) ?? []), group]);
  return {
    contractId: query.contractId ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    scope: customer ? 'approved_only' : 'all',
    totals: totalsByCurrency(groups),
    engagements: [...byEngagement.values()].map((engagementGroups) => ({
      engagementId: engagementGroups[0]!.engagement_id,
      number: engagementGroups[0]!.engagement_number,
      title: engagementGroups[0]!.engagement_title,
      contractId: engagementGroups[0]!.contract_id,
      totals: totalsByCurrency(engagementGroups),
    })),
  };
}
