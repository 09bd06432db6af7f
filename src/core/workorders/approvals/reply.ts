import { isAppError } from '../../../shared/errors.ts';
import { sha256Hex } from '../../accounts/secrets.ts';
import { systemCtx } from '../../context.ts';
import type { HandlerResult, InboundHandler, InboundMessage } from '../../inbound/inbound.types.ts';
import { replyAnswer } from '../approvals.notify.ts';
import { approvalsRepo } from '../approvals.repo.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { REPLY_TOKEN_PATTERN, replyCommand, replyReason } from '../workorders.reply.ts';
import { contactCtx, decideSubject, organizationOf } from './link.ts';

/** What the reply carried as evidence of who decided: its headers and the inbound sender check. */
const evidenceOf = (msg: InboundMessage) => ({
  messageId: msg.messageId,
  from: msg.headers['from'] ?? msg.from,
  date: msg.headers['date'] ?? null,
  received: msg.headers['received'] ?? null,
  to: msg.to,
  subject: msg.subject,
  inboundMessageId: msg.id,
  authenticationResults: msg.headers['authentication-results'] ?? null,
  envelopeFrom: msg.envelopeFrom || null,
  senderCheck: msg.senderCheck,
});

/** Approval by email reply (tag `ewo`): only the contact the reply-to address was issued to, APPROVE or DECLINE first. */
export async function handleApprovalReply(
  deps: WorkOrdersDeps,
  msg: InboundMessage,
  token: string | null,
): Promise<HandlerResult> {
  if (msg.automated)
    return { outcome: 'ignored', detail: 'automated message (RFC 3834): never decides, never answered' };
  const unknown = replyAnswer(
    'Nothing was decided',
    'This reply address is not a valid approval address, so nothing was decided. Reply to the latest approval email you received, or use its link.',
  );
  if (!token || !REPLY_TOKEN_PATTERN.test(token))
    return { outcome: 'refused', detail: 'no or malformed token', reply: unknown };
  const issued = await approvalsRepo.tokenByHash(deps.db.kysely, sha256Hex(token), 'reply');
  if (!issued) return { outcome: 'refused', detail: 'unknown token', reply: unknown };
  const contact = await deps.customers.contactRecord(deps.db.kysely, issued.contact_id);
  if (!contact || contact.email.toLowerCase() !== msg.from) {
    return {
      outcome: 'refused',
      detail: `sender ${msg.from} is not the contact of the token`,
      reply: replyAnswer(
        'Nothing was decided',
        'This reply address was issued to another approver, and a decision by email counts only from the address the approval request was sent to. Nothing was decided. Reply from that address, or use the link in the approval email.',
      ),
    };
  }
  const command = replyCommand(msg.text);
  if (!command) {
    return {
      outcome: 'refused',
      detail: 'no APPROVE or DECLINE as the first word',
      reply: replyAnswer(
        'Nothing was decided',
        'Your reply did not start with APPROVE or DECLINE, so nothing was decided.',
        'To approve, reply with APPROVE as the first word. To decline, reply with DECLINE followed by your reason.',
      ),
    };
  }
  const evidence = evidenceOf(msg);
  const reason =
    command.decision === 'decline'
      ? (replyReason(command.reason) ?? 'Declined by email reply without a reason.')
      : null;
  try {
    const organizationId = await organizationOf(deps, issued.subject_type, issued.subject_id);
    const ctx = contactCtx(
      { actor: systemCtx('inbound').actor, channel: 'email', requestId: msg.id },
      contact,
      organizationId,
      'email',
    );
    const result = await decideSubject(deps, issued.subject_type, ctx, {
      id: issued.subject_id,
      choice: command.decision,
      who: { contactId: contact.id, userId: null, channel: 'email', tokenId: issued.id, evidence },
      shown: { contentHash: issued.content_hash, reason },
    });
    return {
      outcome: 'applied',
      detail: `${result.number} ${result.status} by ${contact.name}`,
      reply: replyAnswer(`${result.number}: ${result.status}`, `Thank you: ${result.message}`),
    };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return {
      outcome: 'refused',
      detail: `${error.code}: ${error.message}`,
      reply: replyAnswer('Nothing was decided', error.message),
    };
  }
}

/** The inbound-mail handler of approval replies (registered by main/core.ts). */
export const approvalReplyHandler = (deps: WorkOrdersDeps): InboundHandler => ({
  tag: 'ewo',
  handle: (msg: InboundMessage, token: string | null) => handleApprovalReply(deps, msg, token),
});
