import type { Executor } from '../../db/create-db.ts';
import { money } from '../../shared/currencies.ts';
import type { UserActor } from '../context.ts';
import { label } from '../../shared/labels.ts';
import { itemLink } from '../mail/links.ts';
import { renderEmail } from '../mail/templates.ts';
import type { ExpensesDeps } from './expenses.deps.ts';
import type { ExpenseViewRow } from './expenses.repo.ts';

/** Tells the consultant who filed the expense that it was rejected, and why. */
export async function notifyRejected(
  deps: Pick<ExpensesDeps, 'outbox' | 'publicUrl'>,
  trx: Executor,
  row: ExpenseViewRow,
  reason: string,
  by: UserActor,
): Promise<void> {
  const amount = money(row.amount, row.currency).display;
  await deps.outbox.enqueueEmail(trx, {
    topic: 'expense.rejected',
    to: [row.user_email],
    subject: `Expense rejected: ${amount} on ${row.engagement_number}`,
    ...renderEmail({
      heading: 'Your expense was rejected',
      paragraphs: [
        `Hello ${row.user_name},`,
        `${by.name} rejected your expense of ${amount} (${label('expenseCategory', row.category).toLowerCase()}, ${row.date}) on engagement ${row.engagement_number}.`,
        `Reason: ${reason}`,
        'If it should be billed after all, file it again with a corrected amount or receipt.',
      ],
      facts: [
        ['Engagement', row.engagement_number],
        ['Date', row.date],
        ['Amount', amount],
        ['Receipt', row.receipt_name],
      ],
      action: {
        label: 'Open the engagement',
        url: itemLink(deps.publicUrl, 'staff', { type: 'engagement', number: row.engagement_number }),
      },
    }),
  });
}
