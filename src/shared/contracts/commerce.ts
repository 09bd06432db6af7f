import { z } from 'zod';
import { isCurrencyCode, MAX_MINOR } from '../money.ts';
import { RevisionInput } from './common.ts';

/**
 * Wire form of money (see src/core/commerce/README.md): integer minor units of an ISO 4217 currency,
 * `{ "amountMinor": 5000000, "currency": "EUR" }` is 50,000.00 EUR; JPY has 0 decimals, KWD/BHD 3. A
 * fraction (12.5) or an amount past 2^53 - 1 is a 400 naming the field. Responses add `display`.
 */
export const CurrencyCode = z
  .string()
  .refine(isCurrencyCode, 'an ISO 4217 currency in circulation, upper case, such as EUR, USD or JPY')
  .describe('ISO 4217 currency in circulation, upper case (EUR, USD, JPY, KWD…).');

export const AmountMinor = z
  .number()
  .int('a whole number of minor units: 123.45 EUR is 12345')
  .min(0)
  .max(MAX_MINOR)
  .describe('Integer in the minor unit of the currency (cents for EUR, yen for JPY, fils for KWD).');

export const MoneyInput = z.object({ amountMinor: AmountMinor, currency: CurrencyCode });
export type MoneyInput = z.infer<typeof MoneyInput>;

export const MoneyView = z
  .object({
    amountMinor: z.number().int(),
    currency: z.string(),
    display: z.string().describe('As a person reads it, e.g. "€50,000.00".'),
  })
  .meta({ id: 'MoneyView' });
export type MoneyView = z.infer<typeof MoneyView>;

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** PUT body: the whole set of terms (absent or null optional fields are cleared). Amounts in minor units of `currency`. */
export const TermsInput = z
  .object({
    currency: CurrencyCode,
    retainerPriceMinor: AmountMinor.nullable().optional().describe('What the customer paid for the initial block.'),
    topupRateMinor: AmountMinor.nullable()
      .optional()
      .describe('Price per hour (hours contracts) or per service unit (service-units contracts).'),
    overageRateMinor: AmountMinor.nullable()
      .optional()
      .describe('Per hour or unit consumed past zero, where the overdraft policy allows it.'),
    paymentTermDays: z.number().int().min(0).max(365).nullable().optional(),
    billingLegalName: optionalText(200),
    billingAddress: optionalText(1000),
    taxId: optionalText(64),
    billingContactName: optionalText(200),
    billingContactEmail: z.email().max(320).nullable().optional(),
    purchaseOrder: optionalText(100),
    /** The revision you edited (omit when the contract has no terms yet). */
    revision: RevisionInput.optional(),
  })
  .meta({ id: 'TermsInput' });
export type TermsInput = z.infer<typeof TermsInput>;

/** The full terms, for staff who manage money (admin, account team). */
export const TermsView = z
  .object({
    contractId: z.string(),
    currency: z.string(),
    retainerPrice: MoneyView.nullable(),
    topupRate: MoneyView.nullable().describe('Per hour or per service unit, as `rateUnit` says.'),
    overageRate: MoneyView.nullable(),
    rateUnit: z.enum(['hour', 'service_unit']),
    paymentTermDays: z.number().int().nullable(),
    billingLegalName: z.string().nullable(),
    billingAddress: z.string().nullable(),
    taxId: z.string().nullable(),
    billingContactName: z.string().nullable(),
    billingContactEmail: z.string().nullable(),
    purchaseOrder: z.string().nullable(),
    revision: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ContractTerms' });
export type TermsView = z.infer<typeof TermsView>;

/** What a customer's own users see: the retainer's price only. */
export const CustomerTermsView = z
  .object({ currency: z.string(), retainerPrice: MoneyView.nullable() })
  .meta({ id: 'CustomerContractTerms' });
export type CustomerTermsView = z.infer<typeof CustomerTermsView>;

/** GET …/terms: `terms` null when none are set ("terms missing"); the shape depends on who asks. */
export const TermsResponse = z
  .object({
    status: z.enum(['set', 'missing']),
    terms: z.union([TermsView, CustomerTermsView]).nullable(),
  })
  .meta({ id: 'ContractTermsResponse' });
export type TermsResponse = z.infer<typeof TermsResponse>;

/** Optional money fields of a top-up posting: the API records only what is sent. */
export const TopupPriceInput = z.object({
  price: MoneyInput.optional().describe(
    "The top-up's price in the contract's currency; the web offers the contract's rate × quantity as a default.",
  ),
  purchaseOrder: z.string().trim().min(1).max(100).optional(),
});
export type TopupPriceInput = z.infer<typeof TopupPriceInput>;

/** A top-up's price as views show it: `recorded` false for top-ups posted without one ("not recorded"). */
export const TopupPriceView = z
  .object({
    recorded: z.boolean(),
    price: MoneyView.nullable(),
    purchaseOrder: z.string().nullable(),
    invoiced: z.boolean(),
    invoiceReference: z.string().nullable(),
  })
  .meta({ id: 'TopupPrice' });
export type TopupPriceView = z.infer<typeof TopupPriceView>;
