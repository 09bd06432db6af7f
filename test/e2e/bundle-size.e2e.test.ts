import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../src/main/web-build.ts';
import { formatPageWeights, INITIAL_JS_BUDGET_BYTES, measurePages, type Manifest } from '../../src/main/web-bundle.ts';

// The weight budget, checked on the build the browser tests use: the JavaScript a first visit of the login
// page and of the portal's home downloads (entry + page chunk + their static imports), gzip-compressed.
describe('the web build', () => {
  it('keeps the initial JavaScript of the login page and of the portal home under 300 KB compressed', async () => {
    const dir = await ensureWebBuild();
    const weights = measurePages(dir);
    const report = formatPageWeights(weights).join('\n');
    console.log(report);
    expect(weights.map((w) => w.page)).toEqual(['Login page', 'Portal home']);
    for (const w of weights) {
      expect(w.gzip, report).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
      expect(w.brotli, report).toBeLessThanOrEqual(w.gzip);
    }
  });

  it('leaves the chart library and the other pages out of the initial JavaScript, and ships .br/.gz copies', async () => {
    const dir = await ensureWebBuild();
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
    const initial = new Set(measurePages(dir).flatMap((w) => w.files));
    const charts = manifest['components/charts/library.ts']?.file;
    expect(charts, 'the chart library has its own chunk').toBeDefined();
    expect(initial.has(charts!)).toBe(false);
    for (const page of ['features/contracts/ContractPage.tsx', 'features/engagements/EngagementPage.tsx'])
      expect(initial.has(manifest[page]!.file), page).toBe(false);
    for (const f of initial) {
      if (fs.statSync(path.join(dir, f)).size < 1000) continue; // a tiny file may not shrink: sent as it is
      expect(fs.existsSync(path.join(dir, `${f}.br`)), `${f}.br`).toBe(true);
      expect(fs.existsSync(path.join(dir, `${f}.gz`)), `${f}.gz`).toBe(true);
    }
  });
});
