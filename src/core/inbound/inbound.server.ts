import { SMTPServer } from 'smtp-server';
import type { InboundService } from './inbound.service.ts';

export interface InboundListener {
  port: number;
  close(): Promise<void>;
}

const MAX_SIZE = 10 * 1024 * 1024;

/**
 * The SMTP listener for incoming mail (approval by reply, balance questions). It accepts mail only for
 * MAIL_IN_DOMAIN, answers 250 only after the message is stored and handled, and a temporary 451 when that
 * failed, so the sending server retries and nothing is lost.
 */
export async function startInboundListener(options: {
  port: number;
  host: string;
  domain: string;
  inbound: InboundService;
  log?: { error(obj: object, msg: string): void };
}): Promise<InboundListener> {
  const domain = options.domain.toLowerCase();
  const server = new SMTPServer({
    name: domain,
    banner: 'IMR Desk inbound mail',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_SIZE,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!address.address.toLowerCase().endsWith(`@${domain}`)) {
        const err = new Error(`Relay denied: this server only takes mail for ${domain}`) as Error & {
          responseCode: number;
        };
        err.responseCode = 550;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_SIZE) chunks.push(chunk);
      });
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded || size > MAX_SIZE) {
          const err = new Error('Message too large') as Error & { responseCode: number };
          err.responseCode = 552;
          return callback(err);
        }
        const rcptTo = session.envelope.rcptTo.map((r) => r.address);
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        options.inbound.receive(Buffer.concat(chunks), { rcptTo, mailFrom }).then(
          () => callback(),
          (e: unknown) => {
            options.log?.error({ err: e }, 'inbound message could not be processed');
            const err = new Error('Temporary failure, try again later') as Error & { responseCode: number };
            err.responseCode = 451;
            callback(err);
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
