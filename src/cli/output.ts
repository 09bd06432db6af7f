/** Prints rows as an aligned table (or JSON with --json). */
export function printTable(rows: Record<string, unknown>[], columns: string[], json: boolean, raw?: unknown): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(raw ?? rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const cell = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const widths = columns.map((c) => Math.min(60, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.slice(0, 60).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(columns.map((c) => c.toUpperCase()))}\n`);
  for (const r of rows) process.stdout.write(`${line(columns.map((c) => cell(r[c])))}\n`);
}

export function printJsonOr(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** Which rate card applies (an EWO version, a change order, an engagement): its source and the card in sentences. */
export function rateCardLines(rateCard: { source: string; terms: string[] }): string[] {
  return [`Rate card: from ${rateCard.source}`, ...rateCard.terms.map((t) => `  ${t}`)];
}
