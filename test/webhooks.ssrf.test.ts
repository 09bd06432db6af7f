import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookSender } from '../src/core/webhooks/webhooks.http.ts';
import { addressRefusal, urlRefusal } from '../src/core/webhooks/webhooks.ssrf.ts';

let server: http.Server;
let port = 0;
let hits = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++;
    if (req.url === '/redirect') {
      res.statusCode = 302;
      res.setHeader('location', 'http://169.254.169.254/latest/meta-data');
    } else res.statusCode = 204;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const strict = { requireHttps: false, allowPrivate: false };
const sender = (policy = strict, resolve?: Parameters<typeof createWebhookSender>[1]['resolve']) =>
  createWebhookSender(policy, { timeoutMs: 2000, userAgent: 'test', ...(resolve ? { resolve } : {}) });
const post = (url: string, s = sender()) => s({ url, headers: { 'webhook-id': 'msg_1' }, body: '{}' });

describe('SSRF: where webhooks may go', () => {
  it('refuses loopback, private, link-local, unique-local, mapped and special addresses, and allows public ones', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '64:ff9b::a00:1',
      '2002:a00:1::',
    ])
      expect(addressRefusal(ip, strict), ip).not.toBeNull();
    for (const ip of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34'])
      expect(addressRefusal(ip, strict), ip).toBeNull();
    expect(addressRefusal('127.0.0.1', { allowPrivate: true })).toBeNull();
    expect(addressRefusal('0.0.0.0', { allowPrivate: true })).not.toBeNull();
    expect(urlRefusal('http://hooks.example.com/x', { requireHttps: true, allowPrivate: false })).toMatch(/https/);
    expect(urlRefusal('https://hooks.example.com/x', { requireHttps: true, allowPrivate: false })).toBeNull();
  });

  it('refuses at delivery time, before connecting, the address a URL or a host name resolves to', async () => {
    hits = 0;
    for (const url of [
      `http://127.0.0.1:${port}/hook`,
      `http://[::1]:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
      `http://localhost:${port}/hook`,
      'http://10.0.0.1:9/hook',
      'http://169.254.169.254/latest/meta-data',
    ]) {
      const outcome = await post(url);
      expect({ url, status: outcome.status }).toEqual({ url, status: null });
      expect(outcome.error, url).toMatch(/target refused/);
    }
    expect(hits).toBe(0);
  });

  it('connects to the address it checked (a rebinding name cannot swap it) and keeps the name in Host', async () => {
    hits = 0;
    let lookups = 0;
    const rebinding = (_host: string, cb: (e: null, a: { address: string; family: number }[]) => void) =>
      cb(null, [{ address: lookups++ === 0 ? '127.0.0.1' : '10.0.0.1', family: 4 }]);
    let host = '';
    server.once('request', (req: http.IncomingMessage) => (host = req.headers.host ?? ''));
    const outcome = await post(
      `http://hooks.internal.test:${port}/hook`,
      sender({ requireHttps: false, allowPrivate: true }, rebinding),
    );
    expect(outcome).toMatchObject({ status: 204, error: null });
    expect(lookups).toBe(1);
    expect(host).toBe(`hooks.internal.test:${port}`);
    // a name resolving to a private address is refused without the flag, whatever else it resolves to
    const mixed = (_h: string, cb: (e: null, a: { address: string; family: number }[]) => void) =>
      cb(null, [
        { address: '93.184.216.34', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ]);
    expect((await post(`http://mixed.example.test:${port}/`, sender(strict, mixed))).error).toMatch(/target refused/);
  });

  it('does not follow redirects: a 3xx is a failed attempt', async () => {
    const outcome = await post(
      `http://127.0.0.1:${port}/redirect`,
      sender({ requireHttps: false, allowPrivate: true }),
    );
    expect(outcome.status).toBe(302);
    expect(hits).toBeGreaterThan(0);
  });
});
