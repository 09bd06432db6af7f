import type { Executor } from '../../db/create-db.ts';
import type {
  ApprovalSummary,
  CreateWorkOrderBody,
  UpdateWorkOrderBody,
  WorkOrderContent,
  WorkOrderStatus,
} from '../../shared/contracts/workorders.ts';
import { AppError } from '../../shared/errors.ts';
import { assertTenant, authorize, canSeeTenant } from '../authz.ts';
import { catalogRepo } from '../catalog/catalog.repo.ts';
import { actorLabel, isCustomerUser, type Actor, type Ctx } from '../context.ts';
import { contentHashOf } from '../documents/canonical-hash.ts';
import { cursorOf, toPage } from '../pagination.ts';
import { workOrdersPolicy } from './workorders.policy.ts';
import { renderWorkOrderPdf } from './workorders.pdf.ts';
import { workOrdersRepo, type VersionRow, type WorkOrderWithContext } from './workorders.repo.ts';
import {
  assertLeadTime,
  assertVersionTransition,
  defaultDeadline,
  defaultDeadlineRule,
  draftTemplate,
  editEffect,
  estimateOf,
  notDecidableReason,
  reservationOf,
  sendProblems,
} from './workorders.rules.ts';
import { cardOf, type WorkOrdersDeps, type WorkOrdersSupport } from './workorders.support.ts';
import {
  freezeWorkOrder,
  toDecisionView,
  toWorkOrderView,
  workOrderSummary,
  type FrozenWorkOrder,
} from './workorders.views.ts';

/** Pages of this list continue after the last item's id. */
const byId = cursorOf('id');

const notFound = (id: string) => new AppError('NOT_FOUND', `Work order ${id} not found.`);

function staleRevision(id: string, current: number, given: number): AppError {
  return new AppError(
    'STALE_REVISION',
    `Work order ${id} changed since you read it (revision ${current}, you edited ${given}): reload it and apply your change again.`,
    { currentRevision: current },
  );
}

const invalid = (errors: { path: string; message: string }[]) =>
  new AppError(
    'VALIDATION_FAILED',
    `The work order is not complete: ${errors.map((e) => `${e.path.replace(/^body\./, '')} ${e.message}`).join('; ')}.`,
    {
      errors: errors.map((e) => ({ ...e, path: e.path.startsWith('body.') ? e.path : `body.${e.path}` })),
    },
  );

/** Merges the given fields (undefined: unchanged) over a content. */
function merge(base: WorkOrderContent, patch: Partial<WorkOrderContent>): WorkOrderContent {
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

export type WorkOrdersService = ReturnType<typeof createWorkOrdersService>;

export function createWorkOrdersService(deps: WorkOrdersDeps, support: WorkOrdersSupport) {
  const { db, clock, ids, audit } = deps;

  /** The EWO, or NOT_FOUND when missing, of another tenant, or (for customers) never sent. */
  async function visible(ex: Executor, actor: Actor, id: string): Promise<WorkOrderWithContext> {
    const wo = await workOrdersRepo.byId(ex, id);
    if (!wo || !canSeeTenant(actor, wo.organization_id)) throw notFound(id);
    return wo;
  }

  /** The version an actor sees: staff the latest (draft included), customers the latest sent one. */
  async function shownVersion(ex: Executor, actor: Actor, wo: WorkOrderWithContext): Promise<VersionRow> {
    const v =
      isCustomerUser(actor) || actor.type === 'contact'
        ? await workOrdersRepo.latestSent(ex, wo.id)
        : await workOrdersRepo.version(ex, wo.id, wo.current_version);
    if (!v) throw notFound(wo.id);
    return v;
  }

  /** Sites of the customer and provider users named in the staffing plan must exist; proactive dates respect the lead time. */
  async function assertContent(
    ex: Executor,
    wo: Pick<
      WorkOrderWithContext,
      'customer_id' | 'kind' | 'earliest_start' | 'lead_time_days' | 'received_at' | 'time_zone'
    >,
    c: WorkOrderContent,
  ): Promise<void> {
    const errors: { path: string; message: string }[] = [];
    const sites = (await workOrdersRepo.sites(ex, wo.customer_id)).map((s) => s.id);
    c.siteIds.forEach((s, n) => {
      if (!sites.includes(s)) errors.push({ path: `siteIds.${n}`, message: 'is not a site of this customer' });
    });
    const named = c.staffingPlan.map((s) => s.userId).filter((u): u is string => !!u);
    const staff = (await workOrdersRepo.providerUsers(ex, named)).map((u) => u.id);
    c.staffingPlan.forEach((s, n) => {
      if (s.userId && !staff.includes(s.userId))
        errors.push({ path: `staffingPlan.${n}.userId`, message: 'is not a user of the IR firm' });
    });
    if (c.catalogItemId && !(await catalogRepo.byId(ex, c.catalogItemId)))
      errors.push({ path: 'catalogItemId', message: 'is not an item of the catalog' });
    if (errors.length) throw invalid(errors);
    assertLeadTime(
      c,
      { kind: wo.kind, earliestStart: wo.earliest_start, leadTimeDays: wo.lead_time_days, receivedAt: wo.received_at },
      wo.time_zone,
    );
  }

  /** The view of an EWO at one of its versions, with its figures, balance impact and decision. */
  async function viewOf(ex: Executor, wo: WorkOrderWithContext, v: VersionRow) {
    const card = cardOf(wo);
    const content = v.content;
    const estimate = estimateOf(content.estimateLines, card);
    const reservation = reservationOf(content, card);
    const decided = v.status !== 'draft' && v.status !== 'sent';
    const [firm, decisions, catalogItemName, impact] = await Promise.all([
      deps.settings.firmSettings(ex),
      workOrdersRepo.decisions(ex, 'work_order', [wo.id]),
      workOrdersRepo.catalogItemName(ex, content.catalogItemId),
      decided ? Promise.resolve(null) : support.impactOf(ex, wo, reservation),
    ]);
    return toWorkOrderView({
      wo,
      version: v,
      catalogItemName,
      estimate,
      reservation,
      balanceImpact: impact,
      deadlineRule: defaultDeadlineRule(wo.kind, firm),
      decision: decisions.find((d) => d.version_id === v.id),
    });
  }

  /** The approval summary of a sent version (portal and signed link), from its frozen document. */
  async function summaryOf(
    ex: Executor,
    wo: WorkOrderWithContext,
    v: VersionRow,
    approver: ApprovalSummary['approver'],
    notice?: string | null,
  ): Promise<ApprovalSummary> {
    const frozen = v.frozen as FrozenWorkOrder | null;
    if (!frozen || !v.content_hash) throw notFound(wo.id);
    const why =
      notice !== undefined
        ? notice
        : notDecidableReason({ status: v.status, approvalDeadline: v.approval_deadline }, clock.now());
    const decisions = await workOrdersRepo.decisions(ex, 'work_order', [wo.id]);
    return workOrderSummary(frozen, {
      status: v.status,
      notice: why === null ? null : `${wo.number} version ${v.version} cannot be decided: ${why}.`,
      contentHash: v.content_hash,
      balance: why === null ? await support.impactOf(ex, wo, frozen.reservation.amount) : null,
      approver,
      decision: decisions.find((d) => d.version_id === v.id),
    });
  }

  async function loadView(ex: Executor, actor: Actor, id: string) {
    const wo = await visible(ex, actor, id);
    return viewOf(ex, wo, await shownVersion(ex, actor, wo));
  }

  return {
    visible,
    viewOf,
    summaryOf,

    /**
     * Drafts the EWO of a request (IR managers), prefilled from the request, its catalog item (emergency IR
     * has its own template) and the contract; given fields override the prefill. One EWO per request; the
     * request moves to ewo_drafting. Proactive dates respect the request's lead time.
     */
    async create(ctx: Ctx, requestId: string, input: CreateWorkOrderBody) {
      authorize(ctx.actor, workOrdersPolicy.manage, 'Only IR managers draft work orders.');
      const id = ids.next('ewo');
      await db.transaction(async (trx) => {
        const r = await deps.requests.requestForUpdate(trx, requestId);
        if (!r) throw new AppError('NOT_FOUND', `Request ${requestId} not found.`);
        const existing = await workOrdersRepo.byRequest(trx, requestId);
        if (existing)
          throw new AppError(
            'CONFLICT',
            `Request ${requestId} already has work order ${existing.number} (${existing.id}): edit that one.`,
            { workOrderId: existing.id },
          );
        if (r.status !== 'ewo_drafting')
          await deps.requests.transitionInTx(trx, ctx, requestId, 'ewo_drafting', 'work order drafted');
        const contract = await trx
          .selectFrom('contracts')
          .select(['unit', 'units_per_hour', 'settings'])
          .where('id', '=', r.contract_id)
          .executeTakeFirstOrThrow();
        const customer = await trx
          .selectFrom('customers')
          .select(['time_zone'])
          .where('id', '=', r.customer_id)
          .executeTakeFirstOrThrow();
        const item = r.catalog_item_id ? await catalogRepo.byId(trx, r.catalog_item_id) : undefined;
        const now = clock.now();
        const template = draftTemplate({
          request: {
            kind: r.kind,
            description: r.description,
            incidentType: r.incident_type,
            severity: r.severity,
            onsiteRequired: r.onsite_required,
            desiredStart: r.desired_start,
            receivedAt: r.received_at,
          },
          timeZone: customer.time_zone,
          item: item
            ? {
                id: item.id,
                name: item.name,
                description: item.description,
                sizes: item.sizes,
                deliverables: item.deliverables,
                minimumBillableMinutes: item.minimum_billable_minutes,
              }
            : null,
          card: cardOf(contract),
          now,
        });
        const content = merge(template, input);
        await assertContent(
          trx,
          {
            customer_id: r.customer_id,
            kind: r.kind,
            earliest_start: r.earliest_start,
            lead_time_days: r.lead_time_days,
            received_at: r.received_at,
            time_zone: customer.time_zone,
          },
          content,
        );
        const number = await workOrdersRepo.nextNumber(trx, 'EWO', now.getUTCFullYear());
        await workOrdersRepo.insertWorkOrder(trx, {
          id,
          number,
          request_id: requestId,
          organization_id: r.organization_id,
          customer_id: r.customer_id,
          contract_id: r.contract_id,
          kind: r.kind,
          engagement_id: null,
          created_by: actorLabel(ctx.actor),
          created_at: now,
          updated_at: now,
        });
        await workOrdersRepo.insertVersion(trx, {
          id: ids.next('ewv'),
          work_order_id: id,
          version: 1,
          status: 'draft',
          status_reason: null,
          content: JSON.stringify(content),
          approval_deadline: null,
          frozen: null,
          content_hash: null,
          sent_at: null,
          sent_by: null,
          decided_at: null,
          created_at: now,
          updated_at: now,
        });
        await audit.record(trx, ctx, {
          action: 'work_order.created',
          entityType: 'work_order',
          entityId: id,
          organizationId: r.organization_id,
          after: { number, requestId, version: 1, title: content.title },
        });
      });
      return loadView(db.kysely, ctx.actor, id);
    },

    /**
     * Edits an EWO (IR managers) with optimistic concurrency. A draft is edited in place; editing a sent
     * version supersedes it (its links stop working, the request goes back to ewo_drafting) and starts the
     * next version as a draft, as does editing after the customer asked for changes. Decided EWOs refuse.
     */
    async update(ctx: Ctx, id: string, patch: Omit<UpdateWorkOrderBody, 'revision'>, expectedRevision?: number) {
      authorize(ctx.actor, workOrdersPolicy.manage, 'Only IR managers edit work orders.');
      await db.transaction(async (trx) => {
        const wo = await workOrdersRepo.lock(trx, id);
        if (!wo || !canSeeTenant(ctx.actor, wo.organization_id)) throw notFound(id);
        if (expectedRevision !== undefined && expectedRevision !== wo.revision)
          throw staleRevision(id, wo.revision, expectedRevision);
        const v = (await workOrdersRepo.version(trx, id, wo.current_version))!;
        const effect = editEffect(v.status);
        if (effect === 'refuse') {
          throw new AppError(
            'CONFLICT',
            `Work order ${wo.number} is ${v.status}: it cannot be edited any more.${v.status === 'approved' ? ' Change the approved work with a change order on its engagement.' : ''}`,
            { status: v.status },
          );
        }
        const now = clock.now();
        if (effect === 'edit_draft') {
          const content = merge(v.content, patch);
          await assertContent(trx, wo, content);
          await workOrdersRepo.updateVersion(trx, v.id, {
            content: JSON.stringify(content),
            approval_deadline: null,
            updated_at: now,
          });
          await workOrdersRepo.update(trx, id, { updated_at: now }, true);
          const changed = Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined);
          await audit.record(trx, ctx, {
            action: 'work_order.updated',
            entityType: 'work_order',
            entityId: id,
            organizationId: wo.organization_id,
            before: Object.fromEntries(changed.map((k) => [k, v.content[k as keyof WorkOrderContent]])),
            after: {
              version: v.version,
              ...Object.fromEntries(changed.map((k) => [k, content[k as keyof WorkOrderContent]])),
            },
          });
          return;
        }
        // A new version: the deadline of the old one does not carry over.
        const content = merge({ ...v.content, approvalDeadline: null }, patch);
        await assertContent(trx, wo, content);
        if (v.status === 'sent') {
          assertVersionTransition(v.status, 'superseded');
          await workOrdersRepo.updateVersion(trx, v.id, {
            status: 'superseded',
            status_reason: `revised as version ${v.version + 1}`,
            decided_at: now,
            updated_at: now,
          });
          await workOrdersRepo.voidTokens(trx, 'work_order', id, now);
          await deps.requests.transitionInTx(trx, ctx, wo.request_id, 'ewo_drafting', `the firm revised ${wo.number}`);
        }
        await workOrdersRepo.insertVersion(trx, {
          id: ids.next('ewv'),
          work_order_id: id,
          version: v.version + 1,
          status: 'draft',
          status_reason: null,
          content: JSON.stringify(content),
          approval_deadline: null,
          frozen: null,
          content_hash: null,
          sent_at: null,
          sent_by: null,
          decided_at: null,
          created_at: now,
          updated_at: now,
        });
        await workOrdersRepo.update(trx, id, { current_version: v.version + 1, updated_at: now }, true);
        await audit.record(trx, ctx, {
          action: 'work_order.revised',
          entityType: 'work_order',
          entityId: id,
          organizationId: wo.organization_id,
          before: { version: v.version, status: v.status },
          after: { version: v.version + 1, status: 'draft', previous: v.status === 'sent' ? 'superseded' : v.status },
        });
      });
      return loadView(db.kysely, ctx.actor, id);
    },

    /**
     * Sends the current draft for approval (IR managers): freezes it (content hash over RFC 8785 canonical
     * JSON), renders its PDF outside any transaction, then in one transaction marks it sent with its
     * deadline, moves the request to awaiting_approval and emails every approving contact a personal link
     * and reply-to address. A draft edited meanwhile is refused (STALE_REVISION).
     */
    async send(ctx: Ctx, id: string, expectedRevision?: number) {
      authorize(ctx.actor, workOrdersPolicy.manage, 'Only IR managers send work orders.');
      const wo = await visible(db.kysely, ctx.actor, id);
      if (expectedRevision !== undefined && expectedRevision !== wo.revision)
        throw staleRevision(id, wo.revision, expectedRevision);
      const v = (await workOrdersRepo.version(db.kysely, id, wo.current_version))!;
      assertVersionTransition(v.status, 'sent', `Version ${v.version} of ${wo.number}`);
      const now = clock.now();
      const content = v.content;
      const sites = await workOrdersRepo.sites(db.kysely, wo.customer_id);
      const problems = sendProblems(content, { timeZone: wo.time_zone, validSiteIds: sites.map((s) => s.id), now });
      if (problems.length) throw invalid(problems);
      assertLeadTime(
        content,
        {
          kind: wo.kind,
          earliestStart: wo.earliest_start,
          leadTimeDays: wo.lead_time_days,
          receivedAt: wo.received_at,
        },
        wo.time_zone,
      );
      const firm = await deps.settings.firmSettings(db.kysely);
      const deadline = content.approvalDeadline
        ? new Date(content.approvalDeadline)
        : defaultDeadline(wo.kind, now, firm);
      const card = cardOf(wo);
      const estimate = estimateOf(content.estimateLines, card);
      const reservation = reservationOf(content, card);
      const frozen = freezeWorkOrder({
        wo,
        version: v.version,
        content,
        catalogItemName: await workOrdersRepo.catalogItemName(db.kysely, content.catalogItemId),
        estimate,
        reservation,
        sites,
        staff: await workOrdersRepo.providerUsers(
          db.kysely,
          content.staffingPlan.map((s) => s.userId).filter((u): u is string => !!u),
        ),
        travelTimeBillable: card.settings.travelTimeBillable,
        approvalDeadline: deadline,
        sentAt: now,
      });
      const hash = contentHashOf(frozen);
      const pdf = await renderWorkOrderPdf(frozen, hash);

      await db.transaction(async (trx) => {
        const locked = await workOrdersRepo.lock(trx, id);
        const current = locked && (await workOrdersRepo.version(trx, id, locked.current_version));
        if (
          !locked ||
          !current ||
          current.id !== v.id ||
          current.status !== 'draft' ||
          locked.revision !== wo.revision ||
          locked.contract_id !== wo.contract_id
        ) {
          throw new AppError(
            'STALE_REVISION',
            `Work order ${wo.number} changed while it was being sent: reload it and send again.`,
            { currentRevision: locked?.revision },
          );
        }
        await workOrdersRepo.updateVersion(trx, v.id, {
          status: 'sent',
          frozen: JSON.stringify(frozen),
          content_hash: hash,
          pdf,
          sent_at: now,
          sent_by: actorLabel(ctx.actor),
          approval_deadline: deadline,
          updated_at: now,
        });
        await workOrdersRepo.update(trx, id, { contract_id: wo.contract_id, updated_at: now }, true);
        await deps.requests.transitionInTx(
          trx,
          ctx,
          wo.request_id,
          'awaiting_approval',
          `${wo.number} version ${v.version} sent`,
        );
        const impact = await support.impactOf(trx, wo, reservation);
        const recipients = await support.issueApprovalRequests(trx, {
          subjectType: 'work_order',
          subjectId: id,
          versionId: v.id,
          contentHash: hash,
          deadline,
          customerId: wo.customer_id,
          topic: 'ewo.sent',
          heading: `Approval needed: ${frozen.title}`,
          subject: `Approval needed: ${wo.number} v${v.version} — ${frozen.title}`,
          intro: `Your IR firm asks you to approve work order ${wo.number} (version ${v.version}) for ${wo.customer_name}. On approval it reserves ${frozen.reservation.display} of retainer ${wo.contract_number}.`,
          facts: [
            ['Work order', `${wo.number} version ${v.version}`],
            ['Reserves', frozen.reservation.display],
            ['Available now', impact.availableBefore.display],
            ['Available after approval', impact.availableAfter.display],
            ['Proposed start', frozen.proposedStart ?? 'to be agreed'],
            ['Approve by', deadline.toISOString()],
          ],
          pdf: { filename: `${wo.number}-v${v.version}.pdf`, content: pdf },
        });
        await audit.record(trx, ctx, {
          action: 'work_order.sent',
          entityType: 'work_order',
          entityId: id,
          organizationId: wo.organization_id,
          after: {
            version: v.version,
            contentHash: hash,
            approvalDeadline: deadline.toISOString(),
            reservation,
            recipients,
          },
        });
      });
      return loadView(db.kysely, ctx.actor, id);
    },

    /** One EWO: staff see the latest version (draft included), customer users the latest sent version of their own. */
    async get(ctx: Ctx, id: string) {
      authorize(ctx.actor, workOrdersPolicy.read, 'Your role does not see work orders.');
      return loadView(db.kysely, ctx.actor, id);
    },

    /** EWOs, newest first, filtered by the current version's status, customer or request; customers see their own sent ones. */
    async list(
      ctx: Ctx,
      f: { status?: WorkOrderStatus; customerId?: string; requestId?: string; cursor?: string; limit?: number },
    ) {
      authorize(ctx.actor, workOrdersPolicy.read, 'Your role does not see work orders.');
      const limit = f.limit ?? 50;
      const after = byId.decode(f.cursor);
      const customer = isCustomerUser(ctx.actor);
      const rows = await workOrdersRepo.list(db.kysely, {
        ...(customer ? { organizationId: ctx.actor.organizationId, customerVisible: true } : {}),
        ...(f.status ? { status: f.status } : {}),
        ...(f.customerId ? { customerId: f.customerId } : {}),
        ...(f.requestId ? { requestId: f.requestId } : {}),
        ...(after ? { afterId: after[0] } : {}),
        limit: limit + 1,
      });
      const page = toPage(rows, limit, byId, (r) => [r.id]);
      const items = [];
      for (const wo of page.items)
        items.push(await viewOf(db.kysely, wo, await shownVersion(db.kysely, ctx.actor, wo)));
      return { items, nextCursor: page.nextCursor };
    },

    /** Every version of an EWO with its status, hash, deadline and decision (customers: the sent ones). */
    async versions(ctx: Ctx, id: string) {
      authorize(ctx.actor, workOrdersPolicy.read, 'Your role does not see work orders.');
      const wo = await visible(db.kysely, ctx.actor, id);
      const customer = isCustomerUser(ctx.actor);
      const all = await workOrdersRepo.versions(db.kysely, id);
      const shown = customer ? all.filter((v) => v.status !== 'draft') : all;
      if (shown.length === 0) throw notFound(id);
      const decisions = await workOrdersRepo.decisions(db.kysely, 'work_order', [id]);
      return shown.map((v) => {
        const d = decisions.find((x) => x.version_id === v.id);
        return {
          id: v.id,
          workOrderId: wo.id,
          version: v.version,
          status: v.status,
          statusReason: v.status_reason,
          contentHash: v.content_hash,
          sentAt: v.sent_at,
          sentBy: customer ? null : v.sent_by,
          approvalDeadline: v.approval_deadline,
          decidedAt: v.decided_at,
          frozen: v.frozen,
          decision: d ? toDecisionView(d) : null,
          pdfAvailable: v.has_pdf,
        };
      });
    },

    /** The PDF of a sent version (default: the latest sent one), exactly as it was emailed. */
    async pdf(ctx: Ctx, id: string, version?: number) {
      authorize(ctx.actor, workOrdersPolicy.read, 'Your role does not see work orders.');
      const wo = await visible(db.kysely, ctx.actor, id);
      const v =
        version !== undefined
          ? await workOrdersRepo.version(db.kysely, id, version)
          : await workOrdersRepo.latestSent(db.kysely, id);
      if (!v || (isCustomerUser(ctx.actor) && v.status === 'draft'))
        throw new AppError(
          'NOT_FOUND',
          version !== undefined
            ? `Work order ${wo.number} has no version ${version}.`
            : `Work order ${wo.number} has not been sent yet: no PDF.`,
        );
      if (!v.pdf || !v.content_hash)
        throw new AppError(
          'NOT_FOUND',
          `Version ${v.version} of ${wo.number} is a draft: its PDF is rendered when it is sent.`,
        );
      return {
        filename: `${wo.number}-v${v.version}.pdf`,
        content: v.pdf,
        version: v.version,
        contentHash: v.content_hash,
      };
    },

    /**
     * The approval page of the current sent version for the portal: what is approved, how many units, what
     * is left after. `approver.canDecide` tells a customer user whether its contact may decide.
     */
    async summary(ctx: Ctx, id: string): Promise<ApprovalSummary> {
      authorize(ctx.actor, workOrdersPolicy.read, 'Your role does not see work orders.');
      const wo = await visible(db.kysely, ctx.actor, id);
      assertTenant(ctx.actor, wo.organization_id, `Work order ${id}`);
      const v = await workOrdersRepo.latestSent(db.kysely, id);
      if (!v) throw new AppError('NOT_FOUND', `Work order ${wo.number} has not been sent for approval yet.`);
      const approver = await support.approverOf(db.kysely, ctx.actor, wo.customer_id);
      return summaryOf(db.kysely, wo, v, approver);
    },
  };
}
