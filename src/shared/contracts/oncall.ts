import { z } from 'zod';
import { DisplayName, Instant, InstantInput, OneLineText } from './common.ts';

/** On-call rotas and shifts (IR managers and admins edit; provider staff read). */
export const OncallRota = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    active: z.boolean(),
    revision: z.number().int(),
  })
  .meta({ id: 'OncallRota' });
export type OncallRota = z.infer<typeof OncallRota>;

export const CreateRotaBody = z.object({
  name: DisplayName(100),
  description: OneLineText(500).optional(),
  active: z.boolean().optional(),
});
export const UpdateRotaBody = CreateRotaBody.partial().refine((b) => Object.keys(b).length > 0, {
  message: 'give at least one of name, description, active',
});

export const OncallShift = z
  .object({
    id: z.string(),
    rotaId: z.string(),
    rotaName: z.string(),
    userId: z.string(),
    name: z.string(),
    start: Instant,
    end: Instant,
    note: z.string(),
  })
  .meta({ id: 'OncallShift' });
export type OncallShift = z.infer<typeof OncallShift>;

export const CreateShiftBody = z.object({
  userId: z.string().min(1).max(64).describe('An on-call eligible consultant or IR manager.'),
  start: InstantInput,
  end: InstantInput,
  note: OneLineText(500).optional(),
});
export const UpdateShiftBody = CreateShiftBody.partial().refine((b) => Object.keys(b).length > 0, {
  message: 'give at least one of userId, start, end, note',
});

export const ShiftsQuery = z.object({
  from: InstantInput.optional().describe('Default: now.'),
  to: InstantInput.optional().describe('Default: 14 days after from.'),
});

export const CoverageGap = z.object({ start: Instant, end: Instant });

/** Who holds the pager now, until when, the next one, and the gaps of the next 14 days. */
export const OncallNow = z
  .object({
    at: Instant,
    current: z.array(OncallShift).describe('Empty: nobody is on call now.'),
    next: OncallShift.nullable(),
    coverage: z.object({ from: Instant, to: Instant, gaps: z.array(CoverageGap) }),
  })
  .meta({ id: 'OncallNow' });
export type OncallNow = z.infer<typeof OncallNow>;
