import type { FirmProfile } from '../../shared/contracts/settings.ts';
import { createPdf, type PdfMeta, type PdfWriter } from './pdf.ts';

/**
 * The firm's identity on what leaves the house: the letterhead and footer of every PDF, the sender name and
 * signature of every email. Pure functions of the profile (`settings.firmProfile(ex)`), so a document renders
 * outside any transaction from the profile read inside it.
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Whether bytes are a PNG (the only logo format drawn in PDFs; an SVG logo shows on the web and in emails only). */
export const isPng = (bytes: Uint8Array | null | undefined): bytes is Uint8Array =>
  !!bytes && bytes.length > 8 && Buffer.from(bytes.subarray(0, 8)).equals(PNG_SIGNATURE);

/** The hotlines in one line: "24×7 hotline (EU) +44 20 7946 0000 · US +1 212 555 0100". */
export function hotlineLine(firm: FirmProfile): string {
  return firm.hotlines.map((h) => `${h.label} ${h.number}`).join(' · ');
}

/** The lines under the firm's name: postal address, hotlines, website and support email. */
export function letterheadLines(firm: FirmProfile): string[] {
  const address = firm.postalAddress
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const contact = [firm.website, firm.supportEmail].filter((v): v is string => !!v).join(' · ');
  return [...address, ...(firm.hotlines.length ? [hotlineLine(firm)] : []), ...(contact ? [contact] : [])];
}

/**
 * Draws the letterhead at the top of the current page: the logo on the right when it is a PNG (pass its
 * bytes, e.g. from `settings.firmLogo(ex)`; an SVG or missing logo is left out), the firm's name, postal
 * address, hotline(s), website and support email, then a rule. Leaves the cursor below it.
 */
export function drawLetterhead(pdf: PdfWriter, firm: FirmProfile, logoPng?: Uint8Array | null): PdfWriter {
  const doc = pdf.doc;
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const top = doc.y;
  const logoSize = 48;
  let textWidth = width;
  if (isPng(logoPng)) {
    try {
      doc.image(Buffer.from(logoPng), left + width - logoSize, top, { fit: [logoSize, logoSize], align: 'right' });
      textWidth = width - logoSize - 12;
    } catch {
      // A PNG pdfkit cannot read (e.g. interlaced) must not stop the document: the letterhead goes without it.
    }
  }
  doc.font('bold').fontSize(13).fillColor('#1c4e80').text(firm.name, left, top, { width: textWidth });
  doc.font('regular').fontSize(8).fillColor('#555555');
  for (const line of letterheadLines(firm)) doc.text(line, left, doc.y, { width: textWidth });
  const bottom = Math.max(doc.y, textWidth < width ? top + logoSize : 0) + 6;
  doc
    .moveTo(left, bottom)
    .lineTo(left + width, bottom)
    .lineWidth(0.5)
    .strokeColor('#cccccc')
    .stroke();
  doc.x = left;
  doc.y = bottom + 12;
  doc.font('regular').fontSize(10).fillColor('#1a1a1a');
  return pdf;
}

/** One line for the foot of every page: "Firm · 24×7 hotline +44 … · support@… · https://…". */
export function documentFooter(firm: FirmProfile): string {
  const first = firm.hotlines[0];
  return [firm.name, first ? `${first.label} ${first.number}` : null, firm.supportEmail, firm.website]
    .filter((v): v is string => !!v)
    .join(' · ');
}

/**
 * The signature under every email (its footer, see `EmailContent.footer`): the firm's name, the hotline(s)
 * to call in an emergency, the support email and website.
 */
export function emailSignature(firm: FirmProfile): string {
  const parts = [firm.name];
  if (firm.hotlines.length) parts.push(`In an emergency call ${hotlineLine(firm)}`);
  const contact = [firm.supportEmail, firm.website].filter((v): v is string => !!v);
  if (contact.length) parts.push(contact.join(' · '));
  return parts.join(' · ');
}

/**
 * The From header with the firm's name as display name: `"Firm & Co" <desk@example.com>` (RFC 5322 quoted
 * string; quotes, backslashes and line breaks in the name cannot break out of it).
 */
export function emailFrom(firm: FirmProfile, address: string): string {
  const name = firm.name
    .replace(/[\r\n]+/g, ' ')
    .replace(/["\\]/g, (c) => `\\${c}`)
    .trim();
  return name ? `"${name}" <${address}>` : address;
}

/** What a document needs to carry the firm's identity: the profile and, when it is a PNG, the logo's bytes. */
export interface Letterhead {
  firm: FirmProfile;
  logoPng?: Uint8Array | null | undefined;
}

/**
 * A PDF on the firm's paper: the letterhead on the first page and the firm's footer line on every page
 * (without `letterhead`, a plain `createPdf`).
 */
export function createLetterPdf(meta: PdfMeta, letterhead?: Letterhead): PdfWriter {
  if (!letterhead) return createPdf(meta);
  const pdf = createPdf({ author: letterhead.firm.name, ...meta, firmFooter: documentFooter(letterhead.firm) });
  return drawLetterhead(pdf, letterhead.firm, letterhead.logoPng);
}
