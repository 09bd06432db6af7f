/** Pure rules of stored files: names, download headers, text sniffing. */

const MAX_NAME = 200;

/**
 * The name to keep and offer on download: the last path segment, without control characters or quotes,
 * at most 200 characters (the extension kept), never empty.
 */
export function cleanFileName(name: string | undefined, fallback = 'file'): string {
  const last = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = last
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u001f\u007f"<>|*?:]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (!clean) return fallback;
  if (clean.length <= MAX_NAME) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 12 ? clean.slice(dot) : '';
  return clean.slice(0, MAX_NAME - ext.length) + ext;
}

/** Content-Disposition for a download: always an attachment, an ASCII fallback name and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(name: string): string {
  const clean = cleanFileName(name);
  const ascii = clean
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Whether bytes read as UTF-8 text (no NUL, few control characters): such files are stored as text/plain. */
export function looksLikeText(content: Uint8Array): boolean {
  if (content.length === 0) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content.subarray(0, 64 * 1024));
  } catch {
    // A multi-byte character cut at the 64 KiB boundary is still text; anything else is not.
    if (content.length <= 64 * 1024) return false;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content.subarray(0, 64 * 1024 - 3));
    } catch {
      return false;
    }
  }
  let control = 0;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code === 0) return false;
    if (code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) control++;
  }
  return control <= text.length / 100;
}

/** "10 MB", "512 KB", "12 bytes": limits in messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/**
 * A PDF signature is only four bytes ("%PDF"); a real PDF also names its version ("%PDF-1.7") and ends
 * with an end-of-file marker ("%%EOF", allowed within the last 2 KiB for trailing bytes). Text that merely
 * starts with "%PDF" is not a PDF.
 */
export function pdfLooksComplete(content: Uint8Array): boolean {
  const head = Buffer.from(content.subarray(0, 8)).toString('latin1');
  if (!/^%PDF-\d\.\d/.test(head)) return false;
  return Buffer.from(content.subarray(Math.max(0, content.length - 2048)))
    .toString('latin1')
    .includes('%%EOF');
}
