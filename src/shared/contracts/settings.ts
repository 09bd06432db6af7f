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

/** A phone number as people write it: digits with an optional leading +, spaces, dots, dashes, brackets. */
export const PhoneNumber = z
  .string()
  .trim()
  .min(4)
  .max(40)
  .regex(/^\+?[0-9(][0-9 ().\-/]*[0-9]$/, 'write a phone number with digits, spaces and an optional leading +')
  .refine((n) => n.replace(/\D/g, '').length >= 4, 'a phone number has at least 4 digits');

export const FirmHotline = z
  .object({
    label: z.string().trim().min(1).max(80).describe('What the number is for, e.g. "24×7 incident hotline (EU)".'),
    number: PhoneNumber.describe('The number to call, e.g. "+44 20 7946 0000".'),
  })
  .meta({ id: 'FirmHotline' });
export type FirmHotline = z.output<typeof FirmHotline>;

/** The firm's logo as stored: a PNG or a sanitised SVG in the files store, served by its own route. */
export const FirmLogo = z
  .object({
    fileId: z.string(),
    contentType: z.enum(['image/png', 'image/svg+xml']),
    url: z.string().describe('Where the logo is served (never as active content).'),
  })
  .meta({ id: 'FirmLogo' });
export type FirmLogo = z.output<typeof FirmLogo>;

export const firmProfileLimits = {
  name: 200,
  postalAddress: 1000,
  hotlines: 5,
  email: 254,
  website: 300,
} as const;

const WebsiteUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain })
  .max(firmProfileLimits.website)
  .describe('The firm\'s website, an http(s) address such as "https://example.com".');
const SupportEmail = z
  .email('write an email address such as support@example.com')
  .max(firmProfileLimits.email)
  .describe('Where customers write for support.');

/**
 * The IR firm's public profile: letterhead and footer of every document, sender name and footer of every
 * email, the hotlines and contact data the portal shows. Every field has a default, so an installation
 * without a profile still works.
 */
export const FirmProfile = z.object({
  name: z.string().trim().min(1).max(firmProfileLimits.name).default('IMR Desk'),
  postalAddress: z.string().trim().max(firmProfileLimits.postalAddress).default(''),
  hotlines: z.array(FirmHotline).max(firmProfileLimits.hotlines).default([]),
  supportEmail: SupportEmail.nullable().default(null),
  website: WebsiteUrl.nullable().default(null),
  logo: FirmLogo.nullable().default(null),
});
export type FirmProfile = z.output<typeof FirmProfile>;

/** The profile in the settings view (staff) and the portal's view of the firm. */
export const FirmProfileView = z
  .object({
    name: z.string().describe("The firm's name: letterhead, email sender name, portal."),
    postalAddress: z.string().describe('Postal address, one line per line of the letterhead.'),
    hotlines: z.array(FirmHotline).describe('The 24×7 hotline number(s), first one shown first.'),
    supportEmail: z.string().nullable(),
    website: z.string().nullable(),
    logo: FirmLogo.nullable(),
  })
  .meta({ id: 'FirmProfile' });

/** A change of the profile: each given field replaces the stored one (null clears an optional one). */
export const UpdateFirmProfileBody = z
  .object({
    name: z.string().trim().min(1).max(firmProfileLimits.name).optional(),
    postalAddress: z.string().trim().max(firmProfileLimits.postalAddress).optional(),
    hotlines: z.array(FirmHotline).max(firmProfileLimits.hotlines).optional(),
    supportEmail: SupportEmail.nullable().optional(),
    website: WebsiteUrl.nullable().optional(),
  })
  .strict();
export type UpdateFirmProfileBody = z.output<typeof UpdateFirmProfileBody>;

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
    profile: FirmProfileView.describe("The firm's profile: letterhead, email sender name and footer, portal."),
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
    profile: UpdateFirmProfileBody.optional().describe('Profile fields to change; the others stay.'),
    reason: z.string().trim().min(3).max(1000).describe('Why the setting changes (kept in the audit log).'),
  })
  .refine(
    (b) =>
      b.leadTimeDays !== undefined ||
      b.emergencyApprovalDeadlineHours !== undefined ||
      b.proactiveApprovalDeadlineDays !== undefined ||
      (b.profile !== undefined && Object.keys(b.profile).length > 0),
    {
      message:
        'give at least one of leadTimeDays, emergencyApprovalDeadlineHours, proactiveApprovalDeadlineDays, profile',
    },
  );
