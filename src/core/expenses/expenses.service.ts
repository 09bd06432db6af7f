import type { Ctx } from '../context.ts';
import type { Deferred } from '../files/files.service.ts';
import { approveExpense, rejectExpense } from './decide.ts';
import type { NewExpense } from './expenses.checks.ts';
import type { ExpensesDeps } from './expenses.deps.ts';
import type { ExpenseStatus } from './expenses.rules.ts';
import { expenseReceipt, getExpense, listExpenses } from './read.ts';
import { expenseReport } from './report.ts';
import { submitExpense } from './submit.ts';

export type ExpensesService = ReturnType<typeof createExpensesService>;

/** Expenses of engagements: filed with a receipt by the team, decided by IR managers, billed at cost. */
export function createExpensesService(deps: ExpensesDeps) {
  return {
    /** Files an expense with its receipt on an engagement (submit.ts). */
    submit: (ctx: Ctx, engagementId: string, input: Deferred<NewExpense>) =>
      submitExpense(deps, ctx, engagementId, input),
    /** One expense the actor may see (read.ts). */
    get: (ctx: Ctx, id: string) => getExpense(deps, ctx, id),
    /** An engagement's expenses with totals per currency (read.ts). */
    list: (ctx: Ctx, engagementId: string, filter?: { status?: ExpenseStatus; cursor?: string; limit?: number }) =>
      listExpenses(deps, ctx, engagementId, filter),
    /** Approves a pending expense (decide.ts). */
    approve: (ctx: Ctx, id: string) => approveExpense(deps, ctx, id),
    /** Rejects a pending expense with a reason (decide.ts). */
    reject: (ctx: Ctx, id: string, reason: string) => rejectExpense(deps, ctx, id, reason),
    /** The receipt of an expense the actor may see (read.ts). */
    receipt: (ctx: Ctx, id: string) => expenseReceipt(deps, ctx, id),
    /** Totals per currency by engagement (report.ts). */
    report: (ctx: Ctx, query: { contractId?: string; from?: string; to?: string }) => expenseReport(deps, ctx, query),
  };
}
