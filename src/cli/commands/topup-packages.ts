import type { Command } from 'commander';
import type { CreateTopUpPackageBody, TopUpPackage, UpdateTopUpPackageBody } from '../../shared/contracts/topups.ts';
import { AppError } from '../../shared/errors.ts';
import { parseAmount, type ContractUnit } from '../../shared/units.ts';
import { withApi } from '../client.ts';
import { printJsonOr, printTable } from '../output.ts';
import { minorOf } from './terms.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `--price EUR:3000.00` (repeatable) → prices in minor units; a price a currency cannot hold is MONEY_INVALID. */
export function pricesOf(given: readonly string[]): CreateTopUpPackageBody['prices'] {
  return given.map((text) => {
    const match = /^([A-Za-z]{3})[:=](.+)$/.exec(text.trim());
    if (!match)
      throw new AppError('VALIDATION_FAILED', `--price ${text}: write the currency and the amount, e.g. EUR:3000.00`);
    const currency = match[1]!.toUpperCase();
    return { currency, amountMinor: minorOf(match[2]!, currency, `--price ${text}`) };
  });
}

/** `--quantity 40h` (or 12.5su) in the ledger unit of `unit`. */
function quantityOf(text: string, unit: ContractUnit): number {
  const parsed = parseAmount(text, unit);
  if (!parsed.ok) throw new AppError('VALIDATION_FAILED', `--quantity: ${parsed.message}`);
  return parsed.amount;
}

/** A package on one line, as a person reads it. */
export const formatPackage = (p: TopUpPackage): string =>
  `Package ${p.id}: ${p.name}, ${p.quantity.display}, ${p.prices.map((m) => m.display).join(' / ') || 'no price'}${p.active ? '' : ' (retired)'}.`;

interface PackageOptions {
  name?: string;
  quantity?: string;
  unit?: string;
  price?: string[];
  retire?: boolean;
  reactivate?: boolean;
  json?: boolean;
}

/** `imr topups packages | package-add | package-set`: the firm's top-up packages. */
export function registerTopUpPackageCommands(topups: Command): void {
  topups
    .command('packages')
    .description('the top-up packages customers may ask for instead of a quantity (--all: retired too)')
    .option('--all', 'retired packages too')
    .option('--json', 'print JSON')
    .action(async (opts: { all?: boolean; json?: boolean }) =>
      withApi(async (c) => {
        const list = await c.request<{ items: TopUpPackage[] }>(
          'GET',
          `/api/v1/topup-packages${opts.all ? '' : '?active=true'}`,
        );
        printTable(
          list.items.map((p) => ({
            id: p.id,
            name: p.name,
            quantity: p.quantity.display,
            prices: p.prices.map((m) => m.display).join(' / '),
            status: p.active ? 'active' : 'retired',
          })),
          ['id', 'name', 'quantity', 'prices', 'status'],
          !!opts.json,
          list,
        );
      }),
    );

  topups
    .command('package-add <name>')
    .description('add a package: --quantity 40h (or 12.5su with --unit service_units) and a --price per currency')
    .requiredOption('--quantity <amount>', 'e.g. 40h, or 25su for service units')
    .option('--unit <unit>', 'hours | service_units', 'hours')
    .option('--price <CUR:amount>', 'a price, e.g. EUR:3000.00 (repeat for more currencies)', collect, [])
    .option('--json', 'print JSON')
    .action(async (name: string, opts: PackageOptions) =>
      withApi(async (c) => {
        const unit = opts.unit === 'service_units' ? 'service_units' : 'hours';
        const body: CreateTopUpPackageBody = {
          name,
          unit,
          quantity: quantityOf(opts.quantity ?? '', unit),
          prices: pricesOf(opts.price ?? []),
        };
        const p = await c.request<TopUpPackage>('POST', '/api/v1/topup-packages', body);
        printJsonOr(!!opts.json, p, () => formatPackage(p));
      }),
    );

  topups
    .command('package-set <id>')
    .description('rename, reprice (--price replaces every price), retire or reactivate a package')
    .option('--name <name>', 'new name')
    .option('--quantity <amount>', 'new quantity, e.g. 40h')
    .option('--price <CUR:amount>', 'the new prices (repeat per currency)', collect)
    .option('--retire', 'customers can no longer ask for it (requests made keep their price)')
    .option('--reactivate', 'offer it again')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: PackageOptions) =>
      withApi(async (c) => {
        const current = (await c.request<{ items: TopUpPackage[] }>('GET', '/api/v1/topup-packages')).items.find(
          (p) => p.id === id,
        );
        if (!current) throw new AppError('NOT_FOUND', `Top-up package ${id} not found.`);
        const body: UpdateTopUpPackageBody = {
          revision: current.revision,
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.quantity !== undefined ? { quantity: quantityOf(opts.quantity, current.unit) } : {}),
          ...(opts.price ? { prices: pricesOf(opts.price) } : {}),
          ...(opts.retire ? { active: false } : opts.reactivate ? { active: true } : {}),
        };
        const p = await c.request<TopUpPackage>('PATCH', `/api/v1/topup-packages/${encodeURIComponent(id)}`, body);
        printJsonOr(!!opts.json, p, () => formatPackage(p));
      }),
    );
}
