import { z } from 'zod';
import { CountryCode } from '../countries.ts';
import { customerRoles, roles } from '../roles.ts';
import { User } from './accounts.ts';
import { DisplayName, Instant, RevisionInput } from './common.ts';

export { canonicalTimeZone, isValidTimeZone, TimeZone, timeZoneMessage } from './time-zone.ts';
import { TimeZone } from './time-zone.ts';

const Name = DisplayName(200);
const CustomerStatus = z.enum(['active', 'inactive']);
const UserStatus = z.enum(['invited', 'active', 'disabled']);
/** Query flags are the words true and false (not any non-empty string). */
const QueryFlag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const AccountTeamMember = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(roles), status: UserStatus })
  .meta({ id: 'AccountTeamMember' });

export const Customer = z
  .object({
    id: z.string(),
    organizationId: z.string().describe('The tenant of the customer: its users belong to this organisation.'),
    name: z.string(),
    timeZone: z.string().describe('IANA zone: term dates, lead times and statement days are counted in it.'),
    status: CustomerStatus,
    revision: z
      .number()
      .int()
      .describe('Bumped by every change; send it back (If-Match or `revision`) to refuse a stale edit.'),
    accountTeam: z.array(z.string()).describe('Provider user ids (account managers, IR managers).'),
    accountTeamMembers: z.array(AccountTeamMember),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Customer' });

export const CreateCustomerBody = z.object({
  name: Name,
  timeZone: TimeZone,
  accountTeam: z
    .array(z.string().min(1).max(64))
    .max(50)
    .optional()
    .describe('Active account managers or IR managers; an account manager who creates a customer joins its team.'),
  status: CustomerStatus.optional(),
});

export const UpdateCustomerBody = z
  .object({
    name: Name.optional(),
    timeZone: TimeZone.optional(),
    accountTeam: z.array(z.string().min(1).max(64)).max(50).optional().describe('The whole team (replaces it).'),
    status: CustomerStatus.optional(),
    revision: RevisionInput.optional().describe(
      'The revision you edited (or send If-Match); a stale one is refused with 409 STALE_REVISION.',
    ),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'revision'), {
    message: 'give at least one of name, timeZone, accountTeam, status',
  });

export const CustomerListQuery = z.object({
  status: CustomerStatus.optional(),
  q: z.string().trim().max(200).optional().describe('Text in the name.'),
  accountTeamMember: z.string().max(64).optional().describe('Only customers whose account team has this user.'),
});

export const IfMatchHeaders = z.object({
  'if-match': z.string().max(100).optional().describe('The revision you edited, as an entity tag ("3").'),
});

export const CustomerParams = z.object({ id: z.string().min(1).max(64) });
export const SiteParams = CustomerParams.extend({ siteId: z.string().min(1).max(64) });
export const ContactParams = CustomerParams.extend({ contactId: z.string().min(1).max(64) });

const Latitude = z.number().min(-90).max(90);

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day, HH:MM');
/** A site's business hours on weekdays in its zone (staffing suggestions weigh a remote consultant's overlap). */
export const BusinessHours = z
  .object({ start: ClockTime, end: ClockTime })
  .refine((h) => h.start < h.end, { message: 'start must be before end' })
  .describe("Business hours on weekdays in the site's zone, e.g. 09:00–17:00.");

const Longitude = z.number().min(-180).max(180);

export const Site = z
  .object({
    id: z.string(),
    customerId: z.string(),
    name: z.string(),
    address: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    timeZone: z.string(),
    country: z.string().nullable().describe('ISO 3166-1 alpha-2 country code (null: not given).'),
    businessHours: z.object({ start: z.string(), end: z.string() }),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'CustomerSite' });

export const CreateSiteBody = z.object({
  name: Name,
  address: z.string().trim().max(1000).optional(),
  latitude: Latitude.nullable().optional().describe('-90..90, with longitude'),
  longitude: Longitude.nullable().optional().describe('-180..180, with latitude'),
  timeZone: TimeZone.optional().describe("Default: the customer's time zone."),
  country: CountryCode.nullable()
    .optional()
    .describe('ISO 3166-1 alpha-2 country code, e.g. DE or US (staffing weighs domestic travel with it).'),
  businessHours: BusinessHours.optional().describe('Default 09:00–17:00 on weekdays.'),
});

export const UpdateSiteBody = CreateSiteBody.partial().refine((b) => Object.keys(b).length > 0, {
  message: 'give at least one of name, address, latitude, longitude, timeZone, country, businessHours',
});

export const Phone = z
  .object({
    label: DisplayName(40).describe('mobile, office, hotline…'),
    number: z
      .string()
      .trim()
      .max(40)
      .regex(
        /^\+?[\d\s()./-]+(?:\s*(?:x|ext\.?)\s*\d{1,6})?$/i,
        'write digits with an optional leading + (spaces, ( ) - . / allowed; extension as x123)',
      )
      .refine((n) => (n.match(/\d/g) ?? []).length >= 3, 'needs at least three digits'),
  })
  .meta({ id: 'Phone' });

export const Contact = z
  .object({
    id: z.string(),
    customerId: z.string(),
    name: z.string(),
    email: z.string(),
    phones: z.array(Phone),
    canRequest: z.boolean(),
    canApprove: z.boolean().describe('A defined point of contact: approves EWOs and change orders.'),
    receivesStatements: z.boolean(),
    escalationOrder: z.number().int().nullable(),
    timeZone: z
      .string()
      .nullable()
      .describe("IANA zone the contact's emails are written in; null: the customer's zone."),
    portalRole: z.enum(customerRoles).describe("The role of the contact's portal login, from its flags."),
    user: z
      .object({ id: z.string(), email: z.string(), role: z.enum(roles), status: UserStatus })
      .nullable()
      .describe("The contact's portal login, if it has one."),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'CustomerContact' });

export const CreateContactBody = z.object({
  name: Name,
  email: z.email().max(320),
  phones: z.array(Phone).max(10).optional(),
  canRequest: z.boolean().optional(),
  canApprove: z.boolean().optional(),
  receivesStatements: z.boolean().optional(),
  escalationOrder: z.number().int().min(1).max(1000).nullable().optional().describe('1 is called first.'),
  timeZone: TimeZone.nullable()
    .optional()
    .describe("IANA zone (e.g. Europe/Berlin) the contact's emails are written in; null or absent: the customer's."),
});

export const UpdateContactBody = CreateContactBody.partial().refine((b) => Object.keys(b).length > 0, {
  message: 'give at least one field to change',
});

export const ContactListQuery = z.object({
  canApprove: QueryFlag.optional(),
  canRequest: QueryFlag.optional(),
  receivesStatements: QueryFlag.optional(),
  q: z.string().trim().max(200).optional().describe('Text in the name or email.'),
});

export const InviteContactBody = z
  .object({
    password: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('Admins only: the login works at once. Without it the contact gets a set-password email.'),
  })
  .nullish();

export const ContactInvite = z.object({ contact: Contact, user: User });
