import { authorize, given } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { visibleEngagement } from '../engagements/engagements.access.ts';
import { resolveDeferred, type Deferred } from '../files/files.service.ts';
import { checkFields, checkReceipt, type NewExpense } from './expenses.checks.ts';
import { defaultExpenseCurrency } from './expenses.currency.ts';
import type { ExpensesDeps } from './expenses.deps.ts';
import { expensesPolicy } from './expenses.policy.ts';
import { expensesRepo } from './expenses.repo.ts';
import { toExpenseView, type ExpenseView } from './expenses.views.ts';

const filing = 'Only members of the engagement team, IR managers and administrators file its expenses.';

/**
 * Files an expense with its receipt on an engagement: team members (admins and IR managers on any
 * engagement). The receipt must be a PDF, PNG or JPEG by its content, at most 10 MB; the amount is
 * in minor units of a real currency. Nothing is stored when anything is refused, and nothing touches
 * the retainer: expenses are billed at cost.
 */
export async function submitExpense(
  deps: ExpensesDeps,
  ctx: Ctx,
  engagementId: string,
  input: Deferred<NewExpense>,
): Promise<ExpenseView> {
  const { db, clock, audit, files } = deps;
  const actor = ctx.actor;
  const before = await visibleEngagement(db.kysely, actor, engagementId);
  authorize(actor, given(expensesPolicy.file, before.onTeam), filing);
  const expense = await resolveDeferred(input);
  checkFields(expense, clock.now());
  const inspection = await checkReceipt(expense.receipt);
  const receipt = expense.receipt!;
  const id = deps.ids.next('exp');
  await db.transaction(async (trx) => {
    // Checked again inside: the team may have changed while the upload was read.
    const scope = await visibleEngagement(trx, actor, engagementId);
    authorize(actor, given(expensesPolicy.file, scope.onTeam), filing);
    const file = await files.storeInTx(trx, ctx, {
      content: receipt.content,
      name: receipt.name ?? 'receipt',
      inspection,
    });
    const at = clock.now();
    const note = expense.note?.trim() ?? '';
    const currency = expense.currency ?? (await defaultExpenseCurrency(deps, trx, scope.engagement.contractId));
    await expensesRepo.insert(trx, {
      id,
      engagement_id: engagementId,
      user_id: actor.userId,
      date: expense.date,
      category: expense.category,
      amount: expense.amount,
      currency,
      note,
      receipt_file_id: file.id,
      status: 'pending',
      decided_by: null,
      decided_at: null,
      decision_reason: null,
      created_at: at,
      updated_at: at,
    });
    await audit.record(trx, ctx, {
      action: 'expense.created',
      entityType: 'expense',
      entityId: id,
      organizationId: scope.engagement.organizationId,
      after: {
        engagementId,
        date: expense.date,
        category: expense.category,
        amount: expense.amount,
        currency,
        note,
        status: 'pending',
        receipt: {
          fileId: file.id,
          name: file.name,
          contentType: file.contentType,
          size: file.size,
          sha256: file.sha256,
        },
      },
    });
  });
  return toExpenseView((await expensesRepo.view(db.kysely, id))!);
}
