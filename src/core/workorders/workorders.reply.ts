/** Approval by email reply: the reply-to token's shape and the APPROVE / DECLINE command of a reply's text (pure). */
import { randomBytes } from 'node:crypto';
import { firstWord } from '../inbound/inbound.rules.ts';

/** A reply's command: its first word APPROVE or DECLINE (the reason after it), or null for anything else. */
export function replyCommand(body: string): { decision: 'approve' | 'decline'; reason: string } | null {
  const { word, rest } = firstWord(body);
  if (word === 'APPROVE' || word === 'APPROVED') return { decision: 'approve', reason: rest };
  if (word === 'DECLINE' || word === 'DECLINED') return { decision: 'decline', reason: rest };
  return null;
}

/** The part of a reason worth keeping from an email reply (first paragraph, at most 2000 characters). */
export const replyReason = (rest: string): string | null => {
  const first = rest.split(/\n\s*\n/)[0]?.trim() ?? '';
  return first ? first.slice(0, 2000) : null;
};

/** A reply-to token fits the 64-character local part of `ewo+<token>@domain` and survives lower-casing. */
export const REPLY_TOKEN_PATTERN = /^[0-9a-f]{48}$/;

/** A reply-to token: 192 bits as lower-case hex, so it fits `ewo+<token>@domain` and survives lower-casing. */
export const newReplyToken = (): string => randomBytes(24).toString('hex');
