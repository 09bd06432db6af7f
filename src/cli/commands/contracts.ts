import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { Contract } from '../../shared/contracts/contracts.ts';
import type { Balance } from '../../shared/contracts/ledger.ts';
import { AppError } from '../../shared/errors.ts';
import { parseAmount, type ContractUnit } from '../../shared/units.ts';
import { printJsonOr, printTable } from '../output.ts';
import { withApi } from '../client.ts';
import { contractId, contractPath, formatBalance } from './ledger.ts';
import { minorOf, registerTermsCommand, termsCurrency } from './terms.ts';

const contractRow = (contract: Contract) => ({
  id: contract.id,
  number: contract.number,
  customer: contract.customerName,
  status: contract.status,
  term: `${contract.termStart} – ${contract.termEnd}`,
  unit: contract.unit,
});

/** An amount that says its unit ("40h", "90m", "12.5su", or plain ledger units) in the contract's ledger unit. */
function amountIn(input: string, unit: ContractUnit, what: string): number {
  const parsed = parseAmount(input, unit);
  if (!parsed.ok) throw new AppError('VALIDATION_FAILED', `${what}: ${parsed.message}.`);
  return parsed.amount;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError('VALIDATION_FAILED', `${what} is not JSON: ${(e as Error).message}`);
  }
}

export function registerContractCommands(program: Command): void {
  const contracts = program.command('contracts').description('retainer contracts');
  registerContractListCommands(contracts);
  registerContractBalanceCommands(contracts);
  registerTermsCommand(contracts, contractId);
}

/** `imr contracts list` and `imr contracts create`. */
function registerContractListCommands(contracts: Command): void {
  contracts
    .command('list')
    .option('--customer <id>', 'only this customer')
    .option('--status <status>', 'draft | active | expired | terminated')
    .option('--json', 'print JSON')
    .action(async (opts: { customer?: string; status?: string; json?: boolean }) =>
      withApi(async (c) => {
        const params = new URLSearchParams({
          limit: '200',
          ...(opts.customer ? { customerId: opts.customer } : {}),
          ...(opts.status ? { status: opts.status } : {}),
        });
        const page = await c.request<{ items: Contract[] }>('GET', `/api/v1/contracts?${params}`);
        printTable(
          page.items.map(contractRow),
          ['id', 'number', 'customer', 'status', 'term', 'unit'],
          !!opts.json,
          page.items,
        );
      }),
    );
  contracts
    .command('create')
    .description('create a contract (active unless --draft) and post its initial grant')
    .requiredOption('--customer <id>', 'customer id')
    .requiredOption('--number <number>', 'contract number (unique)')
    .requiredOption('--start <date>', 'first day of the term, YYYY-MM-DD (customer time zone)')
    .requiredOption('--end <date>', 'last day of the term, YYYY-MM-DD (inclusive)')
    .option('--unit <unit>', 'hours | service_units', 'hours')
    .option('--units-per-hour <decimal>', 'service units per hour of effort (service-unit contracts)')
    .option('--initial <amount>', 'initial grant with its unit: 120h, 90m, 50su', '0')
    .option('--settings <json>', 'settings as JSON (missing fields take the defaults)')
    .option('--draft', 'create as a draft')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        customer: string;
        number: string;
        start: string;
        end: string;
        unit: string;
        unitsPerHour?: string;
        initial: string;
        settings?: string;
        draft?: boolean;
        json?: boolean;
      }) =>
        withApi(async (c) => {
          if (opts.unit !== 'hours' && opts.unit !== 'service_units')
            throw new AppError('VALIDATION_FAILED', '--unit must be hours or service_units.');
          const created = await c.request<Contract>('POST', '/api/v1/contracts', {
            customerId: opts.customer,
            number: opts.number,
            termStart: opts.start,
            termEnd: opts.end,
            unit: opts.unit,
            initialAmount: amountIn(opts.initial, opts.unit, '--initial'),
            ...(opts.unitsPerHour ? { unitsPerHour: opts.unitsPerHour } : {}),
            ...(opts.settings ? { settings: parseJson(opts.settings, '--settings') } : {}),
            ...(opts.draft ? { status: 'draft' } : {}),
          });
          printJsonOr(
            !!opts.json,
            created,
            () =>
              `Created ${created.id} ${created.number} (${created.status}, ${created.termStart} to ${created.termEnd}, grant ${created.initialAmount.display}).`,
          );
        }),
    );
}

/** `imr contracts show` (with the balance) and `imr contracts top-up`. */
function registerContractBalanceCommands(contracts: Command): void {
  contracts
    .command('show <contract>')
    .description('a contract (id or number), its settings and its balance')
    .option('--json', 'print JSON')
    .action(async (idOrNumber: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const id = await contractId(c, idOrNumber);
        const contract = await c.request<Contract>('GET', contractPath(id));
        const balance = await c.request<Balance>('GET', contractPath(id, '/balance'));
        const settings = contract.settings;
        printJsonOr(!!opts.json, { contract, balance }, () =>
          [
            `${contract.number}  ${contract.id}  ${contract.customerName} (${contract.timeZone})`,
            `  status ${contract.status}${contract.statusReason ? ` (${contract.statusReason})` : ''}, unit ${contract.unit}${contract.unitsPerHour ? ` at ${contract.unitsPerHour} SU/h` : ''}`,
            `  overdraft ${settings.overdraftPolicy.mode}${settings.overdraftPolicy.mode === 'allow_up_to' ? ` ${settings.overdraftPolicy.limit}` : ''}, expiry ${settings.expiryPolicy.mode}${settings.expiryPolicy.mode === 'rollover' ? ` ${settings.expiryPolicy.percent} %` : ''}, alerts at ${settings.alertThresholds.join('/')} %`,
            ...(contract.predecessorId ? [`  renews ${contract.predecessorId}`] : []),
            ...(contract.successorId ? [`  renewed by ${contract.successorId}`] : []),
            '',
            formatBalance(balance),
          ].join('\n'),
        );
      }),
    );
  contracts
    .command('top-up <contract> <amount>')
    .description('record units bought on a contract (id or number): AMOUNT says its unit (40h, 90m, 12.5su)')
    .requiredOption('--reference <reference>', 'purchase order or invoice reference')
    .option('--price <decimal>', "the top-up's price in the contract's currency (e.g. 6000.00)")
    .option('--currency <code>', "the price's currency (default: the contract's terms)")
    .option('--po <number>', 'purchase-order number, recorded with the price')
    .option('--idempotency-key <key>', 'retry-safe key (default: a new one per run)')
    .option('--json', 'print JSON')
    .action(
      async (
        idOrNumber: string,
        amount: string,
        opts: {
          reference: string;
          price?: string;
          currency?: string;
          po?: string;
          idempotencyKey?: string;
          json?: boolean;
        },
      ) =>
        withApi(async (c) => {
          const id = await contractId(c, idOrNumber);
          const contract = await c.request<Contract>('GET', contractPath(id));
          const currency = opts.price !== undefined ? await termsCurrency(c, id, opts.currency) : null;
          const body = {
            amount: amountIn(amount, contract.unit, 'AMOUNT'),
            reference: opts.reference,
            ...(currency && opts.price !== undefined
              ? { price: { amountMinor: minorOf(opts.price, currency, '--price'), currency } }
              : {}),
            ...(opts.po ? { purchaseOrder: opts.po } : {}),
          };
          const response = await c.request<{
            entry: {
              id: string;
              price?: { price: { display: string } | null; purchaseOrder: string | null };
              amount: { display: string };
              balanceAfter: { display: string };
              availableAfter: { display: string };
            };
          }>('POST', contractPath(id, '/top-ups'), body, {
            'idempotency-key': opts.idempotencyKey ?? `cli-${randomUUID()}`,
          });
          printJsonOr(
            !!opts.json,
            response,
            () =>
              `Topped up ${contract.number} by ${response.entry.amount.display} (${response.entry.id})${response.entry.price?.price ? ` for ${response.entry.price.price.display}${response.entry.price.purchaseOrder ? ` (PO ${response.entry.price.purchaseOrder})` : ''}` : ''}: balance ${response.entry.balanceAfter.display}, available ${response.entry.availableAfter.display}.`,
          );
        }),
    );
}
