import type { DateOnly, Timestamp } from '../../db/types.ts';
import type { ExpenseCategory, ExpenseStatus } from './expenses.rules.ts';

/**
 * Travel and expenses of an engagement, billed to the customer at cost in their own currency: never
 * drawn from the retainer (nothing here touches the ledger). Amounts are integers in minor units.
 */
export interface ExpensesTable {
  id: string;
  engagement_id: string;
  /** The provider user who incurred and filed it. */
  user_id: string;
  date: DateOnly;
  category: ExpenseCategory;
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
  note: string;
  receipt_file_id: string;
  status: ExpenseStatus;
  decided_by: string | null;
  decided_at: Timestamp | null;
  /** Required for a rejection. */
  decision_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExpensesTables {
  expenses: ExpensesTable;
}
