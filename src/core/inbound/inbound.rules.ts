/**
 * Pure rules of inbound mail: which address part carries a token, which messages must never get an
 * automatic reply (RFC 3834), and what the sender actually wrote above the quoted text.
 */

/** The topic of every automatic answer to inbound mail. */
export const AUTO_REPLY_TOPIC = 'inbound.auto_reply';
/** At most this many automatic answers to one address per window: no mail loop or flood can start. */
export const AUTO_REPLY_LIMIT = 10;
export const AUTO_REPLY_WINDOW_MS = 60 * 60 * 1000;

/** Splits `ewo+TOKEN@domain` into { tag: 'ewo', token: 'TOKEN' }; a bare `balance@domain` has no token. */
export function parseRecipient(address: string, domain: string): { tag: string; token: string | null } | null {
  const match = /^([^@\s]+)@([^@\s]+)$/.exec(address.trim().toLowerCase());
  if (!match || match[2] !== domain.toLowerCase()) return null;
  const local = match[1]!;
  const plus = local.indexOf('+');
  return plus < 0 ? { tag: local, token: null } : { tag: local.slice(0, plus), token: local.slice(plus + 1) || null };
}

/**
 * RFC 3834: never answer automatically to automated mail: Auto-Submitted other than "no", bulk, list or
 * junk Precedence, list mail (List-Id, List-Unsubscribe), or a null return path (bounces).
 */
export function isAutomated(headers: Record<string, string>): boolean {
  const header = (k: string) => (headers[k.toLowerCase()] ?? '').trim().toLowerCase();
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (['bulk', 'list', 'junk'].includes(header('precedence'))) return true;
  if (header('list-id') || header('list-unsubscribe') || header('list-post')) return true;
  if (header('x-auto-response-suppress').includes('all') || header('x-autoreply') || header('x-autorespond'))
    return true;
  const returnPath = header('return-path');
  if (returnPath === '<>') return true;
  return false;
}

/** The text the sender wrote: everything above the first quoted block or reply header. */
export function ownText(body: string): string {
  const lines = body.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    if (/^\s*>/.test(line)) break;
    if (
      /^On .+wrote:\s*$/i.test(line) ||
      /^-{2,}\s*Original Message\s*-{2,}/i.test(line) ||
      /^From:\s/i.test(line) ||
      /^Am .+schrieb/i.test(line)
    )
      break;
    if (/^--\s*$/.test(line)) break; // signature
    out.push(line);
  }
  return out.join('\n').trim();
}

/** The first word of what the sender wrote (upper-cased) and the rest, e.g. "DECLINE too expensive". */
export function firstWord(body: string): { word: string; rest: string } {
  const text = ownText(body);
  const match = /^\s*([A-Za-z]+)[\s.,:;!-]*([\s\S]*)$/.exec(text);
  if (!match) return { word: '', rest: text };
  return { word: match[1]!.toUpperCase(), rest: match[2]!.trim() };
}

/** One `method=result` of an Authentication-Results header, with its `ptype.property=value` pairs. */
export interface AuthResult {
  method: string;
  result: string;
  props: Record<string, string>;
}

/** Removes RFC 5322 comments (nested parentheses) outside quoted strings. */
function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += char + (value[i + 1] ?? '');
      i++;
    } else if (quoted) {
      out += char;
      if (char === '"') quoted = false;
    } else if (char === '(') depth++;
    else if (char === ')' && depth > 0) depth--;
    else if (depth === 0) {
      if (char === '"') quoted = true;
      out += char;
    }
  }
  return out;
}

/** Splits on `sep` outside quoted strings. */
function splitOutsideQuotes(value: string, sep: RegExp): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === '\\' && quoted) {
      current += char + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (!quoted && sep.test(char)) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

const unquote = (v: string): string =>
  v.startsWith('"') && v.endsWith('"') && v.length >= 2 ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v;

/**
 * Parses one Authentication-Results header value (RFC 8601): the authserv-id of the server that added
 * it and its results, e.g. `mx.example.com; spf=pass smtp.mailfrom=a.test; dmarc=fail header.from=a.test`.
 * Returns null when the value has no authserv-id.
 */
export function parseAuthenticationResults(value: string): { authservId: string; results: AuthResult[] } | null {
  const parts = splitOutsideQuotes(stripComments(value.replace(/\r?\n[ \t]+/g, ' ')), /;/);
  const authservId = (parts[0] ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!authservId) return null;
  const results: AuthResult[] = [];
  for (const part of parts.slice(1)) {
    const tokens = splitOutsideQuotes(part.replace(/\s*=\s*/g, '='), /\s/).filter(Boolean);
    const [head, ...rest] = tokens;
    const match = /^([A-Za-z0-9_-]+)(?:\/\d+)?=([A-Za-z0-9_-]+)$/.exec(head ?? '');
    if (!match) continue; // `none`, or a result we cannot read
    const props: Record<string, string> = {};
    for (const t of rest) {
      const eq = t.indexOf('=');
      if (eq > 0) props[t.slice(0, eq).toLowerCase()] = unquote(t.slice(eq + 1));
    }
    results.push({ method: match[1]!.toLowerCase(), result: match[2]!.toLowerCase(), props });
  }
  return { authservId, results };
}

/** Relaxed alignment (RFC 7489), approximated without a public-suffix list: one domain is the other or under it. */
function aligned(a: string, b: string): boolean {
  const left = a.toLowerCase().replace(/\.$/, '');
  const right = b.toLowerCase().replace(/\.$/, '');
  return left !== '' && right !== '' && (left === right || left.endsWith(`.${right}`) || right.endsWith(`.${left}`));
}

export type SenderVerdict =
  { trusted: true; summary: string } | { trusted: false; reason: string; summary: string | null };

/**
 * Whether the deployment's own mail server vouches for the From address (docs/security.md). Only
 * Authentication-Results headers (top first) whose authserv-id is ours count; per method the topmost
 * one wins, so a header with our id added further down by a sender cannot overrule our server. Refused:
 * no header of ours (the message did not come through our server), dmarc=fail, a DMARC verdict on
 * another From domain, or without a DMARC verdict spf=fail and no DKIM pass aligned with the From.
 * A different envelope sender alone is accepted: forwarders and mailing services legitimately differ.
 */
export function senderVerdict(authResultsTopFirst: string[], authservId: string, fromAddress: string): SenderVerdict {
  const ours = authResultsTopFirst
    .map(parseAuthenticationResults)
    .filter((h) => h !== null && h.authservId === authservId.toLowerCase());
  if (ours.length === 0) {
    return {
      trusted: false,
      reason: `no Authentication-Results of ${authservId}: the message did not come through the organisation's mail server`,
      summary: null,
    };
  }
  const topmost = (method: string): AuthResult[] =>
    ours.find((h) => h!.results.some((r) => r.method === method))?.results.filter((r) => r.method === method) ?? [];
  const dmarc = topmost('dmarc')[0];
  const spf = topmost('spf')[0];
  const dkim = topmost('dkim');
  const summary =
    [dmarc, spf, ...dkim]
      .filter((r) => r !== undefined)
      .map((r) => `${r.method}=${r.result}`)
      .join(' ') || 'none';
  const fromDomain = fromAddress.split('@')[1] ?? '';
  if (dmarc) {
    const judged = dmarc.props['header.from'];
    if (judged && judged.toLowerCase() !== fromDomain.toLowerCase()) {
      return {
        trusted: false,
        reason: `the mail server judged DMARC for ${judged}, not for the From domain ${fromDomain}`,
        summary,
      };
    }
    if (dmarc.result === 'pass') return { trusted: true, summary };
    if (dmarc.result === 'fail')
      return { trusted: false, reason: `DMARC failed for ${fromDomain}: the From address is forged`, summary };
  }
  const dkimPass = dkim.some(
    (r) =>
      r.result === 'pass' && aligned(r.props['header.d'] ?? r.props['header.i']?.split('@').pop() ?? '', fromDomain),
  );
  if (spf?.result === 'fail' && !dkimPass) {
    return {
      trusted: false,
      reason: `SPF failed and no DKIM signature of ${fromDomain} passed: the From address is forged`,
      summary,
    };
  }
  return { trusted: true, summary };
}
