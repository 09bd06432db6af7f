import { describe, expect, it } from 'vitest';
import { initialJsFiles, INITIAL_JS_BUDGET_BYTES, formatPageWeights, type Manifest } from './web-bundle.ts';

// The shape of vite's .vite/manifest.json: chunk keys are source paths, shared chunks start with '_'.
const manifest: Manifest = {
  'index.html': {
    file: 'assets/index-A.js',
    isEntry: true,
    imports: ['_vendor-B.js'],
    dynamicImports: ['features/portal/PortalHomePage.tsx', 'features/contracts/ContractPage.tsx'],
    css: ['assets/index-A.css'],
  },
  '_vendor-B.js': { file: 'assets/vendor-B.js' },
  'features/portal/PortalHomePage.tsx': {
    file: 'assets/PortalHomePage-C.js',
    isDynamicEntry: true,
    imports: ['index.html', '_BalanceCard-D.js'],
    dynamicImports: ['components/charts/library.ts'],
  },
  '_BalanceCard-D.js': { file: 'assets/BalanceCard-D.js', imports: ['_vendor-B.js', '_styles-E.css'] },
  '_styles-E.css': { file: 'assets/styles-E.css' },
  'components/charts/library.ts': { file: 'assets/library-F.js', isDynamicEntry: true },
  'features/contracts/ContractPage.tsx': { file: 'assets/ContractPage-G.js', isDynamicEntry: true },
};

describe('the initial JavaScript of a page', () => {
  it('is the entry and what it imports statically, not the pages it loads on demand', () => {
    expect(initialJsFiles(manifest, ['index.html'])).toEqual(['assets/index-A.js', 'assets/vendor-B.js']);
  });

  it('adds a page chunk and its static imports, transitively, once each, without its dynamic imports or CSS', () => {
    expect(initialJsFiles(manifest, ['index.html', 'features/portal/PortalHomePage.tsx'])).toEqual([
      'assets/BalanceCard-D.js',
      'assets/PortalHomePage-C.js',
      'assets/index-A.js',
      'assets/vendor-B.js',
    ]);
  });

  it('refuses a page the manifest does not know (renamed page: the budget would silently measure nothing)', () => {
    expect(() => initialJsFiles(manifest, ['features/portal/Gone.tsx'])).toThrow(
      /no chunk "features\/portal\/Gone.tsx"/,
    );
  });
});

describe('the report `imr build` prints', () => {
  it('names the page, the compressed and raw sizes, and says when a page is over budget', () => {
    const lines = formatPageWeights([
      { page: 'Login page', files: ['a.js'], raw: 600_000, gzip: 200_000, brotli: 170_000, withinBudget: true },
      {
        page: 'Portal home',
        files: ['a.js', 'b.js'],
        raw: 1_200_000,
        gzip: INITIAL_JS_BUDGET_BYTES + 1,
        brotli: 280_000,
        withinBudget: false,
      },
    ]);
    expect(lines[0]).toBe(
      'Login page: initial JavaScript 200.0 KB gzip, 170.0 KB brotli (600.0 KB raw, 1 file); budget 300.0 KB compressed',
    );
    expect(lines[1]).toMatch(/^Portal home: initial JavaScript 300\.0 KB gzip.*2 files.*OVER BUDGET$/);
  });
});
