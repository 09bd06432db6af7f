import type { MantineColor } from '@mantine/core';
import { expenseCategoryValues } from '../../../shared/contracts/expenses.ts';
import type { ExpenseCategory } from './expenses.api.ts';
import { labels } from '../../../shared/labels.ts';

export const categoryLabels: Record<ExpenseCategory, string> = labels.expenseCategory;

export const categoryOptions = expenseCategoryValues.map((c) => ({ value: c, label: categoryLabels[c] }));

export const expenseStatusColors: Record<string, MantineColor> = {
  pending: 'yellow',
  approved: 'green',
  rejected: 'red',
};

/** File sizes as people read them ("612 KB", "2.4 MB"). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
