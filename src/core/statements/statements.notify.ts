import type { Executor } from '../../db/create-db.ts';
import { formatMoney } from '../../shared/currencies.ts';
import type { StatementFigures } from '../../shared/contracts/statements.ts';
import { dayLabel, periodLabel } from '../../shared/statements.ts';
import { itemLink, type RecipientKind } from '../mail/links.ts';
import { renderEmail } from '../mail/templates.ts';
import type { StatementsDeps } from './statements.deps.ts';
import type { StatementFirm } from './statements.pdf.ts';

/**
 * The statement email (HTML + text) with its PDF attached by reference to the stored file; its link opens the
 * portal's statements for a contact, the staff contract page for the account team.
 */
export function statementEmail(
  deps: Pick<StatementsDeps, 'publicUrl'>,
  s: { contractId: string; figures: StatementFigures; fileId: string },
  firm: StatementFirm,
  kind: RecipientKind = 'contact',
) {
  const f = s.figures;
  const content = renderEmail({
    heading: `Your retainer statement for ${periodLabel(f.period)}`,
    paragraphs: [
      `Statement ${f.number} for ${f.customerName}'s retainer ${f.contractNumber} is attached as a PDF.`,
      f.consumptionByEngagement.length
        ? `This month's consumption: ${f.consumptionByEngagement.map((e) => `${e.number} ${e.title}: ${e.consumed.display}`).join('; ')}.`
        : 'Nothing was consumed this month.',
    ],
    facts: [
      ['Opening balance', f.opening.balance.display],
      ['Top-ups', f.movements.toppedUp.display],
      ['Consumed', f.movements.consumed.display],
      ['Closing balance', f.closing.balance.display],
      ['Reserved for approved work', f.closing.reserved.display],
      ['Available', f.closing.available.display],
      ['Term ends', `${dayLabel(f.termEnd)} (${f.daysLeft} days left)`],
      ['Forecast depletion', f.forecastDepletionDate ? dayLabel(f.forecastDepletionDate) : 'not foreseen'],
      ...f.expenses.map(
        (e) => [`T&E billed at cost (${e.currency})`, formatMoney(e.amountMinor, e.currency)] as [string, string],
      ),
    ],
    action: {
      label: kind === 'contact' ? 'See your statements' : 'See the statements',
      url: itemLink(deps.publicUrl, kind, { type: 'statements', contractId: s.contractId }),
    },
  });
  return {
    subject: `${firm.profile.name}: retainer statement ${periodLabel(f.period)} (${f.contractNumber})`,
    ...content,
    fileAttachments: [{ fileId: s.fileId, filename: `${f.number}.pdf`, contentType: 'application/pdf' }],
  };
}

/**
 * One message per recipient, linked to the contract and built for the recipient's audience (portal or staff
 * links); `key` makes each once-only (issue) or per re-send.
 */
export async function enqueueStatement(
  deps: Pick<StatementsDeps, 'outbox' | 'publicUrl'>,
  trx: Executor,
  s: { id: string; contractId: string; figures: StatementFigures; fileId: string },
  firm: StatementFirm,
  recipients: readonly string[],
  key: string,
): Promise<void> {
  const emails = new Map<RecipientKind, ReturnType<typeof statementEmail>>();
  for (const to of recipients) {
    const { kind } = await deps.outbox.audienceOf(trx, to);
    const email = emails.get(kind) ?? statementEmail(deps, s, firm, kind);
    emails.set(kind, email);
    await deps.outbox.enqueueEmail(trx, {
      topic: 'statement.issued',
      contractId: s.contractId,
      dedupeKey: `statement:${s.id}:${key}:${to.toLowerCase()}`,
      to: [to],
      ...email,
    });
  }
}
