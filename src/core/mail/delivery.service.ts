import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock.ts';
import type { Db } from '../../db/create-db.ts';
import { mailRepo, type OutboxRow } from './mail.repo.ts';
import { describeMailFailure, recipientDomains, retryDelayMs, type MailFailure } from './mail.rules.ts';
import type { MailTransport } from './transport.ts';

export type MailDelivery = ReturnType<typeof createMailDelivery>;
export type DeliveryLog = Pick<Logger, 'warn' | 'error'>;

/** The default claim: a crashed worker's messages are retried by another after two minutes (OUTBOX_CLAIM_SECONDS). */
const CLAIM_MS = 2 * 60 * 1000;
const silent: DeliveryLog = { warn: () => undefined, error: () => undefined } as unknown as DeliveryLog;

/**
 * One failed attempt as the log shows it: identifiers, attempt, schedule, codes and the sanitised error;
 * recipients only as a count and their domains, never the body or the SMTP credentials.
 */
function logFailure(log: DeliveryLog, row: OutboxRow, failure: MailFailure, nextAttemptAt: Date | null): void {
  const to = [...row.payload.to, ...(row.payload.cc ?? [])];
  const fields = {
    outboxId: row.id,
    messageId: row.message_id,
    topic: row.topic,
    attempt: row.attempts,
    nextAttemptAt: nextAttemptAt?.toISOString() ?? null,
    smtpCode: failure.smtpCode,
    errorCode: failure.errorCode,
    permanent: failure.permanent,
    error: failure.message,
    recipients: to.length,
    recipientDomains: recipientDomains(to),
  };
  if (failure.permanent) log.error(fields, 'mail delivery failed permanently, giving up');
  else log.warn(fields, 'mail delivery failed, will retry');
}

export function createMailDelivery(deps: {
  db: Db;
  clock: Clock;
  transport: MailTransport;
  from: string;
  claimMs?: number;
}) {
  return {
    /**
     * Delivers due outbox messages: claim (short transaction), send (no transaction open), record.
     * At-least-once: a crash between the server's acceptance and our record re-sends with the same
     * Message-ID. A failed attempt is logged (warn; a permanent SMTP refusal, which is marked failed, at
     * error) and retried with backoff. `log` is the worker's logger.
     */
    async deliverDue(limit = 20, log: DeliveryLog = silent): Promise<{ delivered: number; failed: number }> {
      const claimed = await mailRepo.claimDue(deps.db.kysely, deps.clock.now(), deps.claimMs ?? CLAIM_MS, limit);
      let delivered = 0;
      let failed = 0;
      for (const row of claimed) {
        try {
          await deps.transport.send({ ...row.payload, from: deps.from, messageId: row.message_id, outboxId: row.id });
          await mailRepo.markDelivered(deps.db.kysely, row.id, deps.clock.now());
          delivered++;
        } catch (e) {
          failed++;
          const failure = describeMailFailure(e, deps.transport.secrets ?? []);
          const nextAttemptAt = new Date(deps.clock.now().getTime() + retryDelayMs(row.attempts));
          logFailure(log, row, failure, failure.permanent ? null : nextAttemptAt);
          const error =
            failure.smtpCode !== null && !failure.message.includes(String(failure.smtpCode))
              ? `${failure.smtpCode} ${failure.message}`
              : failure.message;
          await mailRepo.markFailedAttempt(deps.db.kysely, row.id, nextAttemptAt, error, failure.permanent);
        }
      }
      return { delivered, failed };
    },
  };
}
