import type { BillingLine, BillingRun, BillingRunList } from '../../shared/contracts/invoicing.ts';
import { notFound } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import type { InvoicingDeps } from './invoicing.deps.ts';
import { renderBillingPdf } from './invoicing.pdf.ts';
import { invoicingPolicy } from './invoicing.policy.ts';
import { invoicingRepo } from './invoicing.repo.ts';
import { lineView, runOf, totalsOf } from './invoicing.views.ts';
import { missingTerms } from './run.ts';

const who = 'Only administrators and account managers see billing.';

/** Contracts billing cannot price: no commercial terms (currency) yet. */
async function termsMissingNow(deps: InvoicingDeps) {
  return (await invoicingRepo.contracts(deps.db.kysely)).filter((c) => c.currency === null).map(missingTerms);
}

/** Every billing run, newest first, with its totals by currency and how many lines carry an invoice number. */
export async function listRuns(deps: InvoicingDeps, ctx: Ctx): Promise<BillingRunList> {
  authorize(ctx.actor, invoicingPolicy.bill, who);
  const ex = deps.db.kysely;
  const runs = await invoicingRepo.runs(ex);
  const lines = (
    await invoicingRepo.lines(
      ex,
      runs.map((r) => r.id),
    )
  ).map((l) => ({ run: l.run_id, v: lineView(l) }));
  return {
    items: runs.map((r) => {
      const mine = lines.filter((l) => l.run === r.id).map((l) => l.v);
      return {
        id: r.id,
        period: r.period,
        createdAt: r.created_at.toISOString(),
        createdBy: r.created_by,
        totals: totalsOf(mine),
        lineCount: mine.length,
        invoicedCount: mine.filter((l) => l.invoiceNumber !== null).length,
      };
    }),
    termsMissing: await termsMissingNow(deps),
  };
}

/** One run with its lines (as exported; invoice numbers as recorded since). */
export async function getRun(deps: InvoicingDeps, ctx: Ctx, id: string): Promise<BillingRun> {
  authorize(ctx.actor, invoicingPolicy.bill, who);
  const ex = deps.db.kysely;
  const run = await invoicingRepo.run(ex, id);
  if (!run) throw notFound(`Billing run ${id}`);
  const lines: BillingLine[] = (await invoicingRepo.lines(ex, [id])).map(lineView);
  return runOf(run, lines, await termsMissingNow(deps), []);
}

/**
 * The run's billing summary as a PDF on the firm's letterhead, one section (page) per customer, or one
 * customer's only. Read first, rendered with no transaction open.
 */
export async function runPdf(deps: InvoicingDeps, ctx: Ctx, id: string, customerId?: string) {
  const run = await getRun(deps, ctx, id);
  const lines = customerId ? run.lines.filter((l) => l.customerId === customerId) : run.lines;
  if (customerId && !lines.length) throw notFound(`Customer ${customerId} in billing run ${id}`);
  const firm = await deps.firm(deps.db.kysely);
  const content = await renderBillingPdf({ period: run.period, createdAt: new Date(run.createdAt), lines }, firm);
  const who = customerId ? `-${lines[0]!.customerName.replace(/[^A-Za-z0-9._-]+/g, '_')}` : '';
  return { content, filename: `billing-${run.period}${who}.pdf` };
}
