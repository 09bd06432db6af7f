/** Pure rules of the on-call rota: coverage gaps and who holds the pager. */

export interface ShiftSpan {
  start: Date;
  end: Date;
}

/** Days ahead that must be covered (a gap in them is shown and told to the IR managers once). */
export const COVERAGE_DAYS = 14;

/** The parts of [from, to) no shift covers (shifts of every active rota together), in time order. */
export function coverageGaps(shifts: ShiftSpan[], from: Date, to: Date): ShiftSpan[] {
  const spans = shifts
    .map((s) => [Math.max(s.start.getTime(), from.getTime()), Math.min(s.end.getTime(), to.getTime())] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const gaps: ShiftSpan[] = [];
  let cursor = from.getTime();
  for (const [s, e] of spans) {
    if (s > cursor) gaps.push({ start: new Date(cursor), end: new Date(s) });
    cursor = Math.max(cursor, e);
  }
  if (cursor < to.getTime()) gaps.push({ start: new Date(cursor), end: to });
  return gaps;
}

/** The shifts covering an instant, ordered by start then id (the first holds the pager). */
export function holdersAt<T extends ShiftSpan & { id: string }>(shifts: T[], at: Date): T[] {
  const t = at.getTime();
  return shifts
    .filter((s) => s.start.getTime() <= t && s.end.getTime() > t)
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id));
}

/** The next shift to start after an instant (the one who takes the pager next). */
export function nextShift<T extends ShiftSpan & { id: string }>(shifts: T[], at: Date): T | null {
  const t = at.getTime();
  return (
    shifts
      .filter((s) => s.start.getTime() > t)
      .sort((a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id))[0] ?? null
  );
}
