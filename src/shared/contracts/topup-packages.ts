import { z } from 'zod';
import { MAX_POSTING } from '../units.ts';
import { AmountMinor, CurrencyCode, MoneyView } from './commerce.ts';
import { DisplayName, Instant, QuantitySchema, RevisionInput } from './common.ts';

/** One price of a package: `{ "currency": "EUR", "amountMinor": 300000 }` (3,000.00 EUR). */
export const PackagePriceInput = z.object({ currency: CurrencyCode, amountMinor: AmountMinor });

const packageFields = {
  name: DisplayName(120).describe('What the customer reads, e.g. "40-hour block".'),
  quantity: z
    .number()
    .int()
    .positive()
    .max(MAX_POSTING)
    .describe(
      `In the ledger unit of \`unit\`: minutes for hours contracts, hundredths of a service unit; 1 to ${MAX_POSTING}.`,
    ),
  prices: z
    .array(PackagePriceInput)
    .max(50)
    .describe('At most one price per currency; a contract can ask for the package only in its own currency.'),
};

/** POST /topup-packages: a new, active package. */
export const CreateTopUpPackageBody = z
  .object({ ...packageFields, unit: z.enum(['hours', 'service_units']).describe('The contracts it is for.') })
  .meta({ id: 'CreateTopUpPackageBody' });
export type CreateTopUpPackageBody = z.infer<typeof CreateTopUpPackageBody>;

/** PATCH /topup-packages/{id}: rename, reprice, retire (`active: false`) or reactivate; requests made keep theirs. */
export const UpdateTopUpPackageBody = z
  .object({
    name: packageFields.name.optional(),
    quantity: packageFields.quantity.optional(),
    prices: packageFields.prices.optional(),
    active: z.boolean().optional().describe('false retires the package: it can no longer be asked for.'),
    revision: RevisionInput.optional().describe('The revision you edited (optional).'),
  })
  .meta({ id: 'UpdateTopUpPackageBody' });
export type UpdateTopUpPackageBody = z.infer<typeof UpdateTopUpPackageBody>;

export const TopUpPackage = z
  .object({
    id: z.string(),
    name: z.string(),
    unit: z.enum(['hours', 'service_units']),
    quantity: QuantitySchema,
    prices: z.array(MoneyView),
    active: z.boolean(),
    revision: z.number().int(),
    updatedAt: Instant,
  })
  .meta({ id: 'TopUpPackage' });
export type TopUpPackage = z.infer<typeof TopUpPackage>;

/** A package as a contract's customer may ask for it: its quantity and its price in the contract's currency. */
export const OfferedTopUpPackage = z
  .object({ id: z.string(), name: z.string(), quantity: QuantitySchema, price: MoneyView })
  .meta({ id: 'OfferedTopUpPackage' });
export type OfferedTopUpPackage = z.infer<typeof OfferedTopUpPackage>;

export const TopUpPackageQuery = z.object({
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only active (true) or retired (false) packages.'),
});
