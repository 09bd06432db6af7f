import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * How long a browser may keep a file of the web build: the hashed files under /assets (their name changes
 * with their content) for a year without asking again; anything else (favicon) an hour. index.html, sent
 * by the app's not-found handler for every page path, is `no-cache` so an upgrade shows at the next load.
 */
export function webCacheControl(webRoot: string, filePath: string): string {
  const rel = path.relative(webRoot, filePath).split(path.sep);
  return rel[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'public, max-age=3600';
}

/**
 * Serves the files of a web build (src/main/web-build.ts). The build writes .br and .gz beside each asset
 * (src/main/web-bundle.ts): the copy the browser's Accept-Encoding takes is sent, brotli first.
 */
export async function registerWebUi(app: FastifyInstance, webRoot: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webRoot,
    prefix: '/',
    wildcard: false,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, filePath) => {
      res.setHeader('cache-control', webCacheControl(webRoot, filePath));
      res.setHeader('vary', 'accept-encoding');
    },
    // Vite's manifest describes the build for `imr build`; browsers have no use for it.
    allowedPath: (pathname) => !pathname.startsWith('/.vite/'),
  });
}
