import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** The initial JavaScript a first visit of these pages downloads (compressed) must stay under this. */
export const INITIAL_JS_BUDGET_BYTES = 300 * 1000;

/**
 * The pages whose first load is measured, each as the vite manifest keys (source paths under src/web) it
 * needs before it shows: the app's entry (index.html, which holds the router, the layouts and the login
 * page) and the page's own chunk (routes.tsx loads pages lazily).
 */
export const measuredPages: { page: string; chunks: string[] }[] = [
  { page: 'Login page', chunks: ['index.html'] },
  { page: 'Portal home', chunks: ['index.html', 'features/portal/PortalHomePage.tsx'] },
];

/** One chunk of vite's `.vite/manifest.json` (build.manifest). */
export interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

/**
 * The JavaScript files the browser loads for these manifest keys: the chunks themselves and everything they
 * import statically, transitively (dynamic imports load later, on demand, and are not counted).
 */
export function initialJsFiles(manifest: Manifest, keys: string[]): string[] {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The web build's manifest has no chunk "${key}": was the page moved or renamed?`);
    if (chunk.file.endsWith('.js')) files.add(chunk.file);
    for (const i of chunk.imports ?? []) visit(i);
  };
  for (const k of keys) visit(k);
  return [...files].sort();
}

const compressible = /\.(js|mjs|css|html|svg|json|txt|map)$/;

/**
 * Writes `<file>.br` (brotli, best) and `<file>.gz` (gzip, best) beside each text asset of a web build, for
 * the server's pre-compressed serving. A copy that would not be smaller is not written.
 */
export function compressWebBuild(dir: string): void {
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.vite') walk(p);
      } else if (compressible.test(e.name)) {
        const raw = fs.readFileSync(p);
        // Source maps are fetched only by developer tools: gzip's speed is enough for them.
        const br = e.name.endsWith('.map')
          ? null
          : zlib.brotliCompressSync(raw, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
                [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
              },
            });
        const gz = zlib.gzipSync(raw, { level: e.name.endsWith('.map') ? 6 : 9 });
        if (br && br.length < raw.length) fs.writeFileSync(`${p}.br`, br);
        if (gz.length < raw.length) fs.writeFileSync(`${p}.gz`, gz);
      }
    }
  };
  walk(dir);
}

export interface PageWeight {
  page: string;
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
  /** gzip (what every client can take) within INITIAL_JS_BUDGET_BYTES. */
  withinBudget: boolean;
}

function compressedSize(file: string, ext: '.gz' | '.br'): number {
  if (fs.existsSync(file + ext)) return fs.statSync(file + ext).size;
  const raw = fs.readFileSync(file);
  return ext === '.gz' ? zlib.gzipSync(raw, { level: 9 }).length : zlib.brotliCompressSync(raw).length;
}

/** The initial JavaScript of each measured page of a web build (a folder with .vite/manifest.json). */
export function measurePages(dir: string, pages = measuredPages): PageWeight[] {
  const manifestPath = path.join(dir, '.vite', 'manifest.json');
  if (!fs.existsSync(manifestPath))
    throw new Error(`No ${manifestPath}: the web build needs build.manifest (vite.config.ts).`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
  return pages.map(({ page, chunks }) => {
    const files = initialJsFiles(manifest, chunks);
    let raw = 0;
    let gzip = 0;
    let brotli = 0;
    for (const f of files) {
      const p = path.join(dir, f);
      raw += fs.statSync(p).size;
      gzip += compressedSize(p, '.gz');
      brotli += compressedSize(p, '.br');
    }
    return { page, files, raw, gzip, brotli, withinBudget: gzip <= INITIAL_JS_BUDGET_BYTES };
  });
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;

/** The lines `imr build` prints: each page's initial JavaScript, raw and compressed, against the budget. */
export function formatPageWeights(weights: PageWeight[]): string[] {
  return weights.map(
    (w) =>
      `${w.page}: initial JavaScript ${kb(w.gzip)} gzip, ${kb(w.brotli)} brotli (${kb(w.raw)} raw, ` +
      `${w.files.length} file${w.files.length === 1 ? '' : 's'}); budget ${kb(INITIAL_JS_BUDGET_BYTES)} ` +
      `compressed${w.withinBudget ? '' : ' — OVER BUDGET'}`,
  );
}
