import type { BillingRun, TermsMissing } from '../../shared/contracts/invoicing.ts';
import { authorize } from '../authz.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { periodBounds, periodEnded } from '../statements/statements.rules.ts';
import { contractLines } from './invoicing.lines.ts';
import type { InvoicingDeps } from './invoicing.deps.ts';
import { invoicingPolicy } from './invoicing.policy.ts';
import { invoicingRepo } from './invoicing.repo.ts';
import { assertBillablePeriod } from './invoicing.rules.ts';
import { lineView, totalsOf } from './invoicing.views.ts';

/**
 * A finance user bills a period: every invoiceable item of that month (in each customer's zone) that no run
 * exported becomes a line of this run, exactly once (the lines' unique key: a concurrent run's insert of the
 * same item does nothing), so a second run of the same period exports nothing new. A period that has not
 * ended is refused (422) and writes nothing; a customer whose month is still running is left for a later run.
 */
export async function runBilling(
  deps: InvoicingDeps,
  ctx: Ctx,
  period: string,
  onProgress?: (done: number, total: number) => void,
): Promise<BillingRun> {
  authorize(ctx.actor, invoicingPolicy.bill, 'Only administrators and account managers run billing.');
  const now = deps.clock.now();
  assertBillablePeriod(period, now);
  const run = { id: deps.ids.next('bil'), period, created_at: now, created_by: actorLabel(ctx.actor) };
  const termsMissing: TermsMissing[] = [];
  const waiting = new Set<string>();
  const contracts = await deps.db.transaction(async (trx) => {
    await invoicingRepo.insertRun(trx, run);
    const contracts = await invoicingRepo.contracts(trx);
    const inserted: string[] = [];
    let done = 0;
    for (const c of contracts) {
      if (!periodEnded(period, c.time_zone, now)) waiting.add(c.customer_name);
      else {
        const drafts = await contractLines(trx, c, periodBounds(period, c.time_zone), deps.publicUrl, termsMissing);
        for (const draft of drafts) {
          const id = deps.ids.next('bln');
          const line = { ...draft, id, run_id: run.id, position: inserted.length + 1 };
          if (await invoicingRepo.insertLine(trx, line)) inserted.push(id);
        }
      }
      onProgress?.(++done, contracts.length);
    }
    await deps.audit.record(trx, ctx, {
      action: 'billing.run',
      entityType: 'billing_run',
      entityId: run.id,
      after: { period, lines: inserted.length },
    });
    return contracts;
  });
  const lines = (await invoicingRepo.lines(deps.db.kysely, [run.id])).map(lineView);
  // Every contract without terms is listed, also those with nothing waiting for a price this month.
  for (const c of contracts)
    if (c.currency === null && !termsMissing.some((t) => t.contractId === c.id)) termsMissing.push(missingTerms(c));
  return {
    id: run.id,
    period,
    createdAt: now.toISOString(),
    createdBy: run.created_by,
    totals: totalsOf(lines),
    lines,
    termsMissing,
    waiting: [...waiting],
  };
}

/** A contract without commercial terms, as billing lists it. */
export const missingTerms = (c: { id: string; number: string; customer_name: string }): TermsMissing => ({
  contractId: c.id,
  contractNumber: c.number,
  customerName: c.customer_name,
  reason: 'terms missing: no currency or prices, so its top-ups and overage cannot be priced',
});
