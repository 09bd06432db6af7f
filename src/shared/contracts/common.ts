import { z } from 'zod';

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
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Problem' });

export const IdParam = z.object({ id: z.string().min(1).max(64) });

export const PageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** An instant in a response: ISO 8601 with an offset (services hand Dates; they are written as UTC 'Z'). */
export const Instant = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.iso.datetime({ offset: true }));
/** An instant in a request: ISO 8601 with an offset (Z or ±hh:mm). */
export const InstantInput = z.iso.datetime({ offset: true });
/** Calendar dates are YYYY-MM-DD; the year 0000, which the database has no day of, is refused. */
export const CalendarDate = z.iso.date().refine((d) => !d.startsWith('0000-'), 'has the year 0000, which does not exist: the first day is 0001-01-01');

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
