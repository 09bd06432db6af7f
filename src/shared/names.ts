/**
 * Names people give things (customers, contacts, sites, users, tokens, titles): what they may hold, and
 * the key under which two customer names count as the same. Pure and isomorphic (server, CLI, web).
 * docs/operations.md "What the server accepts as dates and names" states the rules for users.
 */

/** C0 controls (tab and line feed included: a name is one line), DEL, C1 controls, line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
/** Bidirectional embeddings, overrides, isolates and marks: they make a name display differently from what is stored. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Characters that are invisible in a name: zero-width space, (non-)joiners, word joiner, BOM, soft hyphen, invisible operators. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060-\u2064\ufeff]/gu;
const BIDI_ALL = new RegExp(BIDI.source, 'gu');
/** A UTF-16 surrogate without its partner (JSON can carry one; it is no character). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Whether `s` holds half of a surrogate pair, which neither PostgreSQL's text nor jsonb can store. */
export const hasLoneSurrogate = (s: string): boolean => LONE_SURROGATE.test(s);

const codePoint = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why `value` cannot be a name, or null. Written as the end of a sentence that starts with the field
 * ("body.name contains a control character (U+0007): …"). Zero-width joiners stay allowed: emoji
 * sequences and Persian or Indic spelling need them.
 */
export function nameProblem(value: string): string | null {
  if (hasLoneSurrogate(value))
    return 'contains a broken character (a lone UTF-16 surrogate): send the name as valid Unicode text';
  const control = CONTROL.exec(value);
  if (control)
    return `contains a control character (${codePoint(control[0])}): a name is one line of visible text, without tabs or line breaks`;
  const bidi = BIDI.exec(value);
  if (bidi)
    return `contains a bidirectional control (${codePoint(bidi[0])}), which can make a name read differently from what is stored: remove it`;
  return null;
}

/**
 * The key two customer names are compared by: Unicode NFKC (full-width and other compatibility forms
 * fold to their plain letters, decomposed accents compose), without invisible characters and bidi
 * controls, lower case, runs of white space as one space, trimmed. "Nor\u200bthwind Freight" and
 * "Ｎｏｒｔｈｗｉｎｄ Freight" have the key of "Northwind Freight". Idempotent.
 */
export function normalizeName(name: string): string {
  const folded = name.normalize('NFKC').replace(INVISIBLE, '').replace(BIDI_ALL, '').toLowerCase().normalize('NFKC');
  // Lower-casing can (rarely) yield characters that fold again; the second pass keeps the key stable.
  return folded.replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
}

/** "Ann Lee <ann@x.example>" → "Ann Lee"; "system:term-end" → "System (term-end)". */
export function actorName(createdBy: string): string {
  if (createdBy.startsWith('system:')) return `System (${createdBy.slice('system:'.length)})`;
  const match = /^(.*?)\s*<[^>]*>(\s*\(contact\))?$/.exec(createdBy);
  return match ? `${match[1]}${match[2] ? ' (contact)' : ''}` : createdBy;
}
