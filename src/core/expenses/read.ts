import type { Ctx } from '../context.ts';
import { visibleEngagement } from '../engagements/engagements.access.ts';
import { cursorOf } from '../pagination.ts';
import { expenseNotFound, visibleExpense, visibleStatuses } from './expenses.access.ts';
import { defaultExpenseCurrency } from './expenses.currency.ts';
import type { ExpensesDeps } from './expenses.deps.ts';
import { expensesRepo } from './expenses.repo.ts';
import { totalsByCurrency, type ExpenseStatus } from './expenses.rules.ts';
import { toExpenseView, type ExpenseView } from './expenses.views.ts';

/** Pages of an engagement's expenses continue after the last one's (date, id). */
const byDate = cursorOf('date', 'id');

/** One expense: provider staff who see the engagement, customer users only approved ones of their own. */
export async function getExpense(deps: Pick<ExpensesDeps, 'db'>, ctx: Ctx, id: string): Promise<ExpenseView> {
  return toExpenseView((await visibleExpense(deps.db.kysely, ctx.actor, id)).row);
}

/**
 * An engagement's expenses, newest first, with totals per currency of approved and pending ones (no
 * conversion). Customer users see approved expenses only.
 */
export async function listExpenses(
  deps: Pick<ExpensesDeps, 'db' | 'settings'>,
  ctx: Ctx,
  engagementId: string,
  filter: { status?: ExpenseStatus; cursor?: string; limit?: number } = {},
) {
  const { db } = deps;
  const scope = await visibleEngagement(db.kysely, ctx.actor, engagementId);
  const visible = visibleStatuses(scope);
  const statuses = filter.status ? visible.filter((s) => s === filter.status) : visible;
  const limit = filter.limit ?? 50;
  const key = byDate.decode(filter.cursor);
  const after = key ? { date: key[0], id: key[1] } : undefined;
  const rows = statuses.length
    ? await expensesRepo.list(db.kysely, { engagementId, statuses, limit: limit + 1, ...(after ? { after } : {}) })
    : [];
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const totals = totalsByCurrency(await expensesRepo.engagementTotals(db.kysely, engagementId, visible));
  return {
    items: items.map(toExpenseView),
    nextCursor: rows.length > limit && last ? byDate.encode([last.date, last.id]) : null,
    totals,
    defaultCurrency: await defaultExpenseCurrency(deps, db.kysely, scope.engagement.contractId),
    scope: scope.staff ? ('all' as const) : ('approved_only' as const),
  };
}

/** The receipt of an expense the actor may see, for download. */
export async function expenseReceipt(deps: Pick<ExpensesDeps, 'db' | 'files'>, ctx: Ctx, id: string) {
  const { row } = await visibleExpense(deps.db.kysely, ctx.actor, id);
  const file = await deps.files.read(deps.db.kysely, row.receipt_file_id);
  if (!file) throw expenseNotFound(id);
  return file;
}
