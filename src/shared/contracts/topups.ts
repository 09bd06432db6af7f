import { z } from 'zod';
import { MAX_POSTING } from '../units.ts';
import { MoneyView } from './commerce.ts';
import { DisplayName, Instant, PageQuery, QuantitySchema } from './common.ts';
export * from './topup-packages.ts';

export const topUpRequestStatuses = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export const TopUpRequestStatus = z.enum(topUpRequestStatuses);
export type TopUpRequestStatus = z.infer<typeof TopUpRequestStatus>;

/**
 * What a customer's point of contact asks for: a quantity in the contract's ledger unit, or a catalog package
 * (one of the two: both or neither is 422 TOPUP_AMOUNT_OR_PACKAGE), with a purchase order.
 */
export const TopUpRequestBody = z.object({
  amount: z
    .number()
    .int()
    .positive()
    .max(MAX_POSTING)
    .optional()
    .describe(
      `Integer in the contract's ledger unit, as top-ups (minutes, or hundredths of a service unit), 1 to ${MAX_POSTING}. Give this or packageId.`,
    ),
  packageId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe(
      'A top-up package (GET /contracts/{id}/topup-packages) instead of a quantity: its quantity and its price in the contract currency are recorded with the request.',
    ),
  purchaseOrder: DisplayName(200).describe('Your purchase-order number: the top-up is recorded against it.'),
  note: z.string().trim().max(2000).optional().describe('Anything the account team should know.'),
});
export type TopUpRequestBody = z.infer<typeof TopUpRequestBody>;

export const DeclineTopUpBody = z.object({
  reason: z.string().trim().min(3).max(2000).describe('Why the request is declined: the customer reads it.'),
});

export const TopUpRequestParams = z.object({ id: z.string().min(1).max(64), requestId: z.string().min(1).max(64) });
export const TopUpRequestIdParam = z.object({ requestId: z.string().min(1).max(64) });

export const TopUpRequestQuery = PageQuery.extend({
  status: TopUpRequestStatus.optional().describe('Only requests in this status.'),
});

export const TopUpRequest = z
  .object({
    id: z.string(),
    contractId: z.string(),
    contractNumber: z.string(),
    customerId: z.string(),
    customerName: z.string(),
    amount: QuantitySchema,
    package: z
      .object({ id: z.string(), name: z.string(), price: MoneyView })
      .nullable()
      .describe('The catalog package asked for, with its name and price as they were when the request was made.'),
    purchaseOrder: z.string(),
    note: z.string().nullable(),
    status: TopUpRequestStatus,
    requestedBy: z.string().describe("The contact's name."),
    requestedAt: Instant,
    source: z
      .object({ type: z.enum(['work_order', 'change_order']), number: z.string().nullable() })
      .nullable()
      .describe('The approval page the request was made from, if any.'),
    decidedAt: Instant.nullable(),
    decidedBy: z.string().nullable().describe('Who accepted, declined or withdrew it (a name).'),
    declineReason: z.string().nullable(),
    topUp: z
      .object({ entryId: z.string(), balanceAfter: QuantitySchema, availableAfter: QuantitySchema })
      .nullable()
      .describe('The ledger entry an accepted request posted.'),
    price: MoneyView.nullable().describe(
      "The top-up's price: a package's price frozen with the request; otherwise, once accepted, the contract's top-up rate × quantity; null while pending or when the contract has no terms (not recorded).",
    ),
  })
  .meta({ id: 'TopUpRequest' });
export type TopUpRequest = z.infer<typeof TopUpRequest>;
