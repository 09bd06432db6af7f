import { z } from 'zod';

export const suggestionCriterionKeys = [
  'skills',
  'availability',
  'timeZone',
  'distance',
  'load',
  'certifications',
] as const;

export const suggestionCriterionLabels: Record<(typeof suggestionCriterionKeys)[number], string> = {
  skills: 'Skills',
  availability: 'Availability',
  timeZone: 'Time zone',
  distance: 'Distance',
  load: 'Current load',
  certifications: 'Certifications',
};

export const exclusionReasons = ['missing_skill', 'time_off', 'conflict', 'no_free_time', 'does_not_travel'] as const;

export const SuggestionCriterion = z.object({
  key: z.enum(suggestionCriterionKeys),
  value: z.number().int().describe('0–100.'),
  weight: z.number().int().describe('The weight it counted with; 0 when it does not apply to the delivery mode.'),
  sentence: z.string().describe('Why, in a sentence a manager can read aloud.'),
});

export const StaffingSuggestion = z.object({
  consultantId: z.string(),
  name: z.string(),
  score: z.number().int().describe('0–100: the weighted mean of the criteria that apply.'),
  criteria: z.array(SuggestionCriterion),
});
export type StaffingSuggestion = z.infer<typeof StaffingSuggestion>;

export const StaffingExclusion = z.object({
  consultantId: z.string(),
  name: z.string(),
  reason: z.enum(exclusionReasons),
  sentence: z.string(),
});

/** Ranked consultants with their reasons, and those who cannot serve, apart. */
export const StaffingSuggestions = z
  .object({
    subject: z.object({
      kind: z.enum(['engagement', 'work_order', 'request']),
      id: z.string(),
      label: z.string().describe('ENG-…, EWO-… or the request.'),
    }),
    window: z
      .object({ start: z.string(), end: z.string() })
      .describe('The planned window the availability is measured in.'),
    mode: z.enum(['onsite', 'remote', 'hybrid']),
    site: z.string().nullable().describe('The site zone and distance are measured to.'),
    requiredSkills: z.array(z.object({ skillId: z.string(), name: z.string(), minLevel: z.number().int() })),
    preferredCertifications: z.array(z.string()),
    suggestions: z.array(StaffingSuggestion),
    excluded: z.array(StaffingExclusion),
  })
  .meta({ id: 'StaffingSuggestions' });
export type StaffingSuggestions = z.infer<typeof StaffingSuggestions>;

export const SuggestionsQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .describe('How many suggestions (default 20); excluded are all listed.'),
});
