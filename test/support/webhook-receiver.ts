import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { vi } from 'vitest';

export interface ReceivedHook {
  path: string;
  id: string;
  timestamp: string;
  body: string;
  /** The body as the Standard Webhooks reference verifier returned it, or the error it threw. */
  verified: { type: string; timestamp: string; data: Record<string, unknown> } | { error: string };
}

/**
 * A real HTTP receiver on 127.0.0.1 that checks every request with the `standardwebhooks` reference
 * implementation, with the secret registered for its path and the given clock as the receiver's time.
 * `answer` decides each response's status (default 204).
 */
export async function startWebhookReceiver(now: () => Date) {
  const secrets = new Map<string, string>();
  const received: ReceivedHook[] = [];
  let answer: (path: string) => number = () => 204;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      let verified: ReceivedHook['verified'];
      const spy = vi.spyOn(Date, 'now').mockImplementation(() => now().getTime());
      try {
        verified = new Webhook(secrets.get(path) ?? 'whsec_AAAA').verify(body, headers) as never;
      } catch (e) {
        verified = { error: (e as Error).message };
      } finally {
        spy.mockRestore();
      }
      received.push({ path, id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], body, verified });
      res.statusCode = answer(path);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    register: (path: string, secret: string) => secrets.set(path, secret),
    received,
    answerWith: (f: (path: string) => number) => {
      answer = f;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
