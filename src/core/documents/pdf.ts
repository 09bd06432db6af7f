import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/**
 * Embedded TrueType fonts (DejaVu, from the npm package): the standard PDF fonts silently drop every
 * glyph outside Latin-1, so names such as "Seán", "Łukasz" or "Дмитрий" would not print.
 */
export const pdfFonts = {
  regular: path.join(fontDir, 'DejaVuSans.ttf'),
  bold: path.join(fontDir, 'DejaVuSans-Bold.ttf'),
  italic: path.join(fontDir, 'DejaVuSans-Oblique.ttf'),
  mono: path.join(fontDir, 'DejaVuSansMono.ttf'),
};

type FontName = keyof typeof pdfFonts;

/**
 * The fonts parsed once per process (fontkit objects, which pdfkit accepts in place of a file): opening the
 * four TrueType files for every document was most of a small PDF's cost (~50 ms a font). Each document still
 * embeds its own subset of the glyphs it uses.
 */
let parsedFonts: Record<FontName, unknown> | undefined;
function fontsOnce(): Record<FontName, unknown> {
  if (parsedFonts) return parsedFonts;
  const probe = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
  const parsed = {} as Record<FontName, unknown>;
  for (const name of Object.keys(pdfFonts) as FontName[]) {
    probe.registerFont(name, pdfFonts[name]);
    probe.font(name);
    parsed[name] = memoizeGlyphOutlines((probe as unknown as { _font: { font: FontkitFont } })._font.font);
  }
  return (parsedFonts = parsed);
}

/**
 * Word layouts (fontkit's shaping of each word, pdfkit's `layoutCache`) shared by every document of a font:
 * pdfkit keeps one cache per document, so each statement of a run shaped the same words again (a third of a
 * statement PDF's time). A layout depends only on the parsed font, which is shared; the subset each document
 * embeds is still its own. Bounded: started afresh every few thousand documents.
 */
let layoutCaches = new Map<unknown, Record<string, unknown>>();
let documentsSinceReset = 0;
const DOCUMENTS_PER_CACHE = 2_000;
interface PdfkitEmbeddedFont {
  font?: unknown;
  layoutCache?: Record<string, unknown>;
}
function shareLayoutCache(doc: PDFKit.PDFDocument): void {
  if (++documentsSinceReset > DOCUMENTS_PER_CACHE) {
    layoutCaches = new Map();
    documentsSinceReset = 1;
  }
  const font = doc.font.bind(doc);
  const seen = new WeakSet<object>();
  doc.font = ((...args: Parameters<typeof doc.font>) => {
    const r = font(...args);
    const current = (doc as unknown as { _font?: PdfkitEmbeddedFont })._font;
    if (current?.font && current.layoutCache && !seen.has(current)) {
      seen.add(current);
      let shared = layoutCaches.get(current.font);
      if (!shared) {
        shared = Object.create(null) as Record<string, unknown>;
        layoutCaches.set(current.font, shared);
      }
      current.layoutCache = shared;
    }
    return r;
  }) as typeof doc.font;
}

interface FontkitGlyph {
  _decode(): unknown;
}
interface FontkitFont {
  getGlyph(id: number, characters?: number[]): FontkitGlyph | null;
}

/**
 * Each embedded subset decodes its glyphs' outlines again from the font file (fontkit's `_decode`, half of
 * a subset's cost); the outlines of a parsed, shared font never change, so each glyph decodes once per
 * process. The subset's bytes are the same (DejaVu is not a variable font, whose outlines would vary).
 */
function memoizeGlyphOutlines(font: FontkitFont): FontkitFont {
  const getGlyph = font.getGlyph.bind(font);
  const done = new WeakSet<FontkitGlyph>();
  font.getGlyph = (id, characters) => {
    const glyph = getGlyph(id, characters);
    if (glyph && !done.has(glyph)) {
      done.add(glyph);
      const decode = glyph._decode.bind(glyph);
      let outline: unknown;
      glyph._decode = () => (outline === undefined ? (outline = decode()) : outline);
    }
    return glyph;
  };
  return font;
}

export interface PdfWriter {
  doc: PDFKit.PDFDocument;
  title(text: string): PdfWriter;
  heading(text: string): PdfWriter;
  paragraph(text: string, style?: { italic?: boolean; size?: number; color?: string }): PdfWriter;
  bullets(items: string[]): PdfWriter;
  /** Label/value rows, e.g. [['Contract', 'NW-2026-01'], ['Reserved', '40h 00m']]. */
  facts(rows: [string, string][]): PdfWriter;
  /** A simple table with a header row; widths are fractions of the text width. */
  table(header: string[], rows: string[][], widths?: number[]): PdfWriter;
  mono(text: string): PdfWriter;
  space(lines?: number): PdfWriter;
  /** Finishes the document (page footers with page numbers) and returns its bytes. */
  toBuffer(): Promise<Buffer>;
}

export interface PdfMeta {
  title: string;
  subject?: string;
  author?: string;
  footer?: string;
  /** A second footer line above the page footer: the firm's `documentFooter(firm)` (see letterhead.ts). */
  firmFooter?: string;
  creationDate?: Date;
}

/** The room a heading needs below it, in points (itself and about three lines), or it starts the next page. */
const KEEP_WITH_HEADING = 72;

/** The width text may take between the page margins. */
const textWidth = (doc: PDFKit.PDFDocument): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** An A4 document with its metadata and the embedded fonts registered. */
function openDocument(meta: PdfMeta): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    // No standard Helvetica: pdfkit would parse its AFM metrics for every document (about 2 ms each in a
    // statements run), and every text here uses the embedded fonts registered below.
    font: null as unknown as string,
    info: {
      Title: meta.title,
      ...(meta.subject ? { Subject: meta.subject } : {}),
      Author: meta.author ?? 'IMR Desk',
      Creator: 'IMR Desk',
      ...(meta.creationDate ? { CreationDate: meta.creationDate } : {}),
    },
  });
  const fonts = fontsOnce();
  for (const name of Object.keys(fonts) as FontName[]) doc.registerFont(name, fonts[name] as Buffer);
  shareLayoutCache(doc);
  doc.font('regular').fontSize(10).fillColor('#1a1a1a');
  return doc;
}

/** Label/value rows: the label in bold on the left, the value wrapping beside it. */
function writeFacts(doc: PDFKit.PDFDocument, rows: [string, string][]): void {
  const width = textWidth(doc);
  const labelWidth = Math.min(170, width * 0.35);
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font('bold').fontSize(10).fillColor('#444444').text(label, doc.page.margins.left, y, { width: labelWidth });
    const afterLabel = doc.y;
    doc
      .font('regular')
      .fillColor('#1a1a1a')
      .text(value, doc.page.margins.left + labelWidth + 8, y, { width: width - labelWidth - 8 });
    doc.x = doc.page.margins.left;
    doc.y = Math.max(afterLabel, doc.y) + 2;
  }
  doc.moveDown(0.3);
}

/**
 * A table with a bold header row and a rule under each row. A row that would not fit starts a new page,
 * which repeats the header; the header itself is never left alone at the foot of a page: it moves to the
 * next page with its first row (an empty table prints one "(none)" row under it).
 */
function writeTable(doc: PDFKit.PDFDocument, header: string[], rows: string[][], widths?: number[]): void {
  const total = textWidth(doc);
  const cols = (widths ?? header.map(() => 1 / header.length)).map((f) => f * total);
  const body = rows.length ? rows : [['(none)', ...header.slice(1).map(() => '')]];
  const bottomLimit = () => doc.page.height - doc.page.margins.bottom;
  const heightOf = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(9);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: cols[i]! - 4 }))) + 3;
  };
  const drawRow = (cells: string[], bold: boolean) => {
    const y = doc.y;
    let x = doc.page.margins.left;
    let bottom = y;
    cells.forEach((c, i) => {
      doc
        .font(bold ? 'bold' : 'regular')
        .fontSize(9)
        .fillColor(bold ? '#444444' : '#1a1a1a')
        .text(c, x + 2, y, { width: cols[i]! - 4 });
      bottom = Math.max(bottom, doc.y);
      x += cols[i]!;
    });
    doc.x = doc.page.margins.left;
    doc.y = bottom + 3;
    doc
      .moveTo(doc.page.margins.left, doc.y - 1)
      .lineTo(doc.page.margins.left + total, doc.y - 1)
      .lineWidth(0.5)
      .strokeColor('#dddddd')
      .stroke();
  };
  const headerHeight = heightOf(header, true);
  const newPage = () => {
    doc.addPage();
    doc.x = doc.page.margins.left;
  };
  // The header and the first row together, or both on the next page.
  if (doc.y + headerHeight + heightOf(body[0]!, false) > bottomLimit()) newPage();
  drawRow(header, true);
  for (const r of body) {
    if (doc.y + heightOf(r, false) > bottomLimit()) {
      newPage();
      drawRow(header, true);
    }
    drawRow(r, false);
  }
  doc.font('regular').fontSize(10).moveDown(0.4);
}

/** Writes the footer with page numbers on every page, ends the document and resolves with its bytes. */
function finishDocument(
  doc: PDFKit.PDFDocument,
  chunks: Buffer[],
  footer: string,
  firmFooter?: string,
): Promise<Buffer> {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (firmFooter)
      doc
        .font('regular')
        .fontSize(8)
        .fillColor('#666666')
        .text(firmFooter, doc.page.margins.left, doc.page.height - 52, {
          width: textWidth(doc),
          align: 'center',
          lineBreak: false,
        });
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#888888')
      .text(`${footer}  ·  page ${i + 1} of ${range.count}`, doc.page.margins.left, doc.page.height - 40, {
        width: textWidth(doc),
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** A PDF document with the embedded fonts and a consistent, readable layout. */
export function createPdf(meta: PdfMeta): PdfWriter {
  const doc = openDocument(meta);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const width = () => textWidth(doc);

  const writer: PdfWriter = {
    doc,
    title(text) {
      doc.font('bold').fontSize(18).fillColor('#1c4e80').text(text, { width: width() });
      doc.moveDown(0.5).font('regular').fontSize(10).fillColor('#1a1a1a');
      return writer;
    },
    heading(text) {
      // A heading is never the last line of a page: it keeps at least a few lines of what it heads.
      if (doc.y + KEEP_WITH_HEADING > doc.page.height - doc.page.margins.bottom) doc.addPage();
      doc.moveDown(0.6).font('bold').fontSize(12).fillColor('#1c4e80').text(text, { width: width() });
      doc.moveDown(0.2).font('regular').fontSize(10).fillColor('#1a1a1a');
      return writer;
    },
    paragraph(text, o = {}) {
      doc
        .font(o.italic ? 'italic' : 'regular')
        .fontSize(o.size ?? 10)
        .fillColor(o.color ?? '#1a1a1a')
        .text(text, { width: width() });
      doc.font('regular').fontSize(10).fillColor('#1a1a1a').moveDown(0.3);
      return writer;
    },
    bullets(items) {
      if (items.length === 0) return writer.paragraph('(none)', { italic: true, color: '#666666' });
      doc.font('regular').fontSize(10).list(items, { width: width(), bulletRadius: 1.5, textIndent: 12 });
      doc.moveDown(0.3);
      return writer;
    },
    facts(rows) {
      writeFacts(doc, rows);
      return writer;
    },
    table(header, rows, widths) {
      writeTable(doc, header, rows, widths);
      return writer;
    },
    mono(text) {
      doc.font('mono').fontSize(8).fillColor('#333333').text(text, { width: width() });
      doc.font('regular').fontSize(10).fillColor('#1a1a1a').moveDown(0.3);
      return writer;
    },
    space(lines = 1) {
      doc.moveDown(lines);
      return writer;
    },
    toBuffer: () => finishDocument(doc, chunks, meta.footer ?? meta.title, meta.firmFooter),
  };
  return writer;
}
