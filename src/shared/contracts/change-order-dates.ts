import { BusinessDate } from './common.ts';

/** A change order's optional new planned dates: the approval moves the engagement's approved schedule window. */
export const plannedDateFields = {
  plannedStart: BusinessDate.optional().describe(
    "New first planned day (customer's time zone): the approval moves the engagement's approved schedule window.",
  ),
  plannedEnd: BusinessDate.optional().describe("New last planned day (customer's time zone), included."),
};

/** Editing them: a date sets that end, null leaves it as it is on approval, absent keeps what the draft says. */
export const plannedDatePatch = {
  plannedStart: BusinessDate.nullable()
    .optional()
    .describe("New first planned day (customer's time zone); null: the approval leaves the start as it is."),
  plannedEnd: BusinessDate.nullable()
    .optional()
    .describe("New last planned day (customer's time zone), included; null: the end stays as it is."),
};

/** As the change order shows them. */
export const plannedDateView = {
  plannedStart: BusinessDate.nullable().describe("New first planned day its approval sets (customer's time zone)."),
  plannedEnd: BusinessDate.nullable().describe('New last planned day its approval sets, included.'),
};
