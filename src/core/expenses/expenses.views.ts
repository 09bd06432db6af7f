import { money, type Money } from '../../shared/currencies.ts';
import type { ExpenseViewRow } from './expenses.repo.ts';
import type { CurrencyTotals, ExpenseCategory, ExpenseStatus } from './expenses.rules.ts';

export interface ExpenseView {
  id: string;
  engagementId: string;
  engagementNumber: string;
  userId: string;
  userName: string;
  date: string;
  category: ExpenseCategory;
  amount: Money;
  note: string;
  status: ExpenseStatus;
  receipt: { name: string; contentType: string; size: number; sha256: string; url: string };
  decidedBy: { id: string; name: string } | null;
  decidedAt: Date | null;
  rejectionReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ExpenseReportView {
  contractId: string | null;
  from: string | null;
  to: string | null;
  scope: 'all' | 'approved_only';
  totals: CurrencyTotals[];
  engagements: { engagementId: string; number: string; title: string; contractId: string; totals: CurrencyTotals[] }[];
}

/** The response view of an expense row: money with its currency, the receipt's download address. */
export const toExpenseView = (row: ExpenseViewRow): ExpenseView => ({
  id: row.id,
  engagementId: row.engagement_id,
  engagementNumber: row.engagement_number,
  userId: row.user_id,
  userName: row.user_name,
  date: row.date,
  category: row.category,
  amount: money(row.amount, row.currency),
  note: row.note,
  status: row.status,
  receipt: {
    name: row.receipt_name,
    contentType: row.receipt_type,
    size: row.receipt_size,
    sha256: row.receipt_sha256,
    url: `/api/v1/expenses/${row.id}/receipt`,
  },
  decidedBy: row.decided_by ? { id: row.decided_by, name: row.decided_by_name ?? row.decided_by } : null,
  decidedAt: row.decided_at,
  rejectionReason: row.status === 'rejected' ? row.decision_reason : null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});
