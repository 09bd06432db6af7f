import { z } from 'zod';
import { Instant } from './common.ts';

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
    reason: z.string().trim().min(3).max(1000).describe('Why the setting changes (kept in the audit log).'),
  })
  .refine(
    (b) =>
      b.leadTimeDays !== undefined ||
      b.emergencyApprovalDeadlineHours !== undefined ||
      b.proactiveApprovalDeadlineDays !== undefined,
    {
      message: 'give at least one of leadTimeDays, emergencyApprovalDeadlineHours, proactiveApprovalDeadlineDays',
    },
  );
