import type { Executor } from '../../db/create-db.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../context.ts';
import { engagementScope, type EngagementScope } from '../engagements/engagements.access.ts';
import { expensesRepo, type ExpenseViewRow } from './expenses.repo.ts';
import type { ExpenseStatus } from './expenses.rules.ts';

const allStatuses: readonly ExpenseStatus[] = ['pending', 'approved', 'rejected'];

export const expenseNotFound = (id: string): AppError => new AppError('NOT_FOUND', `Expense ${id} not found.`);

/** The statuses the actor sees: provider staff every one, customer users the approved ones only. */
export const visibleStatuses = (scope: Pick<EngagementScope, 'staff'>): readonly ExpenseStatus[] =>
  scope.staff ? allStatuses : ['approved'];

/** The expense and its engagement as the actor may see them; otherwise NOT_FOUND, like a missing one. */
export async function visibleExpense(
  ex: Executor,
  actor: Actor,
  id: string,
): Promise<{ row: ExpenseViewRow; scope: EngagementScope }> {
  const row = await expensesRepo.view(ex, id);
  const scope = row ? await engagementScope(ex, actor, row.engagement_id) : null;
  if (!row || !scope || !visibleStatuses(scope).includes(row.status)) throw expenseNotFound(id);
  return { row, scope };
}
