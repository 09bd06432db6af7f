import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as expenses from '../../../shared/contracts/expenses.ts';
import { api } from '../../api/client.ts';
import { pagedListOf, type PagedList } from '../../api/paged.ts';

export type Expense = z.output<typeof expenses.Expense>;
export type ExpenseTotals = z.output<typeof expenses.ExpenseTotals>;
export type ExpensePage = z.output<typeof expenses.ExpensePage>;
export type ExpenseCategory = Expense['category'];
export type ExpenseStatus = Expense['status'];

/** Every expense query starts with this key: invalidating it refreshes lists and totals. */
export const expensesKey = ['expenses'] as const;
const engagementPath = (engagementId: string) => `/engagements/${encodeURIComponent(engagementId)}/expenses`;

/** An engagement's expenses, newest first, with "Load more", and the per-currency totals of all of them. */
export function useEngagementExpenses(
  engagementId: string,
  status?: ExpenseStatus,
): PagedList<Expense> & {
  totals: ExpenseTotals[];
  scope: ExpensePage['scope'] | undefined;
  /** The currency a new expense takes: the contract's, else the firm's default (undefined while loading). */
  defaultCurrency: string | undefined;
} {
  const query = useInfiniteQuery({
    queryKey: [...expensesKey, engagementId, { status }],
    queryFn: ({ pageParam, signal }) =>
      api<ExpensePage>(engagementPath(engagementId), { query: { status, limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const first = query.data?.pages[0];
  return {
    ...pagedListOf<Expense>(query),
    totals: first?.totals ?? [],
    scope: first?.scope,
    defaultCurrency: first?.defaultCurrency,
  };
}

/** What the "Add expense" form sends: the amount already in minor units of the currency. */
export interface NewExpense {
  date: string;
  category: ExpenseCategory;
  amount: number;
  currency: string;
  note: string;
  receipt: File;
}

/** POST /engagements/{id}/expenses as multipart/form-data (the receipt in the field `receipt`). */
export function useFileExpense(engagementId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (expense: NewExpense) => {
      const form = new FormData();
      form.append('date', expense.date);
      form.append('category', expense.category);
      form.append('amount', String(expense.amount));
      form.append('currency', expense.currency);
      if (expense.note.trim()) form.append('note', expense.note.trim());
      form.append('receipt', expense.receipt, expense.receipt.name);
      return api<Expense>(engagementPath(engagementId), { method: 'POST', body: form });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: expensesKey }),
  });
}

/** Approve or reject a pending expense (IR managers and admins; never one's own). */
export function useDecideExpense() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; decision: 'approve' } | { id: string; decision: 'reject'; reason: string }) =>
      input.decision === 'approve'
        ? api<Expense>(`/expenses/${encodeURIComponent(input.id)}/approve`, { method: 'POST' })
        : api<Expense>(`/expenses/${encodeURIComponent(input.id)}/reject`, {
            method: 'POST',
            body: { reason: input.reason },
          }),
    onSettled: () => qc.invalidateQueries({ queryKey: expensesKey }),
  });
}
