import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { localDate } from '../../shared/dates.ts';
import { visibleContract } from './requests.access.ts';
import type { RequestsDeps } from './requests.deps.ts';
import { requestsPolicy } from './requests.policy.ts';
import { contractActiveOn } from './requests.rules.ts';
import { leadTimeOf, termOf } from './requests.terms.ts';

/** The lead time and earliest allowed start of a proactive service under a contract, if asked today (the portal's date picker). */
export async function requestLeadTime(
  deps: Pick<RequestsDeps, 'db' | 'clock' | 'settings'>,
  ctx: Ctx,
  query: { contractId: string; catalogItemId: string },
) {
  authorize(ctx.actor, requestsPolicy.read, 'Your role does not see service requests.');
  const ex = deps.db.kysely;
  const contract = await visibleContract(ex, ctx.actor, query.contractId);
  const now = deps.clock.now();
  const leadTime = await leadTimeOf(deps, ex, contract, query.catalogItemId, now);
  const today = localDate(now, contract.time_zone);
  return {
    contractId: contract.id,
    catalogItemId: leadTime.item.id,
    leadTimeDays: leadTime.days,
    source: leadTime.source,
    earliestStart: leadTime.earliestStart,
    timeZone: contract.time_zone,
    today,
    contractActive: contractActiveOn(termOf(contract), today),
  };
}
