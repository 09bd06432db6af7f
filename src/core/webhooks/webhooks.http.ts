import http from 'node:http';
import https from 'node:https';
import { checkedLookup, literalRefusal, type ResolveAll, type TargetPolicy } from './webhooks.ssrf.ts';

/** The outcome of one POST: the response status (null when none came) and why it failed, if it did. */
export interface SendOutcome {
  status: number | null;
  latencyMs: number;
  error: string | null;
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Sends one signed POST; never throws. A test may replace it. */
export type WebhookSender = (request: WebhookRequest) => Promise<SendOutcome>;

/** How much of a response is read before the connection is dropped: receivers answer, they do not talk. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs a signed webhook: the target is re-checked on the address it resolves to now and the socket goes to
 * that address (SSRF: `checkedLookup`), redirects are not followed (a 3xx is a failure), the whole exchange
 * is bounded by `timeoutMs`, and only the status of the response is kept.
 */
export function createWebhookSender(
  policy: TargetPolicy,
  opts: { timeoutMs: number; userAgent: string; resolve?: ResolveAll },
): WebhookSender {
  const lookup = checkedLookup(policy, opts.resolve);
  return (request) =>
    new Promise<SendOutcome>((resolve) => {
      const started = performance.now();
      const done = (status: number | null, error: string | null) =>
        resolve({ status, latencyMs: Math.round(performance.now() - started), error });
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return done(null, 'the URL is not valid');
      }
      const literal = literalRefusal(url, policy);
      if (literal) return done(null, `target refused: ${literal}`);
      const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
      if (!client || (policy.requireHttps && url.protocol !== 'https:'))
        return done(null, 'target refused: https required');
      const req = client.request(url, {
        method: 'POST',
        lookup: lookup as never,
        timeout: opts.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'user-agent': opts.userAgent,
          'content-length': String(Buffer.byteLength(request.body)),
          ...request.headers,
        },
      });
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
      req.on('response', (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const finish = () => {
          clearTimeout(timer);
          done(res.statusCode ?? null, null);
        };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const refused = err.name === 'TargetRefused' || (err as { code?: string }).code === 'TARGET_REFUSED';
        done(
          null,
          refused ? `target refused: ${err.message}` : `${err.code ? `${err.code}: ` : ''}${err.message}`.slice(0, 500),
        );
      });
      req.end(request.body);
    });
}
