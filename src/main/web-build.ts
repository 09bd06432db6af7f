import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compressWebBuild } from './web-bundle.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webSrc = path.join(projectRoot, 'src/web');
const sharedSrc = path.join(projectRoot, 'src/shared');
const buildsDir = path.join(projectRoot, 'dist/web');

function walk(dir: string, out: string[]): void {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, e.name);
    if (e.isDirectory()) walk(entryPath, out);
    else if (!e.name.endsWith('.test.ts') && !e.name.endsWith('.test.tsx')) out.push(entryPath);
  }
}

/** A hash of everything the web build reads: its sources, the shared contracts, the build config, the lock file. */
export function webSourceHash(): string {
  const files: string[] = [];
  walk(webSrc, files);
  walk(sharedSrc, files);
  for (const f of ['vite.config.ts', 'package-lock.json', 'src/main/web-build.ts', 'src/main/web-bundle.ts'])
    files.push(path.join(projectRoot, f));
  const hash = createHash('sha256');
  for (const f of files.sort()) {
    if (!fs.existsSync(f)) continue;
    hash.update(path.relative(projectRoot, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the web UI when its sources changed, into a new folder named by their hash, and returns it.
 * A running server keeps serving the folder it started with: no file it uses is ever rewritten.
 */
export async function ensureWebBuild(
  options: { log?: (message: string) => void; force?: boolean } = {},
): Promise<string> {
  const hash = webSourceHash();
  const target = path.join(buildsDir, hash);
  if (!options.force && fs.existsSync(path.join(target, 'index.html'))) return target;
  options.log?.('Building the web UI (first start or changed sources)…');
  const tmp = path.join(buildsDir, `.tmp-${process.pid}-${Date.now()}`);
  const { build } = await import('vite');
  // Vite takes NODE_ENV from the environment when set: under vitest (NODE_ENV=test) it would bundle React's
  // development build (a third heavier) into a folder a production server then reuses.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      configFile: path.join(projectRoot, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: tmp, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  // .br and .gz beside each asset: the server sends them by Accept-Encoding (src/server/app.ts).
  compressWebBuild(tmp);
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(tmp, target);
  pruneOldBuilds(hash);
  return target;
}

/** Keeps the three newest builds (older servers from this checkout may still serve one of them). */
function pruneOldBuilds(keep: string): void {
  const dirs = fs
    .readdirSync(buildsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== keep && !d.name.startsWith('.tmp-'))
    .map((d) => ({ p: path.join(buildsDir, d.name), t: fs.statSync(path.join(buildsDir, d.name)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const d of dirs.slice(2)) fs.rmSync(d.p, { recursive: true, force: true });
}
