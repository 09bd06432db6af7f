/**
 * Human numbers people type in place of ids (issue 16): REQ-2026-0042, ENG-2026-0012, EWO-2026-0007,
 * CO-2026-0003, STM-2026-11-<contract number>. Ids look like `req_01j…`, so a number is never an id.
 */
export type NumberedAggregate = 'request' | 'engagement' | 'work_order' | 'change_order' | 'statement';

const patterns: [RegExp, NumberedAggregate][] = [
  [/^REQ-\d{4}-\d{4,}$/i, 'request'],
  [/^ENG-\d{4}-\d{4,}$/i, 'engagement'],
  [/^EWO-\d{4}-\d{4,}$/i, 'work_order'],
  [/^CO-\d{4}-\d{4,}$/i, 'change_order'],
  [/^STM-\d{4}-\d{2}-\S+$/i, 'statement'],
];

/** Which aggregate a reference names by its human number, and the number as stored; null for anything else (an id). */
export function parseNumber(ref: string): { aggregate: NumberedAggregate; number: string } | null {
  const trimmed = ref.trim();
  for (const [pattern, aggregate] of patterns)
    if (pattern.test(trimmed)) {
      // The yearly numbers are upper case; a statement's carries its contract's number as it was written.
      const number = aggregate === 'statement' ? `STM-${trimmed.slice(4)}` : trimmed.toUpperCase();
      return { aggregate, number };
    }
  return null;
}
