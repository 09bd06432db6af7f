import { formatMoney } from '../../shared/currencies.ts';
import type { StatementFigures } from '../../shared/contracts/statements.ts';
import { dayLabel, periodLabel } from '../../shared/statements.ts';
import type { FirmProfile } from '../../shared/contracts/settings.ts';
import { documentFooter, drawLetterhead } from '../documents/letterhead.ts';
import { createPdf } from '../documents/pdf.ts';

/** Who the statement comes from: the firm's profile (letterhead, footer, sender) and its logo's bytes. */
export interface StatementFirm {
  profile: FirmProfile;
  logo: Uint8Array | null;
}

const signed = (display: string, amount: number): string => (amount > 0 ? `+${display}` : display);

/**
 * Renders a statement: the firm's letterhead, the customer's figures with human dates in the customer's
 * zone, engagement numbers and titles (never internal ids), and the ledger head it points to. Runs outside
 * any transaction; the same figures give the same content.
 */
export async function renderStatementPdf(f: StatementFigures, firm: StatementFirm, issuedAt: Date): Promise<Buffer> {
  const pdf = createPdf({
    title: `Statement ${f.number}`,
    subject: `${f.customerName}, ${periodLabel(f.period)}`,
    author: firm.profile.name,
    footer: `${documentFooter(firm.profile)} · ${f.number}`,
    creationDate: issuedAt,
  });
  drawLetterhead(pdf, firm.profile, firm.logo);
  pdf.title(`Retainer statement, ${periodLabel(f.period)}`);
  const m = f.movements;
  pdf.facts([
    ['Customer', f.customerName],
    ['Contract', f.contractNumber],
    ['Statement', f.number],
    ['Period', `${dayLabel(f.periodStart)} to ${dayLabel(f.periodEnd)} (${f.timeZone})`],
    ['Term', `${dayLabel(f.termStart)} to ${dayLabel(f.termEnd)}, ${f.daysLeft} days left`],
  ]);
  pdf.heading('Balance');
  pdf.table(
    ['', 'Amount'],
    [
      ['Opening balance', f.opening.balance.display],
      ['Granted', signed(m.granted.display, m.granted.amount)],
      ['Top-ups', signed(m.toppedUp.display, m.toppedUp.amount)],
      ['Rolled over in', signed(m.rolledOverIn.display, m.rolledOverIn.amount)],
      ['Adjustments', signed(m.adjusted.display, m.adjusted.amount)],
      ['Consumed', m.consumed.display],
      ['Minimum billable true-ups', m.minimumTrueUps.display],
      ['Expired', m.expired.display],
      ['Rolled over out', m.rolledOverOut.display],
      ['Closing balance', f.closing.balance.display],
      ['Reserved for approved work', f.closing.reserved.display],
      ['Available', f.closing.available.display],
    ],
    [0.6, 0.4],
  );
  pdf.facts([
    ['Reserved this month', m.reserved.display],
    ['Released this month', m.released.display],
    ['Burn rate (last 90 days)', `${f.burnRatePerMonth.display} a month`],
    ['Forecast depletion', f.forecastDepletionDate ? dayLabel(f.forecastDepletionDate) : 'not foreseen'],
  ]);
  if (f.topUps.length) {
    pdf.heading('Top-ups');
    pdf.table(
      ['Date', 'Reference', 'Amount'],
      f.topUps.map((t) => [dayLabel(t.date), t.reference ?? '', t.amount.display]),
      [0.3, 0.4, 0.3],
    );
  }
  pdf.heading('Consumption by engagement');
  if (f.consumptionByEngagement.length)
    pdf.table(
      ['Engagement', 'Title', 'Consumed'],
      f.consumptionByEngagement.map((e) => [e.number, e.title, e.consumed.display]),
      [0.25, 0.5, 0.25],
    );
  else pdf.paragraph('No consumption this month.', { italic: true });
  if (f.consumptionByActivity.length) {
    pdf.heading('Consumption by activity');
    pdf.table(
      ['Activity', 'Consumed'],
      f.consumptionByActivity.map((a) => [a.label, a.consumed.display]),
      [0.6, 0.4],
    );
  }
  if (f.consumption?.length) {
    pdf.heading('Consumption entries');
    pdf.table(
      ['Posted', 'Work done', 'Engagement', 'Activity', 'Amount'],
      f.consumption.map((c) => [
        dayLabel(c.posted),
        c.workDate ? dayLabel(c.workDate) : '',
        c.engagementNumber,
        c.label,
        c.amount.display,
      ]),
      [0.2, 0.2, 0.22, 0.22, 0.16],
    );
  }
  pdf.heading('Travel and expenses billed at cost');
  if (f.expenses.length)
    pdf.table(
      ['Currency', 'Expenses', 'Total'],
      f.expenses.map((e) => [e.currency, String(e.count), formatMoney(e.amountMinor, e.currency)]),
      [0.3, 0.3, 0.4],
    );
  else pdf.paragraph('None this month.', { italic: true });
  pdf.heading('Ledger');
  pdf.paragraph(
    `This statement covers the contract's ledger up to entry ${f.ledgerHead.seq}` +
      (f.ledgerHead.hash ? `, whose chain hash is:` : '.'),
  );
  if (f.ledgerHead.hash) pdf.mono(f.ledgerHead.hash);
  return pdf.toBuffer();
}
