import { z } from 'zod';

/** A personal calendar feed: the secret URL to subscribe to (shown once; a new one replaces it). */
export const CalendarFeedUrl = z
  .object({
    url: z.string().describe('Secret subscription URL (RFC 5545); anyone who has it reads the calendar'),
  })
  .meta({ id: 'CalendarFeedUrl' });

export const CalendarFeedParam = z.object({
  token: z.string().min(1).max(200),
});
