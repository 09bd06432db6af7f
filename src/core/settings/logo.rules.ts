/**
 * The firm's logo: a PNG, or an SVG that cannot run anything. An SVG is refused (never rewritten) when it
 * holds a script, an event attribute, a foreignObject or any other element outside a list of drawing
 * elements, a reference (`href`, `url(…)`, `@import`) to anything but a fragment of itself, a DOCTYPE or
 * entity declaration, or a processing instruction. It is also only ever served with a sandboxing CSP.
 */

export const MAX_LOGO_BYTES = 256 * 1024;

export type LogoType = 'image/png' | 'image/svg+xml';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Drawing elements an SVG logo may use (lower case; no script, a, image, foreignObject, animate, set, iframe…). */
const allowedElements = new Set([
  'svg',
  'g',
  'defs',
  'symbol',
  'use',
  'title',
  'desc',
  'metadata',
  'style',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'textpath',
  'lineargradient',
  'radialgradient',
  'stop',
  'clippath',
  'mask',
  'pattern',
  'marker',
  'filter',
  'feblend',
  'fecolormatrix',
  'fecomposite',
  'feflood',
  'fegaussianblur',
  'femerge',
  'femergenode',
  'feoffset',
  'fedropshadow',
]);

/** Namespaces an SVG logo may declare: SVG itself and XLink (for `xlink:href="#…"`). */
const allowedNamespaces = new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']);

/** Decodes the character references an attribute value may hide text behind (`&#106;`, `&#x6a;`, `&amp;`). */
function decodeEntities(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (m, ref: string) => {
    if (ref[0] !== '#') return named[ref.toLowerCase()] ?? m;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** Whether CSS or an attribute value references something outside the document (`url(x)` that is not `url(#…)`, `@import`). */
function referencesOutside(text: string): boolean {
  const t = decodeEntities(text).replace(/\\/g, '');
  if (/@import/i.test(t) || /expression\s*\(/i.test(t) || /javascript:/i.test(t)) return true;
  for (const m of t.matchAll(/url\s*\(\s*(['"]?)\s*([^'")\s]*)/gi)) if (!m[2]!.startsWith('#')) return true;
  return false;
}

const ATTRIBUTE = /([^\s=/"'<>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** The problem with one tag's attributes, or null. */
function attributeProblem(element: string, attributes: string): string | null {
  const rest = attributes.replace(ATTRIBUTE, '').replace(/[\s/]/g, '');
  if (rest) return `the <${element}> tag has an attribute that is not name="value"`;
  for (const m of attributes.matchAll(ATTRIBUTE)) {
    const name = m[1]!.toLowerCase();
    const value = m[3] ?? m[4] ?? '';
    const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
    if (local.startsWith('on')) return `the <${element}> tag has an event attribute (${m[1]})`;
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (!allowedNamespaces.has(value.trim())) return `the <${element}> tag declares the namespace ${value}`;
      continue;
    }
    if (local === 'href' || local === 'src' || name === 'xml:base') {
      if (!decodeEntities(value).trim().startsWith('#') || name === 'xml:base')
        return `the <${element}> tag references ${value || 'an address'} (only "#id" references are allowed)`;
    }
    if (referencesOutside(value)) return `the <${element}> tag references something outside the image (${m[1]})`;
  }
  return null;
}

/** Why an SVG may not be the logo, or null when it is safe. Pure: the tokens of the markup, checked one by one. */
export function svgProblem(svg: string): string | null {
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) return 'it has a DOCTYPE or ENTITY declaration';
  let i = 0;
  let sawRoot = false;
  const text = svg.replace(/^\uFEFF/, '');
  const decl = /^\s*<\?xml\s[^?]*\?>/i.exec(text);
  if (decl) i = decl[0].length;
  const tag = /<(\/?)([^\s/>!?"']+)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) return 'a comment is not closed';
      i = end + 3;
      continue;
    }
    if (text.startsWith('<?', lt)) return 'it has a processing instruction';
    if (text.startsWith('<!', lt)) return 'it has a CDATA section or a declaration';
    tag.lastIndex = lt;
    const m = tag.exec(text);
    if (!m) return 'it has a tag that cannot be read';
    const name = m[2]!;
    if (name.includes(':')) return `it has the element <${name}> (save it as plain SVG)`;
    if (!allowedElements.has(name.toLowerCase())) return `it has the element <${name}>`;
    if (!sawRoot && !m[1]) {
      if (name.toLowerCase() !== 'svg') return 'its first element is not <svg>';
      sawRoot = true;
    }
    if (!m[1]) {
      const problem = attributeProblem(name, m[3]!);
      if (problem) return problem;
    }
    i = tag.lastIndex;
  }
  if (!sawRoot) return 'it has no <svg> element';
  const outside = text.replace(/<[^>]*>/g, ' ');
  if (referencesOutside(outside)) return 'its styles reference something outside the image';
  return null;
}

/** What the bytes of an uploaded logo are: a PNG, an SVG (UTF-8 text whose first element is <svg>), or neither. */
export function logoTypeOf(content: Buffer): LogoType | 'svg-unsafe' | null {
  if (content.length > 8 && content.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return null;
  }
  if (!/<svg[\s>]/i.test(text)) return null;
  return svgProblem(text) === null ? 'image/svg+xml' : 'svg-unsafe';
}
