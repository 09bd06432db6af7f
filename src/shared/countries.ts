import { z } from 'zod';

const regionNames = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
/** Codes the region catalogue names that are not ISO 3166-1 alpha-2 countries (groupings, reserved, pseudo). */
const notCountries = new Set([
  'EU',
  'EZ',
  'UN',
  'ZZ',
  'QO',
  'UK',
  'XA',
  'XB',
  'AC',
  'CP',
  'CQ',
  'DG',
  'EA',
  'IC',
  'TA',
]);

/** True for an assigned ISO 3166-1 alpha-2 code in capitals (DE, US, GB; not UK, EU or XX). */
export const isCountryCode = (code: string): boolean =>
  /^[A-Z]{2}$/.test(code) && !notCountries.has(code) && regionNames.of(code) !== undefined;

/** The country's English name ("Germany"), or the code itself when unknown. */
export const countryName = (code: string): string => (isCountryCode(code) ? regionNames.of(code)! : code);

const countryMessage = 'must be an ISO 3166-1 alpha-2 country code in capitals, such as DE, GB or US';
/** An ISO 3166-1 alpha-2 country code in capitals (assigned codes only: not UK, EU or XX). */
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, countryMessage)
  .refine(isCountryCode, { message: countryMessage })
  .describe('ISO 3166-1 alpha-2 country code, e.g. DE, GB, US.');

let options: { value: string; label: string }[] | null = null;
/** Every country as a picker option ("Germany (DE)"), by name; computed once. */
export function countryOptions(): { value: string; label: string }[] {
  if (options) return options;
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const codes: string[] = [];
  for (const a of letters) for (const b of letters) if (isCountryCode(a + b)) codes.push(a + b);
  options = codes
    .map((code) => ({ value: code, label: `${regionNames.of(code)!} (${code})` }))
    .sort((x, y) => x.label.localeCompare(y.label, 'en'));
  return options;
}
