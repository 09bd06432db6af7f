/** Email of the work-order feature: the approval requests with their personal links, outcome notices and top-up requests. */
import type { Executor } from '../../db/create-db.ts';
import type { ApprovalSubject } from '../../shared/contracts/workorders.ts';
import { AppError } from '../../shared/errors.ts';
import { quantity, type ContractUnit } from '../../shared/units.ts';
import { newSecret, sha256Hex } from '../accounts/secrets.ts';
import { zonedTime } from '../../shared/dates.ts';
import { renderEmail } from '../mail/templates.ts';
import type { ContentFor } from './approvals.notify.ts';
import { requestsRepo } from '../requests/requests.repo.ts';
import type { FrozenChangeOrder, FrozenWorkOrder } from '../../shared/workorders.ts';
import { approvalsRepo } from './approvals.repo.ts';
import type { ChangeOrderWithContext } from './change-orders.repo.ts';
import type { WorkOrdersDeps } from './workorders.deps.ts';
import { workOrdersRepo, type WorkOrderWithContext } from './workorders.repo.ts';
import { newReplyToken } from './workorders.reply.ts';
import type { BalanceImpactView } from './workorders.rules.ts';

/** A sent EWO version or change order to ask every approving contact about. */
export interface ApprovalRequest {
  subjectType: ApprovalSubject;
  subjectId: string;
  versionId: string | null;
  contentHash: string;
  deadline: Date;
  customerId: string;
  heading: string;
  subject: string;
  intro: string;
  facts: [string, string][];
  pdf: { filename: string; content: Buffer };
  topic: string;
  /** The contract the approval is about (its messages list it). */
  contractId?: string;
}

/** A fact that is an instant (a proposed start) as the reader writes it in his zone; any other text as is. */
const inZone = (value: string, timeZone: string): string =>
  /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value) && !Number.isNaN(Date.parse(value))
    ? zonedTime(new Date(value), timeZone)
    : value;

/** The approval email of one contact: the summary, approve and decline links, and (inbound mail on) how to reply. */
function approvalEmail(
  request: ApprovalRequest,
  contactName: string,
  url: string,
  canReply: boolean,
  timeZone: string,
): ReturnType<typeof renderEmail> {
  return renderEmail({
    heading: request.heading,
    paragraphs: [
      `Hello ${contactName},`,
      request.intro,
      'Open the page to see what you are approving, how many units it reserves and what is left after. Nothing is decided until you press Approve or Decline there.',
      ...(canReply
        ? [
            'You can also reply to this email: write APPROVE as the first word to approve, or DECLINE followed by your reason to decline.',
          ]
        : []),
      `This request expires at ${zonedTime(request.deadline, timeZone)}. The attached PDF is the exact version you are asked to approve (content hash ${request.contentHash}).`,
    ],
    facts: [
      ...request.facts.map(([k, v]): [string, string] => [k, inZone(v, timeZone)]),
      ['Approve by', zonedTime(request.deadline, timeZone)],
    ],
    action: { label: 'Review and approve', url },
    secondaryAction: { label: 'Decline', url: `${url}?decision=decline` },
    footer:
      'Only the defined points of contact of your organisation receive this email. Do not forward it: the links and the reply address are personal.',
  });
}

/**
 * Issues one signed link and (inbound mail on) one reply-to address per approving contact for a sent
 * version, stored hashed and bound to the contact and the content hash, expiring at the deadline; and
 * writes each contact's email with the summary, the PDF, approve and decline links.
 */
export async function issueApprovalRequests(
  deps: WorkOrdersDeps,
  trx: Executor,
  request: ApprovalRequest,
): Promise<number> {
  const contacts = await deps.customers.approvingContacts(trx, request.customerId);
  if (contacts.length === 0) {
    throw new AppError(
      'BUSINESS_RULE',
      'The customer has no contact who may approve (canApprove): add one, or set canApprove on a contact, then send again.',
    );
  }
  const at = deps.clock.now();
  const attachment = {
    filename: request.pdf.filename,
    contentType: 'application/pdf',
    content: request.pdf.content.toString('base64'),
  };
  for (const contact of contacts) {
    const link = newSecret();
    const reply = deps.inboundDomain ? newReplyToken() : null;
    const base = {
      subject_type: request.subjectType,
      subject_id: request.subjectId,
      version_id: request.versionId,
      contact_id: contact.id,
      content_hash: request.contentHash,
      expires_at: request.deadline,
      created_at: at,
    };
    await approvalsRepo.insertTokens(trx, [
      { ...base, id: deps.ids.next('apt'), channel: 'link', token_hash: sha256Hex(link) },
      ...(reply
        ? [{ ...base, id: deps.ids.next('apt'), channel: 'reply' as const, token_hash: sha256Hex(reply) }]
        : []),
    ]);
    const url = `${deps.publicUrl}/approve/${encodeURIComponent(link)}`;
    const { timeZone } = await deps.outbox.audienceOf(trx, contact.email);
    await deps.outbox.enqueueEmail(trx, {
      topic: request.topic,
      ...(request.contractId ? { contractId: request.contractId } : {}),
      to: [contact.email],
      subject: request.subject,
      ...approvalEmail(request, contact.name, url, reply !== null, timeZone),
      ...(reply ? { replyTo: `ewo+${reply}@${deps.inboundDomain}` } : {}),
      attachments: [attachment],
    });
  }
  return contacts.length;
}

/** Who hears about an outcome (domain.md Notifications): the account team, the IR managers and the requester. */
async function outcomeRecipients(
  deps: WorkOrdersDeps,
  ex: Executor,
  outcome: { customerId: string; requestId: string | null },
): Promise<string[]> {
  const team = (await deps.customers.accountTeam(ex, outcome.customerId)).map((m) => m.email);
  const managers = (await requestsRepo.providerRecipients(ex, ['ir_manager'])).map((user) => user.email);
  const requester: string[] = [];
  if (outcome.requestId) {
    const request = await requestsRepo.byId(ex, outcome.requestId);
    if (request?.requester_contact_id) {
      const contact = await deps.customers.contactRecord(ex, request.requester_contact_id);
      if (contact) requester.push(contact.email);
    } else if (request?.requester_user_id) {
      const email = await workOrdersRepo.userEmail(ex, request.requester_user_id);
      if (email) requester.push(email);
    }
  }
  const seen = new Set<string>();
  return [...team, ...managers, ...requester].filter((e) => !seen.has(e.toLowerCase()) && seen.add(e.toLowerCase()));
}

/** Writes one outcome email to the outbox on the caller's transaction (once per key). */
export async function notifyOutcome(
  deps: WorkOrdersDeps,
  trx: Executor,
  outcome: {
    customerId: string;
    requestId: string | null;
    topic: string;
    subject: string;
    content: ContentFor;
    dedupeKey: string;
    contractId?: string;
  },
): Promise<void> {
  const to = await outcomeRecipients(deps, trx, outcome);
  if (to.length === 0) return;
  // The requester (a contact) reads the portal's pages, the team and the IR managers the staff ones.
  await deps.outbox.enqueueForRecipients(trx, to, (audience) => ({
    topic: outcome.topic,
    ...(outcome.contractId ? { contractId: outcome.contractId } : {}),
    dedupeKey: outcome.dedupeKey,
    subject: outcome.subject,
    ...renderEmail(outcome.content(audience)),
  }));
}

/**
 * Journey 4: an approval the overdraft policy refused asks the account team for a top-up, in its own
 * transaction (the refused one rolled back), once per subject and shortfall.
 */
export async function requestTopUp(
  deps: WorkOrdersDeps,
  refused: {
    customerId: string;
    customerName: string;
    contractId: string;
    contractNumber: string;
    unit: ContractUnit;
    what: string;
    key: string;
    error: AppError;
  },
): Promise<boolean> {
  const shortfall = refused.error.details?.['shortfall'] as { amount: number; display: string } | undefined;
  const available = refused.error.details?.['available'] as { display: string } | undefined;
  return deps.db.transaction(async (trx) => {
    const to = (await deps.customers.accountTeam(trx, refused.customerId)).map((m) => m.email);
    if (to.length === 0) return false;
    await deps.outbox.enqueueEmail(trx, {
      topic: 'ewo.top_up_needed',
      contractId: refused.contractId,
      dedupeKey: `top-up-needed:${refused.key}:${shortfall?.amount ?? ''}`,
      to,
      subject: `Top-up needed: ${refused.customerName} cannot approve ${refused.what}`,
      ...renderEmail({
        heading: `${refused.customerName} needs a top-up to approve ${refused.what}`,
        paragraphs: [
          `An approver of ${refused.customerName} tried to approve ${refused.what}, and retainer ${refused.contractNumber} does not have enough units under its overdraft policy. Nothing was approved.`,
          'Record a top-up (for instance against a purchase order); the approver can then approve with the same link or in the portal.',
        ],
        facts: [
          ['Shortfall', shortfall?.display ?? quantity(0, refused.unit).display],
          ['Available now', available?.display ?? ''],
          ['Contract', refused.contractNumber],
        ],
        action: {
          label: 'Open the contract',
          url: `${deps.publicUrl}/contracts/${encodeURIComponent(refused.contractId)}`,
        },
      }),
    });
    return true;
  });
}

/** The approval request of a sent EWO version: who it is for, what it reserves, what is left after. */
export function workOrderApprovalRequest(sent: {
  wo: WorkOrderWithContext;
  version: { id: string; version: number };
  frozen: FrozenWorkOrder;
  impact: BalanceImpactView;
  deadline: Date;
  contentHash: string;
  pdf: Buffer;
}): ApprovalRequest {
  const { wo, version: version, frozen, impact, deadline } = sent;
  return {
    subjectType: 'work_order',
    subjectId: wo.id,
    versionId: version.id,
    contentHash: sent.contentHash,
    deadline,
    customerId: wo.customer_id,
    topic: 'ewo.sent',
    heading: `Approval needed: ${frozen.title}`,
    subject: `Approval needed: ${wo.number} v${version.version} — ${frozen.title}`,
    intro: `Your IR firm asks you to approve work order ${wo.number} (version ${version.version}) for ${wo.customer_name}. On approval it reserves ${frozen.reservation.display} of retainer ${wo.contract_number}.`,
    facts: [
      ['Work order', `${wo.number} version ${version.version}`],
      ['Reserves', frozen.reservation.display],
      ['Available now', impact.availableBefore.display],
      ['Available after approval', impact.availableAfter.display],
      ['Proposed start', frozen.proposedStart ?? 'to be agreed'],
    ],
    pdf: { filename: `${wo.number}-v${version.version}.pdf`, content: sent.pdf },
  };
}

/** The approval request of a sent change order: the engagement it changes and the estimate before and after. */
export function changeOrderApprovalRequest(sent: {
  co: ChangeOrderWithContext;
  frozen: FrozenChangeOrder;
  impact: BalanceImpactView;
  deadline: Date;
  contentHash: string;
  pdf: Buffer;
}): ApprovalRequest {
  const { co, frozen, impact, deadline } = sent;
  return {
    subjectType: 'change_order',
    subjectId: co.id,
    versionId: null,
    contentHash: sent.contentHash,
    deadline,
    customerId: co.customer_id,
    topic: 'change_order.sent',
    heading: `Approval needed: change to ${co.engagement_number}`,
    subject: `Approval needed: change order ${co.number} to ${co.engagement_number} (${frozen.delta.total.display})`,
    intro: `Your IR firm asks you to approve change order ${co.number} to engagement ${co.engagement_number} (${co.engagement_title}): ${co.reason} It changes the reservation on retainer ${co.contract_number} by ${frozen.delta.total.display}.`,
    facts: [
      ['Change order', co.number],
      ['Estimate', `${frozen.estimateBefore.display} → ${frozen.estimateAfter.display}`],
      ['Available now', impact.availableBefore.display],
      ['Available after approval', impact.availableAfter.display],
    ],
    pdf: { filename: `${co.number}.pdf`, content: sent.pdf },
  };
}
