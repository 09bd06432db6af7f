import { DateTime } from 'luxon';
import { slaKinds } from '../../shared/contracts/requests.ts';
import { AppError } from '../../shared/errors.ts';
import { slaStatus } from '../../shared/sla.ts';
import { authorize, canSeeTenant } from '../authz.ts';
import { isCustomerUser, type Ctx } from '../context.ts';
import { addDays } from '../../shared/dates.ts';
import { requestsPolicy } from './requests.policy.ts';
import { requestsRepo } from './requests.repo.ts';
import type { SlaDeps } from './sla.deps.ts';
import { slaRepo } from './sla.repo.ts';
import { median } from './sla.rules.ts';

type ReportRow = Awaited<ReturnType<typeof slaRepo.reportRows>>[number];

/** Met, breached, at-risk and pending counts of one kind of target at `now`, and its median minutes to meet. */
function summarizeKind(kind: ReportRow['kind'], rows: ReportRow[], now: Date) {
  const mine = rows.filter((row) => row.kind === kind);
  const statuses = mine.map((row) =>
    slaStatus(
      { dueAt: row.due_at, atRiskAt: row.at_risk_at, metAt: row.met_at, stoppedAt: row.clocks_stopped_at },
      now,
    ),
  );
  const count = (wanted: string) => statuses.filter((status) => status === wanted).length;
  const toMeet = mine
    .filter((row) => row.met_at)
    .map((row) => (row.met_at!.getTime() - row.received_at.getTime()) / 60_000);
  return {
    kind,
    total: mine.length,
    met: count('met'),
    breached: count('breached'),
    atRisk: count('at_risk'),
    pending: count('pending'),
    medianMinutesToMeet: median(toMeet),
  };
}

/**
 * Met and breached counts per target and the median time to meet, for emergency requests received
 * between `from` and `to` (inclusive days in the customer's time zone); customers see their own only.
 */
export async function slaReport(deps: SlaDeps, ctx: Ctx, query: { contractId?: string; from?: string; to?: string }) {
  authorize(ctx.actor, requestsPolicy.report, 'Your role does not see SLA reports.');
  const ex = deps.db.kysely;
  let timeZone = 'UTC';
  if (query.contractId) {
    const contract = await requestsRepo.contractWithCustomer(ex, query.contractId);
    if (!contract || !canSeeTenant(ctx.actor, contract.organization_id))
      throw new AppError('NOT_FOUND', `Contract ${query.contractId} not found.`);
    timeZone = contract.time_zone;
  }
  if (query.from && query.to && query.to < query.from)
    throw new AppError('VALIDATION_FAILED', 'The period is invalid: to is before from.', {
      errors: [{ path: 'querystring.to', message: 'must not be before from' }],
    });
  const startOf = (date: string) => DateTime.fromISO(date, { zone: timeZone }).startOf('day').toJSDate();
  const rows = await slaRepo.reportRows(ex, {
    ...(isCustomerUser(ctx.actor) ? { organizationId: ctx.actor.organizationId } : {}),
    ...(query.contractId ? { contractId: query.contractId } : {}),
    ...(query.from ? { from: startOf(query.from) } : {}),
    // The last day of year 9999 has no next day to end on: the period is then open-ended.
    ...(query.to && query.to < '9999-12-31' ? { to: startOf(addDays(query.to, 1)) } : {}),
  });
  const now = deps.clock.now();
  return {
    contractId: query.contractId ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    timeZone,
    requests: new Set(rows.map((row) => row.request_id)).size,
    targets: slaKinds.map((kind) => summarizeKind(kind, rows, now)),
  };
}
