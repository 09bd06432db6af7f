import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { mailRepo } from './mail.repo.ts';
import type { EmailPayload } from './mail.tables.ts';

export interface OutgoingEmail extends EmailPayload {
  from: string;
  messageId: string;
  outboxId: string;
}

/** Where mail goes: an SMTP server, or the local mailbox when none is configured. */
export interface MailTransport {
  readonly kind: 'smtp' | 'mailbox';
  /** What must never appear in a log or an error shown to anyone (the SMTP password). */
  readonly secrets?: readonly string[];
  send(mail: OutgoingEmail): Promise<void>;
  close(): Promise<void>;
}

export function toNodemailer(mail: OutgoingEmail): Mail.Options {
  return {
    from: mail.from,
    to: mail.to,
    ...(mail.cc?.length ? { cc: mail.cc } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: mail.headers ?? {},
    attachments: (mail.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content, 'base64'),
    })),
    ...(mail.icalEvent
      ? {
          icalEvent: {
            method: mail.icalEvent.method,
            content: mail.icalEvent.content,
            filename: mail.icalEvent.filename ?? 'invite.ics',
          },
        }
      : {}),
  };
}

/** The RFC 5322 source of a message, exactly as SMTP would carry it. */
export async function composeRaw(mail: OutgoingEmail): Promise<string> {
  const composer = new MailComposer(toNodemailer(mail));
  const buf = await composer.compile().build();
  return buf.toString('utf8');
}

/** The password of an SMTP URL, as typed and decoded, so that logs can blank it. */
function smtpSecrets(url: string): string[] {
  try {
    const password = new URL(url).password;
    return password ? [...new Set([password, decodeURIComponent(password)])] : [];
  } catch {
    return [];
  }
}

export function createSmtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    secrets: smtpSecrets(url),
    async send(mail) {
      await transporter.sendMail(toNodemailer(mail));
    },
    async close() {
      transporter.close();
    },
  };
}

/** Without SMTP settings every message lands in a mailbox table that admins read in the UI and CLI. */
export function createMailboxTransport(deps: {
  db: { kysely: Executor };
  clock: Clock;
  ids: IdGenerator;
}): MailTransport {
  return {
    kind: 'mailbox',
    async send(mail) {
      const raw = await composeRaw(mail);
      await mailRepo.insertMailbox(deps.db.kysely, {
        id: deps.ids.next('mbx'),
        outbox_id: mail.outboxId,
        message_id: mail.messageId,
        from_address: mail.from,
        to_addresses: JSON.stringify([...mail.to, ...(mail.cc ?? [])].map((a) => a.toLowerCase())),
        subject: mail.subject,
        text_body: mail.text,
        html_body: mail.html,
        attachments: JSON.stringify(
          (mail.attachments ?? []).map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            size: Buffer.from(a.content, 'base64').length,
          })),
        ),
        raw,
        created_at: deps.clock.now(),
      });
    },
    async close() {},
  };
}
