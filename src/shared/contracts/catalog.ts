import { z } from 'zod';
import { deliverableKinds, requestKinds } from '../domain.ts';
import { DisplayName, Instant, OneLineText, QuantitySchema, RevisionInput } from './common.ts';

const Minutes = z.number().int().min(0).max(10_000_000);

/** A size of a catalog item as clients send it: integers in minutes and hundredths of a service unit. */
export const CatalogSizeInput = z.object({
  code: DisplayName(20).describe('Short code such as S, M, L.'),
  label: OneLineText(100).optional(),
  estimateMinutes: Minutes.describe('Estimated effort in minutes.'),
  fixedPriceUnits: Minutes.nullable().describe(
    'Fixed price in hundredths of a service unit (1600 = 16.00 SU); null: time and materials only.',
  ),
  fixedPriceMinutes: Minutes.nullable()
    .optional()
    .describe(
      'Fixed price for hours contracts, in minutes; defaults to the estimate when a fixed price in units is given.',
    ),
});

export const CatalogSize = z
  .object({
    code: z.string(),
    label: z.string().nullable(),
    estimateMinutes: z.number().int(),
    fixedPriceUnits: z.number().int().nullable(),
    fixedPriceMinutes: z.number().int().nullable(),
    estimate: QuantitySchema,
    fixedPriceInUnits: QuantitySchema.nullable(),
    fixedPriceInHours: QuantitySchema.nullable(),
  })
  .meta({ id: 'CatalogSize' });

export const CatalogItem = z
  .object({
    id: z.string(),
    kind: z.enum(requestKinds),
    name: z.string(),
    description: z.string().describe('The standard scope.'),
    sizes: z.array(CatalogSize),
    deliverables: z.array(z.enum(deliverableKinds)),
    minimumBillableMinutes: z.number().int(),
    minimumBillable: QuantitySchema,
    leadTimeDays: z.number().int(),
    requiredSkills: z.array(z.string()),
    active: z.boolean(),
    revision: z.number().int(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'CatalogItem' });
export type CatalogItem = z.infer<typeof CatalogItem>;

const itemFields = {
  kind: z.enum(requestKinds),
  name: DisplayName(200),
  description: z.string().trim().min(1).max(20_000),
  sizes: z.array(CatalogSizeInput).max(10),
  deliverables: z.array(z.enum(deliverableKinds)).max(20),
  minimumBillableMinutes: Minutes,
  leadTimeDays: z.number().int().min(0).max(365),
  requiredSkills: z.array(DisplayName(100)).max(30),
  active: z.boolean(),
};

export const CreateCatalogItemBody = z.object({
  ...itemFields,
  sizes: itemFields.sizes.default([]),
  deliverables: itemFields.deliverables.default([]),
  minimumBillableMinutes: Minutes.default(0),
  leadTimeDays: itemFields.leadTimeDays.default(0),
  requiredSkills: itemFields.requiredSkills.default([]),
  active: z.boolean().default(true),
});
export type CreateCatalogItemBody = z.infer<typeof CreateCatalogItemBody>;

export const UpdateCatalogItemBody = z
  .object({
    ...(Object.fromEntries(Object.entries(itemFields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof itemFields]: z.ZodOptional<(typeof itemFields)[K]>;
    }),
    revision: RevisionInput.optional().describe('The revision you edited; a stale one is refused with STALE_REVISION.'),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'revision'), { message: 'give at least one field to change' });
export type UpdateCatalogItemBody = z.infer<typeof UpdateCatalogItemBody>;

export const CatalogListQuery = z.object({
  kind: z.enum(requestKinds).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
