import type { Executor } from '../../db/create-db.ts';
import type {
  ApprovalSummary,
  ChangeOrderStatus,
  CreateChangeOrderBody,
  DeltaLineInput,
  UpdateChangeOrderBody,
} from '../../shared/contracts/workorders.ts';
import { AppError } from '../../shared/errors.ts';
import { quantity } from '../../shared/units.ts';
import { authorize, canSeeTenant } from '../authz.ts';
import { actorLabel, isCustomerUser, type Actor, type Ctx } from '../context.ts';
import { CONTENT_HASH_RULE, contentHashOf } from '../documents/canonical-hash.ts';
import { ledgerRepo } from '../ledger/ledger.repo.ts';
import { cursorOf, toPage } from '../pagination.ts';
import { workOrdersPolicy } from './workorders.policy.ts';
import { renderChangeOrderPdf } from './workorders.pdf.ts';
import { workOrdersRepo, type ChangeOrderWithContext } from './workorders.repo.ts';
import {
  assertChangeOrderTransition,
  changeProblem,
  defaultDeadline,
  defaultDeadlineRule,
  deltaOf,
  notDecidableReason,
} from './workorders.rules.ts';
import { cardOf, type WorkOrdersDeps, type WorkOrdersSupport } from './workorders.support.ts';
import { changeOrderSummary, estimateView, toChangeOrderView, type FrozenChangeOrder } from './workorders.views.ts';

/** Pages of this list continue after the last item's id. */
const byId = cursorOf('id');

const notFound = (id: string) => new AppError('NOT_FOUND', `Change order ${id} not found.`);
const invalidDeadline = () =>
  new AppError('VALIDATION_FAILED', 'The approval deadline must be in the future.', {
    errors: [{ path: 'body.approvalDeadline', message: 'must be in the future' }],
  });

export type ChangeOrdersService = ReturnType<typeof createChangeOrdersService>;

export function createChangeOrdersService(deps: WorkOrdersDeps, support: WorkOrdersSupport) {
  const { db, clock, ids, audit } = deps;

  async function visible(ex: Executor, actor: Actor, id: string): Promise<ChangeOrderWithContext> {
    const co = await workOrdersRepo.changeOrder(ex, id);
    if (
      !co ||
      !canSeeTenant(actor, co.organization_id) ||
      ((isCustomerUser(actor) || actor.type === 'contact') && co.status === 'draft')
    )
      throw notFound(id);
    return co;
  }

  /** What the engagement consumed on its contract so far (ledger sums). */
  async function consumedOf(ex: Executor, contractId: string, engagementId: string): Promise<number> {
    return (await ledgerRepo.reservation(ex, contractId, engagementId))?.consumed ?? 0;
  }

  /** The delta may not take the estimate below what was consumed (422 BUSINESS_RULE), nor be zero. */
  async function assertDelta(
    ex: Executor,
    co: {
      contract_id: string;
      engagement_id: string;
      unit: ChangeOrderWithContext['unit'];
      units_per_hour: string | null;
      settings: unknown;
    },
    estimate: number,
    lines: DeltaLineInput[],
  ): Promise<void> {
    const delta = deltaOf(lines, cardOf(co)).total;
    const problem = changeProblem({
      estimate,
      delta,
      consumed: await consumedOf(ex, co.contract_id, co.engagement_id),
      unit: co.unit,
    });
    if (problem) throw new AppError('BUSINESS_RULE', problem, { delta: quantity(delta, co.unit) });
  }

  async function viewOf(ex: Executor, co: ChangeOrderWithContext) {
    const delta = deltaOf(co.delta_lines, cardOf(co));
    const decided = co.status !== 'draft' && co.status !== 'sent';
    const [firm, decisions, consumed, impact] = await Promise.all([
      deps.settings.firmSettings(ex),
      workOrdersRepo.decisions(ex, 'change_order', [co.id]),
      consumedOf(ex, co.contract_id, co.engagement_id),
      decided ? Promise.resolve(null) : support.impactOf(ex, co, delta.total),
    ]);
    return toChangeOrderView({
      co,
      delta,
      consumed,
      balanceImpact: impact,
      deadlineRule: defaultDeadlineRule(co.kind, firm),
      decision: decisions[0],
    });
  }

  /** The approval summary of a sent change order, from its frozen document. */
  async function summaryOf(
    ex: Executor,
    co: ChangeOrderWithContext,
    approver: ApprovalSummary['approver'],
    notice?: string | null,
  ): Promise<ApprovalSummary> {
    const frozen = co.frozen as FrozenChangeOrder | null;
    if (!frozen || !co.content_hash) throw notFound(co.id);
    const why =
      notice !== undefined
        ? notice
        : notDecidableReason({ status: co.status, approvalDeadline: co.approval_deadline }, clock.now());
    const decisions = await workOrdersRepo.decisions(ex, 'change_order', [co.id]);
    return changeOrderSummary(frozen, {
      status: co.status,
      notice: why === null ? null : `Change order ${co.number} cannot be decided: ${why}.`,
      contentHash: co.content_hash,
      balance: why === null ? await support.impactOf(ex, co, frozen.delta.total.amount) : null,
      approver,
      decision: decisions[0],
    });
  }

  const loadView = async (ex: Executor, actor: Actor, id: string) => viewOf(ex, await visible(ex, actor, id));

  return {
    visible,
    summaryOf,

    /**
     * Drafts a change order on an open engagement (IR managers): the lines are added effort (negative
     * minutes reduce it); the estimate may never drop below what was consumed.
     */
    async create(ctx: Ctx, engagementId: string, input: CreateChangeOrderBody) {
      authorize(ctx.actor, workOrdersPolicy.manage, 'Only IR managers draft change orders.');
      const id = ids.next('chg');
      await db.transaction(async (trx) => {
        const e = await workOrdersRepo.engagement(trx, engagementId);
        if (!e || !canSeeTenant(ctx.actor, e.organization_id))
          throw new AppError('NOT_FOUND', `Engagement ${engagementId} not found.`);
        if (e.status === 'closed' || e.status === 'cancelled')
          throw new AppError('CONFLICT', `Engagement ${e.number} is ${e.status}: it takes no change orders.`, {
            status: e.status,
          });
        const contract = await trx
          .selectFrom('contracts')
          .select(['unit', 'units_per_hour', 'settings'])
          .where('id', '=', e.contract_id)
          .executeTakeFirstOrThrow();
        await assertDelta(
          trx,
          { ...contract, contract_id: e.contract_id, engagement_id: e.id },
          e.estimate,
          input.estimateDeltaLines,
        );
        const now = clock.now();
        if (input.approvalDeadline && Date.parse(input.approvalDeadline) <= now.getTime()) throw invalidDeadline();
        const number = await workOrdersRepo.nextNumber(trx, 'CO', now.getUTCFullYear());
        await workOrdersRepo.insertChangeOrder(trx, {
          id,
          number,
          engagement_id: e.id,
          work_order_id: e.work_order_id,
          organization_id: e.organization_id,
          customer_id: e.customer_id,
          contract_id: e.contract_id,
          status: 'draft',
          status_reason: null,
          supersedes_id: null,
          reason: input.reason,
          scope: input.scope ?? null,
          delta_lines: JSON.stringify(input.estimateDeltaLines),
          approval_deadline: input.approvalDeadline ? new Date(input.approvalDeadline) : null,
          frozen: null,
          content_hash: null,
          sent_at: null,
          sent_by: null,
          decided_at: null,
          created_by: actorLabel(ctx.actor),
          created_at: now,
          updated_at: now,
        });
        await audit.record(trx, ctx, {
          action: 'change_order.created',
          entityType: 'change_order',
          entityId: id,
          organizationId: e.organization_id,
          after: { number, engagementId: e.id, reason: input.reason, lines: input.estimateDeltaLines },
        });
      });
      return loadView(db.kysely, ctx.actor, id);
    },

    /**
     * Edits a change order (IR managers) with optimistic concurrency: a draft in place; a sent one is
     * superseded (its links stop working) by a new draft that names it. Decided ones refuse.
     */
    async update(ctx: Ctx, id: string, patch: Omit<UpdateChangeOrderBody, 'revision'>, expectedRevision?: number) {
      authorize(ctx.actor, workOrdersPolicy.manage, 'Only IR managers edit change orders.');
      const resultId = await db.transaction(async (trx) => {
        const co = await workOrdersRepo.lockChangeOrder(trx, id);
        if (!co || !canSeeTenant(ctx.actor, co.organization_id)) throw notFound(id);
        if (expectedRevision !== undefined && expectedRevision !== co.revision) {
          throw new AppError(
            'STALE_REVISION',
            `Change order ${co.number} changed since you read it (revision ${co.revision}, you edited ${expectedRevision}): reload it and apply your change again.`,
            { currentRevision: co.revision },
          );
        }
        if (co.status !== 'draft' && co.status !== 'sent')
          throw new AppError(
            'CONFLICT',
            `Change order ${co.number} is ${co.status}: it cannot be edited any more. Draft a new change order.`,
            { status: co.status },
          );
        const now = clock.now();
        const lines = patch.estimateDeltaLines ?? co.delta_lines;
        await assertDelta(trx, co, co.engagement_estimate, lines);
        const deadline =
          patch.approvalDeadline === undefined
            ? co.status === 'draft'
              ? co.approval_deadline
              : null
            : patch.approvalDeadline
              ? new Date(patch.approvalDeadline)
              : null;
        if (deadline && deadline.getTime() <= now.getTime()) throw invalidDeadline();
        const next = {
          reason: patch.reason ?? co.reason,
          scope: patch.scope === undefined ? co.scope : patch.scope,
          delta_lines: JSON.stringify(lines),
          approval_deadline: deadline,
          updated_at: now,
        };
        if (co.status === 'draft') {
          await workOrdersRepo.updateChangeOrder(trx, id, next, true);
          await audit.record(trx, ctx, {
            action: 'change_order.updated',
            entityType: 'change_order',
            entityId: id,
            organizationId: co.organization_id,
            before: { reason: co.reason, scope: co.scope, lines: co.delta_lines },
            after: { reason: next.reason, scope: next.scope, lines },
          });
          return id;
        }
        assertChangeOrderTransition(co.status, 'superseded');
        const newId = ids.next('chg');
        const number = await workOrdersRepo.nextNumber(trx, 'CO', now.getUTCFullYear());
        await workOrdersRepo.updateChangeOrder(
          trx,
          id,
          { status: 'superseded', status_reason: `revised as ${number}`, decided_at: now, updated_at: now },
          true,
        );
        await workOrdersRepo.voidTokens(trx, 'change_order', id, now);
        await workOrdersRepo.insertChangeOrder(trx, {
          ...next,
          id: newId,
          number,
          engagement_id: co.engagement_id,
          work_order_id: co.work_order_id,
          organization_id: co.organization_id,
          customer_id: co.customer_id,
          contract_id: co.contract_id,
          status: 'draft',
          status_reason: null,
          supersedes_id: id,
          frozen: null,
          content_hash: null,
          sent_at: null,
          sent_by: null,
          decided_at: null,
          created_by: actorLabel(ctx.actor),
          created_at: now,
        });
        await audit.record(trx, ctx, {
          action: 'change_order.revised',
          entityType: 'change_order',
          entityId: id,
          organizationId: co.organization_id,
          before: { status: 'sent' },
          after: { status: 'superseded', replacedBy: newId, number },
        });
        return newId;
      });
      return loadView(db.kysely, ctx.actor, resultId);
    },

    /**
     * Sends a draft change order for approval (IR managers): freezes it with its converted delta and
     * content hash, renders its PDF outside the transaction, and emails every approving contact a personal
     * link and reply-to address, like an EWO version.
     */
    async send(ctx: Ctx, id: string, expectedRevision?: number) {
      authorize(ctx.actor, workOrdersPolicy.manage, 'Only IR managers send change orders.');
      const co = await visible(db.kysely, ctx.actor, id);
      if (expectedRevision !== undefined && expectedRevision !== co.revision) {
        throw new AppError(
          'STALE_REVISION',
          `Change order ${co.number} changed since you read it (revision ${co.revision}, you edited ${expectedRevision}): reload it and send again.`,
          { currentRevision: co.revision },
        );
      }
      assertChangeOrderTransition(co.status, 'sent');
      if (co.engagement_status === 'closed' || co.engagement_status === 'cancelled')
        throw new AppError(
          'CONFLICT',
          `Engagement ${co.engagement_number} is ${co.engagement_status}: it takes no change orders.`,
        );
      const now = clock.now();
      if (co.approval_deadline && co.approval_deadline.getTime() <= now.getTime()) throw invalidDeadline();
      await assertDelta(db.kysely, co, co.engagement_estimate, co.delta_lines);
      const firm = await deps.settings.firmSettings(db.kysely);
      const deadline = co.approval_deadline ?? defaultDeadline(co.kind, now, firm);
      const delta = deltaOf(co.delta_lines, cardOf(co));
      const frozen: FrozenChangeOrder = {
        document: 'change_order',
        hashRule: CONTENT_HASH_RULE,
        changeOrderId: co.id,
        number: co.number,
        supersedesId: co.supersedes_id,
        engagement: { id: co.engagement_id, number: co.engagement_number, title: co.engagement_title },
        workOrder: { id: co.work_order_id, number: co.work_order_number },
        customer: { id: co.customer_id, name: co.customer_name },
        contract: { id: co.contract_id, number: co.contract_number, unit: co.unit },
        reason: co.reason,
        scope: co.scope,
        delta: estimateView(delta, co.unit),
        estimateBefore: quantity(co.engagement_estimate, co.unit),
        estimateAfter: quantity(co.engagement_estimate + delta.total, co.unit),
        approvalDeadline: deadline.toISOString(),
        sentAt: now.toISOString(),
      };
      const hash = contentHashOf(frozen);
      const pdf = await renderChangeOrderPdf(frozen, hash);
      await db.transaction(async (trx) => {
        const locked = await workOrdersRepo.lockChangeOrder(trx, id);
        if (
          !locked ||
          locked.status !== 'draft' ||
          locked.revision !== co.revision ||
          locked.engagement_estimate !== co.engagement_estimate
        ) {
          throw new AppError(
            'STALE_REVISION',
            `Change order ${co.number} or its engagement changed while it was being sent: reload it and send again.`,
            { currentRevision: locked?.revision },
          );
        }
        await workOrdersRepo.updateChangeOrder(
          trx,
          id,
          {
            status: 'sent',
            frozen: JSON.stringify(frozen),
            content_hash: hash,
            pdf,
            sent_at: now,
            sent_by: actorLabel(ctx.actor),
            approval_deadline: deadline,
            updated_at: now,
          },
          true,
        );
        const impact = await support.impactOf(trx, co, delta.total);
        const recipients = await support.issueApprovalRequests(trx, {
          subjectType: 'change_order',
          subjectId: id,
          versionId: null,
          contentHash: hash,
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
            ['Approve by', deadline.toISOString()],
          ],
          pdf: { filename: `${co.number}.pdf`, content: pdf },
        });
        await audit.record(trx, ctx, {
          action: 'change_order.sent',
          entityType: 'change_order',
          entityId: id,
          organizationId: co.organization_id,
          after: { contentHash: hash, delta: delta.total, approvalDeadline: deadline.toISOString(), recipients },
        });
      });
      return loadView(db.kysely, ctx.actor, id);
    },

    /** One change order (customers: sent ones of their own organisation). */
    async get(ctx: Ctx, id: string) {
      authorize(ctx.actor, workOrdersPolicy.read, 'Your role does not see change orders.');
      return loadView(db.kysely, ctx.actor, id);
    },

    /** Change orders, newest first, by engagement and status (customers: their own, sent ones). */
    async list(ctx: Ctx, f: { status?: ChangeOrderStatus; engagementId?: string; cursor?: string; limit?: number }) {
      authorize(ctx.actor, workOrdersPolicy.read, 'Your role does not see change orders.');
      const limit = f.limit ?? 50;
      const after = byId.decode(f.cursor);
      const customer = isCustomerUser(ctx.actor);
      const rows = await workOrdersRepo.changeOrders(db.kysely, {
        ...(customer ? { organizationId: ctx.actor.organizationId, customerVisible: true } : {}),
        ...(f.status ? { status: f.status } : {}),
        ...(f.engagementId ? { engagementId: f.engagementId } : {}),
        ...(after ? { afterId: after[0] } : {}),
        limit: limit + 1,
      });
      const page = toPage(rows, limit, byId, (r) => [r.id]);
      const items = [];
      for (const co of page.items) items.push(await viewOf(db.kysely, co));
      return { items, nextCursor: page.nextCursor };
    },

    /** The PDF of a sent change order, exactly as it was emailed. */
    async pdf(ctx: Ctx, id: string) {
      authorize(ctx.actor, workOrdersPolicy.read, 'Your role does not see change orders.');
      const co = await visible(db.kysely, ctx.actor, id);
      const pdf = await workOrdersRepo.changeOrderPdf(db.kysely, id);
      if (!pdf || !co.content_hash)
        throw new AppError('NOT_FOUND', `Change order ${co.number} is a draft: its PDF is rendered when it is sent.`);
      return { filename: `${co.number}.pdf`, content: pdf, version: null, contentHash: co.content_hash };
    },

    /** The approval page of a sent change order for the portal. */
    async summary(ctx: Ctx, id: string): Promise<ApprovalSummary> {
      authorize(ctx.actor, workOrdersPolicy.read, 'Your role does not see change orders.');
      const co = await visible(db.kysely, ctx.actor, id);
      if (co.status === 'draft')
        throw new AppError('NOT_FOUND', `Change order ${co.number} has not been sent for approval yet.`);
      const approver = await support.approverOf(db.kysely, ctx.actor, co.customer_id);
      return summaryOf(db.kysely, co, approver);
    },
  };
}
