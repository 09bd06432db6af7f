import type { Executor } from '../../db/create-db.ts';
import { engagementsRepo } from '../engagements/engagements.repo.ts';
import { requestsRepo } from '../requests/requests.repo.ts';
import { statementsRepo } from '../statements/statements.repo.ts';
import { changeOrdersRepo } from '../workorders/change-orders.repo.ts';
import { workOrdersRepo } from '../workorders/workorders.repo.ts';
import { parseNumber, type NumberedAggregate } from './numbers.rules.ts';

/** One resolver per aggregate, each in its own repo. */
const resolvers: Record<NumberedAggregate, (ex: Executor, number: string) => Promise<string | undefined>> = {
  request: requestsRepo.idByNumber,
  engagement: engagementsRepo.idByNumber,
  work_order: workOrdersRepo.idByNumber,
  change_order: changeOrdersRepo.idByNumber,
  statement: statementsRepo.idByNumber,
};

/**
 * The id a reference names: a human number becomes its aggregate's id, anything else is returned as it is.
 * An unknown number is returned unchanged too, so the caller answers it exactly as a missing id (404); tenant
 * rules stay with the use case reading the id, so another tenant's number is a 404 like its id.
 */
export async function resolveRef(ex: Executor, ref: string): Promise<string> {
  const parsed = parseNumber(ref);
  if (!parsed) return ref;
  return (await resolvers[parsed.aggregate](ex, parsed.number)) ?? ref;
}
