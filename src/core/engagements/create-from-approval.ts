import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import { rateCardOf, type RateCard } from '../../shared/rate-card.ts';
import type { Ctx } from '../context.ts';
import { assertPlannedOrder, assertTeamCandidates } from './engagements.checks.ts';
import type { EngagementsDeps } from './engagements.deps.ts';
import { engagementsRepo } from './engagements.repo.ts';
import { approvedWindow } from '../staffing/staffing.rules.ts';
import { engagementNumber, plannedInstant } from './engagements.rules.ts';
import { sendSchedule } from './engagements.schedule.ts';
import { iso, reload } from './engagements.views.ts';

/** What an approval creates (amounts in the contract's ledger unit). */
export interface NewEngagement {
  customerId: string;
  contractId: string;
  requestId: string;
  workOrderId: string;
  title: string;
  kind: 'emergency' | 'proactive';
  deliveryMode: 'onsite' | 'remote' | 'hybrid';
  siteIds: string[];
  pricingMode: 'time_and_materials' | 'fixed';
  estimate: number;
  fixedPrice: number | null;
  minimumBillable: number;
  /** An instant, or a calendar date in the customer's time zone (start of day / end of day). */
  plannedStart: Date | string | null;
  plannedEnd: Date | string | null;
  team: { userId: string; role: string }[];
  /** The rate card the EWO version was priced with (its effort converts with it); absent: the contract's card now. */
  rateCard?: RateCard | undefined;
}

/** Amounts are non-negative integers in ledger units. */
function assertAmounts(input: NewEngagement): void {
  for (const [path, value] of [
    ['estimate', input.estimate],
    ['minimumBillable', input.minimumBillable],
    ['fixedPrice', input.fixedPrice ?? 0],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new AppError('VALIDATION_FAILED', `${path} must be a non-negative integer in ledger units.`, {
        errors: [{ path, message: 'must be a non-negative integer' }],
      });
  }
}

/** Puts each team member on the team once (the first role given wins). */
async function insertTeam(trx: Executor, id: string, team: NewEngagement['team'], now: Date): Promise<void> {
  const seen = new Set<string>();
  for (const member of team) {
    if (seen.has(member.userId)) continue;
    seen.add(member.userId);
    await engagementsRepo.upsertTeamMember(trx, {
      engagement_id: id,
      user_id: member.userId,
      role: member.role,
      added_at: now,
    });
  }
}

/**
 * Creates the engagement of an approved EWO on the approval's transaction: status scheduled, number
 * ENG-YYYY-NNNN, the team (active provider users), audit, and a schedule invitation when dates are set.
 * It does not reserve: the approval posts the reservation.
 */
export async function createFromApprovalInTx(
  deps: EngagementsDeps,
  trx: Executor,
  ctx: Ctx,
  input: NewEngagement,
): Promise<{ id: string; number: string }> {
  const customer = await deps.customers.customerRecord(trx, input.customerId);
  if (!customer) throw new AppError('NOT_FOUND', `Customer ${input.customerId} not found.`);
  assertAmounts(input);
  const start = plannedInstant(input.plannedStart, 'start', customer.timeZone);
  const end = plannedInstant(input.plannedEnd, 'end', customer.timeZone);
  assertPlannedOrder(start, end, 'plannedEnd');
  // The approved schedule window: the EWO's proposed dates in the customer's zone (staffing, 0020).
  const window = approvedWindow(start, end, customer.timeZone);
  if ((await engagementsRepo.contractCustomer(trx, input.contractId)) !== customer.id) {
    throw new AppError('BUSINESS_RULE', `Contract ${input.contractId} is not a contract of customer ${customer.name}.`);
  }
  await assertTeamCandidates(trx, input.team);
  const now = deps.clock.now();
  const year = now.getUTCFullYear();
  const id = deps.ids.next('eng');
  const number = engagementNumber(year, await engagementsRepo.nextNumber(trx, year));
  await engagementsRepo.insert(trx, {
    id,
    number,
    customer_id: input.customerId,
    contract_id: input.contractId,
    request_id: input.requestId,
    work_order_id: input.workOrderId,
    title: input.title,
    kind: input.kind,
    status: 'scheduled',
    delivery_mode: input.deliveryMode,
    site_ids: JSON.stringify(input.siteIds),
    pricing_mode: input.pricingMode,
    estimate: input.estimate,
    fixed_price: input.fixedPrice,
    minimum_billable: input.minimumBillable,
    planned_start: start,
    planned_end: end,
    window_start: window?.start ?? null,
    window_end: window?.end ?? null,
    status_before_hold: null,
    status_reason: null,
    created_at: now,
    updated_at: now,
    closed_at: null,
    closing: null,
    closed_by: null,
    rate_card: JSON.stringify(input.rateCard ?? rateCardOf(await engagementsRepo.contractCard(trx, input.contractId))),
  });
  await engagementsRepo.insertEstimate(trx, {
    engagement_id: id,
    at: now,
    estimate: input.estimate,
    delta: input.estimate,
    reason: `approved work order ${input.workOrderId}`,
  });
  await insertTeam(trx, id, input.team, now);
  await deps.audit.record(trx, ctx, {
    action: 'engagement.created',
    entityType: 'engagement',
    entityId: id,
    organizationId: customer.organizationId,
    after: {
      number,
      requestId: input.requestId,
      workOrderId: input.workOrderId,
      contractId: input.contractId,
      pricingMode: input.pricingMode,
      estimate: input.estimate,
      fixedPrice: input.fixedPrice,
      minimumBillable: input.minimumBillable,
      plannedStart: iso(start),
      plannedEnd: iso(end),
      team: input.team,
    },
  });
  await sendSchedule(deps, trx, await reload(trx, id), 'invite');
  return { id, number };
}
