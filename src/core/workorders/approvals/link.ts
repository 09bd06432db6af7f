import type { ApprovalSubject, ApprovalSummary, LinkDecisionBody } from '../../../shared/contracts/workorders.ts';
import { AppError } from '../../../shared/errors.ts';
import { sha256Hex } from '../../accounts/secrets.ts';
import type { ContactActor, Ctx } from '../../context.ts';
import { approvalsRepo } from '../approvals.repo.ts';
import { changeOrderSummaryOf } from '../change-orders/view.ts';
import { changeOrdersRepo } from '../change-orders.repo.ts';
import { workOrderSummaryOf } from '../work-orders/view.ts';
import type { WorkOrdersDeps } from '../workorders.deps.ts';
import { notDecidableReason } from '../workorders.lifecycle.ts';
import { changeOrderDocumentPdf, workOrderVersionPdf } from '../workorders.documents.ts';
import { workOrdersRepo } from '../workorders.repo.ts';
import { decideChangeOrder } from './decide-change-order.ts';
import { decideWorkOrder } from './decide-work-order.ts';
import { notApprovable, subjectOf, tokenProblem, type Choice, type Decider, type Shown } from './decision.ts';

/** The token of a signed link (422 TOKEN_INVALID when unknown) with the contact it was sent to. */
async function linkToken(deps: WorkOrdersDeps, token: string) {
  const ex = deps.db.kysely;
  const found = await approvalsRepo.tokenByHash(ex, sha256Hex(token), 'link');
  if (!found)
    throw new AppError(
      'TOKEN_INVALID',
      'This approval link is not valid. Open the link of the latest approval email, or sign in to the portal.',
    );
  const contact = await deps.customers.contactRecord(ex, found.contact_id);
  if (!contact) throw new AppError('TOKEN_INVALID', 'This approval link is not valid any more.');
  return { issued: found, contact };
}

/** The context of a contact deciding by link or email reply, within the subject's organisation. */
export const contactCtx = (
  base: Ctx,
  contact: { id: string; email: string; name: string },
  organizationId: string,
  channel: 'link' | 'email',
): Ctx => ({
  ...base,
  actor: {
    type: 'contact',
    contactId: contact.id,
    organizationId,
    email: contact.email,
    name: contact.name,
  } satisfies ContactActor,
  channel,
});

/** The organisation of the subject a token names (TOKEN_INVALID once it is gone). */
export async function organizationOf(deps: WorkOrdersDeps, subject: ApprovalSubject, id: string): Promise<string> {
  const found = await subjectOf(deps.db.kysely, subject, id);
  if (!found) throw new AppError('TOKEN_INVALID', 'This approval link is not valid any more.');
  return found.organization_id;
}

/** Decides an EWO version or a change order, whichever the token names. */
export const decideSubject = (
  deps: WorkOrdersDeps,
  subject: ApprovalSubject,
  ctx: Ctx,
  input: { id: string; choice: Choice; who: Decider; shown: Shown },
) => (subject === 'work_order' ? decideWorkOrder(deps, ctx, input) : decideChangeOrder(deps, ctx, input));

/** The signed link's page: what is asked, how many units, what is left after (read-only: opening it never decides). */
export async function linkSummary(deps: WorkOrdersDeps, token: string): Promise<ApprovalSummary> {
  const ex = deps.db.kysely;
  const { issued, contact } = await linkToken(deps, token);
  const approver = { name: contact.name, canDecide: contact.canApprove };
  const problem = tokenProblem(issued, deps.clock.now());
  if (issued.subject_type === 'work_order') {
    const wo = await workOrdersRepo.byId(ex, issued.subject_id);
    const version = issued.version_id ? await workOrdersRepo.versionById(ex, issued.version_id) : undefined;
    if (!wo || !version) throw new AppError('TOKEN_INVALID', 'This approval link is not valid any more.');
    const why =
      notDecidableReason({ status: version.status, approvalDeadline: version.approval_deadline }, deps.clock.now()) ??
      problem;
    return workOrderSummaryOf(deps, ex, wo, version, approver, why);
  }
  const co = await changeOrdersRepo.byId(ex, issued.subject_id);
  if (!co) throw new AppError('TOKEN_INVALID', 'This approval link is not valid any more.');
  return changeOrderSummaryOf(
    deps,
    ex,
    co,
    approver,
    notDecidableReason({ status: co.status, approvalDeadline: co.approval_deadline }, deps.clock.now()) ?? problem,
  );
}

/**
 * A decision through the signed link, taken only by an explicit choice on the page. The link is used up
 * only when the decision takes effect; a refusal (e.g. BALANCE_INSUFFICIENT) leaves it usable.
 */
export async function linkDecide(deps: WorkOrdersDeps, base: Ctx, input: { token: string; body: LinkDecisionBody }) {
  const { body } = input;
  const { issued, contact } = await linkToken(deps, input.token);
  if (body.decision !== 'approve' && !body.reason) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Say why you ${body.decision === 'decline' ? 'decline' : 'ask for changes'}: the IR firm needs the reason.`,
      { errors: [{ path: 'body.reason', message: 'is required to decline or ask for changes' }] },
    );
  }
  const ctx = contactCtx(base, contact, await organizationOf(deps, issued.subject_type, issued.subject_id), 'link');
  const who: Decider = {
    contactId: contact.id,
    userId: null,
    channel: 'link',
    tokenId: issued.id,
    evidence: { ip: base.ip ?? null, userAgent: base.userAgent ?? null, requestId: base.requestId ?? null },
  };
  return decideSubject(deps, issued.subject_type, ctx, {
    id: issued.subject_id,
    choice: body.decision,
    who,
    shown: { contentHash: body.contentHash ?? issued.content_hash, reason: body.reason ?? null },
  });
}

/** The PDF of the exact version a signed link was sent for (with its approval block once approved). */
export async function linkPdf(deps: WorkOrdersDeps, token: string) {
  const ex = deps.db.kysely;
  const { issued } = await linkToken(deps, token);
  if (issued.subject_type === 'work_order') {
    const version = issued.version_id ? await workOrdersRepo.versionById(ex, issued.version_id) : undefined;
    const wo = await workOrdersRepo.byId(ex, issued.subject_id);
    if (!version?.pdf || !wo || !version.content_hash) throw new AppError('NOT_FOUND', 'This version has no PDF.');
    return workOrderVersionPdf(deps, ex, wo, version);
  }
  const co = await changeOrdersRepo.byId(ex, issued.subject_id);
  if (!co || !co.content_hash) throw new AppError('NOT_FOUND', 'This change order has no PDF.');
  return changeOrderDocumentPdf(deps, ex, co);
}

/**
 * What a signed link grants besides its decision (issue 17): its contact, while the link can still decide and
 * the contact may approve, may ask for a top-up of the contract of the EWO or change order it was sent for —
 * that contract only. A used, replaced or expired link grants nothing (TOKEN_INVALID / EWO_NOT_APPROVABLE).
 */
export async function linkTopUpGrant(deps: WorkOrdersDeps, base: Ctx, token: string) {
  const { issued, contact } = await linkToken(deps, token);
  const problem = tokenProblem(issued, deps.clock.now());
  const subject = await subjectOf(deps.db.kysely, issued.subject_type, issued.subject_id);
  if (!subject) throw new AppError('TOKEN_INVALID', 'This approval link is not valid any more.');
  if (problem)
    throw notApprovable(
      issued.subject_type === 'work_order' ? `Work order ${subject.number}` : `Change order ${subject.number}`,
      problem,
    );
  return {
    ctx: contactCtx(base, contact, subject.organization_id, 'link'),
    contactId: contact.id,
    contractId: subject.contract_id,
    source: { type: issued.subject_type, id: issued.subject_id },
  };
}
