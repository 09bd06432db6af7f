import type { BillingRunBatch, TermsMissing } from '../../shared/contracts/invoicing.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import { actorLabel, type Ctx } from '../context.ts';
import { periodBounds, periodEnded } from '../statements/statements.rules.ts';
import { contractLines } from './invoicing.lines.ts';
import type { InvoicingDeps } from './invoicing.deps.ts';
import { invoicingPolicy } from './invoicing.policy.ts';
import { invoicingRepo, type BillingContract, type BillingRunRow } from './invoicing.repo.ts';
import { assertBillablePeriod } from './invoicing.rules.ts';
import { lineView, runOf } from './invoicing.views.ts';

/** A batch of a run: at most `limit` contracts (all when omitted), after the contract `after` in billing order. */
export interface BatchOptions {
  limit?: number | undefined;
  onProgress?: (done: number, total: number) => void;
}

/**
 * A finance user bills a period: every invoiceable item of that month (in each customer's zone) that no run
 * exported becomes a line of this run, exactly once (the lines' unique key: a concurrent run's insert of the
 * same item does nothing), so a second run of the same period exports nothing new. A period that has not
 * ended is refused (422) and writes nothing; a customer whose month is still running is left for a later run.
 * With a `limit`, only the first contracts are billed now; `remaining` and `next` say how to go on
 * (`continueBilling`), which lets the CLI show its progress.
 */
export async function runBilling(
  deps: InvoicingDeps,
  ctx: Ctx,
  period: string,
  options: BatchOptions = {},
): Promise<BillingRunBatch> {
  authorize(ctx.actor, invoicingPolicy.bill, 'Only administrators and account managers run billing.');
  const now = deps.clock.now();
  assertBillablePeriod(period, now);
  const run = { id: deps.ids.next('bil'), period, created_at: now, created_by: actorLabel(ctx.actor) };
  return billBatch(deps, ctx, run, null, options, true);
}

/**
 * The next batch of a run started with a `limit`: the contracts after `after` (the `next` of the previous
 * batch), into the same run. An unknown run is 404; an unknown `after` is 400 (nothing written).
 */
export async function continueBilling(
  deps: InvoicingDeps,
  ctx: Ctx,
  runId: string,
  input: { after: string; limit?: number | undefined },
): Promise<BillingRunBatch> {
  authorize(ctx.actor, invoicingPolicy.bill, 'Only administrators and account managers run billing.');
  const run = await invoicingRepo.run(deps.db.kysely, runId);
  if (!run) throw notFound(`Billing run ${runId}`);
  return billBatch(deps, ctx, run, input.after, { limit: input.limit }, false);
}

async function billBatch(
  deps: InvoicingDeps,
  ctx: Ctx,
  run: BillingRunRow,
  after: string | null,
  { limit, onProgress }: BatchOptions,
  isNew: boolean,
): Promise<BillingRunBatch> {
  const now = deps.clock.now();
  const termsMissing: TermsMissing[] = [];
  const waiting = new Set<string>();
  const { contracts, billed, remaining, next } = await deps.db.transaction(async (trx) => {
    if (isNew) await invoicingRepo.insertRun(trx, run);
    const contracts = await invoicingRepo.contracts(trx);
    const from = after === null ? 0 : contracts.findIndex((c) => c.id === after) + 1;
    if (from === 0 && after !== null)
      throw new AppError(
        'VALIDATION_FAILED',
        `No contract ${after} to continue after: pass the "next" of the last batch.`,
        {
          errors: [{ path: 'after', message: 'is not a contract of the run' }],
        },
      );
    const batch = contracts.slice(from, limit === undefined ? undefined : from + limit);
    let position = isNew ? 0 : await invoicingRepo.lastPosition(trx, run.id);
    let inserted = 0;
    let done = 0;
    for (const c of batch) {
      if (!periodEnded(run.period, c.time_zone, now)) waiting.add(c.customer_name);
      else {
        const bounds = periodBounds(run.period, c.time_zone);
        for (const draft of await contractLines(trx, c, bounds, deps.publicUrl, termsMissing)) {
          const line = { ...draft, id: deps.ids.next('bln'), run_id: run.id, position: position + 1 };
          if (await invoicingRepo.insertLine(trx, line)) {
            position += 1;
            inserted += 1;
          }
        }
      }
      onProgress?.(++done, batch.length);
    }
    await deps.audit.record(trx, ctx, {
      action: 'billing.run',
      entityType: 'billing_run',
      entityId: run.id,
      after: { period: run.period, lines: inserted, ...(limit === undefined ? {} : { contracts: batch.length }) },
    });
    const remaining = contracts.length - from - batch.length;
    return { contracts, billed: batch.length, remaining, next: remaining > 0 ? (batch.at(-1)?.id ?? null) : null };
  });
  const lines = (await invoicingRepo.lines(deps.db.kysely, [run.id])).map(lineView);
  // Every contract without terms is listed, also those with nothing waiting for a price this month.
  for (const c of contracts)
    if (c.currency === null && !termsMissing.some((t) => t.contractId === c.id)) termsMissing.push(missingTerms(c));
  return {
    ...runOf(run, lines, termsMissing, [...waiting]),
    billed,
    remaining,
    next,
  };
}

/** A contract without commercial terms, as billing lists it. */
export const missingTerms = (c: Pick<BillingContract, 'id' | 'number' | 'customer_name'>): TermsMissing => ({
  contractId: c.id,
  contractNumber: c.number,
  customerName: c.customer_name,
  reason: 'terms missing: no currency or prices, so its top-ups and overage cannot be priced',
});
