import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  port: number;
  messages: ParsedMail[];
  raw: string[];
  stop(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps every message it accepts (tests use it instead of a mock
 * transport). With `auth`, it requires AUTH (plain, over the unencrypted connection) with that user and password.
 */
export async function startSmtpSink(port = 0, o: { auth?: { user: string; pass: string } } = {}): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const raw: string[] = [];
  const auth = o.auth;
  const server = new SMTPServer({
    authOptional: !auth,
    ...(auth
      ? {
          allowInsecureAuth: true,
          onAuth(a, _session, callback) {
            if (a.username === auth.user && a.password === auth.pass) callback(null, { user: a.username });
            else callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
          },
        }
      : {}),
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const source = Buffer.concat(chunks);
        raw.push(source.toString('utf8'));
        messages.push(await simpleParser(source));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    messages,
    raw,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port that nothing listens on (found by opening and closing a sink). */
export async function freePort(): Promise<number> {
  const s = await startSmtpSink();
  const p = s.port;
  await s.stop();
  return p;
}
