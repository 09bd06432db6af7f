import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock.ts';
import type { Db, Executor } from '../../db/create-db.ts';
import type { FirmProfile } from '../../shared/contracts/settings.ts';
import { emailFrom } from '../documents/letterhead.ts';
import { filesRepo } from '../files/files.repo.ts';
import { mailRepo, type OutboxRow } from './mail.repo.ts';
import { describeMailFailure, recipientDomains, retryDelayMs, type MailFailure } from './mail.rules.ts';
import type { EmailPayload, MailAttachment } from './mail.tables.ts';
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

/**
 * The payload with its file references replaced by the stored files' bytes (read once per run for all the
 * messages that share a file). A reference to a file that is gone is an error: the attempt fails and is retried.
 */
async function withFiles(
  db: Db,
  payload: EmailPayload,
  cache: Map<string, MailAttachment['content']>,
): Promise<EmailPayload> {
  const { fileAttachments, ...rest } = payload;
  if (!fileAttachments?.length) return rest;
  const resolved: MailAttachment[] = [];
  for (const ref of fileAttachments) {
    let content = cache.get(ref.fileId);
    if (content === undefined) {
      const file = await filesRepo.withContent(db.kysely, ref.fileId);
      if (!file) throw new Error(`attached file ${ref.fileId} not found`);
      content = Buffer.from(file.content).toString('base64');
      cache.set(ref.fileId, content);
    }
    resolved.push({ filename: ref.filename, contentType: ref.contentType, content });
  }
  return { ...rest, attachments: [...(rest.attachments ?? []), ...resolved] };
}

/** The address of a From header ("Name <a@b>" or "a@b"). */
export const mailAddress = (from: string): string => /<([^>]+)>/.exec(from)?.[1] ?? from;

export function createMailDelivery(deps: {
  db: Db;
  clock: Clock;
  transport: MailTransport;
  from: string;
  /** The firm's profile: its name is the sender's display name ("Firm" <address of `from`>). */
  firmProfile?: (ex: Executor) => Promise<FirmProfile>;
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
      const firm = claimed.length && deps.firmProfile ? await deps.firmProfile(deps.db.kysely) : undefined;
      const from = firm ? emailFrom(firm, mailAddress(deps.from)) : deps.from;
      const files = new Map<string, string>();
      for (const row of claimed) {
        try {
          const payload = await withFiles(deps.db, row.payload, files);
          await deps.transport.send({ ...payload, from, messageId: row.message_id, outboxId: row.id });
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
