import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutralizeCsvCell, toCsv } from './csv.ts';

describe('CSV cells (OWASP CSV injection)', () => {
  it('neutralises every formula start with a leading apostrophe', () => {
    for (const bad of ['=1+1', '+1 555', '-2+3', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")', '-'])
      expect(neutralizeCsvCell(bad)).toBe(`'${bad}`);
  });

  it('leaves numbers, plain numeric texts and ordinary text alone', () => {
    expect(neutralizeCsvCell(-5)).toBe(-5);
    expect(neutralizeCsvCell(0)).toBe(0);
    expect(neutralizeCsvCell('-30')).toBe('-30');
    expect(neutralizeCsvCell('+12.5')).toBe('+12.5');
    expect(neutralizeCsvCell('PO 12')).toBe('PO 12');
    expect(neutralizeCsvCell('a=b')).toBe('a=b');
    expect(neutralizeCsvCell(null)).toBe('');
    expect(neutralizeCsvCell(undefined)).toBe('');
  });

  it('writes a document whose formula cells parse back neutralised and whose negative numbers stay numbers', () => {
    const csv = toCsv(
      ['Text', 'Amount'],
      [
        ['=cmd|" /C calc"!A0', -30],
        ['PO, "quoted"', 12],
        [null, -1.5],
      ],
    );
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      { Text: `'=cmd|" /C calc"!A0`, Amount: '-30' },
      { Text: 'PO, "quoted"', Amount: '12' },
      { Text: '', Amount: '-1.5' },
    ]);
    expect(csv.split('\n')[1]).toMatch(/,-30$/);
  });
});
