import { z } from 'zod';
import { Instant } from './common.ts';

/**
 * Weights of the staffing suggestions' criteria (0–100 each; the score is the weighted mean of the criteria
 * that apply to the delivery mode). Defaults: skills 35, availability 25, time zone 10, distance 10, load 10,
 * certifications 10.
 */
export const staffingWeightDefaultValues = {
  staffingWeightSkills: 35,
  staffingWeightAvailability: 25,
  staffingWeightTimeZone: 10,
  staffingWeightDistance: 10,
  staffingWeightLoad: 10,
  staffingWeightCertifications: 10,
} as const;
export const staffingWeightKeys = Object.keys(
  staffingWeightDefaultValues,
) as (keyof typeof staffingWeightDefaultValues)[];
const staffingWeightDescriptions: Record<keyof typeof staffingWeightDefaultValues, string> = {
  staffingWeightSkills: 'Weight of skill coverage against the required skills and levels (default 35).',
  staffingWeightAvailability: 'Weight of free working hours in the planned window (default 25).',
  staffingWeightTimeZone: "Weight of the overlap with the site's business hours, remote work (default 10).",
  staffingWeightDistance: 'Weight of the distance from home base to the site, on-site work (default 10).',
  staffingWeightLoad: 'Weight of a light current load, the next 14 days (default 10).',
  staffingWeightCertifications: 'Weight of holding the preferred certifications (default 10).',
};
const weight = () => z.number().int().min(0).max(100);
const mapWeights = <T>(f: (k: keyof typeof staffingWeightDefaultValues) => T) =>
  Object.fromEntries(staffingWeightKeys.map((k) => [k, f(k)])) as Record<keyof typeof staffingWeightDefaultValues, T>;
function staffingWeightDefaults() {
  return mapWeights((k) => weight().default(staffingWeightDefaultValues[k]));
}
function staffingWeightViews() {
  return mapWeights((k) => z.number().int().describe(staffingWeightDescriptions[k]));
}
function staffingWeightInputs() {
  return mapWeights(() => weight().optional());
}

/**
 * Firm-wide settings other features read: the proactive lead time (domain rule 3) and the default EWO
 * approval deadlines (domain rule 9). Every field has the default of domain.md.
 */
export const FirmSettings = z.object({
  leadTimeDays: z.number().int().min(0).max(365).default(28),
  emergencyApprovalDeadlineHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(48),
  proactiveApprovalDeadlineDays: z.number().int().min(1).max(90).default(14),
  ...staffingWeightDefaults(),
});
export type FirmSettings = z.output<typeof FirmSettings>;

export const FirmSettingsView = z
  .object({
    leadTimeDays: z
      .number()
      .int()
      .describe('Minimum calendar days between a proactive request and its start, unless the contract overrides it.'),
    emergencyApprovalDeadlineHours: z
      .number()
      .int()
      .describe('Default approval deadline of an emergency EWO, in hours after sending.'),
    proactiveApprovalDeadlineDays: z
      .number()
      .int()
      .describe('Default approval deadline of a proactive EWO, in days after sending.'),
    ...staffingWeightViews(),
    updatedAt: Instant.nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'FirmSettings' });

export const UpdateFirmSettingsBody = z
  .object({
    leadTimeDays: z.number().int().min(0).max(365).optional(),
    emergencyApprovalDeadlineHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .optional(),
    proactiveApprovalDeadlineDays: z.number().int().min(1).max(90).optional(),
    ...staffingWeightInputs(),
    reason: z.string().trim().min(3).max(1000).describe('Why the setting changes (kept in the audit log).'),
  })
  .refine(
    (b) =>
      b.leadTimeDays !== undefined ||
      b.emergencyApprovalDeadlineHours !== undefined ||
      b.proactiveApprovalDeadlineDays !== undefined ||
      staffingWeightKeys.some((k) => b[k] !== undefined),
    {
      message: 'give at least one of leadTimeDays, emergencyApprovalDeadlineHours, proactiveApprovalDeadlineDays',
    },
  );
