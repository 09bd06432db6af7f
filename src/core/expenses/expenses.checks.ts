import { MAX_EXPENSE_AMOUNT } from '../../shared/contracts/expenses.ts';
import { isCurrency } from '../../shared/currencies.ts';
import { AppError } from '../../shared/errors.ts';
import { isReceiptType, MAX_RECEIPT_BYTES, receiptTypes } from '../../shared/expenses.ts';
import { formatBytes } from '../files/files.rules.ts';
import { inspectFile, type UploadedFile } from '../files/files.service.ts';
import { latestExpenseDate, type ExpenseCategory } from './expenses.rules.ts';

export interface NewExpense {
  date: string;
  category: ExpenseCategory;
  /** Integer minor units of `currency`. */
  amount: number;
  /** Omitted: the contract's currency, else the firm's default (expenses.currency.ts). */
  currency?: string | undefined;
  note?: string | undefined;
  receipt: UploadedFile | undefined;
}

/** A refusal of one field of the expense (VALIDATION_FAILED naming the field). */
export const invalidExpense = (path: string, message: string): AppError =>
  new AppError('VALIDATION_FAILED', `The expense is invalid: ${path.replace(/^body\./, '')} ${message}.`, {
    errors: [{ path, message }],
  });

/** The refusal of a receipt over the limit (also raised while the multipart body is read). */
export const receiptTooLarge = (): AppError =>
  new AppError(
    'RECEIPT_TOO_LARGE',
    `The receipt is larger than ${formatBytes(MAX_RECEIPT_BYTES)}: scan it at a lower resolution or as a PDF, and try again.`,
    {
      maxBytes: MAX_RECEIPT_BYTES,
    },
  );

/** Field rules a request schema cannot know (the calendar, the currency list) and the limits for non-HTTP callers. */
export function checkFields(expense: NewExpense, now: Date): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(expense.date) || Number.isNaN(Date.parse(`${expense.date}T00:00:00Z`)))
    throw invalidExpense('body.date', 'must be a date YYYY-MM-DD');
  const latest = latestExpenseDate(now);
  if (expense.date > latest) throw invalidExpense('body.date', `must not be in the future (at the latest ${latest})`);
  if (!Number.isSafeInteger(expense.amount) || expense.amount < 1 || expense.amount > MAX_EXPENSE_AMOUNT) {
    throw invalidExpense('body.amount', `must be a whole number of minor units from 1 to ${MAX_EXPENSE_AMOUNT}`);
  }
  if (expense.currency !== undefined && !isCurrency(expense.currency))
    throw invalidExpense(
      'body.currency',
      `"${expense.currency}" is not an ISO 4217 currency in circulation (EUR, USD, GBP, JPY…)`,
    );
}

/** The receipt's bytes: present, at most 10 MB, and a PDF, PNG or JPEG by their content. */
export async function checkReceipt(receipt: UploadedFile | undefined) {
  if (!receipt || receipt.content.length === 0)
    throw invalidExpense(
      'body.receipt',
      'is required: attach the receipt as a PDF, PNG or JPEG file in the field `receipt`',
    );
  if (receipt.content.length > MAX_RECEIPT_BYTES) throw receiptTooLarge();
  const inspection = await inspectFile(receipt.content);
  if (!isReceiptType(inspection.contentType)) {
    throw new AppError(
      'RECEIPT_TYPE_NOT_ALLOWED',
      `The receipt must be a PDF, PNG or JPEG file; its content is ${inspection.recognised ? inspection.contentType : 'not one of them'} (the file name and declared type do not count). Scan or export it as PDF, PNG or JPEG and try again.`,
      { detected: inspection.contentType, allowed: [...receiptTypes] },
    );
  }
  return inspection;
}
