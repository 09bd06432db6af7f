import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock.ts';
import type { Db } from '../../db/create-db.ts';
import { mailRepo } from './mail.repo.ts';
import { retryDelayMs } from './mail.rules.ts';
import { isPermanentMailError, type MailTransport } from './transport.ts';

export type MailDelivery = ReturnType<typeof createMailDelivery>;

const CLAIM_MS = 2 * 60 * 1000;

export function createMailDelivery(deps: { db: Db; clock: Clock; transport: MailTransport; from: string; log?: Pick<Logger, 'warn' | 'info'> }) {
  return {
    /**
     * Delivers due outbox messages: claim (short transaction), send (no transaction open), record.
     * At-least-once: a crash between the server's acceptance and our record re-sends with the same
     * Message-ID. A failed attempt is retried with backoff; a permanent SMTP refusal is marked failed.
     */
    async deliverDue(limit = 20): Promise<{ delivered: number; failed: number }> {
      const claimed = await mailRepo.claimDue(deps.db.kysely, deps.clock.now(), CLAIM_MS, limit);
      let delivered = 0;
      let failed = 0;
      for (const row of claimed) {
        try {
          await deps.transport.send({ ...row.payload, from: deps.from, messageId: row.message_id, outboxId: row.id });
          await mailRepo.markDelivered(deps.db.kysely, row.id, deps.clock.now());
          delivered++;
        } catch (e) {
          failed++;
          const permanent = isPermanentMailError(e);
          const message = e instanceof Error ? e.message : String(e);
          deps.log?.warn({ outboxId: row.id, attempts: row.attempts, permanent, err: message }, 'mail delivery failed');
          await mailRepo.markFailedAttempt(
            deps.db.kysely,
            row.id,
            new Date(deps.clock.now().getTime() + retryDelayMs(row.attempts)),
            message,
            permanent,
          );
        }
      }
      return { delivered, failed };
    },
  };
}
