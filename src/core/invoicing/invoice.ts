import type { InvoicedLines } from '../../shared/contracts/invoicing.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import { actorLabel, type Ctx } from '../context.ts';
import type { InvoicingDeps } from './invoicing.deps.ts';
import { invoicingPolicy } from './invoicing.policy.ts';
import { invoicingRepo, type BillingLineRow } from './invoicing.repo.ts';
import { lineView } from './invoicing.views.ts';

type Target = { lineId: string } | { customerId: string };

/**
 * Records the invoice number of one line, or of every line of one customer in a run, once: a line that
 * carries an invoice number never changes (409, nothing written). Audited; a top-up's price records the
 * invoice as its reference too.
 */
export async function recordInvoiceNumber(
  deps: InvoicingDeps,
  ctx: Ctx,
  runId: string,
  target: Target,
  invoiceNumber: string,
): Promise<InvoicedLines> {
  authorize(ctx.actor, invoicingPolicy.bill, 'Only administrators and account managers record invoice numbers.');
  const at = deps.clock.now();
  const ids = await deps.db.transaction(async (trx) => {
    if (!(await invoicingRepo.run(trx, runId))) throw notFound(`Billing run ${runId}`);
    const all = await invoicingRepo.lines(trx, [runId], { lock: true });
    const lines = all.filter((l) =>
      'lineId' in target ? l.id === target.lineId : l.customer_id === target.customerId,
    );
    if (!lines.length)
      throw notFound('lineId' in target ? `Line ${target.lineId}` : `Customer ${target.customerId} in this run`);
    assertNotInvoiced(lines);
    const set = await invoicingRepo.setInvoiceNumber(
      trx,
      lines.map((l) => l.id),
      { number: invoiceNumber, at, by: actorLabel(ctx.actor) },
    );
    const topUps = lines.filter((l) => l.kind === 'top_up').map((l) => l.source_id);
    await invoicingRepo.markTopUpsInvoiced(trx, topUps, invoiceNumber, at);
    for (const l of lines)
      await deps.audit.record(trx, ctx, {
        action: 'billing.line.invoiced',
        entityType: 'billing_line',
        entityId: l.id,
        before: { invoiceNumber: null },
        after: { invoiceNumber, runId, position: l.position },
      });
    return set;
  });
  const lines = (await invoicingRepo.lines(deps.db.kysely, [runId])).filter((l) => ids.includes(l.id));
  return { lines: lines.map(lineView) };
}

function assertNotInvoiced(lines: readonly BillingLineRow[]): void {
  const invoiced = lines.filter((l) => l.invoice_number !== null);
  if (!invoiced.length) return;
  throw new AppError(
    'LINE_INVOICED',
    `${invoiced
      .map((l) => `Line ${l.position} is invoiced as ${l.invoice_number}`)
      .join('; ')}: an invoiced line never changes. Record a correction on the next invoice instead.`,
    { lines: invoiced.map((l) => ({ position: l.position, invoiceNumber: l.invoice_number })) },
  );
}
