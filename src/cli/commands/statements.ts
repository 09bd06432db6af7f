import fs from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { z } from 'zod';
import type {
  RunStatementsResult,
  Statement,
  StatementList,
  StatementFigures,
  StatementPreview,
} from '../../shared/contracts/statements.ts';
import { formatMoney } from '../../shared/currencies.ts';
import { dayLabel, periodLabel } from '../../shared/statements.ts';
import { withApi } from '../client.ts';
import { printJsonOr, printTable } from '../output.ts';
import { contractId, contractPath } from './ledger.ts';

const statementPath = (id: string, rest = ''): string => `/api/v1/statements/${encodeURIComponent(id)}${rest}`;

/** The figures of a statement (or a preview) as a person reads them, below its heading. */
function figureLines(f: StatementFigures): string[] {
  const rows: [string, string][] = [
    ['Opening balance', f.opening.balance.display],
    ['Granted', f.movements.granted.display],
    ['Top-ups', f.movements.toppedUp.display],
    ['Consumed', f.movements.consumed.display],
    ['Minimum true-ups', f.movements.minimumTrueUps.display],
    ['Adjustments', f.movements.adjusted.display],
    ['Expired', f.movements.expired.display],
    ['Closing balance', f.closing.balance.display],
    ['Reserved', f.closing.reserved.display],
    ['Available', f.closing.available.display],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v.padStart(12)}`),
    `  Term ends ${dayLabel(f.termEnd)} (${f.daysLeft} days left); burn ${f.burnRatePerMonth.display} a month; ` +
      (f.forecastDepletionDate ? `runs out on ${dayLabel(f.forecastDepletionDate)}` : 'no depletion forecast'),
    ...f.consumptionByEngagement.map((e) => `  ${e.number} ${e.title}: ${e.consumed.display}`),
    ...f.expenses.map(
      (e) => `  T&E at cost (${e.currency}): ${formatMoney(e.amountMinor, e.currency)} in ${e.count} expense(s)`,
    ),
  ];
}

/** A statement's figures as a person reads them (no internal ids, human dates). */
export function formatStatement(f: StatementFigures): string {
  return [
    `Statement ${f.number}: ${f.customerName}, contract ${f.contractNumber}, ${periodLabel(f.period)}`,
    ...figureLines(f),
  ].join('\n');
}

/** A preview: the month to date, marked as not a statement (it has no number and is not stored). */
export function formatPreview(p: z.output<typeof StatementPreview>): string {
  const f = p.figures;
  const span = p.toDate < f.periodEnd ? 'so far' : 'in full';
  return [
    `${periodLabel(p.period)} ${span} (to ${dayLabel(p.toDate)}): ${f.customerName}, contract ${f.contractNumber}`,
    '  Not a statement: figures as of now, nothing is issued, stored or sent.',
    ...figureLines(f),
  ].join('\n');
}

export function registerStatementCommands(program: Command): void {
  const st = program.command('statements').description('monthly retainer statements: list, show, PDF, run a period');

  st.command('list <contract>')
    .description("a contract's statements (contract id or number), newest first")
    .option('--json', 'print JSON')
    .action(async (contract: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const list = await c.request<z.output<typeof StatementList>>(
          'GET',
          contractPath(await contractId(c, contract), '/statements'),
        );
        printTable(
          list.items.map((s) => ({
            id: s.id,
            number: s.number,
            period: periodLabel(s.period),
            closing: s.closing.display,
            available: s.available.display,
            delivered: `${s.deliveries.filter((d) => d.state === 'delivered').length}/${s.deliveries.length}`,
          })),
          ['id', 'number', 'period', 'closing', 'available', 'delivered'],
          !!opts.json,
          list,
        );
      }),
    );

  st.command('show <number-or-id>')
    .description("a statement's frozen figures")
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const s = await c.request<Statement>('GET', statementPath(id));
        printJsonOr(!!opts.json, s, () => formatStatement(s.figures));
      }),
    );

  st.command('preview <contract>')
    .description('this month so far as a statement would show it (contract id or number); not stored')
    .option('--period <YYYY-MM>', 'another month of the contract (to date when it is the current one)')
    .option('--json', 'print JSON')
    .action(async (contract: string, opts: { period?: string; json?: boolean }) =>
      withApi(async (c) => {
        const query = opts.period ? `?period=${encodeURIComponent(opts.period)}` : '';
        const p = await c.request<z.output<typeof StatementPreview>>(
          'GET',
          contractPath(await contractId(c, contract), `/statement-preview${query}`),
        );
        printJsonOr(!!opts.json, p, () => formatPreview(p));
      }),
    );

  st.command('pdf <number-or-id>')
    .description("write a statement's PDF to a file")
    .requiredOption('-o, --out <file>', 'where to write the PDF')
    .action(async (id: string, opts: { out: string }) =>
      withApi(async (c) => {
        const pdf = await c.request<{ filename: string; contentBase64: string }>(
          'GET',
          statementPath(id, '/pdf?format=base64'),
        );
        const bytes = Buffer.from(pdf.contentBase64, 'base64');
        fs.writeFileSync(opts.out, bytes);
        process.stdout.write(`Wrote ${pdf.filename} (${bytes.length} bytes) to ${opts.out}\n`);
      }),
    );

  /** Statements issued per request of a run: small enough for the progress bar to move. */
  const BATCH = 25;
  st.command('run')
    .description('issue what is missing of a period (admins); reports what was issued and skipped')
    .requiredOption('--period <YYYY-MM>', 'the calendar month, e.g. 2026-11')
    .option('--json', 'print JSON')
    .action(async (opts: { period: string; json?: boolean }) =>
      withApi(async (c) => {
        const bar =
          opts.json || !process.stderr.isTTY ? null : new cliProgress.SingleBar({}, cliProgress.Presets.shades_classic);
        // In batches, so the bar moves as statements are issued; a batch that issues nothing ends the run
        // (what is left failed, and is reported).
        const run = (): Promise<RunStatementsResult> =>
          c.request<RunStatementsResult>('POST', '/api/v1/statements/run', { period: opts.period, limit: BATCH });
        let r = await run();
        const issued = [...r.issued];
        bar?.start(issued.length + r.remaining, issued.length);
        while (r.remaining > 0 && r.issued.length > 0) {
          r = await run();
          issued.push(...r.issued);
          bar?.update(issued.length);
        }
        bar?.stop();
        const mine = new Set(issued.map((s) => s.contractId));
        r = { ...r, issued, skipped: r.skipped.filter((s) => !mine.has(s.contractId)) };
        printJsonOr(!!opts.json, r, () =>
          [
            `${periodLabel(r.period)}: ${r.issued.length} issued, ${r.skipped.length} skipped, ${r.failed.length} failed`,
            ...r.issued.map((s) => `  issued ${s.number}`),
            ...r.skipped.map((s) => `  skipped ${s.contractNumber}: ${s.reason}`),
            ...r.failed.map((s) => `  FAILED ${s.contractId}: ${s.error}`),
          ].join('\n'),
        );
      }),
    );
}
