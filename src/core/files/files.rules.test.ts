import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition, formatBytes, looksLikeText, pdfLooksComplete } from './files.rules.ts';

describe('file names', () => {
  it('keeps the last path segment without control characters, quotes or leading dots', () => {
    expect(cleanFileName('C:\\Users\\lena\\hotel.pdf')).toBe('hotel.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('in"voice\r\n.pdf')).toBe('in_voice_.pdf');
    expect(cleanFileName('.htaccess')).toBe('htaccess');
    expect(cleanFileName('')).toBe('file');
    expect(cleanFileName(undefined, 'receipt')).toBe('receipt');
    const long = cleanFileName(`${'a'.repeat(300)}.pdf`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('offers downloads as attachments with an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('Rapport final — Müller.pdf')).toBe(
      `attachment; filename="Rapport final _ Muller.pdf"; filename*=UTF-8''Rapport%20final%20%E2%80%94%20M%C3%BCller.pdf`,
    );
    expect(contentDisposition('a"b.pdf')).toBe(`attachment; filename="a_b.pdf"; filename*=UTF-8''a_b.pdf`);
  });
});

describe('text sniffing', () => {
  it('recognises UTF-8 text and refuses binary', () => {
    expect(looksLikeText(Buffer.from('ioc,type\n198.51.100.7,ip\nevil.example,domain\n'))).toBe(true);
    expect(looksLikeText(Buffer.from('Łukasz, Дмитрий, Seán\n'))).toBe(true);
    expect(looksLikeText(Buffer.from([0x00, 0x01, 0x02, 0x03]))).toBe(false);
    expect(looksLikeText(Buffer.from([0xff, 0xfe, 0x41]))).toBe(false);
    expect(looksLikeText(Buffer.alloc(0))).toBe(false);
  });
});

describe('PDF structure', () => {
  it('wants the version header and the end-of-file marker, not only the four-byte signature', () => {
    expect(pdfLooksComplete(Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n'))).toBe(true);
    expect(pdfLooksComplete(Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'))).toBe(false);
    expect(pdfLooksComplete(Buffer.from('%PDF is a format; %%EOF'))).toBe(false);
    expect(pdfLooksComplete(Buffer.concat([Buffer.from('%PDF-1.7\n%%EOF'), Buffer.alloc(4096)]))).toBe(false);
  });
});

describe('sizes', () => {
  it('says limits the way people read them', () => {
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MB');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(12)).toBe('12 bytes');
  });
});
