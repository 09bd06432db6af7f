import type { AddressObject, ParsedMail } from 'mailparser';

const EVIDENCE_HEADERS = [
  'date',
  'from',
  'to',
  'reply-to',
  'message-id',
  'in-reply-to',
  'references',
  'received',
  'return-path',
  'auto-submitted',
  'precedence',
  'list-id',
  'list-unsubscribe',
  'list-post',
  'authentication-results',
  'received-spf',
  'dkim-signature',
  'x-auto-response-suppress',
  'x-autoreply',
  'x-autorespond',
];

/** The headers kept as evidence, lower-cased, unfolded, repeated ones joined by newlines. */
export function headerMap(parsed: ParsedMail): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of parsed.headerLines) {
    const key = line.key.toLowerCase();
    if (!EVIDENCE_HEADERS.includes(key)) continue;
    const value = line.line
      .slice(line.line.indexOf(':') + 1)
      .replace(/\r?\n\s+/g, ' ')
      .trim();
    out[key] = out[key] ? `${out[key]}\n${value}` : value;
  }
  return out;
}

/** The addresses of a From/To header, lower-cased, without empty ones. */
export const addresses = (header: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(header) ? header : header ? [header] : [])
    .flatMap((group) => group.value.map((mailbox) => (mailbox.address ?? '').toLowerCase()))
    .filter(Boolean);

/** The Authentication-Results header values, top first (the receiving server adds its own on top). */
export const authenticationResults = (parsed: ParsedMail): string[] =>
  parsed.headerLines
    .filter((line) => line.key.toLowerCase() === 'authentication-results')
    .map((line) => line.line.slice(line.line.indexOf(':') + 1).trim());
