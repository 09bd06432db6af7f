/** How statements read to people (portal, email, PDF, CLI): months and days in words, never ISO instants. */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** '2026-11' → 'November 2026'. */
export function periodLabel(period: string): string {
  const [y, m] = period.split('-');
  return `${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/** '2026-11-30' → '30 November 2026' (a calendar day, already in the customer's zone). */
export function dayLabel(date: string | null): string {
  if (!date) return '—';
  const [y, m, d] = date.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
}
