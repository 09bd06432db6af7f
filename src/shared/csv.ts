import { stringify } from 'csv-stringify/sync';

/**
 * Every CSV the product writes (ledger, billing runs, and any later export) goes through `toCsv`, so no
 * cell can be run as a formula by the spreadsheet that opens it (OWASP "CSV injection").
 */

export type CsvCell = string | number | null | undefined;

/** A plain decimal number written as text ("-30", "12.5"): a spreadsheet reads it as that number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;
/** What a spreadsheet may take as the start of a formula: = + - @, a tab or a carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell a spreadsheet will not run: a text starting with = + - @, a tab or a carriage return gets a leading
 * apostrophe. Numbers (and texts that are plain numbers, such as "-30") stay as they are; null is empty.
 */
export function neutralizeCsvCell(value: CsvCell): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  if (PLAIN_NUMBER.test(value)) return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A CSV document with a header row, every cell neutralised; RFC 4180 quoting (commas, quotes, line breaks). */
export function toCsv(columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((row) => row.map(neutralizeCsvCell)),
    { header: true, columns: [...columns] },
  );
}
