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
});
