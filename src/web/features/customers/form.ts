import { isApiError } from '../../api/client.ts';

/**
 * A failed save split for a form: messages of the fields the form shows (by name, as ApiError.fieldErrors
 * gives them), and the error itself when anything else is wrong (shown in an ErrorAlert above the form),
 * so that no message of the server is lost.
 */
export function splitError(
  e: unknown,
  formFields: readonly string[],
): { fields: Record<string, string>; general: unknown } {
  if (!e) return { fields: {}, general: null };
  if (!isApiError(e)) return { fields: {}, general: e };
  const all = e.fieldErrors();
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) if (formFields.includes(k)) fields[k] = v;
  const unplaced = Object.keys(all).filter((k) => !formFields.includes(k));
  return { fields, general: Object.keys(fields).length === 0 || unplaced.length > 0 ? e : null };
}

/** A fresh Idempotency-Key (one per opened dialog). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return `web-${crypto.randomUUID()}`;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The IANA zones this browser knows (the server checks against the same database), and UTC. */
export function timeZoneOptions(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** The reader's own zone, as a default for new customers. */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** '' → undefined; a number field's text → number (NaN stays NaN for the server to refuse). */
export const optionalNumber = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));
