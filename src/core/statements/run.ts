import { AppError } from '../../shared/errors.ts';
import type { RunStatementsResult } from '../../shared/contracts/statements.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { asStatementContract, issueStatement } from './issue.ts';
import type { StatementsDeps } from './statements.deps.ts';
import { statementsPolicy } from './statements.policy.ts';
import { issueConcurrency, mapLimited } from './statements.pool.ts';
import { statementsRepo } from './statements.repo.ts';
import { activePeriods, addPeriods, periodOf, skipReason } from './statements.rules.ts';

/** The zone furthest ahead of UTC: a month has ended somewhere only once it has ended there. */
const EARLIEST_ZONE = 'Pacific/Kiritimati';

/**
 * An admin issues what is missing of one period (whatever the statement day): every contract active in that
 * month whose month has ended in its customer's zone; the others are reported with the reason. Running it
 * twice issues nothing the second time. A period no contract was active in yet, or one that has not ended
 * anywhere, is refused (422) with the allowed range.
 */
export async function runPeriod(
  deps: StatementsDeps,
  ctx: Ctx,
  period: string,
  options: { limit?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<RunStatementsResult> {
  const { limit, onProgress } = options;
  authorize(ctx.actor, statementsPolicy.run, 'Only administrators run statements.');
  const now = deps.clock.now();
  const ex = deps.db.kysely;
  const contracts = await statementsRepo.candidates(ex);
  const firsts = contracts.map((c) => activePeriods(asStatementContract(c))?.first).filter((p) => p !== undefined);
  const allowedTo = addPeriods(periodOf(now, EARLIEST_ZONE), -1);
  const allowedFrom = firsts.length ? firsts.reduce((a, b) => (a < b ? a : b)) : allowedTo;
  if (period < allowedFrom || period > allowedTo)
    throw new AppError(
      'STATEMENT_PERIOD_OUT_OF_RANGE',
      period > allowedTo
        ? `${period} has not ended yet: statements can be run for ${allowedFrom} to ${allowedTo}.`
        : `No contract was active in ${period}: statements can be run for ${allowedFrom} to ${allowedTo}.`,
      { allowedFrom, allowedTo },
    );
  const issued = await statementsRepo.issuedPeriods(ex);
  const work = contracts
    .filter((c) => {
      const range = activePeriods(asStatementContract(c));
      return range !== null && period >= range.first && period <= range.last;
    })
    .map((c) => ({
      c,
      skip: issued.get(c.id)?.has(period) ? 'already issued' : skipReason(asStatementContract(c), period, now),
    }));
  const due = work.filter((w) => !w.skip).map((w) => w.c);
  // A batch (`limit`) issues the first missing ones; the rest stay for the next call (`remaining`).
  const batch = limit === undefined ? due : due.slice(0, limit);
  const result: RunStatementsResult = { period, issued: [], skipped: [], failed: [], remaining: 0 };
  for (const w of work)
    if (w.skip) result.skipped.push({ contractId: w.c.id, contractNumber: w.c.number, reason: w.skip });
  const firm = batch.length ? await deps.firm(ex) : undefined;
  let done = 0;
  const outcomes = await mapLimited(batch, issueConcurrency(deps.db.kind), async (c) => {
    try {
      return { c, s: await issueStatement(deps, ctx, c, period, firm) };
    } catch (e) {
      return { c, error: (e as Error).message };
    } finally {
      onProgress?.(++done, batch.length);
    }
  });
  for (const o of outcomes) {
    if (o.error !== undefined) result.failed.push({ contractId: o.c.id, error: o.error });
    else if (o.s) result.issued.push({ statementId: o.s.id, contractId: o.c.id, number: o.s.number });
    // issued meanwhile by another run (the job, another admin): not missing any more
    else result.skipped.push({ contractId: o.c.id, contractNumber: o.c.number, reason: 'already issued' });
  }
  result.remaining = due.length - batch.length + result.failed.length;
  return result;
}
