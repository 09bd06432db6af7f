import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { visibleExpense } from './expenses.access.ts';
import { invalidExpense } from './expenses.checks.ts';
import type { ExpensesDeps } from './expenses.deps.ts';
import { notifyRejected } from './expenses.notify.ts';
import { expensesPolicy } from './expenses.policy.ts';
import { expensesRepo } from './expenses.repo.ts';
import { assertExpenseTransition } from './expenses.rules.ts';
import { toExpenseView, type ExpenseView } from './expenses.views.ts';

/** Approves or rejects a pending expense (admins and IR managers, never their own approval), in one transaction. */
async function decide(
  deps: ExpensesDeps,
  ctx: Ctx,
  id: string,
  to: 'approved' | 'rejected',
  reason?: string,
): Promise<ExpenseView> {
  await deps.db.transaction(async (trx) => {
    const { row, scope } = await visibleExpense(trx, ctx.actor, id);
    authorize(ctx.actor, expensesPolicy.decide, 'Only IR managers and administrators approve or reject expenses.');
    if (to === 'approved' && row.user_id === ctx.actor.userId) {
      throw new AppError('FORBIDDEN', 'You filed this expense: another IR manager or an administrator approves it.');
    }
    const locked = (await expensesRepo.lock(trx, id))!;
    assertExpenseTransition(locked.status, to);
    const at = deps.clock.now();
    await expensesRepo.update(trx, id, {
      status: to,
      decided_by: ctx.actor.userId,
      decided_at: at,
      decision_reason: reason ?? null,
      updated_at: at,
    });
    await deps.audit.record(trx, ctx, {
      action: `expense.${to}`,
      entityType: 'expense',
      entityId: id,
      organizationId: scope.engagement.organizationId,
      before: { status: locked.status },
      after: {
        status: to,
        ...(reason ? { reason } : {}),
        engagementId: row.engagement_id,
        amount: row.amount,
        currency: row.currency,
      },
    });
    if (to === 'rejected') await notifyRejected(deps, trx, row, reason!, ctx.actor);
  });
  return toExpenseView((await expensesRepo.view(deps.db.kysely, id))!);
}

/** Approves a pending expense (admins and IR managers; someone else than the consultant who filed it). */
export async function approveExpense(deps: ExpensesDeps, ctx: Ctx, id: string): Promise<ExpenseView> {
  return decide(deps, ctx, id, 'approved');
}

/** Rejects a pending expense with a reason, which the consultant who filed it is told by email. */
export async function rejectExpense(deps: ExpensesDeps, ctx: Ctx, id: string, reason: string): Promise<ExpenseView> {
  const trimmed = reason.trim();
  if (trimmed.length < 3) throw invalidExpense('body.reason', 'must say why (at least 3 characters)');
  return decide(deps, ctx, id, 'rejected', trimmed);
}
