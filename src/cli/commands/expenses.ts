import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { z } from 'zod';
import { parseMoney } from '../../shared/currencies.ts';
import type { Expense, ExpensePage, ExpenseReport, ExpenseTotals } from '../../shared/contracts/expenses.ts';
import { AppError } from '../../shared/errors.ts';
import { printJsonOr, printTable } from '../output.ts';
import { withApi } from '../client.ts';

type ExpenseJson = z.output<typeof Expense>;
type TotalsJson = z.output<typeof ExpenseTotals>;

const usage = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${field}: ${message}.`, { errors: [{ path: field, message }] });

const row = (expense: ExpenseJson) => ({
  id: expense.id,
  date: expense.date,
  category: expense.category,
  amount: expense.amount.display,
  status: expense.status,
  by: expense.userName,
  receipt: expense.receipt.name,
  note: expense.note,
});

const totalsLines = (totals: TotalsJson[]): string =>
  totals.length
    ? totals
        .map(
          (t) =>
            `  ${t.currency}: approved ${t.approved.display} (${t.approvedCount}), pending ${t.pending.display} (${t.pendingCount})`,
        )
        .join('\n')
    : '  (no expenses)';

export function registerExpenseCommands(program: Command): void {
  const expenses = program
    .command('expenses')
    .description('travel and expenses of engagements: billed at cost, never from the retainer');

  registerExpenseFilingCommands(expenses);
  registerExpenseReviewCommands(expenses);
}

/** `imr expenses add` (with the receipt) and `imr expenses list`. */
function registerExpenseFilingCommands(expenses: Command): void {
  expenses
    .command('add <engagement>')
    .description('file an expense with its receipt (PDF, PNG or JPEG, at most 10 MB) on an engagement (eng_…)')
    .requiredOption('--date <date>', 'day of the expense, YYYY-MM-DD')
    .requiredOption('--category <category>', 'airfare | lodging | ground_transport | meals | other')
    .requiredOption('--amount <amount>', 'in the currency, e.g. 123.45 (converted to minor units for the API)')
    .requiredOption('--currency <code>', 'ISO 4217 code, e.g. EUR')
    .requiredOption('--receipt <file>', 'the receipt file')
    .option('--note <text>', 'what it was for')
    .option('--json', 'print JSON')
    .action(
      async (
        engagement: string,
        opts: {
          date: string;
          category: string;
          amount: string;
          currency: string;
          receipt: string;
          note?: string;
          json?: boolean;
        },
      ) => {
        const currency = opts.currency.trim().toUpperCase();
        const amount = parseMoney(opts.amount, currency);
        if (!amount.ok) throw usage('--amount', amount.message);
        let content: Buffer;
        try {
          content = fs.readFileSync(opts.receipt);
        } catch (e) {
          throw usage(
            '--receipt',
            `cannot read ${opts.receipt} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
          );
        }
        const form = new FormData();
        form.append('date', opts.date);
        form.append('category', opts.category);
        form.append('amount', String(amount.amount));
        form.append('currency', currency);
        if (opts.note) form.append('note', opts.note);
        form.append('receipt', new Blob([new Uint8Array(content)]), path.basename(opts.receipt));
        await withApi(async (c) => {
          const expense = await c.request<ExpenseJson>(
            'POST',
            `/api/v1/engagements/${encodeURIComponent(engagement)}/expenses`,
            form,
          );
          printJsonOr(
            !!opts.json,
            expense,
            () =>
              `Filed ${expense.id}: ${expense.amount.display} ${expense.category} on ${expense.date} for ${expense.engagementNumber}, receipt ${expense.receipt.name} (${expense.receipt.contentType}); pending approval.`,
          );
        });
      },
    );

  expenses
    .command('list <engagement>')
    .description("an engagement's expenses, newest first, with totals per currency")
    .option('--status <status>', 'pending | approved | rejected')
    .option('--json', 'print JSON')
    .action(async (engagement: string, opts: { status?: string; json?: boolean }) =>
      withApi(async (c) => {
        const items: ExpenseJson[] = [];
        let cursor: string | null = null;
        let totals: TotalsJson[] = [];
        do {
          const params = new URLSearchParams({
            limit: '200',
            ...(opts.status ? { status: opts.status } : {}),
            ...(cursor ? { cursor } : {}),
          });
          const page: z.output<typeof ExpensePage> = await c.request(
            'GET',
            `/api/v1/engagements/${encodeURIComponent(engagement)}/expenses?${params}`,
          );
          items.push(...page.items);
          totals = page.totals;
          cursor = page.nextCursor;
        } while (cursor);
        if (opts.json) return printJsonOr(true, { items, totals }, () => '');
        printTable(items.map(row), ['id', 'date', 'category', 'amount', 'status', 'by', 'receipt', 'note'], false);
        process.stdout.write(`Totals:\n${totalsLines(totals)}\n`);
      }),
    );
}

/** `imr expenses approve`, `reject` and `report`. */
function registerExpenseReviewCommands(expenses: Command): void {
  expenses
    .command('approve <expense>')
    .description('approve a pending expense (IR managers, admins)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const expense = await c.request<ExpenseJson>('POST', `/api/v1/expenses/${encodeURIComponent(id)}/approve`);
        printJsonOr(
          !!opts.json,
          expense,
          () => `Approved ${expense.id}: ${expense.amount.display} for ${expense.engagementNumber}.`,
        );
      }),
    );

  expenses
    .command('reject <expense>')
    .description('reject a pending expense with a reason (IR managers, admins); the consultant is told')
    .requiredOption('--reason <text>', 'why')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { reason: string; json?: boolean }) =>
      withApi(async (c) => {
        const expense = await c.request<ExpenseJson>('POST', `/api/v1/expenses/${encodeURIComponent(id)}/reject`, {
          reason: opts.reason,
        });
        printJsonOr(
          !!opts.json,
          expense,
          () => `Rejected ${expense.id}: ${expense.amount.display} for ${expense.engagementNumber}.`,
        );
      }),
    );

  expenses
    .command('report')
    .description('totals per currency, approved and pending, by engagement')
    .option('--contract <id>', 'one contract (ctr_…)')
    .option('--from <date>', 'first expense date, YYYY-MM-DD')
    .option('--to <date>', 'last expense date, YYYY-MM-DD')
    .option('--json', 'print JSON')
    .action(async (opts: { contract?: string; from?: string; to?: string; json?: boolean }) =>
      withApi(async (c) => {
        const params = new URLSearchParams({
          ...(opts.contract ? { contractId: opts.contract } : {}),
          ...(opts.from ? { from: opts.from } : {}),
          ...(opts.to ? { to: opts.to } : {}),
        });
        const report = await c.request<z.output<typeof ExpenseReport>>('GET', `/api/v1/reports/expenses?${params}`);
        printJsonOr(!!opts.json, report, () =>
          [
            `All engagements:`,
            totalsLines(report.totals),
            ...report.engagements.flatMap((e) => [`${e.number} ${e.title}:`, totalsLines(e.totals)]),
          ].join('\n'),
        );
      }),
    );
}
