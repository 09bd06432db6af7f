import pino, { type DestinationStream, type Logger } from 'pino';

/** What a log line never holds: replaced by this wherever it would appear. */
export const REDACTED = '[redacted]';

/**
 * Path segments and query parameters that carry a secret in a URL: the approval link's token
 * (`/approve/TOKEN`, `/api/v1/approval-links/TOKEN/…`) and the set-password or reset link's `?token=`.
 */
const SECRET_SEGMENT = /(\/(?:approve|approval-links)\/)[^/?#]+/g;
const SECRET_QUERY = /([?&](?:token|code|key|password|secret)=)[^&#]*/gi;

/** A URL as a log line may show it: secrets in its path and query replaced. */
export function scrubUrl(url: string): string {
  return url.replace(SECRET_SEGMENT, `$1${REDACTED}`).replace(SECRET_QUERY, `$1${REDACTED}`);
}

/** `user:password@` in a URL (SMTP_URL, DATABASE_URL in an error message) blanked. */
export const scrubCredentials = (text: string): string =>
  text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/?#\s]*@/gi, `$1${REDACTED}@`);

interface LoggedRequest {
  method?: string;
  url?: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
  id?: string;
}

/**
 * The product's logger (JSON lines, one per event, with the request id): the server's and the worker's.
 * Requests are logged by method, scrubbed URL and peer, never headers (Authorization, Cookie) or bodies;
 * fields named like secrets are redacted wherever they sit, and error messages lose URL credentials.
 */
export function createLogger(o: { level: string; service: string }, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: o.level,
    base: { service: o.service },
    redact: {
      paths: [
        'password',
        'token',
        'secret',
        'authorization',
        'cookie',
        '*.password',
        '*.newPassword',
        '*.token',
        '*.secret',
        '*.authorization',
        '*.cookie',
        '*.smtpUrl',
        'req.headers',
        'res.headers',
        'config',
        'err.config',
      ],
      censor: REDACTED,
    },
    serializers: {
      req: (req: LoggedRequest) => ({
        id: req.id,
        method: req.method,
        url: scrubUrl(req.url ?? ''),
        hostname: req.hostname,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
      err: (err: Error) => {
        const s = pino.stdSerializers.err(err);
        return {
          ...s,
          message: scrubUrl(scrubCredentials(s.message ?? '')),
          stack: scrubUrl(scrubCredentials(s.stack ?? '')),
        };
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
