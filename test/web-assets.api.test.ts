import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressWebBuild } from '../src/main/web-bundle.ts';
import { buildApp } from '../src/server/app.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

// A small web build on disk, as `imr build` leaves it: index.html, hashed assets with their .br/.gz copies.
const script = `console.log(${JSON.stringify('IMR Desk '.repeat(400))});\n`;
let t: TestEnv;
let app: FastifyInstance;
let webRoot: string;

beforeAll(async () => {
  t = await createTestEnv();
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-web-'));
  fs.mkdirSync(path.join(webRoot, 'assets'));
  fs.mkdirSync(path.join(webRoot, '.vite'));
  fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><script src="/assets/index-AbC123.js"></script>');
  fs.writeFileSync(path.join(webRoot, 'assets', 'index-AbC123.js'), script);
  fs.writeFileSync(
    path.join(webRoot, 'assets', 'index-AbC123.css'),
    `body{color:#000}\n${'.a{margin:0}\n'.repeat(200)}`,
  );
  fs.writeFileSync(
    path.join(webRoot, 'favicon.svg'),
    `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(300)}</svg>`,
  );
  fs.writeFileSync(path.join(webRoot, '.vite', 'manifest.json'), '{}');
  compressWebBuild(webRoot);
  app = await buildApp(t.core, { webRoot });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await t?.close();
  fs.rmSync(webRoot, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) =>
  app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

describe('the web build on disk', () => {
  it('has a brotli and a gzip copy beside each text asset, each the same bytes once decompressed', () => {
    const js = path.join(webRoot, 'assets', 'index-AbC123.js');
    expect(zlib.brotliDecompressSync(fs.readFileSync(`${js}.br`)).toString()).toBe(script);
    expect(zlib.gunzipSync(fs.readFileSync(`${js}.gz`)).toString()).toBe(script);
    expect(fs.statSync(`${js}.br`).size).toBeLessThan(script.length / 10);
    expect(fs.existsSync(path.join(webRoot, 'assets', 'index-AbC123.css.br'))).toBe(true);
  });
});

describe('serving the web UI', () => {
  it('sends the brotli copy to a browser that accepts it, as JavaScript, cached for a year', async () => {
    const r = await get('/assets/index-AbC123.js', 'gzip, deflate, br');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['vary']).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(r.rawPayload).toString()).toBe(script);
  });

  it('sends the gzip copy to a client that takes only gzip', async () => {
    const r = await get('/assets/index-AbC123.js', 'gzip');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zlib.gunzipSync(r.rawPayload).toString()).toBe(script);
  });

  it('sends the plain file to a client that asks for no encoding', async () => {
    const r = await get('/assets/index-AbC123.js');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body).toBe(script);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('compresses stylesheets too', async () => {
    const r = await get('/assets/index-AbC123.css', 'br');
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toMatch(/^text\/css/);
  });

  it('lets index.html (and every page of the app) be revalidated at each load, so an upgrade shows', async () => {
    for (const url of ['/', '/login', '/portal/requests']) {
      const r = await get(url, 'br, gzip');
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type'], url).toMatch(/^text\/html/);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      expect(r.body, url).toContain('/assets/index-AbC123.js');
    }
  });

  it('keeps files that are not hashed (the favicon) for an hour only', async () => {
    const r = await get('/favicon.svg', 'br');
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers a missing hashed asset with 404, not with the app page', async () => {
    const r = await get('/assets/index-Gone99.js', 'br');
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(r.body).not.toContain('<!doctype html>');
  });

  it('does not serve the build manifest', async () => {
    const r = await get('/.vite/manifest.json');
    expect(r.headers['content-type']).not.toMatch(/json/);
    expect(r.body).not.toBe('{}');
  });
});
