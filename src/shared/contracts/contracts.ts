import { z } from 'zod';
import { BusinessDate, CalendarDate, DisplayName, Instant, QuantitySchema, RevisionInput } from './common.ts';
import { ContractSettings, ContractSettingsPatch } from './contract-settings.ts';

export const contractStatuses = ['draft', 'active', 'expired', 'terminated'] as const;
export const ContractStatus = z.enum(contractStatuses);
export const ContractUnit = z.enum(['hours', 'service_units']);

/** Service units per hour of effort: a decimal string with at most two decimals, such as "1.5". */
export const UnitsPerHour = z
  .string()
  .regex(/^\d{1,6}(\.\d{1,2})?$/, 'a decimal string such as "1.5" with at most two decimals')
  .refine((s) => Number(s) > 0, 'must be greater than 0');

const ContractNumber = DisplayName(60);

export const CreateContractBody = z.object({
  customerId: z.string().min(1).max(64),
  number: ContractNumber.describe('Unique (case-insensitive), e.g. "NW-2026-01".'),
  termStart: BusinessDate.describe("First day of the term (inclusive), in the customer's time zone."),
  termEnd: BusinessDate.describe("Last day of the term (inclusive), in the customer's time zone."),
  unit: ContractUnit,
  unitsPerHour: UnitsPerHour.optional().describe('Service-unit contracts only.'),
  initialAmount: z
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .default(0)
    .describe(
      'Posted as the grant, in ledger units: minutes (hours contracts) or hundredths (service units). 0 posts no grant.',
    ),
  settings: ContractSettingsPatch.optional().describe(
    'Every field optional; missing ones take the defaults of the domain.',
  ),
  status: z.enum(['draft', 'active']).default('active').describe('Created active unless "draft".'),
});

export const UpdateContractBody = z
  .object({
    number: ContractNumber.optional(),
    termStart: BusinessDate.optional(),
    termEnd: BusinessDate.optional(),
    unitsPerHour: UnitsPerHour.optional(),
    settings: ContractSettingsPatch.optional().describe(
      'Merged into the stored settings: objects key by key, arrays and policies replaced whole.',
    ),
    revision: RevisionInput.optional().describe(
      'The revision you edited (or send If-Match); a newer one answers 409 STALE_REVISION.',
    ),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'revision'), {
    message: 'give at least one of number, termStart, termEnd, unitsPerHour, settings',
  });

export const TerminateContractBody = z.object({ reason: z.string().trim().min(3).max(1000) });

export const RenewContractBody = z.object({
  number: ContractNumber,
  termStart: BusinessDate.optional().describe("Default: the day after the predecessor's term end."),
  termEnd: BusinessDate.optional().describe("Default: a term as long as the predecessor's."),
  initialAmount: z.number().int().min(0).max(10_000_000).default(0),
  unitsPerHour: UnitsPerHour.optional().describe("Default: the predecessor's."),
  settings: ContractSettingsPatch.optional().describe("Merged into a copy of the predecessor's settings."),
  status: z.enum(['draft', 'active']).default('active'),
});

export const ContractListQuery = z.object({
  customerId: z.string().max(64).optional(),
  status: ContractStatus.optional(),
  number: z.string().trim().min(1).max(60).optional().describe('Exact contract number (case-insensitive).'),
});

export const Contract = z
  .object({
    id: z.string(),
    customerId: z.string(),
    customerName: z.string(),
    organizationId: z.string(),
    timeZone: z.string().describe("The customer's time zone: term dates are counted in it."),
    number: z.string(),
    status: ContractStatus,
    statusReason: z.string().nullable(),
    statusChangedAt: Instant.nullable(),
    termStart: CalendarDate,
    termEnd: CalendarDate,
    unit: ContractUnit,
    unitsPerHour: z.string().nullable(),
    initialAmount: QuantitySchema,
    settings: ContractSettings,
    predecessorId: z.string().nullable(),
    successorId: z.string().nullable(),
    revision: z.number().int(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Contract' });
export type Contract = z.infer<typeof Contract>;
