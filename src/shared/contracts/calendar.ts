import { z } from 'zod';
import { timelineRegions } from '../timeline.ts';
import { Instant, InstantInput } from './common.ts';
import { BookingMode, BookingStatusSchema } from './staffing.ts';

/** A personal calendar feed: the secret URL to subscribe to (shown once; a new one replaces it). */
export const CalendarFeedUrl = z
  .object({
    url: z.string().describe('Secret subscription URL (RFC 5545); anyone who has it reads the calendar'),
  })
  .meta({ id: 'CalendarFeedUrl' });

export const CalendarFeedParam = z.object({
  token: z.string().min(1).max(200),
});

/** The staff timeline's window: at most 92 days. */
export const TimelineQuery = z.object({
  from: InstantInput,
  to: InstantInput,
});

export const TimelineConsultant = z.object({
  userId: z.string(),
  name: z.string(),
  timeZone: z.string(),
  region: z.enum(timelineRegions),
  onCallEligible: z.boolean(),
  skills: z.array(z.object({ skillId: z.string(), name: z.string(), level: z.number().int() })),
});

export const TimelineBooking = z.object({
  id: z.string(),
  consultantId: z.string(),
  engagementId: z.string(),
  engagementNumber: z.string(),
  engagementTitle: z.string(),
  customerName: z.string(),
  start: Instant,
  end: Instant,
  mode: BookingMode,
  status: BookingStatusSchema,
  revision: z.number().int(),
});

/** Time off as the timeline shows it: when, never why. */
export const TimelineTimeOff = z.object({ id: z.string(), consultantId: z.string(), start: Instant, end: Instant });

export const TimelineOnCall = z.object({
  id: z.string(),
  consultantId: z.string(),
  start: Instant,
  end: Instant,
  label: z.string(),
});

export const Timeline = z
  .object({
    from: Instant,
    to: Instant,
    consultants: z.array(TimelineConsultant),
    bookings: z.array(TimelineBooking),
    timeOff: z.array(TimelineTimeOff),
    onCall: z.array(TimelineOnCall),
    skills: z.array(z.object({ id: z.string(), name: z.string() })),
  })
  .meta({ id: 'StaffTimeline' });
export type Timeline = z.infer<typeof Timeline>;
