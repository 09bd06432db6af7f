import { isProviderRole } from '../../shared/roles.ts';
import type { RecipientKind } from './links.ts';
import type { RecipientRow } from './mail.repo.ts';

/** Delay before the next delivery attempt: 10 s doubling per attempt, at most one hour. */
export function retryDelayMs(attempts: number): number {
  const base = 10_000 * 2 ** Math.max(0, attempts - 1);
  return Math.min(base, 60 * 60 * 1000);
}

/** A stable Message-ID for an outbox row, so a redelivery after a crash folds in mail clients. */
export function messageIdFor(outboxId: string, publicUrl: string): string {
  const host = new URL(publicUrl).hostname || 'localhost';
  return `<${outboxId}@${host}>`;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

/**
 * What an admin sees of an outbox message: `queued` (waiting for its first attempt), `sending` (claimed by
 * a worker right now), `failing` (attempts failed, another one is scheduled), `delivered` (the SMTP server
 * or the local mailbox took it) and `failed` (a permanent refusal: no more attempts unless retried).
 * The repository's state filter (`stateCondition` in mail.repo.ts) is the same rule in SQL; a test compares them.
 */
export const outboxStates = ['queued', 'sending', 'failing', 'delivered', 'failed'] as const;
export type OutboxState = (typeof outboxStates)[number];

export function outboxState(
  row: { status: 'pending' | 'delivered' | 'failed'; locked_until: Date | null; last_error: string | null },
  now: Date,
): OutboxState {
  if (row.status !== 'pending') return row.status;
  if (row.locked_until && row.locked_until > now) return 'sending';
  return row.last_error !== null ? 'failing' : 'queued';
}

/** Whether another delivery attempt is scheduled: only then is its time worth showing. */
export const awaitsAttempt = (state: OutboxState): boolean => state === 'queued' || state === 'failing';

/** A failed delivery attempt as it may be logged and shown: no secret, no recipient's local part, no body. */
export interface MailFailure {
  /** The SMTP reply code when the server answered (451, 550, 535…), else null (no connection, timeout). */
  smtpCode: number | null;
  /** The transport's error code: ECONNREFUSED, ETIMEDOUT, EENVELOPE, EAUTH… */
  errorCode: string | null;
  /** A one-line message, at most 500 characters. */
  message: string;
  /** A 5xx reply: trying again will not help. */
  permanent: boolean;
}

const MAX_ERROR_CHARS = 500;

/**
 * Describes a transport error for logs and the outbox listing. `secrets` (the SMTP password) are blanked
 * wherever they appear, raw or URL-encoded, as is any `user:password@` of a URL; email addresses keep
 * only their domain (`…@example.com`), since recipients may be shown as a domain only.
 */
export function describeMailFailure(e: unknown, secrets: readonly string[] = []): MailFailure {
  const err = (typeof e === 'object' && e !== null ? e : {}) as {
    message?: unknown;
    response?: unknown;
    command?: unknown;
    responseCode?: unknown;
    code?: unknown;
    originalCode?: unknown;
  };
  const smtpCode = typeof err.responseCode === 'number' && Number.isInteger(err.responseCode) ? err.responseCode : null;
  const code = typeof err.originalCode === 'string' ? err.originalCode : typeof err.code === 'string' ? err.code : null;
  const raw =
    serverReply(err) ?? (e instanceof Error ? e.message : typeof err.message === 'string' ? err.message : String(e));
  return {
    smtpCode,
    errorCode: code && /^[A-Z0-9_]{1,40}$/.test(code) ? code : null,
    message: sanitiseMailError(raw, secrets) || 'delivery failed without a message',
    permanent: smtpCode !== null && smtpCode >= 500 && smtpCode < 600,
  };
}

const refusedStep: Record<string, string> = {
  'MAIL FROM': 'sender refused',
  'RCPT TO': 'recipient refused',
  DATA: 'message refused',
};

/** The mail server's own answer with the step it refused ("recipient refused: 550 5.1.1 …"), when it gave one. */
function serverReply(err: { response?: unknown; command?: unknown }): string | null {
  if (typeof err.response !== 'string' || !err.response.trim()) return null;
  const command = typeof err.command === 'string' ? err.command : '';
  const step = command.startsWith('AUTH') ? 'login refused' : (refusedStep[command] ?? 'server answered');
  return `${step}: ${err.response}`;
}

/** Blanks secrets, URL credentials and recipients' local parts; one line, bounded length. */
export function sanitiseMailError(text: string, secrets: readonly string[] = []): string {
  let masked = text;
  const forms = secrets.filter((x) => x.length >= 3).flatMap((x) => [x, encodeURIComponent(x)]);
  for (const f of [...new Set(forms)].sort((a, b) => b.length - a.length)) masked = masked.split(f).join('***');
  masked = masked
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1***@')
    .replace(/[^\s<>"'(),;:@/*]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi, '…@$1')
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return masked.length > MAX_ERROR_CHARS ? `${masked.slice(0, MAX_ERROR_CHARS - 1)}…` : masked;
}

/** The distinct domains of some addresses, for logs that must not name the people. */
export function recipientDomains(addresses: readonly string[]): string[] {
  return [
    ...new Set(addresses.map((a) => (a.split('@').pop() ?? '').replace(/>$/, '').toLowerCase()).filter(Boolean)),
  ].sort();
}

/**
 * Why a message cannot be retried now, or null when it can: admins retry what failed (`failed`) or is
 * waiting for its next attempt after failures (`failing`, e.g. after an outage); the rest is on its way.
 */
export function retryRefusal(state: OutboxState): string | null {
  switch (state) {
    case 'failed':
    case 'failing':
      return null;
    case 'queued':
      return 'it is queued and goes out with the next delivery round';
    case 'sending':
      return 'it is being sent right now';
    case 'delivered':
      return 'it was delivered already';
  }
}

/** How a message is written for its reader: the pages it links to and the zone its times are in. */
export interface Audience {
  kind: RecipientKind;
  /** IANA zone every time of the message is written in (and named). */
  timeZone: string;
}

/**
 * The audience of one address from the people it belongs to (`mailRepo.recipientsByEmail`): a staff user reads
 * staff pages in his own zone or else the firm's; a contact or customer user reads the portal in his own zone
 * (a portal user's, then his contact's) or else his customer's. An address nobody has is `unknown`'s.
 */
export function audienceOf(
  rows: readonly RecipientRow[],
  firmZone: string,
  unknown: Audience = { kind: 'contact', timeZone: firmZone },
): Audience {
  const staff = rows.find((r) => r.source === 'user' && r.role !== null && isProviderRole(r.role));
  if (staff) return { kind: 'staff', timeZone: staff.own_zone ?? firmZone };
  if (rows.length === 0) return unknown;
  const user = rows.find((r) => r.source === 'user');
  const contact = rows.find((r) => r.source === 'contact');
  const zone =
    user?.own_zone ?? contact?.own_zone ?? user?.contact_zone ?? contact?.customer_zone ?? user?.customer_zone;
  return { kind: 'contact', timeZone: zone ?? unknown.timeZone };
}
