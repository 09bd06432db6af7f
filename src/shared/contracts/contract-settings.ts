import { z } from 'zod';
import { activities, incidentTypes, severities, supportLevels } from '../domain.ts';
import { int32 } from './common.ts';

/** A decimal multiplier such as "1.5" (at most two decimals, 0 < m <= 10). */
export const Multiplier = z
  .string()
  .regex(/^\d{1,2}(\.\d{1,2})?$/, 'a decimal such as "1.5" with at most two decimals')
  .refine((s) => Number(s) > 0 && Number(s) <= 10, 'between 0 (exclusive) and 10');

const SlaTarget = z.object({
  initialContactMinutes: int32(1),
  remoteStartMinutes: int32(1),
  onsiteArrivalMinutes: int32(1).nullable(),
});

/** SLA defaults of domain.md (minutes; on-site for P4 is "by agreement": no target). */
export const defaultSlaTargets = {
  P1: { initialContactMinutes: 60, remoteStartMinutes: 4 * 60, onsiteArrivalMinutes: 24 * 60 },
  P2: { initialContactMinutes: 2 * 60, remoteStartMinutes: 8 * 60, onsiteArrivalMinutes: 48 * 60 },
  P3: { initialContactMinutes: 8 * 60, remoteStartMinutes: 24 * 60, onsiteArrivalMinutes: 72 * 60 },
  P4: { initialContactMinutes: 24 * 60, remoteStartMinutes: 72 * 60, onsiteArrivalMinutes: null },
} as const;

const activityMultipliersDefault = Object.fromEntries(activities.map((a) => [a, '1'])) as Record<
  (typeof activities)[number],
  string
>;
const coverageDefault = Object.fromEntries(incidentTypes.map((t) => [t, 'full'])) as Record<
  (typeof incidentTypes)[number],
  'full'
>;

const LedgerAmount = z.number().int().min(0).max(10_000_000);

/**
 * A retainer contract's settings, every field optional with the default of domain.md. Parsing a
 * partial object yields the complete settings; PATCH merges a partial object into the stored one.
 */
export const ContractSettings = z
  .object({
    overdraftPolicy: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('block') }),
        z.object({ mode: z.literal('allow_up_to'), limit: LedgerAmount }),
        z.object({ mode: z.literal('allow') }),
      ])
      .default({ mode: 'block' }),
    roundingIncrementMinutes: z.number().int().min(1).max(240).default(15),
    activityMultipliers: z
      .object(
        Object.fromEntries(activities.map((a) => [a, Multiplier.default('1')])) as Record<
          (typeof activities)[number],
          z.ZodDefault<typeof Multiplier>
        >,
      )
      .default(activityMultipliersDefault),
    afterHoursMultiplier: Multiplier.default('1'),
    minimumBillable: z
      .object({ emergency: LedgerAmount.default(0), proactive: LedgerAmount.default(0) })
      .default({ emergency: 0, proactive: 0 }),
    minimumAppliesOnCancel: z.boolean().default(true),
    estimateTolerancePercent: z.number().int().min(0).max(100).default(10),
    expiryPolicy: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('expire') }),
        z.object({ mode: z.literal('rollover'), percent: z.number().int().min(0).max(100) }),
      ])
      .default({ mode: 'expire' }),
    travelTimeBillable: z.boolean().default(false),
    leadTimeDaysOverride: z.number().int().min(0).max(365).nullable().default(null),
    statementDay: z.number().int().min(1).max(28).default(1),
    alertThresholds: z.array(z.number().int().min(1).max(100)).max(10).default([50, 75, 90, 100]),
    customerSeesEffortDetail: z.boolean().default(false),
    slaTargets: z
      .object(
        Object.fromEntries(severities.map((s) => [s, SlaTarget.default(defaultSlaTargets[s])])) as Record<
          (typeof severities)[number],
          z.ZodDefault<typeof SlaTarget>
        >,
      )
      .default(defaultSlaTargets),
    coverage: z
      .object(
        Object.fromEntries(incidentTypes.map((t) => [t, z.enum(supportLevels).default('full')])) as Record<
          (typeof incidentTypes)[number],
          z.ZodDefault<z.ZodEnum<{ full: 'full'; advisory: 'advisory'; not_covered: 'not_covered' }>>
        >,
      )
      .default(coverageDefault),
  })
  .meta({ id: 'ContractSettings' });

export type ContractSettings = z.output<typeof ContractSettings>;
export type ContractSettingsInput = z.input<typeof ContractSettings>;

/** `schema` with every default removed and every object key optional, recursively (a patch never fills defaults). */
function patchOf(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault) return patchOf(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodObject) {
    const shape = Object.fromEntries(
      Object.entries(schema.shape as Record<string, z.ZodType>).map(([k, v]) => [k, patchOf(v).optional()]),
    );
    return z.strictObject(shape);
  }
  return schema;
}

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/**
 * A partial settings object for create and PATCH: unknown keys are refused, nothing is defaulted. PATCH
 * merges it into the stored settings key by key (objects recursively; arrays and the two policies are
 * replaced whole); create fills what is missing with the defaults of domain.md.
 */
export const ContractSettingsPatch = (patchOf(ContractSettings) as z.ZodType<DeepPartial<ContractSettings>>).meta({
  id: 'ContractSettingsPatch',
});
export type ContractSettingsPatch = DeepPartial<ContractSettings>;
