import type { ExpensesDeps } from '../expenses/expenses.deps.ts';

/** The same collaborators as expenses: files, customers (contacts to notify), audit and outbox. */
export type DeliverablesDeps = ExpensesDeps;
