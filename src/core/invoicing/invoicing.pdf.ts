import { DateTime } from 'luxon';
import type { BillingLine } from '../../shared/contracts/invoicing.ts';
import { dayLabel, periodLabel } from '../../shared/statements.ts';
import { documentFooter, drawLetterhead } from '../documents/letterhead.ts';
import { createPdf } from '../documents/pdf.ts';
import type { StatementFirm } from '../statements/statements.pdf.ts';
import { totalsOf } from './invoicing.views.ts';

/** What a line bills, with the engagement numbers and the purchase order it refers to. */
const itemText = (l: BillingLine): string =>
  [
    l.description,
    l.engagements.length ? `Engagement ${l.engagements.join(', ')}` : null,
    l.purchaseOrder ? `PO ${l.purchaseOrder}` : null,
  ]
    .filter((part): part is string => part !== null)
    .join(' · ');

/**
 * The billing summary of a run: for each customer, a page on the firm's letterhead with its lines (day,
 * contract, what, engagement numbers, quantity, amount, PO, invoice number) and its totals per currency.
 * Human dates and numbers only, never internal ids. Renders outside any transaction.
 */
export async function renderBillingPdf(
  run: { period: string; createdAt: Date; lines: readonly BillingLine[] },
  firm: StatementFirm,
): Promise<Buffer> {
  const pdf = createPdf({
    title: `Billing summary, ${periodLabel(run.period)}`,
    author: firm.profile.name,
    footer: documentFooter(firm.profile),
    creationDate: run.createdAt,
  });
  const customers = [...new Set(run.lines.map((l) => l.customerId))];
  if (!customers.length) {
    drawLetterhead(pdf, firm.profile, firm.logo);
    pdf.title(`Billing summary, ${periodLabel(run.period)}`);
    pdf.paragraph('Nothing new to invoice in this run: every item of the period was exported before.', {
      italic: true,
    });
  }
  customers.forEach((customerId, i) => {
    const lines = run.lines.filter((l) => l.customerId === customerId);
    if (i > 0) pdf.doc.addPage();
    drawLetterhead(pdf, firm.profile, firm.logo);
    pdf.title(`Billing summary, ${periodLabel(run.period)}`);
    pdf.facts([
      ['Customer', lines[0]!.customerName],
      ['Contracts', [...new Set(lines.map((l) => l.contractNumber))].join(', ')],
      ['Prepared', dayLabel(DateTime.fromJSDate(run.createdAt, { zone: 'UTC' }).toISODate())],
    ]);
    pdf.table(
      ['Date', 'Item', 'Quantity', 'Amount', 'Invoice'],
      lines.map((l) => [
        dayLabel(l.date),
        itemText(l),
        l.quantity?.display ?? '',
        l.amount?.display ?? 'not recorded',
        l.invoiceNumber ?? '',
      ]),
      [0.16, 0.44, 0.1, 0.16, 0.14],
    );
    pdf.heading('Totals');
    const totals = totalsOf(lines);
    if (totals.length)
      pdf.table(
        ['Currency', 'Total'],
        totals.map((t) => [t.currency, t.display]),
        [0.4, 0.6],
      );
    else pdf.paragraph('No priced line.', { italic: true });
  });
  return pdf.toBuffer();
}
