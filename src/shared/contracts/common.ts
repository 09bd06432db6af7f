import { z } from 'zod';
import { nameProblem } from '../names.ts';

/** RFC 9457 problem details, with our stable `code`. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(
        z.object({
          path: z.string(),
          message: z.string().describe('What to do, in plain English.'),
          field: z.string().optional().describe('The field as the forms label it, e.g. "Incident type".'),
          debug: z.string().optional().describe("The schema's own message, for developers."),
        }),
      )
      .optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Problem' });

export const IdParam = z.object({ id: z.string().min(1).max(64) });

/** What a signed link's reader is told when the link in the address is cut short or mangled. */
const BAD_LINK =
  'This approval link is not complete or not valid: open it again from the latest approval email, or ask your IR manager to send a new one';
/** The token of a signed approval link in its address. */
export const TokenParam = z.object({ token: z.string().min(16, BAD_LINK).max(200, BAD_LINK) });

/**
 * The largest value of a PostgreSQL `integer` column. Every integer a request gives that reaches one
 * (revisions, versions, minutes of a setting) is bounded by it in its schema, so that a bigger one is a
 * 400 naming the field rather than a database error (the API document would otherwise allow 2^53).
 */
export const INT4_MAX = 2_147_483_647;
/** An integer in a JSON body that an `integer` column holds, at least `min`. */
export const int32 = (min = 0) => z.number().int().min(min).max(INT4_MAX);
/** The same in a path or query string. */
export const int32Param = (min = 0) => z.coerce.number().int().min(min).max(INT4_MAX);
/** The revision you edited, for optimistic concurrency (every editable record counts from 1). */
export const RevisionInput = int32(1);

export const PageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** An instant in a response: ISO 8601 with an offset (services hand Dates; they are written as UTC 'Z'). */
export const Instant = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.iso.datetime({ offset: true }));
/** Calendar dates are YYYY-MM-DD. Responses use this; requests use BusinessDate. */
export const CalendarDate = z.iso.date();

/**
 * Business dates and times (contract terms, effort, expenses, requests, schedules, report filters) lie in
 * the years 2000 to 2100: a date outside is a typing error, never a retainer. docs/operations.md says so.
 */
export const BUSINESS_DATE_MIN = '2000-01-01';
export const BUSINESS_DATE_MAX = '2100-12-31';
const businessRange = `between ${BUSINESS_DATE_MIN} and ${BUSINESS_DATE_MAX} (business dates lie in the years 2000 to 2100)`;
/** Whether a YYYY-MM-DD date (or the date part of an instant, as written with its offset) is in the range. */
export const isBusinessDate = (date: string): boolean =>
  date.slice(0, 10) >= BUSINESS_DATE_MIN && date.slice(0, 10) <= BUSINESS_DATE_MAX;

/** In the OpenAPI document: the bounds as extension keywords (a field's own description replaces the schema's). */
const rangeMeta = { 'x-minimum': BUSINESS_DATE_MIN, 'x-maximum': BUSINESS_DATE_MAX };
/** A calendar date in a request: YYYY-MM-DD between 2000-01-01 and 2100-12-31. */
export const BusinessDate = z.iso
  .date({ error: `must be a date written YYYY-MM-DD, ${businessRange}` })
  .refine(isBusinessDate, { error: `must be ${businessRange}` })
  .meta(rangeMeta);
/** An instant in a request: ISO 8601 with an offset (Z or ±hh:mm), whose date as written is between 2000-01-01 and 2100-12-31. */
export const InstantInput = z.iso
  .datetime({
    offset: true,
    error: `must be an ISO 8601 date and time with an offset (2026-11-02T09:00:00Z or +01:00), ${businessRange}`,
  })
  .refine(isBusinessDate, { error: `must be ${businessRange}` })
  .meta(rangeMeta);
/** A calendar date (YYYY-MM-DD, in the customer's time zone) or an instant with an offset, in the business range. */
export const BusinessDateOrInstant = z.union([BusinessDate, InstantInput], {
  error: `must be a date (YYYY-MM-DD) or an instant with an offset (2026-11-02T09:00:00Z), ${businessRange}`,
});

/**
 * A name or a one-line title as a request gives it: no control or bidirectional characters (checked before
 * trimming, so a trailing tab or line break is refused too), then trimmed, then 1 to `max` characters.
 */
export const DisplayName = (max: number) => OneLineText(max).min(1, 'must not be blank');
/** Like DisplayName, but may be empty (optional labels). */
export const OneLineText = (max: number) =>
  z
    .string()
    .superRefine((v, ctx) => {
      const problem = nameProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .trim()
    .max(max);

export const Ok = z.object({ ok: z.literal(true) });

/** Problem responses every route may give, for the OpenAPI document. */
export const problemResponses = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  422: Problem,
  429: Problem,
} as const;

/** Every quantity in a response (src/shared/units.ts `quantity()`): the integer, its unit, a display string. */
export const QuantitySchema = z
  .object({ amount: z.number().int(), unit: z.enum(['minute', 'centiunit']), display: z.string() })
  .meta({ id: 'Quantity' });
