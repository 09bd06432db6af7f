import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../test/support/pdf-text.ts';
import { FirmProfile } from '../../shared/contracts/settings.ts';
import { encodePng } from '../files/png.ts';
import { documentFooter, drawLetterhead, emailFrom, emailSignature, isPng } from './letterhead.ts';
import { createPdf } from './pdf.ts';

const firm = FirmProfile.parse({
  name: 'Harbour Incident Response Ltd',
  postalAddress: '12 Quay Street\nDublin D02 XY45\nIreland',
  hotlines: [
    { label: '24×7 hotline (EU)', number: '+353 1 555 0100' },
    { label: 'US', number: '+1 212 555 0199' },
  ],
  supportEmail: 'support@harbour-ir.example',
  website: 'https://harbour-ir.example',
});

describe('letterhead', () => {
  it('draws the name, address, hotlines and contact data, with a PNG logo, and the firm footer on every page', async () => {
    const logo = encodePng(32, 32, (x, y) => [x * 8, y * 8, 128]);
    expect(isPng(logo)).toBe(true);
    const pdf = createPdf({ title: 'Statement', footer: 'Statement 2026-11', firmFooter: documentFooter(firm) });
    drawLetterhead(pdf, firm, logo);
    pdf.title('Statement');
    pdf.table(
      ['Line'],
      Array.from({ length: 90 }, (_, i) => [`line ${i}`]),
    );
    const text = await pdfText(await pdf.toBuffer());
    expect(text).toContain('Harbour Incident Response Ltd');
    expect(text).toContain('Dublin D02 XY45');
    expect(text).toContain('+353 1 555 0100');
    expect(text).toContain('+1 212 555 0199');
    expect(text).toContain('https://harbour-ir.example');
    const pages = text.split('\n').filter(Boolean);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages)
      expect(page).toContain('Harbour Incident Response Ltd · 24×7 hotline (EU) +353 1 555 0100');
  });

  it('works with the defaults and ignores a logo that is not a PNG', async () => {
    const pdf = createPdf({ title: 'EWO' });
    drawLetterhead(pdf, FirmProfile.parse({}), Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'));
    expect(await pdfText(await pdf.toBuffer())).toContain('IMR Desk');
    expect(documentFooter(FirmProfile.parse({}))).toBe('IMR Desk');
  });

  it("signs emails with the hotlines and sends them in the firm's name, quoted safely", () => {
    expect(emailSignature(firm)).toBe(
      'Harbour Incident Response Ltd · In an emergency call 24×7 hotline (EU) +353 1 555 0100 · US +1 212 555 0199 · support@harbour-ir.example · https://harbour-ir.example',
    );
    expect(emailFrom(firm, 'desk@harbour-ir.example')).toBe(
      '"Harbour Incident Response Ltd" <desk@harbour-ir.example>',
    );
    expect(emailFrom(FirmProfile.parse({ name: 'A "B" \\ C\r\nBcc: x@y' }), 'd@e.f')).toBe(
      '"A \\"B\\" \\\\ C Bcc: x@y" <d@e.f>',
    );
  });
});
