import net from 'node:net';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { makeUserWithToken } from './support/factories.ts';
import { createTestEnv, type TestEnv } from './support/harness.ts';

let t: TestEnv;
let bearer: Record<string, string>;

beforeAll(async () => {
  t = await createTestEnv();
  bearer = { authorization: `Bearer ${(await makeUserWithToken(t, { role: 'admin' })).auth.token}` };
});
afterAll(async () => t.close());

async function customers(): Promise<number> {
  return Number(
    (
      await t.db.kysely
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** Sends raw bytes to a listening server and answers everything it wrote back before closing. */
function rawHttp(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(text));
    let out = '';
    socket.on('data', (d) => (out += d.toString('utf8')));
    socket.on('close', () => resolve(out));
    socket.on('error', (e) => (out ? resolve(out) : reject(e)));
  });
}

function parseRaw(response: string): { status: number; headers: Record<string, string>; body: string } {
  const [head = '', body = ''] = response.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

const json = { 'content-type': 'application/json' };

describe("the framework's own refusals are problem+json with a stable code (app.inject)", () => {
  const rows: [number, string, () => InjectOptions][] = [
    [400, 'BAD_REQUEST', () => ({ method: 'GET', url: '/api/v1/customers/%zz', headers: bearer })],
    [
      400,
      'BAD_REQUEST',
      () => ({ method: 'POST', url: '/api/v1/customers', headers: { ...bearer, ...json }, payload: '{"name":' }),
    ],
    [404, 'NOT_FOUND', () => ({ method: 'GET', url: '/api/v1/nothing-here', headers: bearer })],
    [404, 'NOT_FOUND', () => ({ method: 'GET', url: '/api/docs/static/nothing.js' })],
    [
      405,
      'METHOD_NOT_ALLOWED',
      () => ({ method: 'PUT', url: '/api/v1/customers', headers: { ...bearer, ...json }, payload: '{}' }),
    ],
    [405, 'METHOD_NOT_ALLOWED', () => ({ method: 'DELETE', url: '/healthz' })],
    [
      413,
      'PAYLOAD_TOO_LARGE',
      () => ({
        method: 'POST',
        url: '/api/v1/customers',
        headers: { ...bearer, ...json },
        payload: JSON.stringify({ name: 'x'.repeat(1_100_000), timeZone: 'UTC' }),
      }),
    ],
    [414, 'URI_TOO_LONG', () => ({ method: 'GET', url: `/api/v1/customers/${'x'.repeat(101)}`, headers: bearer })],
    [
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      () => ({
        method: 'POST',
        url: '/api/v1/customers',
        headers: { ...bearer, 'content-type': 'application/xml' },
        payload: '<customer/>',
      }),
    ],
  ];

  it.each(rows)('%i %s', async (status, code, request) => {
    const before = await customers();
    const r = await t.app.inject(request());
    expect(r.statusCode, r.body).toBe(status);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = r.json();
    expect(body).toMatchObject({ status, code });
    expect(body.detail).toMatch(/\w/);
    expect(r.headers['x-request-id']).toBe(body.requestId);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(await customers()).toBe(before);
  });

  it('names the allowed methods of a 405 in Allow', async () => {
    const r = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/customers',
      headers: { ...bearer, ...json },
      payload: '{}',
    });
    expect(r.headers['allow']).toBe('GET, HEAD, POST');
    expect(r.json().details.allowed).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('answers /readyz 503 as a problem that still carries the readiness fields', async () => {
    const app = await buildApp({
      ...t.core,
      readiness: async () => ({ ready: false, database: 'unreachable', migrations: 'unknown' }),
    });
    try {
      const r = await app.inject({ method: 'GET', url: '/readyz' });
      expect(r.statusCode, r.body).toBe(503);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json()).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        status: 503,
        ready: false,
        database: 'unreachable',
        migrations: 'unknown',
      });
    } finally {
      await app.close();
    }
  });
});

describe("the answers of Node's HTTP parser and of a closing server are problem+json too (real sockets)", () => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    app = await buildApp(t.core);
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => app.close());

  it.each([
    [431, 'HEADERS_TOO_LARGE', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`],
    [400, 'BAD_REQUEST', 'NOT HTTP AT ALL\r\n\r\n'],
    [400, 'BAD_REQUEST', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\n\r\n'],
    [414, 'URI_TOO_LONG', `GET /api/v1/customers/${'x'.repeat(120)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
  ])('%i %s', async (status, code, request) => {
    const r = parseRaw(await rawHttp(port, request));
    expect(r.status, r.body).toBe(status);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(r.body)).toMatchObject({ status, code });
  });
});

describe('a server that is closing', () => {
  it('answers requests still arriving on an open connection with 503 problem+json', async () => {
    const app = await buildApp(t.core);
    let release!: () => void;
    let arrived!: () => void;
    const inFlight = new Promise<void>((r) => (arrived = r));
    app.get('/slow', { config: { public: true } }, async () => {
      arrived();
      await new Promise<void>((r) => (release = r));
      return { ok: true };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as net.AddressInfo).port;
    const socket = net.connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => (out += d.toString('utf8')));
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await inFlight;
    const closing = app.close();
    // The second request of the same keep-alive connection is read once the first one is answered.
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    // The server stops listening right after the preClose hooks ran: from then on it is closing.
    while (app.server.listening) await new Promise((r) => setTimeout(r, 5));
    release();
    await closing;
    await closed;
    const second = out.slice(out.indexOf('HTTP/1.1', 10));
    const r = parseRaw(second);
    expect(out.startsWith('HTTP/1.1 200')).toBe(true);
    expect(r.status, out).toBe(503);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(r.body)).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });
});
