import fs from 'node:fs';
import type { Command } from 'commander';
import { verifyLedgerExport } from '../../core/ledger/ledger.verify.ts';
import type { Balance, LedgerExport } from '../../shared/contracts/ledger.ts';
import { AppError } from '../../shared/errors.ts';
import { withApi, type ApiClient } from '../client.ts';
import { exitCodes } from '../exit-codes.ts';
import { printJsonOr } from '../output.ts';
import { resolveCustomer } from './customers.ts';

export const contractPath = (id: string, rest = ''): string => `/api/v1/contracts/${encodeURIComponent(id)}${rest}`;

/** A contract named by its id (ctr_…) or by its number (NW-IMR-2026). */
export async function contractId(client: ApiClient, idOrNumber: string): Promise<string> {
  if (idOrNumber.startsWith('ctr_')) return idOrNumber;
  const page = await client.request<{ items: { id: string }[] }>(
    'GET',
    `/api/v1/contracts?${new URLSearchParams({ number: idOrNumber })}`,
  );
  if (!page.items[0])
    throw new AppError('NOT_FOUND', `No contract has the number ${idOrNumber}. List them with \`imr contracts list\`.`);
  return page.items[0].id;
}

/** The balance as a person reads it. */
export function formatBalance(balance: Balance): string {
  const lines: [string, string][] = [
    ['Granted', balance.granted.display],
    ['Topped up', balance.toppedUp.display],
    ['Rolled over in', balance.rolledOverIn.display],
    ['Adjusted', balance.adjusted.display],
    ['Consumed', balance.consumed.display],
    ['Minimum true-ups', balance.minimumTrueUps.display],
    ['Expired', balance.expired.display],
    ['Rolled over out', balance.rolledOverOut.display],
    ['Balance', balance.balance.display],
    ['Reserved', balance.reserved.display],
    ['Available', balance.available.display],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  return [
    `Contract ${balance.contractNumber} (${balance.status}), term ${balance.termStart} to ${balance.termEnd}, ${balance.daysLeft} days left`,
    ...lines.map(([k, v]) => `  ${k.padEnd(width)}  ${v.padStart(12)}`),
    `  ${balance.percentConsumed} % consumed; burn rate ${balance.burnRatePerMonth.display} per month; ` +
      (balance.forecastDepletionDate
        ? `at this rate the balance runs out on ${balance.forecastDepletionDate}`
        : 'no depletion forecast (no recent consumption)'),
  ].join('\n');
}

/** What `imr balance` was given: a contract (id or number) or a customer (id or exact name), contracts first. */
async function balanceTarget(
  client: ApiClient,
  ref: string,
): Promise<{ contractId: string } | { customer: { id: string; name: string } }> {
  if (ref.startsWith('ctr_')) return { contractId: ref };
  if (ref.startsWith('cus_')) return { customer: await resolveCustomer(client, ref) };
  try {
    return { contractId: await contractId(client, ref) };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
  }
  try {
    return { customer: await resolveCustomer(client, ref) };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
    throw new AppError(
      'NOT_FOUND',
      `No contract has the number "${ref}" and no customer has that name. List them with \`imr contracts list\` or \`imr customers list\`.`,
    );
  }
}

export function registerLedgerCommands(program: Command): void {
  program
    .command('balance <customer-or-contract>')
    .description(
      'what is left: a contract (id or number), or every active contract of a customer (id or exact name): balance, reserved, available, burn rate, term end',
    )
    .option('--json', 'print JSON (a customer: an array of balances)')
    .action(async (ref: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const target = await balanceTarget(c, ref);
        if ('contractId' in target) {
          const balance = await c.request<Balance>('GET', contractPath(target.contractId, '/balance'));
          return printJsonOr(!!opts.json, balance, () => formatBalance(balance));
        }
        const contracts = await c.request<{ items: { id: string }[] }>(
          'GET',
          `/api/v1/contracts?${new URLSearchParams({ customerId: target.customer.id, status: 'active', limit: '200' })}`,
        );
        const balances: Balance[] = [];
        for (const contract of contracts.items)
          balances.push(await c.request<Balance>('GET', contractPath(contract.id, '/balance')));
        printJsonOr(!!opts.json, balances, () =>
          balances.length
            ? [`${target.customer.name}: ${balances.length} active contract(s)`, ...balances.map(formatBalance)].join(
                '\n\n',
              )
            : `${target.customer.name} has no active contract.`,
        );
      }),
    );

  const ledger = program.command('ledger').description("a contract's hash-chained ledger");
  ledger
    .command('export <contract>')
    .description('download the whole ledger as JSON (verifiable offline with `imr ledger verify`)')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (contract: string, opts: { out?: string }) =>
      withApi(async (c) => {
        const doc = await c.request<LedgerExport>('GET', contractPath(await contractId(c, contract), '/ledger/export'));
        const text = `${JSON.stringify(doc, null, 2)}\n`;
        if (!opts.out) return void process.stdout.write(text);
        fs.writeFileSync(opts.out, text);
        process.stderr.write(
          `Wrote ${doc.entries.length} entries of contract ${doc.contractNumber ?? doc.contractId} to ${opts.out}.\n`,
        );
      }),
    );
  ledger
    .command('verify <file>')
    .description(
      'check an exported ledger offline (no server, no database): exit 0 when the chain is intact, 9 when it is broken',
    )
    .option('--json', 'print the report as JSON')
    .action((file: string, opts: { json?: boolean }) => {
      let doc: unknown;
      try {
        doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        throw new AppError('VALIDATION_FAILED', `Cannot read ${file} as JSON: ${(e as Error).message}`);
      }
      const verdict = verifyLedgerExport(doc);
      printJsonOr(!!opts.json, verdict, () =>
        verdict.ok
          ? `Intact: ${verdict.entries} entries of contract ${verdict.contractId}, balance ${verdict.balance} ledger units, head hash ${verdict.headHash}.`
          : [
              `BROKEN: the chain of ${file} breaks at entry ${verdict.brokenAt!.position}${verdict.brokenAt!.seq !== null ? ` (seq ${verdict.brokenAt!.seq}, ${verdict.brokenAt!.id})` : ''}: ${verdict.brokenAt!.message}.`,
              ...verdict.problems
                .slice(1)
                .map((p) => `  also at entry ${p.position}${p.seq !== null ? ` (seq ${p.seq})` : ''}: ${p.message}`),
            ].join('\n'),
      );
      process.exitCode = verdict.ok ? exitCodes.ok : exitCodes.integrity;
    });
}
