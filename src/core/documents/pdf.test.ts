import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../test/support/pdf-text.ts';
import { createPdf } from './pdf.ts';

describe('pdf documents', () => {
  it('prints names outside Latin-1 with the embedded font, across pages', async () => {
    const pdf = createPdf({ title: 'Engagement Work Order EWO-1', footer: 'EWO-1 v1' });
    pdf.title('Engagement Work Order').facts([
      ['Approver', 'Seán Ó Briain'],
      ['Consultant', 'Łukasz Dąbrowski'],
      ['Контакт', 'Дмитрий'],
    ]);
    pdf.heading('Scope').paragraph('Contain and eradicate ransomware on file servers — 40h 00m estimated.');
    pdf.table(
      ['Activity', 'Role', 'Estimate'],
      Array.from({ length: 80 }, (_, i) => [`analysis ${i}`, 'forensic lead', '1h 00m']),
      [0.4, 0.4, 0.2],
    );
    const buf = await pdf.toBuffer();
    expect(buf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(buf);
    for (const s of ['Seán Ó Briain', 'Łukasz Dąbrowski', 'Дмитрий', '40h 00m', 'analysis 79'])
      expect(text).toContain(s);
    expect(text).toMatch(/page 1 of [2-9]/);
    if (fs.existsSync('/usr/bin/pdftotext')) {
      const file = path.join(os.tmpdir(), `imr-pdf-${process.pid}.pdf`);
      fs.writeFileSync(file, buf);
      expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('Seán Ó Briain');
      fs.rmSync(file);
    }
  });

  it('never leaves a table header alone at the foot of a page, and repeats it on the next page', async () => {
    // The table starts at several heights near the foot of the first page: with room for the header only,
    // for the header and one row, and with none.
    for (const room of [12, 20, 26, 40, 60]) {
      const pdf = createPdf({ title: 'Long table', footer: 'Long table' });
      pdf.doc.y = pdf.doc.page.height - pdf.doc.page.margins.bottom - room;
      pdf.table(
        ['Deliverable', 'Kind', 'Due'],
        Array.from({ length: 70 }, (_, i) => [`Report part ${i}`, 'Final report', 'Mon 7 Dec 2026']),
        [0.5, 0.25, 0.25],
      );
      const pages = (await pdfText(await pdf.toBuffer())).split('\n').filter((p) => p.trim());
      expect(pages.length, `room ${room}`).toBeGreaterThan(1);
      for (const [n, page] of pages.entries()) {
        // Every page that shows the header shows rows under it; every page of rows has its header.
        expect(page.includes('Deliverable'), `room ${room}, page ${n + 1}`).toBe(/Report part \d+/.test(page));
      }
      expect(pages.join(' ')).toContain('Report part 69');
    }
  });

  it('prints "(none)" under the header of an empty table', async () => {
    const pdf = createPdf({ title: 'Empty' });
    pdf.table(['Deliverable', 'Kind'], []);
    expect(await pdfText(await pdf.toBuffer())).toMatch(/Deliverable\s+Kind\s+\(none\)/);
  });
});
