import { z } from 'zod';
import { labels } from '../labels.ts';
import { incidentTypes } from '../domain.ts';
import {
  BusinessDateOrInstant,
  CalendarDate,
  DisplayName,
  Instant,
  InstantInput,
  OneLineText,
  RevisionInput,
  int32,
} from './common.ts';

/** Staffing (issue 15): skills, certifications, consultant profiles, time off and bookings. */

export const bookingModeValues = ['onsite', 'remote', 'travel'] as const;
export const bookingStatusValues = ['tentative', 'confirmed'] as const;
export const busyKindValues = ['booking', 'time_off'] as const;
export const travelReadinessValues = ['none', 'domestic', 'international'] as const;
export const BookingMode = z.enum(bookingModeValues);
export const BookingStatusSchema = z.enum(bookingStatusValues);
export const TravelReadinessSchema = z.enum(travelReadinessValues);
export type BookingMode = (typeof bookingModeValues)[number];
export type BookingStatus = (typeof bookingStatusValues)[number];
export type BusyKind = (typeof busyKindValues)[number];
export type TravelReadiness = (typeof travelReadinessValues)[number];

export const bookingModeLabels: Record<BookingMode, string> = labels.bookingMode;
export const bookingStatusLabels: Record<BookingStatus, string> = labels.bookingStatus;
export const travelReadinessLabels: Record<TravelReadiness, string> = labels.travelReadiness;

/** A skill level: 1 (aware) … 5 (expert). */
export const SkillLevel = z.number().int().min(1, 'must be 1 to 5').max(5, 'must be 1 to 5');
export const skillLevelLabels = ['', 'Aware', 'Practitioner', 'Proficient', 'Advanced', 'Expert'] as const;

/** A catalog slug: lower case letters, digits and underscores, e.g. `memory_forensics`. */
export const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_]{0,62}$/, 'must be lower-case letters, digits and underscores (e.g. memory_forensics)');

/** HH:MM on a 24-hour clock. */
const ClockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time written HH:MM (00:00 to 23:59)');

/** Working hours in the consultant's own zone: ISO weekdays (1 Monday … 7 Sunday), from–to. */
export const WorkingHours = z
  .object({
    days: z.array(z.number().int().min(1).max(7)).max(7),
    start: ClockTime,
    end: ClockTime,
  })
  .refine((w) => w.start < w.end, { message: 'the working day must end after it starts', path: ['end'] })
  .meta({ id: 'WorkingHours' });
export type WorkingHours = z.infer<typeof WorkingHours>;
export const defaultWorkingHours: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

// ── Catalogs ──────────────────────────────────────────────────────────────

export const Skill = z
  .object({
    id: z.string(),
    name: z.string(),
    category: z.string(),
    description: z.string(),
    active: z.boolean(),
    revision: z.number().int(),
  })
  .meta({ id: 'Skill' });
export type Skill = z.infer<typeof Skill>;

export const CreateSkillBody = z.object({
  id: Slug.optional().describe('Stable slug; derived from the name when omitted.'),
  name: DisplayName(100),
  category: OneLineText(60).optional(),
  description: z.string().trim().max(1000).optional(),
});
export const UpdateSkillBody = z.object({
  name: DisplayName(100).optional(),
  category: OneLineText(60).optional(),
  description: z.string().trim().max(1000).optional(),
  active: z.boolean().optional(),
  revision: RevisionInput,
});

export const Certification = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    issuer: z.string(),
    active: z.boolean(),
    revision: z.number().int(),
  })
  .meta({ id: 'Certification' });
export type Certification = z.infer<typeof Certification>;

export const CreateCertificationBody = z.object({
  id: Slug.optional().describe('Stable slug; derived from the code when omitted.'),
  code: DisplayName(30),
  name: DisplayName(150),
  issuer: OneLineText(100).optional(),
});
export const UpdateCertificationBody = z.object({
  code: DisplayName(30).optional(),
  name: DisplayName(150).optional(),
  issuer: OneLineText(100).optional(),
  active: z.boolean().optional(),
  revision: RevisionInput,
});

/** What a catalog item or an incident type requires of the consultants who deliver it. */
export const RequiredSkill = z.object({ skillId: z.string(), name: z.string(), minLevel: z.number().int() });
export const StaffingRequirements = z
  .object({
    skills: z.array(RequiredSkill),
    certifications: z.array(z.object({ certificationId: z.string(), code: z.string(), name: z.string() })),
  })
  .meta({ id: 'StaffingRequirements' });
export type StaffingRequirements = z.infer<typeof StaffingRequirements>;
export const StaffingRequirementsBody = z.object({
  skills: z.array(z.object({ skillId: Slug, minLevel: SkillLevel })).max(30),
  certifications: z.array(Slug).max(30).describe('Preferred certifications (ids).'),
});
export const IncidentTypeParam = z.object({ type: z.enum(incidentTypes) });

// ── Profiles ──────────────────────────────────────────────────────────────

export const HomeBase = z
  .object({
    city: z.string().nullable(),
    country: z.string().nullable().describe('ISO 3166-1 alpha-2.'),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    timeZone: z.string().describe('IANA time zone.'),
  })
  .meta({ id: 'HomeBase' });

export const ConsultantSkill = z.object({
  skillId: z.string(),
  name: z.string(),
  level: z.number().int(),
  levelLabel: z.string(),
});
export const ConsultantCertification = z.object({
  certificationId: z.string(),
  code: z.string(),
  name: z.string(),
  obtainedOn: CalendarDate.nullable(),
  expiresOn: CalendarDate.nullable(),
  expired: z.boolean().describe('Expired on the reader’s business date.'),
});

export const ConsultantProfile = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string().optional().describe('Staff readers only.'),
    role: z.string(),
    active: z.boolean(),
    title: z.string(),
    bio: z.string(),
    languages: z.array(z.string()),
    timeZone: z.string().describe('IANA zone the consultant works in.'),
    homeBase: HomeBase.nullable().describe('Staff readers only (null for customers).'),
    workingHours: WorkingHours,
    travelReadiness: TravelReadinessSchema,
    travelDocuments: z.string().nullable().describe('Managers and the consultant himself only.'),
    onCallEligible: z.boolean(),
    skills: z.array(ConsultantSkill),
    certifications: z.array(ConsultantCertification),
    hasProfile: z.boolean().describe('False while nobody filled the profile in (defaults shown).'),
    revision: z.number().int().describe('0 while no profile row exists.'),
  })
  .meta({ id: 'ConsultantProfile' });
export type ConsultantProfile = z.infer<typeof ConsultantProfile>;

const Language = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language code such as en, de or pt-BR')
  .describe('BCP 47 language code.');

export const HomeBaseInput = z.object({
  city: OneLineText(100).nullable().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country code in capitals, such as DE or US')
    .nullable()
    .optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  timeZone: z.string().min(1).max(64).optional().describe('IANA time zone, e.g. Europe/Berlin.'),
});

/** A profile edit: every field optional; lists (skills, certifications, languages) replace the stored list. */
export const PatchConsultantBody = z.object({
  title: OneLineText(120).optional(),
  bio: z.string().trim().max(2000).optional(),
  languages: z.array(Language).max(20).optional(),
  homeBase: HomeBaseInput.optional(),
  workingHours: WorkingHours.optional(),
  travelReadiness: TravelReadinessSchema.optional(),
  travelDocuments: z.string().trim().max(1000).optional(),
  onCallEligible: z.boolean().optional(),
  skills: z
    .array(z.object({ skillId: Slug, level: SkillLevel }))
    .max(60)
    .optional(),
  certifications: z
    .array(
      z.object({
        certificationId: Slug,
        obtainedOn: CalendarDate.nullable().optional(),
        expiresOn: CalendarDate.nullable().optional(),
      }),
    )
    .max(40)
    .optional(),
  revision: int32(0).describe('The profile revision you edited (0 when it had no profile yet).'),
});
export type PatchConsultantBody = z.infer<typeof PatchConsultantBody>;

const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ConsultantListQuery = z.object({
  q: z.string().max(100).optional().describe('Part of the name.'),
  skill: Slug.optional(),
  minLevel: z.coerce.number().int().min(1).max(5).optional().describe('With `skill`: at least this level.'),
  certification: Slug.optional().describe('Holds this certification, not expired.'),
  language: z.string().max(10).optional(),
  timeZone: z.string().max(64).optional(),
  availableFrom: InstantInput.optional().describe('With availableTo: no blocking booking or time off in between.'),
  availableTo: InstantInput.optional(),
  onCall: Flag.optional().describe('Only on-call eligible consultants.'),
});
export type ConsultantListQuery = z.infer<typeof ConsultantListQuery>;
export const ConsultantList = z.object({ items: z.array(ConsultantProfile) });

export const UserIdParam = z.object({ userId: z.string().min(1).max(64) });

// ── Time off ──────────────────────────────────────────────────────────────

export const TimeOff = z
  .object({
    id: z.string(),
    consultantId: z.string(),
    start: Instant,
    end: Instant.describe('Exclusive.'),
    reason: z.string().nullable().describe('Managers and the consultant himself only (null otherwise).'),
    revision: z.number().int(),
    createdAt: Instant,
  })
  .meta({ id: 'TimeOff' });
export type TimeOff = z.infer<typeof TimeOff>;

export const CreateTimeOffBody = z.object({
  start: BusinessDateOrInstant.describe('A date (from 00:00 in the consultant’s zone) or an instant.'),
  end: BusinessDateOrInstant.describe(
    'A date (inclusive: to the end of that day in the consultant’s zone) or an instant (exclusive).',
  ),
  reason: z.string().trim().max(500).optional(),
});
export const UpdateTimeOffBody = CreateTimeOffBody.partial().extend({ revision: RevisionInput });
export const TimeOffListQuery = z.object({ from: InstantInput.optional(), to: InstantInput.optional() });

// ── Bookings ──────────────────────────────────────────────────────────────

const PersonRef = z.object({ id: z.string(), name: z.string() });

export const Booking = z
  .object({
    id: z.string(),
    consultantId: z.string(),
    consultantName: z.string(),
    engagementId: z.string(),
    engagementNumber: z.string(),
    engagementTitle: z.string(),
    start: Instant,
    end: Instant.describe('Exclusive.'),
    mode: BookingMode,
    status: BookingStatusSchema,
    siteId: z.string().nullable(),
    siteName: z.string().nullable(),
    note: z.string(),
    checkedInAt: Instant.nullable(),
    checkedInBy: PersonRef.nullable(),
    sequence: z.number().int().describe('iCalendar SEQUENCE of its invite: raised on every change.'),
    cancelledAt: Instant.nullable(),
    cancelReason: z.string().nullable(),
    revision: z.number().int(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Booking' });
export type Booking = z.infer<typeof Booking>;

export const CreateBookingBody = z.object({
  consultantId: z.string().min(1).max(64),
  start: InstantInput,
  end: InstantInput.describe('Exclusive; after start.'),
  mode: BookingMode,
  status: BookingStatusSchema.default('confirmed'),
  siteId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('For on site: one of the engagement’s sites (default: its only one).'),
  note: z.string().trim().max(1000).optional(),
});
export type CreateBookingBody = z.infer<typeof CreateBookingBody>;

export const UpdateBookingBody = z.object({
  start: InstantInput.optional(),
  end: InstantInput.optional(),
  mode: BookingMode.optional(),
  status: BookingStatusSchema.optional(),
  siteId: z.string().min(1).max(64).nullable().optional(),
  note: z.string().trim().max(1000).optional(),
  revision: RevisionInput,
});
export type UpdateBookingBody = z.infer<typeof UpdateBookingBody>;

export const CancelBookingQuery = z.object({ reason: z.string().trim().max(500).optional() });
export const CheckInBody = z.object({ at: InstantInput.optional().describe('Arrival; default now.') }).nullish();

export const BookingParams = z.object({ id: z.string().min(1).max(64), bookingId: z.string().min(1).max(64) });

export const BookingListQuery = z.object({
  consultant: z.string().max(64).optional(),
  engagement: z.string().max(64).optional(),
  from: InstantInput.optional(),
  to: InstantInput.optional(),
  includeCancelled: Flag.optional(),
});
export type BookingListQuery = z.infer<typeof BookingListQuery>;
export const BookingList = z.object({ items: z.array(Booking) });

/** `details` of a 409 BOOKING_CONFLICT: what the period runs into. */
export const BusyConflict = z.object({
  kind: z.enum(busyKindValues),
  id: z.string(),
  start: Instant,
  end: Instant,
  engagementId: z.string().nullable(),
  engagementNumber: z.string().nullable(),
  status: BookingStatusSchema.nullable(),
});
export type BusyConflict = z.infer<typeof BusyConflict>;

// ── Engagement location ───────────────────────────────────────────────────

export const LocationChangeBody = z.object({
  deliveryMode: z.enum(['onsite', 'remote', 'hybrid']).optional(),
  siteIds: z.array(z.string().min(1).max(64)).max(20).optional(),
  reason: DisplayName(500).describe('Why the location changes (told to the customer’s contacts).'),
  revision: RevisionInput,
});
