import type { Command } from 'commander';
import type { TermsInput, TermsResponse, TermsView } from '../../shared/contracts/commerce.ts';
import { AppError } from '../../shared/errors.ts';
import { parseMinor } from '../../shared/money.ts';
import { withApi, type ApiClient } from '../client.ts';
import { printJsonOr } from '../output.ts';
import { contractPath } from './ledger.ts';

/** A decimal the person typed ("50000.00") in minor units of `currency`, or a 400 saying what to write. */
export function minorOf(input: string, currency: string, what: string): number {
  const parsed = parseMinor(input, currency);
  if (!parsed.ok) throw new AppError('MONEY_INVALID', `${what}: ${parsed.message}`);
  return parsed.amountMinor;
}

/** The contract's terms currency (TERMS_MISSING when none is set and none is given). */
export async function termsCurrency(c: ApiClient, id: string, given?: string): Promise<string> {
  if (given) return given.toUpperCase();
  const response = await c.request<TermsResponse>('GET', contractPath(id, '/terms'));
  if (!response.terms) {
    throw new AppError(
      'TERMS_MISSING',
      'This contract has no commercial terms yet: set them first with `imr contracts terms CONTRACT --currency EUR …`.',
    );
  }
  return response.terms.currency;
}

export interface TermsOptions {
  currency?: string;
  price?: string;
  topupRate?: string;
  overageRate?: string;
  paymentDays?: string;
  legalName?: string;
  address?: string;
  taxId?: string;
  contactName?: string;
  contactEmail?: string;
  po?: string;
  json?: boolean;
}

const settingKeys = [
  'currency',
  'price',
  'topupRate',
  'overageRate',
  'paymentDays',
  'legalName',
  'address',
  'taxId',
  'contactName',
  'contactEmail',
  'po',
] as const;

/** The PUT body: the current terms with the options given laid over them (amounts typed as decimals). */
export function termsBody(current: TermsView | null, opts: TermsOptions): TermsInput {
  const currency = (opts.currency ?? current?.currency)?.toUpperCase();
  if (!currency)
    throw new AppError('VALIDATION_FAILED', 'This contract has no terms yet: give --currency (EUR, USD, JPY…).');
  const amount = (given: string | undefined, now: { amountMinor: number } | null | undefined, what: string) =>
    given !== undefined ? minorOf(given, currency, what) : (now?.amountMinor ?? null);
  const text = (given: string | undefined, now: string | null | undefined) =>
    given !== undefined ? given : (now ?? null);
  return {
    currency,
    retainerPriceMinor: amount(opts.price, current?.retainerPrice, '--price'),
    topupRateMinor: amount(opts.topupRate, current?.topupRate, '--topup-rate'),
    overageRateMinor: amount(opts.overageRate, current?.overageRate, '--overage-rate'),
    paymentTermDays: opts.paymentDays !== undefined ? Number(opts.paymentDays) : (current?.paymentTermDays ?? null),
    billingLegalName: text(opts.legalName, current?.billingLegalName),
    billingAddress: text(opts.address, current?.billingAddress),
    taxId: text(opts.taxId, current?.taxId),
    billingContactName: text(opts.contactName, current?.billingContactName),
    billingContactEmail: text(opts.contactEmail, current?.billingContactEmail) || null,
    purchaseOrder: text(opts.po, current?.purchaseOrder),
    ...(current ? { revision: current.revision } : {}),
  };
}

const show = (label: string, value: string | number | null | undefined) => `  ${label.padEnd(16)}${value ?? '—'}`;

export function formatTerms(number: string, response: { status: string; terms: TermsView | null }): string {
  const terms = response.terms;
  if (!terms) return `${number}: commercial terms missing (set them with --currency and the amounts).`;
  const per = terms.rateUnit === 'hour' ? 'per hour' : 'per unit';
  return [
    `${number}: commercial terms in ${terms.currency}`,
    show('retainer price', terms.retainerPrice?.display),
    show('top-up rate', terms.topupRate ? `${terms.topupRate.display} ${per}` : null),
    show('overage rate', terms.overageRate ? `${terms.overageRate.display} ${per}` : null),
    show('payment term', terms.paymentTermDays !== null ? `${terms.paymentTermDays} days` : null),
    show('legal name', terms.billingLegalName),
    show('address', terms.billingAddress?.replaceAll('\n', ', ')),
    show('tax id', terms.taxId),
    show('billing contact', [terms.billingContactName, terms.billingContactEmail].filter(Boolean).join(' ') || null),
    show('purchase order', terms.purchaseOrder),
  ].join('\n');
}

/** `imr contracts terms CONTRACT` shows the terms; with options it sets them (the rest stay as they are). */
export function registerTermsCommand(
  contracts: Command,
  contractId: (c: ApiClient, idOrNumber: string) => Promise<string>,
) {
  contracts
    .command('terms <contract>')
    .description("show a contract's commercial terms, or set them with the options (amounts as decimals: 50000.00)")
    .option('--currency <code>', 'ISO 4217 currency (EUR, USD, JPY…)')
    .option('--price <decimal>', "the retainer's price")
    .option('--topup-rate <decimal>', 'price per hour (hours contracts) or per unit of a top-up')
    .option('--overage-rate <decimal>', 'price per hour or unit consumed past zero')
    .option('--payment-days <days>', 'payment term in days')
    .option('--legal-name <name>', 'billing legal name')
    .option('--address <text>', 'billing address')
    .option('--tax-id <id>', 'tax id (VAT number)')
    .option('--contact-name <name>', 'billing contact name')
    .option('--contact-email <email>', 'billing contact email')
    .option('--po <number>', 'purchase-order number')
    .option('--json', 'print JSON')
    .action(async (idOrNumber: string, opts: TermsOptions) =>
      withApi(async (c) => {
        const id = await contractId(c, idOrNumber);
        const current = await c.request<{ status: 'set' | 'missing'; terms: TermsView | null }>(
          'GET',
          contractPath(id, '/terms'),
        );
        if (!settingKeys.some((k) => opts[k] !== undefined)) {
          printJsonOr(!!opts.json, current, () => formatTerms(idOrNumber, current));
          return;
        }
        const saved = await c.request<TermsView>('PUT', contractPath(id, '/terms'), termsBody(current.terms, opts));
        printJsonOr(!!opts.json, saved, () => `Saved.\n${formatTerms(idOrNumber, { status: 'set', terms: saved })}`);
      }),
    );
}
