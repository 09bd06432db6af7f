import type { Executor } from '../../../db/create-db.ts';
import { rateCardOf, sameRateCard, type RateCard } from '../../../shared/rate-card.ts';
import type { ContractUnit } from '../../../shared/units.ts';
import { storedCard } from '../../billing/billing.rules.ts';
import type { ApprovalSubject, Decision, DecisionChannel } from '../../../shared/contracts/workorders.ts';
import { AppError, isAppError } from '../../../shared/errors.ts';
import { approvalsRepo, type TokenRow } from '../approvals.repo.ts';
import { changeOrdersRepo } from '../change-orders.repo.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { requestTopUp } from '../workorders.notify.ts';
import { workOrdersRepo } from '../workorders.repo.ts';

export type Choice = 'approve' | 'decline' | 'request_changes';

/** Who decides, through which channel, with which evidence. */
export interface Decider {
  contactId: string;
  userId: string | null;
  channel: DecisionChannel;
  tokenId: string | null;
  evidence: Record<string, unknown>;
}

/** What the decider saw (its content hash, if it says) and why it declines or asks for changes. */
export interface Shown {
  contentHash: string | null;
  reason: string | null;
}

export const outcomeOf: Record<Choice, Decision> = {
  approve: 'approved',
  decline: 'declined',
  request_changes: 'changes_requested',
};

export const notApprovable = (what: string, why: string, details: Record<string, unknown> = {}) =>
  new AppError('EWO_NOT_APPROVABLE', `${what} is not awaiting this decision: ${why}. Nothing was changed.`, details);

/**
 * The card a sent EWO version or change order was priced with (stored when sent; versions sent before
 * 0024 carry their contract's card of then, backfilled) must still be the contract's when it is approved:
 * work approved after a card change is priced with the new card (issue 17), so the firm sends a revised
 * document. Returns the card the approved work converts with.
 */
export function cardInForce(
  what: string,
  priced: unknown,
  contract: { unit: ContractUnit; units_per_hour: string | null; settings: unknown },
): RateCard {
  const current = rateCardOf(contract);
  if (priced === null || priced === undefined) return current;
  const card = storedCard(priced);
  if (!sameRateCard(card, current))
    throw notApprovable(
      what,
      "the retainer contract's rate card (rounding, multipliers, units per hour or travel policy) changed after it was sent, so its figures are out of date; ask the firm to send a revised one priced with the new card",
      { rateCardChanged: true },
    );
  return card;
}

/** Why a token can no longer decide, or null. */
export function tokenProblem(token: TokenRow, now: Date): string | null {
  if (token.used_at) return `this link was used already (${token.used_at.toISOString()})`;
  if (token.voided_at) return 'this link was replaced: the version it was sent for no longer awaits a decision';
  if (token.expires_at.getTime() <= now.getTime())
    return `this link expired at the approval deadline (${token.expires_at.toISOString()})`;
  return null;
}

/** The approving contact, re-read inside the decision's transaction: another customer's or one without canApprove is 403. */
export async function assertApprover(deps: WorkOrdersDeps, trx: Executor, contactId: string, customerId: string) {
  const contact = await deps.customers.contactRecord(trx, contactId);
  if (!contact || contact.customerId !== customerId || !contact.canApprove) {
    throw new AppError(
      'FORBIDDEN',
      "Only a defined point of contact of the customer (a contact with canApprove) approves or declines. Ask your organisation's point of contact.",
    );
  }
  return contact;
}

/** The token of a link or reply, re-checked under the subject's lock: bound to this subject, version, hash and contact. */
export async function assertToken(
  deps: WorkOrdersDeps,
  trx: Executor,
  tokenId: string | null,
  subject: { type: ApprovalSubject; id: string; versionId: string | null; contentHash: string },
  what: string,
): Promise<void> {
  if (!tokenId) return;
  const token = await approvalsRepo.token(trx, tokenId);
  if (!token || token.subject_type !== subject.type || token.subject_id !== subject.id)
    throw new AppError(
      'TOKEN_INVALID',
      'This approval link is not valid. Use the link of the latest approval email, or sign in to the portal.',
    );
  const problem =
    tokenProblem(token, deps.clock.now()) ??
    (token.version_id !== subject.versionId || token.content_hash !== subject.contentHash
      ? 'this link was sent for an earlier version'
      : null);
  if (problem)
    throw notApprovable(what, problem, {
      tokenStatus: token.used_at ? 'used' : token.voided_at ? 'void' : 'expired',
    });
}

/** Records a decision with its evidence, uses up the deciding token and voids the subject's other tokens. */
export async function recordDecision(
  deps: WorkOrdersDeps,
  trx: Executor,
  decided: {
    subjectType: ApprovalSubject;
    subjectId: string;
    versionId: string | null;
    version: number | null;
    decision: Decision;
    who: Decider;
    contact: { id: string; name: string; email: string };
    contentHash: string;
    reason: string | null;
    at: Date;
  },
) {
  const id = deps.ids.next('apr');
  await approvalsRepo.insertDecision(trx, {
    id,
    subject_type: decided.subjectType,
    subject_id: decided.subjectId,
    version_id: decided.versionId,
    version: decided.version,
    decision: decided.decision,
    channel: decided.who.channel,
    contact_id: decided.contact.id,
    contact_name: decided.contact.name,
    contact_email: decided.contact.email,
    user_id: decided.who.userId,
    token_id: decided.who.tokenId,
    content_hash: decided.contentHash,
    reason: decided.reason,
    decided_at: decided.at,
    evidence: JSON.stringify(decided.who.evidence),
  });
  if (decided.who.tokenId) await approvalsRepo.markTokenUsed(trx, decided.who.tokenId, decided.at);
  await approvalsRepo.voidTokens(trx, decided.subjectType, decided.subjectId, decided.at);
  return (await approvalsRepo.decisions(trx, decided.subjectType, [decided.subjectId])).find((row) => row.id === id)!;
}

/** The EWO or change order a decision, link or reply is about (any executor). */
export const subjectOf = (ex: Executor, subject: ApprovalSubject, id: string) =>
  subject === 'work_order' ? workOrdersRepo.byId(ex, id) : changeOrdersRepo.byId(ex, id);

/** A refusal by the overdraft policy asks the account team for a top-up and says so; the link stays usable. */
export async function withTopUp(
  deps: WorkOrdersDeps,
  error: unknown,
  choice: Choice,
  subject: ApprovalSubject,
  id: string,
): Promise<unknown> {
  if (!isAppError(error) || error.code !== 'BALANCE_INSUFFICIENT' || choice !== 'approve') return error;
  const refused = await subjectOf(deps.db.kysely, subject, id);
  if (!refused) return error;
  const label = subject === 'work_order' ? `work order ${refused.number}` : `change order ${refused.number}`;
  const asked = await requestTopUp(deps, {
    customerId: refused.customer_id,
    customerName: refused.customer_name,
    contractId: refused.contract_id,
    contractNumber: refused.contract_number,
    unit: refused.unit,
    what: label,
    key: `${subject}:${id}`,
    error,
  });
  return new AppError(
    'BALANCE_INSUFFICIENT',
    `Nothing was approved: ${error.message}${asked ? ' Your account manager has been asked for a top-up.' : ''} Once the top-up is recorded, approve again (the same link and reply address still work).`,
    { ...error.details, topUpRequested: asked },
  );
}
