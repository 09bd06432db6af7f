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

/** RFC 5322: lines end in CRLF, in the headers and in every text part alike (a bare LF or CR becomes CRLF). */
export const crlf = (text: string): string => text.replace(/\r\n|\r|\n/g, '\r\n');

/** The Content-Type of an iCalendar part: its method named, as calendar clients expect (RFC 6047). */
export const calendarContentType = (method: string): string =>
  `text/calendar; charset=utf-8; method=${method.toUpperCase()}`;

/**
 * The message as nodemailer takes it. Text parts with CRLF line ends; an invitation is both the
 * text/calendar alternative that mail clients act on and an attached .ics of the same type and method.
 */
export function toNodemailer(mail: OutgoingEmail): Mail.Options {
  const ical = mail.icalEvent
    ? { contentType: calendarContentType(mail.icalEvent.method), content: crlf(mail.icalEvent.content) }
    : null;
  return {
    from: mail.from,
    to: mail.to,
    ...(mail.cc?.length ? { cc: mail.cc } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject: mail.subject,
    text: crlf(mail.text),
    html: crlf(mail.html),
    messageId: mail.messageId,
    headers: mail.headers ?? {},
    ...(ical ? { alternatives: [{ ...ical }] } : {}),
    attachments: [
      ...(mail.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: Buffer.from(a.content, 'base64'),
      })),
      ...(ical ? [{ ...ical, filename: mail.icalEvent!.filename ?? 'invite.ics' }] : []),
    ],
  };
}

/** The files a message carries as its reader sees them: name, content type and size in bytes (an invitation's .ics too). */
export function attachmentsOf(mail: OutgoingEmail): { filename: string; contentType: string; size: number }[] {
  return (toNodemailer(mail).attachments ?? []).map((a) => ({
    filename: String(a.filename ?? 'attachment'),
    contentType: a.contentType ?? 'application/octet-stream',
    size: Buffer.isBuffer(a.content) ? a.content.length : Buffer.byteLength(String(a.content ?? ''), 'utf8'),
  }));
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
        attachments: JSON.stringify(attachmentsOf(mail)),
        raw,
        created_at: deps.clock.now(),
      });
    },
    async close() {},
  };
}
