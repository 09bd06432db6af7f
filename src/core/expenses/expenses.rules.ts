import { DateTime } from 'luxon';
import type { expenseCategoryValues, expenseStatusValues } from '../../shared/contracts/expenses.ts';
import { AppError } from '../../shared/errors.ts';
import { money, type Money } from '../../shared/currencies.ts';

export type ExpenseCategory = (typeof expenseCategoryValues)[number];
export type ExpenseStatus = (typeof expenseStatusValues)[number];

/** An IR manager decides once: pending → approved | rejected; both are final. */
export const expenseTransitions: Record<ExpenseStatus, readonly ExpenseStatus[]> = {
  pending: ['approved', 'rejected'],
  approved: [],
  rejected: [],
};

export function assertExpenseTransition(from: ExpenseStatus, to: ExpenseStatus): void {
  if (expenseTransitions[from].includes(to)) return;
  throw new AppError(
    'INVALID_TRANSITION',
    `The expense is ${from}: it cannot become ${to}. Only a pending expense is approved or rejected, once; file a new expense to correct one.`,
    { from, to, allowed: expenseTransitions[from] },
  );
}

/**
 * The latest date an expense may carry at `now`: today where the calendar is furthest ahead (UTC+14),
 * so a consultant anywhere may file today's receipt, and nobody files one dated in the future.
 */
export const latestExpenseDate = (now: Date): string =>
  DateTime.fromJSDate(now, { zone: 'Pacific/Kiritimati' }).toISODate()!;

export interface CurrencyTotals {
  currency: string;
  approved: Money;
  pending: Money;
  approvedCount: number;
  pendingCount: number;
}

/**
 * Totals per currency of approved and pending expenses (rejected ones count nowhere), sorted by currency.
 * Amounts stay in their own currency: nothing is converted.
 */
export function totalsByCurrency(
  rows: readonly { currency: string; status: ExpenseStatus; amount: number; count: number }[],
): CurrencyTotals[] {
  const byCurrency = new Map<
    string,
    { approved: number; pending: number; approvedCount: number; pendingCount: number }
  >();
  for (const row of rows) {
    if (row.status === 'rejected') continue;
    const sums = byCurrency.get(row.currency) ?? { approved: 0, pending: 0, approvedCount: 0, pendingCount: 0 };
    if (row.status === 'approved') {
      sums.approved += row.amount;
      sums.approvedCount += row.count;
    } else {
      sums.pending += row.amount;
      sums.pendingCount += row.count;
    }
    byCurrency.set(row.currency, sums);
  }
  return [...byCurrency.entries()]
    .sort(([first], [second]) => first.localeCompare(second))
    .map(([currency, sums]) => ({
      currency,
      approved: money(sums.approved, currency),
      pending: money(sums.pending, currency),
      approvedCount: sums.approvedCount,
      pendingCount: sums.pendingCount,
    }));
}

/**
 * T&E billed at cost in a period: the approved expenses whose date (a calendar day) falls within
 * [firstDay, lastDay] of the period in the customer's zone. Statements select with it (`filter`); a billing
 * export uses the same function.
 */
export const billedAtCostIn = (firstDay: string, lastDay: string) => ({
  filter: { status: 'approved' as const, from: firstDay, to: lastDay },
  includes: (expense: { status: ExpenseStatus; date: string }): boolean =>
    expense.status === 'approved' && expense.date >= firstDay && expense.date <= lastDay,
});
