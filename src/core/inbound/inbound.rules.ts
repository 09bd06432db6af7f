/**
 * Pure rules of inbound mail: which address part carries a token, which messages must never get an
 * automatic reply (RFC 3834), and what the sender actually wrote above the quoted text.
 */

/** Splits `ewo+TOKEN@domain` into { tag: 'ewo', token: 'TOKEN' }; a bare `balance@domain` has no token. */
export function parseRecipient(address: string, domain: string): { tag: string; token: string | null } | null {
  const m = /^([^@\s]+)@([^@\s]+)$/.exec(address.trim().toLowerCase());
  if (!m || m[2] !== domain.toLowerCase()) return null;
  const local = m[1]!;
  const plus = local.indexOf('+');
  return plus < 0 ? { tag: local, token: null } : { tag: local.slice(0, plus), token: local.slice(plus + 1) || null };
}

/**
 * RFC 3834: never answer automatically to automated mail: Auto-Submitted other than "no", bulk, list or
 * junk Precedence, list mail (List-Id, List-Unsubscribe), or a null return path (bounces).
 */
export function isAutomated(headers: Record<string, string>): boolean {
  const h = (k: string) => (headers[k.toLowerCase()] ?? '').trim().toLowerCase();
  const autoSubmitted = h('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (['bulk', 'list', 'junk'].includes(h('precedence'))) return true;
  if (h('list-id') || h('list-unsubscribe') || h('list-post')) return true;
  if (h('x-auto-response-suppress').includes('all') || h('x-autoreply') || h('x-autorespond')) return true;
  const returnPath = h('return-path');
  if (returnPath === '<>') return true;
  return false;
}

/** The text the sender wrote: everything above the first quoted block or reply header. */
export function ownText(body: string): string {
  const lines = body.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    if (/^\s*>/.test(line)) break;
    if (/^On .+wrote:\s*$/i.test(line) || /^-{2,}\s*Original Message\s*-{2,}/i.test(line) || /^From:\s/i.test(line) || /^Am .+schrieb/i.test(line)) break;
    if (/^--\s*$/.test(line)) break; // signature
    out.push(line);
  }
  return out.join('\n').trim();
}

/** The first word of what the sender wrote (upper-cased) and the rest, e.g. "DECLINE too expensive". */
export function firstWord(body: string): { word: string; rest: string } {
  const text = ownText(body);
  const m = /^\s*([A-Za-z]+)[\s.,:;!-]*([\s\S]*)$/.exec(text);
  if (!m) return { word: '', rest: text };
  return { word: m[1]!.toUpperCase(), rest: m[2]!.trim() };
}
