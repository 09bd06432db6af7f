import type { Executor } from '../../db/create-db.ts';
import type {
  ApprovalSubject,
  ApprovalSummary,
  Decision,
  DecisionChannel,
  LinkDecisionBody,
} from '../../shared/contracts/workorders.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { quantity } from '../../shared/units.ts';
import { sha256Hex } from '../accounts/secrets.ts';
import { authorize } from '../authz.ts';
import { isCustomerUser, systemCtx, type ContactActor, type Ctx } from '../context.ts';
import type { HandlerResult, InboundHandler, InboundMessage } from '../inbound/inbound.service.ts';
import type { EmailContent } from '../mail/templates.ts';
import type { ChangeOrdersService } from './change-orders.service.ts';
import { workOrdersPolicy } from './workorders.policy.ts';
import { workOrdersRepo, type TokenRow } from './workorders.repo.ts';
import {
  assertChangeOrderTransition,
  assertVersionTransition,
  notDecidableReason,
  REPLY_TOKEN_PATTERN,
  replyCommand,
  replyReason,
} from './workorders.rules.ts';
import type { WorkOrdersService } from './workorders.service.ts';
import type { WorkOrdersDeps, WorkOrdersSupport } from './workorders.support.ts';
import { toDecisionView, type FrozenChangeOrder, type FrozenWorkOrder } from './workorders.views.ts';

export type Choice = 'approve' | 'decline' | 'request_changes';

/** Who decides, through which channel, with which evidence. */
interface Decider {
  contactId: string;
  userId: string | null;
  channel: DecisionChannel;
  tokenId: string | null;
  evidence: Record<string, unknown>;
}

const outcomeOf: Record<Choice, Decision> = {
  approve: 'approved',
  decline: 'declined',
  request_changes: 'changes_requested',
};
const verb: Record<Decision, string> = {
  approved: 'approved',
  declined: 'declined',
  changes_requested: 'sent back for changes',
};

const notApprovable = (what: string, why: string, details: Record<string, unknown> = {}) =>
  new AppError('EWO_NOT_APPROVABLE', `${what} is not awaiting this decision: ${why}. Nothing was changed.`, details);

/** Why a token can no longer decide, or null. */
function tokenProblem(t: TokenRow, now: Date): string | null {
  if (t.used_at) return `this link was used already (${t.used_at.toISOString()})`;
  if (t.voided_at) return 'this link was replaced: the version it was sent for no longer awaits a decision';
  if (t.expires_at.getTime() <= now.getTime())
    return `this link expired at the approval deadline (${t.expires_at.toISOString()})`;
  return null;
}

export type ApprovalsService = ReturnType<typeof createApprovalsService>;

export function createApprovalsService(
  deps: WorkOrdersDeps,
  support: WorkOrdersSupport,
  workOrders: WorkOrdersService,
  changeOrders: ChangeOrdersService,
) {
  const { db, clock, ids, audit } = deps;

  /** The approving contact, re-read inside the decision's transaction: another customer's or one without canApprove is 403. */
  async function assertApprover(trx: Executor, contactId: string, customerId: string) {
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
  async function assertToken(
    trx: Executor,
    tokenId: string | null,
    subject: { type: ApprovalSubject; id: string; versionId: string | null; contentHash: string },
    what: string,
  ): Promise<void> {
    if (!tokenId) return;
    const t = await workOrdersRepo.token(trx, tokenId);
    if (!t || t.subject_type !== subject.type || t.subject_id !== subject.id)
      throw new AppError(
        'TOKEN_INVALID',
        'This approval link is not valid. Use the link of the latest approval email, or sign in to the portal.',
      );
    const problem =
      tokenProblem(t, clock.now()) ??
      (t.version_id !== subject.versionId || t.content_hash !== subject.contentHash
        ? 'this link was sent for an earlier version'
        : null);
    if (problem)
      throw notApprovable(what, problem, { tokenStatus: t.used_at ? 'used' : t.voided_at ? 'void' : 'expired' });
  }

  async function recordDecision(
    trx: Executor,
    o: {
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
    const id = ids.next('apr');
    await workOrdersRepo.insertDecision(trx, {
      id,
      subject_type: o.subjectType,
      subject_id: o.subjectId,
      version_id: o.versionId,
      version: o.version,
      decision: o.decision,
      channel: o.who.channel,
      contact_id: o.contact.id,
      contact_name: o.contact.name,
      contact_email: o.contact.email,
      user_id: o.who.userId,
      token_id: o.who.tokenId,
      content_hash: o.contentHash,
      reason: o.reason,
      decided_at: o.at,
      evidence: JSON.stringify(o.who.evidence),
    });
    if (o.who.tokenId) await workOrdersRepo.markTokenUsed(trx, o.who.tokenId, o.at);
    await workOrdersRepo.voidTokens(trx, o.subjectType, o.subjectId, o.at);
    const row = (await workOrdersRepo.decisions(trx, o.subjectType, [o.subjectId])).find((d) => d.id === id)!;
    return row;
  }

  /**
   * Decides the current sent version of an EWO, in one transaction under the EWO's row lock (of two racing
   * decisions exactly one wins; the other finds it decided: 409). Approval: the version is approved, the
   * request moves to approved, the engagement is created and the reservation posted (refused as a whole
   * beyond the overdraft policy, with the account team asked for a top-up), audited and notified.
   */
  async function decideWorkOrder(
    ctx: Ctx,
    id: string,
    choice: Choice,
    who: Decider,
    o: { contentHash: string | null; reason: string | null },
  ) {
    try {
      return await db.transaction(async (trx) => {
        const wo = await workOrdersRepo.lock(trx, id);
        if (!wo) throw new AppError('NOT_FOUND', `Work order ${id} not found.`);
        const v = (await workOrdersRepo.version(trx, id, wo.current_version))!;
        const what = `${wo.number} version ${v.version}`;
        const now = clock.now();
        const token = who.tokenId ? await workOrdersRepo.token(trx, who.tokenId) : undefined;
        const shownHash = o.contentHash ?? token?.content_hash ?? null;
        const contact = await assertApprover(trx, who.contactId, wo.customer_id);
        await assertToken(
          trx,
          who.tokenId,
          { type: 'work_order', id, versionId: v.id, contentHash: v.content_hash ?? '' },
          what,
        );
        const why = notDecidableReason({ status: v.status, approvalDeadline: v.approval_deadline }, now);
        if (why) throw notApprovable(what, why, { status: v.status, version: v.version });
        if (shownHash !== v.content_hash)
          throw notApprovable(
            what,
            'the content you were shown is not the current sent version (its hash differs); reload it',
            { contentHash: v.content_hash, version: v.version },
          );
        const decision = outcomeOf[choice];
        assertVersionTransition(v.status, decision, `Version ${v.version} of ${wo.number}`);
        const frozen = v.frozen as unknown as FrozenWorkOrder;
        if (frozen.contract.id !== wo.contract_id) {
          throw notApprovable(
            what,
            `the request moved to another retainer contract after this version was sent; the firm sends a revised version`,
            { contractId: wo.contract_id },
          );
        }
        await workOrdersRepo.updateVersion(trx, v.id, {
          status: decision,
          status_reason: o.reason,
          decided_at: now,
          updated_at: now,
        });
        await workOrdersRepo.update(trx, id, { updated_at: now }, true);
        let engagement: { id: string; number: string } | null = null;
        let reserved: number | null = null;
        if (decision === 'approved') {
          await deps.requests.transitionInTx(
            trx,
            ctx,
            wo.request_id,
            'approved',
            `${what} approved by ${contact.name}`,
          );
          const engagements = deps.engagements();
          if (!engagements)
            throw new AppError(
              'SERVICE_UNAVAILABLE',
              'Engagements cannot be created yet (the engagements feature is not wired): nothing was approved.',
            );
          engagement = await engagements.createFromApprovalInTx(trx, ctx, {
            customerId: wo.customer_id,
            contractId: wo.contract_id,
            requestId: wo.request_id,
            workOrderId: wo.id,
            title: frozen.title,
            kind: wo.kind,
            deliveryMode: frozen.deliveryMode,
            siteIds: frozen.sites.map((s) => s.id),
            pricingMode: frozen.pricingMode,
            estimate: frozen.estimate.total.amount,
            fixedPrice: frozen.fixedPrice?.amount ?? null,
            minimumBillable: frozen.minimumBillable.amount,
            plannedStart: frozen.proposedStart,
            plannedEnd: frozen.proposedEnd,
            team: frozen.staffingPlan.filter((s) => s.userId).map((s) => ({ userId: s.userId!, role: s.role })),
          });
          await workOrdersRepo.update(trx, id, { engagement_id: engagement.id });
          reserved = frozen.reservation.amount;
          if (reserved > 0) {
            await deps.ledger.reserve(trx, ctx, {
              contractId: wo.contract_id,
              engagementId: engagement.id,
              amount: reserved,
              reference: `${wo.number} v${v.version} approved`,
              idempotencyKey: `approval:${v.id}`,
            });
          }
        } else {
          await deps.requests.transitionInTx(
            trx,
            ctx,
            wo.request_id,
            decision === 'declined' ? 'declined' : 'ewo_drafting',
            `${what} ${verb[decision]} by ${contact.name}${o.reason ? `: ${o.reason}` : ''}`,
          );
        }
        const row = await recordDecision(trx, {
          subjectType: 'work_order',
          subjectId: id,
          versionId: v.id,
          version: v.version,
          decision,
          who,
          contact,
          contentHash: v.content_hash!,
          reason: o.reason,
          at: now,
        });
        await audit.record(trx, ctx, {
          action: `work_order.${decision}`,
          entityType: 'work_order',
          entityId: id,
          organizationId: wo.organization_id,
          before: { status: 'sent', version: v.version },
          after: {
            status: decision,
            version: v.version,
            contentHash: v.content_hash,
            channel: who.channel,
            contactId: contact.id,
            decisionId: row.id,
            ...(o.reason ? { reason: o.reason } : {}),
            ...(engagement ? { engagementId: engagement.id, reserved } : {}),
          },
        });
        const content: EmailContent = {
          heading: `${what} ${verb[decision]}`,
          paragraphs: [
            `${contact.name} (${wo.customer_name}) ${verb[decision]} work order ${wo.number} version ${v.version}, "${frozen.title}", via ${who.channel === 'email' ? 'email reply' : who.channel === 'link' ? 'the signed email link' : 'the portal'}.`,
            ...(engagement
              ? [
                  `Engagement ${engagement.number} is scheduled and ${frozen.reservation.display} is reserved on retainer ${wo.contract_number}. Staffing and scheduling can start.`,
                ]
              : []),
            ...(o.reason ? [`Reason: ${o.reason}`] : []),
            ...(decision === 'changes_requested' ? ['Revise the draft and send the next version.'] : []),
          ],
          facts: [
            ['Work order', `${wo.number} v${v.version}`],
            ['Content hash', v.content_hash!],
            ['Decided at', now.toISOString()],
          ],
          action: { label: 'Open the work order', url: `${deps.publicUrl}/work-orders/${encodeURIComponent(id)}` },
        };
        await support.notify(trx, {
          customerId: wo.customer_id,
          requestId: wo.request_id,
          topic: `ewo.${decision}`,
          subject: `${wo.number} v${v.version} ${verb[decision]} by ${contact.name}`,
          content,
          dedupeKey: `ewo-decision:${v.id}`,
        });
        return {
          subject: 'work_order' as const,
          id,
          number: wo.number,
          status: decision,
          decision: toDecisionView(row),
          engagementId: engagement?.id ?? null,
          reserved: reserved === null ? null : quantity(reserved, wo.unit),
          message: `${what} ${verb[decision]}.${engagement ? ` Engagement ${engagement.number} created; ${frozen.reservation.display} reserved.` : ''}`,
        };
      });
    } catch (e) {
      throw await withTopUp(e, choice, 'work_order', id);
    }
  }

  /**
   * Decides a sent change order the same way, under its row lock: approval changes the reservation by
   * the converted delta (refused as a whole beyond the overdraft policy), adjusts the engagement's
   * estimate and posts effort held over the old estimate.
   */
  async function decideChangeOrder(
    ctx: Ctx,
    id: string,
    choice: Choice,
    who: Decider,
    o: { contentHash: string | null; reason: string | null },
  ) {
    if (choice === 'request_changes')
      throw new AppError(
        'VALIDATION_FAILED',
        'A change order is approved or declined; to change it, decline it with your reason.',
        { errors: [{ path: 'body.decision', message: 'must be approve or decline' }] },
      );
    try {
      return await db.transaction(async (trx) => {
        const co = await workOrdersRepo.lockChangeOrder(trx, id);
        if (!co) throw new AppError('NOT_FOUND', `Change order ${id} not found.`);
        const what = `Change order ${co.number}`;
        const now = clock.now();
        const token = who.tokenId ? await workOrdersRepo.token(trx, who.tokenId) : undefined;
        const shownHash = o.contentHash ?? token?.content_hash ?? null;
        const contact = await assertApprover(trx, who.contactId, co.customer_id);
        await assertToken(
          trx,
          who.tokenId,
          { type: 'change_order', id, versionId: null, contentHash: co.content_hash ?? '' },
          what,
        );
        const why = notDecidableReason({ status: co.status, approvalDeadline: co.approval_deadline }, now);
        if (why) throw notApprovable(what, why, { status: co.status });
        if (shownHash !== co.content_hash)
          throw notApprovable(
            what,
            'the content you were shown is not the one sent for approval (its hash differs); reload it',
            { contentHash: co.content_hash },
          );
        const decision = outcomeOf[choice] as 'approved' | 'declined';
        assertChangeOrderTransition(co.status, decision);
        const frozen = co.frozen as unknown as FrozenChangeOrder;
        await workOrdersRepo.updateChangeOrder(
          trx,
          id,
          { status: decision, status_reason: o.reason, decided_at: now, updated_at: now },
          true,
        );
        let reserved: number | null = null;
        if (decision === 'approved') {
          const delta = frozen.delta.total.amount;
          const engagements = deps.engagements();
          if (!engagements)
            throw new AppError(
              'SERVICE_UNAVAILABLE',
              'Engagements cannot be changed yet (the engagements feature is not wired): nothing was approved.',
            );
          // Lock order of the engagements feature: the estimate (engagement row) first, then the ledger.
          const { applied } = await engagements.adjustEstimateInTx(trx, ctx, co.engagement_id, delta, {
            reason: `change order ${co.number}`,
          });
          // A reduction releases at most what is still reserved (the rest was consumed).
          const open = applied < 0 ? await deps.ledger.openReservation(trx, co.contract_id, co.engagement_id) : 0;
          reserved = applied < 0 ? -Math.min(-applied, open) : applied;
          if (reserved !== 0) {
            await deps.ledger.adjustReservation(trx, ctx, {
              contractId: co.contract_id,
              engagementId: co.engagement_id,
              delta: reserved,
              reference: `${co.number} approved`,
              idempotencyKey: `approval:${co.id}`,
            });
          }
          await deps.effort()?.postHeldEffortInTx(trx, ctx, co.engagement_id);
        }
        const row = await recordDecision(trx, {
          subjectType: 'change_order',
          subjectId: id,
          versionId: null,
          version: null,
          decision,
          who,
          contact,
          contentHash: co.content_hash!,
          reason: o.reason,
          at: now,
        });
        await audit.record(trx, ctx, {
          action: `change_order.${decision}`,
          entityType: 'change_order',
          entityId: id,
          organizationId: co.organization_id,
          before: { status: 'sent' },
          after: {
            status: decision,
            contentHash: co.content_hash,
            channel: who.channel,
            contactId: contact.id,
            decisionId: row.id,
            ...(o.reason ? { reason: o.reason } : {}),
            ...(reserved !== null ? { reservationChange: reserved, delta: frozen.delta.total.amount } : {}),
          },
        });
        const content: EmailContent = {
          heading: `${what} ${verb[decision]}`,
          paragraphs: [
            `${contact.name} (${co.customer_name}) ${verb[decision]} change order ${co.number} to engagement ${co.engagement_number}.`,
            ...(decision === 'approved'
              ? [
                  `The estimate goes from ${frozen.estimateBefore.display} to ${frozen.estimateAfter.display}; the reservation changed by ${quantity(reserved ?? 0, co.unit).display}.`,
                ]
              : []),
            ...(o.reason ? [`Reason: ${o.reason}`] : []),
          ],
          facts: [
            ['Change order', co.number],
            ['Content hash', co.content_hash!],
            ['Decided at', now.toISOString()],
          ],
          action: {
            label: 'Open the engagement',
            url: `${deps.publicUrl}/engagements/${encodeURIComponent(co.engagement_id)}`,
          },
        };
        const engagementRow = await workOrdersRepo.engagement(trx, co.engagement_id);
        await support.notify(trx, {
          customerId: co.customer_id,
          requestId: engagementRow?.request_id ?? null,
          topic: `change_order.${decision}`,
          subject: `${what} ${verb[decision]} by ${contact.name}`,
          content,
          dedupeKey: `change-order-decision:${id}`,
        });
        return {
          subject: 'change_order' as const,
          id,
          number: co.number,
          status: decision,
          decision: toDecisionView(row),
          engagementId: co.engagement_id,
          reserved: reserved === null ? null : quantity(reserved, co.unit),
          message: `${what} ${verb[decision]}.`,
        };
      });
    } catch (e) {
      throw await withTopUp(e, choice, 'change_order', id);
    }
  }

  /** A refusal by the overdraft policy asks the account team for a top-up and says so; the link stays usable. */
  async function withTopUp(e: unknown, choice: Choice, subject: ApprovalSubject, id: string): Promise<unknown> {
    if (!isAppError(e) || e.code !== 'BALANCE_INSUFFICIENT' || choice !== 'approve') return e;
    const s =
      subject === 'work_order'
        ? await workOrdersRepo.byId(db.kysely, id)
        : await workOrdersRepo.changeOrder(db.kysely, id);
    if (!s) return e;
    const label = subject === 'work_order' ? `work order ${s.number}` : `change order ${s.number}`;
    const asked = await support.requestTopUp({
      customerId: s.customer_id,
      customerName: s.customer_name,
      contractId: s.contract_id,
      contractNumber: s.contract_number,
      unit: s.unit,
      what: label,
      key: `${subject}:${id}`,
      error: e,
    });
    return new AppError(
      'BALANCE_INSUFFICIENT',
      `Nothing was approved: ${e.message}${asked ? ' Your account manager has been asked for a top-up.' : ''} Once the top-up is recorded, approve again (the same link and reply address still work).`,
      { ...e.details, topUpRequested: asked },
    );
  }

  /** A portal decider: a customer user of the EWO's tenant (else 404), acting through its contact; provider users are refused (403). */
  function portalDecider(ctx: Ctx): Decider {
    authorize(
      ctx.actor,
      workOrdersPolicy.decide,
      "A provider user can never approve or decline on the customer's behalf: the customer's point of contact decides in the portal, by the emailed link or by reply.",
    );
    const actor = ctx.actor;
    if (!actor.contactId)
      throw new AppError(
        'FORBIDDEN',
        'Your login is not linked to a contact of your organisation, so it cannot approve. Ask your IR firm to link it.',
      );
    return {
      contactId: actor.contactId,
      userId: actor.userId,
      channel: 'portal',
      tokenId: null,
      evidence: { ip: ctx.ip ?? null, userAgent: ctx.userAgent ?? null, requestId: ctx.requestId ?? null },
    };
  }

  /** The token of a signed link (422 TOKEN_INVALID when unknown) with the contact it was sent to. */
  async function linkToken(token: string) {
    const t = await workOrdersRepo.tokenByHash(db.kysely, sha256Hex(token), 'link');
    if (!t)
      throw new AppError(
        'TOKEN_INVALID',
        'This approval link is not valid. Open the link of the latest approval email, or sign in to the portal.',
      );
    const contact = await deps.customers.contactRecord(db.kysely, t.contact_id);
    if (!contact) throw new AppError('TOKEN_INVALID', 'This approval link is not valid any more.');
    return { t, contact };
  }

  const contactCtx = (
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

  async function organizationOf(subject: ApprovalSubject, id: string): Promise<string> {
    const s =
      subject === 'work_order'
        ? await workOrdersRepo.byId(db.kysely, id)
        : await workOrdersRepo.changeOrder(db.kysely, id);
    if (!s) throw new AppError('TOKEN_INVALID', 'This approval link is not valid any more.');
    return s.organization_id;
  }

  const decide = (subject: ApprovalSubject, ...args: Parameters<typeof decideWorkOrder>) =>
    subject === 'work_order' ? decideWorkOrder(...args) : decideChangeOrder(...args);

  /** What an email reply gets back: the outcome in words, marked as an automatic answer by the inbound service. */
  const reply = (heading: string, ...paragraphs: string[]): EmailContent => ({
    heading,
    paragraphs: [...paragraphs, 'This is an automatic answer from IMR Desk.'],
  });

  /** Approval by email reply (tag `ewo`): only the contact the reply-to address was issued to, APPROVE or DECLINE first. */
  const replyHandler: InboundHandler = {
    tag: 'ewo',
    async handle(msg: InboundMessage, token: string | null): Promise<HandlerResult> {
      if (msg.automated)
        return { outcome: 'ignored', detail: 'automated message (RFC 3834): never decides, never answered' };
      const unknown = reply(
        'Nothing was decided',
        'This reply address is not a valid approval address, so nothing was decided. Reply to the latest approval email you received, or use its link.',
      );
      if (!token || !REPLY_TOKEN_PATTERN.test(token))
        return { outcome: 'refused', detail: 'no or malformed token', reply: unknown };
      const t = await workOrdersRepo.tokenByHash(db.kysely, sha256Hex(token), 'reply');
      if (!t) return { outcome: 'refused', detail: 'unknown token', reply: unknown };
      const contact = await deps.customers.contactRecord(db.kysely, t.contact_id);
      if (!contact || contact.email.toLowerCase() !== msg.from) {
        return {
          outcome: 'refused',
          detail: `sender ${msg.from} is not the contact of the token`,
          reply: reply(
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
          reply: reply(
            'Nothing was decided',
            'Your reply did not start with APPROVE or DECLINE, so nothing was decided.',
            'To approve, reply with APPROVE as the first word. To decline, reply with DECLINE followed by your reason.',
          ),
        };
      }
      const evidence = {
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
      };
      const reason =
        command.decision === 'decline'
          ? (replyReason(command.reason) ?? 'Declined by email reply without a reason.')
          : null;
      try {
        const organizationId = await organizationOf(t.subject_type, t.subject_id);
        const ctx = contactCtx(
          { actor: systemCtx('inbound').actor, channel: 'email', requestId: msg.id },
          contact,
          organizationId,
          'email',
        );
        const r = await decide(
          t.subject_type,
          ctx,
          t.subject_id,
          command.decision,
          { contactId: contact.id, userId: null, channel: 'email', tokenId: t.id, evidence },
          { contentHash: t.content_hash, reason },
        );
        return {
          outcome: 'applied',
          detail: `${r.number} ${r.status} by ${contact.name}`,
          reply: reply(`${r.number}: ${r.status}`, `Thank you: ${r.message}`),
        };
      } catch (e) {
        if (!isAppError(e)) throw e;
        return {
          outcome: 'refused',
          detail: `${e.code}: ${e.message}`,
          reply: reply('Nothing was decided', e.message),
        };
      }
    },
  };

  return {
    replyHandler,

    /** The customer's approver approves the current sent EWO version it was shown (by its hash), in the portal. */
    async approveWorkOrder(ctx: Ctx, id: string, contentHash: string) {
      await workOrders.summary(ctx, id);
      return decideWorkOrder(ctx, id, 'approve', portalDecider(ctx), { contentHash, reason: null });
    },
    /** The customer's approver declines the current sent EWO version, with a reason (the request ends declined). */
    async declineWorkOrder(ctx: Ctx, id: string, contentHash: string, reason: string) {
      await workOrders.summary(ctx, id);
      return decideWorkOrder(ctx, id, 'decline', portalDecider(ctx), { contentHash, reason });
    },
    /** The customer's approver asks for changes to the current sent version (the request goes back to drafting). */
    async requestChanges(ctx: Ctx, id: string, contentHash: string, reason: string) {
      await workOrders.summary(ctx, id);
      return decideWorkOrder(ctx, id, 'request_changes', portalDecider(ctx), { contentHash, reason });
    },
    /** The customer's approver approves a sent change order, in the portal. */
    async approveChangeOrder(ctx: Ctx, id: string, contentHash: string) {
      await changeOrders.summary(ctx, id);
      return decideChangeOrder(ctx, id, 'approve', portalDecider(ctx), { contentHash, reason: null });
    },
    /** The customer's approver declines a sent change order, with a reason. */
    async declineChangeOrder(ctx: Ctx, id: string, contentHash: string, reason: string) {
      await changeOrders.summary(ctx, id);
      return decideChangeOrder(ctx, id, 'decline', portalDecider(ctx), { contentHash, reason });
    },

    /** The signed link's page: what is asked, how many units, what is left after (read-only: opening it never decides). */
    async linkSummary(token: string): Promise<ApprovalSummary> {
      const { t, contact } = await linkToken(token);
      const approver = { name: contact.name, canDecide: contact.canApprove };
      const problem = tokenProblem(t, clock.now());
      if (t.subject_type === 'work_order') {
        const wo = await workOrdersRepo.byId(db.kysely, t.subject_id);
        const v = t.version_id ? await workOrdersRepo.versionById(db.kysely, t.version_id) : undefined;
        if (!wo || !v) throw new AppError('TOKEN_INVALID', 'This approval link is not valid any more.');
        const why =
          notDecidableReason({ status: v.status, approvalDeadline: v.approval_deadline }, clock.now()) ?? problem;
        return workOrders.summaryOf(db.kysely, wo, v, approver, why);
      }
      const co = await workOrdersRepo.changeOrder(db.kysely, t.subject_id);
      if (!co) throw new AppError('TOKEN_INVALID', 'This approval link is not valid any more.');
      return changeOrders.summaryOf(
        db.kysely,
        co,
        approver,
        notDecidableReason({ status: co.status, approvalDeadline: co.approval_deadline }, clock.now()) ?? problem,
      );
    },

    /**
     * A decision through the signed link, taken only by an explicit choice on the page. The link is used up
     * only when the decision takes effect; a refusal (e.g. BALANCE_INSUFFICIENT) leaves it usable.
     */
    async linkDecide(base: Ctx, token: string, body: LinkDecisionBody) {
      const { t, contact } = await linkToken(token);
      if (body.decision !== 'approve' && !body.reason) {
        throw new AppError(
          'VALIDATION_FAILED',
          `Say why you ${body.decision === 'decline' ? 'decline' : 'ask for changes'}: the IR firm needs the reason.`,
          { errors: [{ path: 'body.reason', message: 'is required to decline or ask for changes' }] },
        );
      }
      const ctx = contactCtx(base, contact, await organizationOf(t.subject_type, t.subject_id), 'link');
      const who: Decider = {
        contactId: contact.id,
        userId: null,
        channel: 'link',
        tokenId: t.id,
        evidence: { ip: base.ip ?? null, userAgent: base.userAgent ?? null, requestId: base.requestId ?? null },
      };
      return decide(t.subject_type, ctx, t.subject_id, body.decision, who, {
        contentHash: body.contentHash ?? t.content_hash,
        reason: body.reason ?? null,
      });
    },

    /** The PDF of the exact version a signed link was sent for. */
    async linkPdf(token: string) {
      const { t } = await linkToken(token);
      if (t.subject_type === 'work_order') {
        const v = t.version_id ? await workOrdersRepo.versionById(db.kysely, t.version_id) : undefined;
        const wo = await workOrdersRepo.byId(db.kysely, t.subject_id);
        if (!v?.pdf || !wo || !v.content_hash) throw new AppError('NOT_FOUND', 'This version has no PDF.');
        return {
          filename: `${wo.number}-v${v.version}.pdf`,
          content: v.pdf,
          version: v.version,
          contentHash: v.content_hash,
        };
      }
      const co = await workOrdersRepo.changeOrder(db.kysely, t.subject_id);
      const pdf = await workOrdersRepo.changeOrderPdf(db.kysely, t.subject_id);
      if (!co || !pdf || !co.content_hash) throw new AppError('NOT_FOUND', 'This change order has no PDF.');
      return { filename: `${co.number}.pdf`, content: pdf, version: null, contentHash: co.content_hash };
    },

    /** What awaits a decision: customer users see their own organisation's, provider staff everything. */
    async pending(ctx: Ctx, f: { subject?: ApprovalSubject }): Promise<ApprovalSummary[]> {
      authorize(ctx.actor, workOrdersPolicy.read, 'Your role does not see approvals.');
      const org = isCustomerUser(ctx.actor) ? { organizationId: ctx.actor.organizationId } : {};
      const out: ApprovalSummary[] = [];
      if (f.subject !== 'change_order') {
        for (const wo of await workOrdersRepo.list(db.kysely, { ...org, status: 'sent', limit: 200 }))
          out.push(await workOrders.summary(ctx, wo.id));
      }
      if (f.subject !== 'work_order') {
        for (const co of await workOrdersRepo.changeOrders(db.kysely, { ...org, status: 'sent', limit: 200 }))
          out.push(await changeOrders.summary(ctx, co.id));
      }
      return out.sort((a, b) => (a.approvalDeadline ?? '').localeCompare(b.approvalDeadline ?? ''));
    },

    /**
     * The expiry job: every sent EWO version and change order whose deadline passed expires exactly once
     * (row lock and status re-check; a second or concurrent run finds nothing to do); the request moves
     * to expired, links stop working, and the account team, IR managers and requester are told.
     */
    async expireDue(): Promise<{ expired: string[]; failed: { id: string; error: string }[] }> {
      const ctx = systemCtx('approval-deadline');
      const now = clock.now();
      const expired: string[] = [];
      const failed: { id: string; error: string }[] = [];
      for (const due of await workOrdersRepo.dueVersions(db.kysely, now, 500)) {
        try {
          const done = await db.transaction(async (trx) => {
            const wo = await workOrdersRepo.lock(trx, due.work_order_id);
            const v = wo && (await workOrdersRepo.versionById(trx, due.id));
            if (
              !wo ||
              !v ||
              v.status !== 'sent' ||
              !v.approval_deadline ||
              v.approval_deadline.getTime() > now.getTime()
            )
              return false;
            assertVersionTransition(v.status, 'expired');
            await workOrdersRepo.updateVersion(trx, v.id, {
              status: 'expired',
              status_reason: 'approval deadline passed',
              decided_at: now,
              updated_at: now,
            });
            await workOrdersRepo.update(trx, wo.id, { updated_at: now }, true);
            await workOrdersRepo.voidTokens(trx, 'work_order', wo.id, now);
            await deps.requests.transitionInTx(
              trx,
              ctx,
              wo.request_id,
              'expired',
              `${wo.number} version ${v.version} was not answered by ${v.approval_deadline.toISOString()}`,
            );
            await audit.record(trx, ctx, {
              action: 'work_order.expired',
              entityType: 'work_order',
              entityId: wo.id,
              organizationId: wo.organization_id,
              before: { status: 'sent', version: v.version },
              after: { status: 'expired', approvalDeadline: v.approval_deadline.toISOString() },
            });
            await support.notify(trx, {
              customerId: wo.customer_id,
              requestId: wo.request_id,
              topic: 'ewo.expired',
              dedupeKey: `ewo-expired:${v.id}`,
              subject: `${wo.number} v${v.version} expired without a decision`,
              content: {
                heading: `${wo.number} version ${v.version} expired`,
                paragraphs: [
                  `Nobody at ${wo.customer_name} approved or declined work order ${wo.number} version ${v.version} by its deadline (${v.approval_deadline.toISOString()}). The request ${wo.request_id} has expired; its links no longer work.`,
                ],
                action: {
                  label: 'Open the work order',
                  url: `${deps.publicUrl}/work-orders/${encodeURIComponent(wo.id)}`,
                },
              },
            });
            return true;
          });
          if (done) expired.push(due.id);
        } catch (e) {
          failed.push({ id: due.id, error: (e as Error).message });
        }
      }
      for (const due of await workOrdersRepo.dueChangeOrders(db.kysely, now, 500)) {
        try {
          const done = await db.transaction(async (trx) => {
            const co = await workOrdersRepo.lockChangeOrder(trx, due.id);
            if (!co || co.status !== 'sent' || !co.approval_deadline || co.approval_deadline.getTime() > now.getTime())
              return false;
            await workOrdersRepo.updateChangeOrder(
              trx,
              co.id,
              { status: 'expired', status_reason: 'approval deadline passed', decided_at: now, updated_at: now },
              true,
            );
            await workOrdersRepo.voidTokens(trx, 'change_order', co.id, now);
            await audit.record(trx, ctx, {
              action: 'change_order.expired',
              entityType: 'change_order',
              entityId: co.id,
              organizationId: co.organization_id,
              before: { status: 'sent' },
              after: { status: 'expired', approvalDeadline: co.approval_deadline.toISOString() },
            });
            const e = await workOrdersRepo.engagement(trx, co.engagement_id);
            await support.notify(trx, {
              customerId: co.customer_id,
              requestId: e?.request_id ?? null,
              topic: 'change_order.expired',
              dedupeKey: `change-order-expired:${co.id}`,
              subject: `Change order ${co.number} expired without a decision`,
              content: {
                heading: `Change order ${co.number} expired`,
                paragraphs: [
                  `Nobody at ${co.customer_name} decided change order ${co.number} to ${co.engagement_number} by its deadline (${co.approval_deadline.toISOString()}). The engagement's estimate is unchanged.`,
                ],
              },
            });
            return true;
          });
          if (done) expired.push(due.id);
        } catch (e) {
          failed.push({ id: due.id, error: (e as Error).message });
        }
      }
      return { expired, failed };
    },
  };
}
