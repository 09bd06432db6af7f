import fs from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { BillingRun, BillingRunBatch, BillingRunList, TermsMissing } from '../../shared/contracts/invoicing.ts';
import { billingKindLabels } from '../../shared/contracts/invoicing.ts';
import { dayLabel, periodLabel } from '../../shared/statements.ts';
import { AppError } from '../../shared/errors.ts';
import { withApi } from '../client.ts';
import { printJsonOr, printTable } from '../output.ts';

/** Contracts billed per request of a run: small enough for the progress bar to move. */
const BATCH = 10;

const runPath = (id: string, rest = ''): string => `/api/v1/billing/runs/${encodeURIComponent(id)}${rest}`;

const totalsText = (totals: BillingRun['totals']): string =>
  totals.length ? totals.map((t) => t.display).join(' + ') : 'nothing priced';

const missingText = (missing: readonly TermsMissing[]): string[] =>
  missing.map((m) => `  terms missing: ${m.customerName}, contract ${m.contractNumber} (${m.reason})`);

/** A run as a finance user reads it: its lines by customer, totals by currency, what waits for terms. */
export function formatRun(r: BillingRun): string {
  const head = `Billing ${periodLabel(r.period)}: ${r.lines.length} new line(s), ${totalsText(r.totals)}`;
  const lines = r.lines.map(
    (l) =>
      `  ${String(l.position).padStart(3)}. ${dayLabel(l.date)}  ${l.customerName} ${l.contractNumber}  ` +
      `${billingKindLabels[l.kind]}: ${l.description}` +
      (l.engagements.length ? ` [${l.engagements.join(', ')}]` : '') +
      `  ${l.amount?.display ?? 'price not recorded'}` +
      (l.purchaseOrder ? `  PO ${l.purchaseOrder}` : '') +
      (l.invoiceNumber ? `  invoice ${l.invoiceNumber}` : ''),
  );
  const waiting = r.waiting.map((name) => `  waiting: ${name} (the month has not ended in its time zone)`);
  return [head, ...lines, ...waiting, ...missingText(r.termsMissing)].join('\n');
}

export function registerBillingCommands(program: Command): void {
  const billing = program
    .command('billing')
    .description('billing exports for invoicing (admins, account managers): run a period, list, show, CSV, PDF');

  billing
    .command('run')
    .description("export a period's invoiceable items not exported before (a second run exports nothing new)")
    .requiredOption('--period <YYYY-MM>', 'the calendar month, e.g. 2026-11')
    .option('--json', 'print JSON')
    .action(async (opts: { period: string; json?: boolean }) =>
      withApi(async (c) => {
        const bar =
          opts.json || !process.stderr.isTTY
            ? null
            : new cliProgress.SingleBar(
                { format: 'billing {bar} {value}/{total} contracts | {lines} line(s)' },
                cliProgress.Presets.shades_classic,
              );
        try {
          // In batches of contracts, so the bar moves as they are billed; every batch goes into the same run.
          let r = await c.request<BillingRunBatch>('POST', '/api/v1/billing/runs', {
            period: opts.period,
            limit: BATCH,
          });
          const waiting = new Set(r.waiting);
          let done = r.billed;
          bar?.start(done + r.remaining, done, { lines: r.lines.length });
          while (r.remaining > 0 && r.next) {
            r = await c.request<BillingRunBatch>('POST', runPath(r.id, '/continue'), { after: r.next, limit: BATCH });
            for (const name of r.waiting) waiting.add(name);
            done += r.billed;
            bar?.update(done, { lines: r.lines.length });
          }
          bar?.stop();
          const run: BillingRun = { ...r, waiting: [...waiting] };
          printJsonOr(!!opts.json, run, () => `${formatRun(run)}\nRun ${run.id}`);
        } finally {
          bar?.stop();
        }
      }),
    );

  billing
    .command('list')
    .description('billing runs, newest first, with totals by currency')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) =>
      withApi(async (c) => {
        const list = await c.request<BillingRunList>('GET', '/api/v1/billing/runs');
        printTable(
          list.items.map((r) => ({
            id: r.id,
            period: periodLabel(r.period),
            lines: r.lineCount,
            invoiced: `${r.invoicedCount}/${r.lineCount}`,
            totals: totalsText(r.totals),
          })),
          ['id', 'period', 'lines', 'invoiced', 'totals'],
          !!opts.json,
          list,
        );
        if (!opts.json && list.termsMissing.length)
          process.stdout.write(`${missingText(list.termsMissing).join('\n')}\n`);
      }),
    );

  billing
    .command('show <id>')
    .description('one run with its lines (--csv: the CSV a finance system imports; --pdf FILE: the summary)')
    .option('--csv', 'print the CSV')
    .option('--pdf <file>', 'write the PDF billing summary to a file')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { csv?: boolean; pdf?: string; json?: boolean }) =>
      withApi(async (c) => {
        if (opts.csv) {
          const response = await c.raw('GET', runPath(id, '?format=csv'));
          if (response.status >= 400) await c.request('GET', runPath(id, '?format=csv'));
          process.stdout.write(response.text);
          return;
        }
        if (opts.pdf) {
          const pdf = await c.request<{ filename: string; contentBase64: string }>(
            'GET',
            runPath(id, '/pdf?format=base64'),
          );
          const bytes = Buffer.from(pdf.contentBase64, 'base64');
          fs.writeFileSync(opts.pdf, bytes);
          process.stdout.write(`Wrote ${pdf.filename} (${bytes.length} bytes) to ${opts.pdf}\n`);
          return;
        }
        const r = await c.request<BillingRun>('GET', runPath(id));
        printJsonOr(!!opts.json, r, () => formatRun(r));
      }),
    );

  billing
    .command('invoice <run>')
    .description('record an invoice number on one line (--line) or on every line of one customer (--customer)')
    .requiredOption('--number <invoice>', 'the invoice number from the finance system')
    .option('--line <lineId>', 'the line id (from `billing show --json` or the CSV)')
    .option('--customer <customerId>', "the customer's id: every line of that customer in the run")
    .option('--json', 'print JSON')
    .action(async (run: string, opts: { number: string; line?: string; customer?: string; json?: boolean }) =>
      withApi(async (c) => {
        if (!opts.line === !opts.customer)
          throw new AppError('VALIDATION_FAILED', 'Give exactly one of --line or --customer.');
        const path = opts.line
          ? runPath(run, `/lines/${encodeURIComponent(opts.line)}`)
          : runPath(run, `/customers/${encodeURIComponent(opts.customer!)}`);
        const r = await c.request<{ lines: BillingRun['lines'] }>('PATCH', path, { invoiceNumber: opts.number });
        printJsonOr(!!opts.json, r, () => `Invoice ${opts.number} recorded on ${r.lines.length} line(s).`);
      }),
    );
}
