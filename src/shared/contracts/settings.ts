import { z } from 'zod';
import { isCurrency } from '../currencies.ts';
import { Instant } from './common.ts';
import { TimeZone } from './time-zone.ts';

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
  defaultCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('EUR'),
  ...staffingWeightDefaults(),
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
  timeZone: TimeZone.default('UTC'),
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
    timeZone: z
      .string()
      .describe("The firm's default IANA time zone: emails to staff users without their own zone are written in it."),
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
    timeZone: TimeZone.optional().describe("The firm's default IANA time zone, e.g. Europe/Berlin."),
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
    defaultCurrency: z
      .string()
      .describe(
        "ISO 4217 currency of an expense whose contract has no commercial terms (else the contract's currency).",
      ),
    profile: FirmProfileView.describe("The firm's profile: letterhead, email sender name and footer, portal."),
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
    defaultCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, such as EUR or USD')
      .refine(isCurrency, 'must be an ISO 4217 currency in circulation, such as EUR, USD or GBP')
      .optional()
      .describe("The firm's default currency for expenses (ISO 4217)."),
    profile: UpdateFirmProfileBody.optional().describe('Profile fields to change; the others stay.'),
    ...staffingWeightInputs(),
    reason: z.string().trim().min(3).max(1000).describe('Why the setting changes (kept in the audit log).'),
  })
  .refine(
    (b) =>
      b.leadTimeDays !== undefined ||
      b.emergencyApprovalDeadlineHours !== undefined ||
      b.proactiveApprovalDeadlineDays !== undefined ||
      b.defaultCurrency !== undefined ||
      (b.profile !== undefined && Object.keys(b.profile).length > 0) ||
      staffingWeightKeys.some((k) => b[k] !== undefined),
    {
      message:
        'give at least one of leadTimeDays, emergencyApprovalDeadlineHours, proactiveApprovalDeadlineDays, defaultCurrency, profile',
    },
  );

/** The form of a logo upload (multipart): the file in `logo`, and why. */
export const LogoForm = z
  .object({
    logo: z
      .string()
      .describe('The logo file: a PNG, or a plain SVG (no scripts, links or external references); at most 256 KB.'),
    reason: z.string().describe('Why the logo changes (kept in the audit log).'),
  })
  .meta({ id: 'LogoForm' });
export const LogoFields = z.object({ reason: z.string().trim().min(3).max(1000) });
export const RemoveLogoBody = z.object({
  reason: z.string().trim().min(3).max(1000).describe('Why the logo is removed (kept in the audit log).'),
});

/** What a customer reads of the firm: its public profile and his own account team (no ids). */
export const PortalFirm = z
  .object({
    name: z.string(),
    postalAddress: z.string(),
    hotlines: z.array(FirmHotline),
    supportEmail: z.string().nullable(),
    website: z.string().nullable(),
    logoUrl: z.string().nullable(),
    accountTeam: z
      .array(z.object({ name: z.string(), role: z.string(), email: z.string(), phone: z.string().nullable() }))
      .describe("The customer's account team at the firm (empty for the firm's own staff)."),
  })
  .meta({ id: 'PortalFirm' });
