import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type {
  CreateRequestBody,
  RequestChannel,
  RequestStatus,
  SlaKind,
  SlaStatus,
  UpdateRequestBody,
} from '../../shared/contracts/requests.ts';
import type { RequestKind } from '../../shared/domain.ts';
import { AppError } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorize, canSeeTenant } from '../authz.ts';
import { catalogRepo } from '../catalog/catalog.repo.ts';
import { actorLabel, isCustomerUser, type Actor, type Ctx } from '../context.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { renderEmail } from '../mail/templates.ts';
import { cursorOf } from '../pagination.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { requestsPolicy } from './requests.policy.ts';
import { requestsRepo, type RequestRow, type RequestWithNames } from './requests.repo.ts';
import { isCorrectable, stopsClocks } from '../../shared/requests.ts';
import { localDate } from '../ledger/ledger.rules.ts';
import {
  assertTransition,
  contractActiveOn,
  earliestStart,
  emergencyFlags,
  inactiveReason,
  leadTimeFor,
  type ContractTerm,
} from './requests.rules.ts';
import { buildTimeline, toMilestoneView, toRequestView, toScopingCallView } from './requests.views.ts';
import { scopingRepo } from './scoping.repo.ts';
import { deriveTargets } from './sla.rules.ts';

/** Board pages continue after the last request's (kind rank, received at, id). */
const byBoardOrder = cursorOf('rank', 'instant', 'id');

export interface RequestsDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  settings: SettingsService;
  publicUrl: string;
}

type ContractInfo = NonNullable<Awaited<ReturnType<typeof requestsRepo.contractWithCustomer>>>;

const termOf = (c: ContractInfo): ContractTerm => ({
  number: c.number,
  status: c.status,
  termStart: c.term_start,
  termEnd: c.term_end,
});

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `The request is invalid: ${path.replace(/^body\./, '')} ${message}.`, {
    errors: [{ path, message }],
  });

const notFound = (id: string) => new AppError('NOT_FOUND', `Request ${id} not found.`);

/** How a request reached us when nobody says: the browser is the portal, a token is the API. */
function channelOf(ctx: Ctx): RequestChannel {
  if (ctx.channel === 'hotline' || ctx.channel === 'email') return ctx.channel;
  return ctx.channel === 'web' ? 'portal' : 'api';
}

function contractNotActive(c: ContractInfo, date: string): AppError {
  return new AppError(
    'CONTRACT_NOT_ACTIVE',
    `Proactive services need an active retainer, and ${inactiveReason(termOf(c), date)}. Ask your account manager to renew or activate it; emergencies are accepted at any time.`,
    { contractId: c.id, contractNumber: c.number, status: c.status, termStart: c.term_start, termEnd: c.term_end },
  );
}

export type RequestsService = ReturnType<typeof createRequestsService>;

export function createRequestsService(deps: RequestsDeps) {
  const { db, clock, ids, audit, outbox } = deps;

  /** The contract, or NOT_FOUND when it does not exist or belongs to another tenant. */
  async function visibleContract(ex: Executor, actor: Actor, contractId: string): Promise<ContractInfo> {
    const c = await requestsRepo.contractWithCustomer(ex, contractId);
    if (!c || !canSeeTenant(actor, c.organization_id))
      throw new AppError('NOT_FOUND', `Contract ${contractId} not found.`);
    return c;
  }

  /** Customer users act through their contact: it must belong to the organisation and may request or approve. */
  async function assertContactMayRequest(ex: Executor, actor: Actor, customerId: string): Promise<string> {
    if (!isCustomerUser(actor) || !actor.contactId)
      throw new AppError('FORBIDDEN', 'Only provider staff and customer users linked to a contact may do this.');
    const contact = await requestsRepo.contact(ex, actor.contactId);
    if (!contact || contact.customer_id !== customerId || !(contact.can_request || contact.can_approve)) {
      throw new AppError(
        'FORBIDDEN',
        "Your contact may not request services (it needs canRequest or canApprove): ask your organisation's point of contact.",
      );
    }
    return contact.id;
  }

  /** The proactive lead time of a contract and catalog item, and the earliest start for a request received at `receivedAt`. */
  async function leadTimeOf(ex: Executor, c: ContractInfo, catalogItemId: string, receivedAt: Date) {
    const item = await catalogRepo.byId(ex, catalogItemId);
    if (!item || !item.active || item.kind !== 'proactive')
      throw invalid('body.catalogItemId', 'is not an active proactive service of the catalog');
    const firm = await deps.settings.firmSettings(ex);
    const lt = leadTimeFor({
      contractOverride: ContractSettings.parse(c.settings).leadTimeDaysOverride,
      catalogItemDays: item.lead_time_days,
      firmDays: firm.leadTimeDays,
    });
    return { item, ...lt, earliestStart: earliestStart(receivedAt, lt.days, c.time_zone) };
  }

  function leadTimeTooShort(
    lt: Awaited<ReturnType<typeof leadTimeOf>>,
    c: ContractInfo,
    receivedAt: Date,
    desiredStart: string,
  ): AppError {
    return new AppError(
      'LEAD_TIME_TOO_SHORT',
      `The earliest allowed start is ${lt.earliestStart}: ${lt.item.name} needs ${lt.days} days' lead time, counted in ${c.time_zone} from ${localDate(receivedAt, c.time_zone)}. Choose ${lt.earliestStart} or later.`,
      {
        earliestStart: lt.earliestStart,
        leadTimeDays: lt.days,
        leadTimeSource: lt.source,
        timeZone: c.time_zone,
        desiredStart,
      },
    );
  }

  /** The emergency fields derived from the contract: level of support, flags and SLA targets. */
  function emergencyTerms(
    c: ContractInfo,
    r: {
      received_at: Date;
      incident_type: NonNullable<RequestRow['incident_type']>;
      severity: NonNullable<RequestRow['severity']>;
      onsite_required: boolean;
    },
    extraActiveDate?: string,
  ) {
    const settings = ContractSettings.parse(c.settings);
    const active =
      contractActiveOn(termOf(c), localDate(r.received_at, c.time_zone)) ||
      (extraActiveDate !== undefined && contractActiveOn(termOf(c), extraActiveDate));
    const supportLevel = settings.coverage[r.incident_type];
    const targets = deriveTargets({
      receivedAt: r.received_at,
      targets: settings.slaTargets[r.severity],
      onsiteRequired: r.onsite_required,
      supportLevel,
      contractActive: active,
    });
    return { supportLevel, flags: emergencyFlags(active, supportLevel), targets };
  }

  /** Replaces the SLA targets, keeping what was met (the current milestones) and what was notified for an unchanged due time. */
  async function writeTargets(
    trx: Executor,
    requestId: string,
    targets: ReturnType<typeof deriveTargets>,
  ): Promise<void> {
    const [old, milestones] = await Promise.all([
      requestsRepo.targets(trx, [requestId]),
      requestsRepo.milestones(trx, requestId),
    ]);
    const current = new Map<SlaKind, Date>();
    for (const m of milestones) if (!milestones.some((x) => x.supersedes_id === m.id)) current.set(m.kind, m.at);
    await requestsRepo.replaceTargets(
      trx,
      requestId,
      targets.map((t) => {
        const prev = old.find((o) => o.kind === t.kind && o.due_at.getTime() === t.dueAt.getTime());
        return {
          request_id: requestId,
          kind: t.kind,
          target_minutes: t.minutes,
          due_at: t.dueAt,
          at_risk_at: t.atRiskAt,
          met_at: current.get(t.kind) ?? null,
          at_risk_notified_at: prev?.at_risk_notified_at ?? null,
          breach_notified_at: prev?.breach_notified_at ?? null,
        };
      }),
    );
  }

  async function notifyReceived(trx: Executor, r: RequestWithNames): Promise<void> {
    const to = (await requestsRepo.providerRecipients(trx, ['ir_manager'])).map((u) => u.email);
    if (to.length === 0) return;
    const url = `${deps.publicUrl}/requests/${r.id}`;
    const emergency = r.kind === 'emergency';
    const what = emergency
      ? `${r.severity} ${r.incident_type!.replace(/_/g, ' ')}`
      : (r.catalog_item_name ?? 'proactive service');
    const content = renderEmail({
      heading: emergency ? `Emergency request: ${r.customer_name}` : `New proactive request: ${r.customer_name}`,
      paragraphs: [
        emergency
          ? `${r.customer_name} reported a ${what} incident via ${r.channel}. The SLA clocks started at ${r.received_at.toISOString()}.`
          : `${r.customer_name} asked for ${what}, desired start ${r.desired_start}.`,
        r.description.length > 600 ? `${r.description.slice(0, 600)}…` : r.description,
        ...(r.flags.length ? [`Flags: ${r.flags.join(', ')}.`] : []),
      ],
      facts: [
        ['Request', r.id],
        ['Contract', r.contract_number],
        ['Requester', r.requester_name ?? 'not recorded'],
      ],
      action: { label: 'Open the request', url },
    });
    await outbox.enqueueEmail(trx, {
      topic: 'request.received',
      to,
      subject: emergency
        ? `[${r.severity}] Emergency request from ${r.customer_name}: ${what}`
        : `Proactive request from ${r.customer_name}: ${what}`,
      ...content,
    });
  }

  async function loadView(ex: Executor, id: string) {
    const r = await requestsRepo.byId(ex, id);
    if (!r) throw notFound(id);
    return toRequestView(r, await requestsRepo.targets(ex, [id]), clock.now());
  }

  /** The row locked for a change, or NOT_FOUND (also for another tenant's request). */
  async function lockedVisible(trx: Executor, actor: Actor, id: string): Promise<RequestRow> {
    const r = await requestsRepo.forUpdate(trx, id);
    if (!r || !canSeeTenant(actor, r.organization_id)) throw notFound(id);
    return r;
  }

  /**
   * Moves a request to `to` on the caller's transaction, checked by the lifecycle (409 INVALID_TRANSITION)
   * and audited; ending it without an engagement stops its SLA clocks. The caller authorizes. Issue 5's
   * work orders call this for ewo_drafting → awaiting_approval → approved / declined / expired.
   */
  async function transitionInTx(
    trx: Executor,
    ctx: Ctx,
    requestId: string,
    to: RequestStatus,
    reason?: string,
  ): Promise<RequestRow> {
    const r = await requestsRepo.forUpdate(trx, requestId);
    if (!r) throw notFound(requestId);
    assertTransition(r.status, to);
    const at = clock.now();
    const stoppedAt = stopsClocks(to) && !r.clocks_stopped_at ? at : r.clocks_stopped_at;
    await requestsRepo.update(trx, requestId, {
      status: to,
      status_reason: reason ?? null,
      status_changed_at: at,
      clocks_stopped_at: stoppedAt,
      updated_at: at,
    });
    await audit.record(trx, ctx, {
      action: 'request.status_changed',
      entityType: 'service_request',
      entityId: requestId,
      organizationId: r.organization_id,
      before: { status: r.status },
      after: { status: to, ...(reason ? { reason } : {}) },
    });
    return {
      ...r,
      status: to,
      status_reason: reason ?? null,
      status_changed_at: at,
      clocks_stopped_at: stoppedAt,
      updated_at: at,
      revision: r.revision + 1,
    };
  }

  return {
    transitionInTx,
    /** Locks a request row on the caller's transaction (undefined when missing); no authorization. */
    requestForUpdate: (trx: Executor, id: string) => requestsRepo.forUpdate(trx, id),
    loadView,

    /**
     * Records a request. Customer users whose contact may request ask for their own organisation;
     * IR managers log hotline and email intake for any customer. Proactive: an active contract and the
     * lead time (422 LEAD_TIME_TOO_SHORT with the earliest start). Emergency: always recorded, with the
     * contract's level of support, flags, and SLA targets from receivedAt. A refusal records nothing.
     */
    async create(ctx: Ctx, input: CreateRequestBody) {
      const actor = ctx.actor;
      const userId = actor.type === 'user' ? actor.userId : null;
      const staff = requestsPolicy.logIntake(actor);
      if (!staff && !requestsPolicy.customerMayRequest(actor)) {
        throw new AppError(
          'FORBIDDEN',
          "Your role cannot request services: ask your organisation's point of contact or a requester.",
        );
      }
      if (!staff && (input.channel || input.receivedAt || input.requesterContactId)) {
        throw new AppError(
          'FORBIDDEN',
          'Only IR staff logging a call or an email set channel, receivedAt and requesterContactId.',
        );
      }
      const now = clock.now();
      const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
      if (receivedAt.getTime() > now.getTime())
        throw invalid('body.receivedAt', `must not be in the future (now is ${now.toISOString()})`);
      const id = ids.next('req');
      await db.transaction(async (trx) => {
        const c = await visibleContract(trx, actor, input.contractId);
        let requesterContactId: string | null = null;
        if (!staff) requesterContactId = await assertContactMayRequest(trx, actor, c.customer_id);
        else if (input.requesterContactId) {
          const contact = await requestsRepo.contact(trx, input.requesterContactId);
          if (!contact || contact.customer_id !== c.customer_id)
            throw invalid('body.requesterContactId', 'is not a contact of this customer');
          requesterContactId = contact.id;
        }
        const receivedDate = localDate(receivedAt, c.time_zone);
        const base = {
          id,
          organization_id: c.organization_id,
          customer_id: c.customer_id,
          contract_id: c.id,
          kind: input.kind,
          status: 'received' as const,
          channel: input.channel ?? channelOf(ctx),
          onsite_required: input.onsiteRequired,
          description: input.description,
          received_at: receivedAt,
          requester_contact_id: requesterContactId,
          requester_user_id: staff ? null : userId,
          created_by_user_id: userId,
          status_changed_at: now,
          created_at: now,
          updated_at: now,
        };
        let targets: ReturnType<typeof deriveTargets> = [];
        if (input.kind === 'proactive') {
          if (!contractActiveOn(termOf(c), receivedDate)) throw contractNotActive(c, receivedDate);
          const lt = await leadTimeOf(trx, c, input.catalogItemId, receivedAt);
          if (input.desiredStart < lt.earliestStart) throw leadTimeTooShort(lt, c, receivedAt, input.desiredStart);
          await requestsRepo.insert(trx, {
            ...base,
            catalog_item_id: lt.item.id,
            desired_start: input.desiredStart,
            lead_time_days: lt.days,
            earliest_start: lt.earliestStart,
            flags: '[]',
          });
        } else {
          const terms = emergencyTerms(c, {
            received_at: receivedAt,
            incident_type: input.incidentType,
            severity: input.severity,
            onsite_required: input.onsiteRequired,
          });
          const eir = await catalogRepo.activeEmergencyItem(trx);
          await requestsRepo.insert(trx, {
            ...base,
            catalog_item_id: eir?.id ?? null,
            incident_type: input.incidentType,
            severity: input.severity,
            support_level: terms.supportLevel,
            flags: JSON.stringify(terms.flags),
          });
          targets = terms.targets;
        }
        await writeTargets(trx, id, targets);
        const row = (await requestsRepo.byId(trx, id))!;
        await audit.record(trx, ctx, {
          action: 'request.created',
          entityType: 'service_request',
          entityId: id,
          organizationId: c.organization_id,
          after: {
            kind: row.kind,
            channel: row.channel,
            contractId: row.contract_id,
            receivedAt: row.received_at.toISOString(),
            ...(row.kind === 'emergency'
              ? {
                  incidentType: row.incident_type,
                  severity: row.severity,
                  onsiteRequired: row.onsite_required,
                  supportLevel: row.support_level,
                  flags: row.flags,
                }
              : {
                  catalogItemId: row.catalog_item_id,
                  desiredStart: row.desired_start,
                  leadTimeDays: row.lead_time_days,
                  earliestStart: row.earliest_start,
                }),
          },
        });
        await notifyReceived(trx, row);
      });
      return loadView(db.kysely, id);
    },

    /** The lead time and earliest allowed start of a proactive service under a contract, if asked today (the portal's date picker). */
    async leadTime(ctx: Ctx, q: { contractId: string; catalogItemId: string }) {
      authorize(ctx.actor, requestsPolicy.read, 'Your role does not see service requests.');
      const c = await visibleContract(db.kysely, ctx.actor, q.contractId);
      const now = clock.now();
      const lt = await leadTimeOf(db.kysely, c, q.catalogItemId, now);
      const today = localDate(now, c.time_zone);
      return {
        contractId: c.id,
        catalogItemId: lt.item.id,
        leadTimeDays: lt.days,
        source: lt.source,
        earliestStart: lt.earliestStart,
        timeZone: c.time_zone,
        today,
        contractActive: contractActiveOn(termOf(c), today),
      };
    },

    /** The requests board: emergencies first, then oldest first; customers see only their own organisation's. */
    async list(
      ctx: Ctx,
      f: {
        status?: RequestStatus[];
        kind?: RequestKind;
        customerId?: string;
        contractId?: string;
        slaStatus?: SlaStatus;
        cursor?: string;
        limit?: number;
      },
    ) {
      authorize(ctx.actor, requestsPolicy.read, 'Your role does not see service requests.');
      const limit = f.limit ?? 50;
      const now = clock.now();
      const key = byBoardOrder.decode(f.cursor);
      const after = key ? { rank: key[0], receivedAt: new Date(key[1]), id: key[2] } : undefined;
      const rows = await requestsRepo.list(db.kysely, {
        ...(isCustomerUser(ctx.actor) ? { organizationId: ctx.actor.organizationId } : {}),
        ...(f.status ? { statuses: f.status } : {}),
        ...(f.kind ? { kind: f.kind } : {}),
        ...(f.customerId ? { customerId: f.customerId } : {}),
        ...(f.contractId ? { contractId: f.contractId } : {}),
        ...(f.slaStatus ? { slaStatus: f.slaStatus } : {}),
        ...(after ? { after } : {}),
        now,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const targets = await requestsRepo.targets(
        db.kysely,
        page.map((r) => r.id),
      );
      const last = page.at(-1);
      return {
        items: page.map((r) => toRequestView(r, targets, now)),
        nextCursor:
          rows.length > limit && last
            ? byBoardOrder.encode([last.kind_rank, last.received_at.toISOString(), last.id])
            : null,
      };
    },

    /** One request with its SLA targets, milestones, scoping calls and timeline. */
    async get(ctx: Ctx, id: string) {
      authorize(ctx.actor, requestsPolicy.read, 'Your role does not see service requests.');
      const r = await requestsRepo.byId(db.kysely, id);
      if (!r || !canSeeTenant(ctx.actor, r.organization_id)) throw notFound(id);
      const [targets, milestones, calls] = await Promise.all([
        requestsRepo.targets(db.kysely, [id]),
        requestsRepo.milestones(db.kysely, id),
        scopingRepo.byRequest(db.kysely, id),
      ]);
      const events = await requestsRepo.timelineEvents(
        db.kysely,
        id,
        calls.map((c) => c.id),
      );
      const provider = requestsPolicy.readAll(ctx.actor);
      return {
        ...toRequestView(r, targets, clock.now()),
        milestones: milestones.map((m) => toMilestoneView(m, milestones)),
        scopingCalls: calls.map((c) => toScopingCallView(c, provider)),
        timeline: buildTimeline(events, milestones, calls),
      };
    },

    /**
     * IR managers correct the description, incident type, severity or on-site need, or move the request
     * to another contract of the same customer, before its EWO is approved. Flags, lead time and SLA
     * targets are derived again (what was met stays met).
     */
    async update(ctx: Ctx, id: string, patch: UpdateRequestBody) {
      authorize(ctx.actor, requestsPolicy.manage, 'Only IR managers correct requests.');
      const actor = ctx.actor;
      await db.transaction(async (trx) => {
        const r = await lockedVisible(trx, actor, id);
        if (patch.revision !== undefined && patch.revision !== r.revision) {
          throw new AppError(
            'STALE_REVISION',
            `Request ${id} changed since you read it (revision ${r.revision}, you edited ${patch.revision}): reload it and apply your change again.`,
            { currentRevision: r.revision },
          );
        }
        if (!isCorrectable(r.status)) {
          throw new AppError(
            'CONFLICT',
            `Request ${id} is ${r.status}: it can be corrected or moved only before its EWO is approved and while it is open.`,
            { status: r.status },
          );
        }
        if (r.kind === 'proactive' && (patch.severity || patch.incidentType)) {
          throw invalid(patch.severity ? 'body.severity' : 'body.incidentType', 'applies to emergency requests only');
        }
        const now = clock.now();
        const c = await visibleContract(trx, actor, patch.contractId ?? r.contract_id);
        if (c.customer_id !== r.customer_id) {
          throw new AppError(
            'BUSINESS_RULE',
            `Contract ${c.number} belongs to another customer: a request moves only between contracts of its own customer.`,
            { contractId: c.id },
          );
        }
        const next = {
          description: patch.description ?? r.description,
          severity: patch.severity ?? r.severity,
          incident_type: patch.incidentType ?? r.incident_type,
          onsite_required: patch.onsiteRequired ?? r.onsite_required,
          contract_id: c.id,
        };
        const derived: Pick<Partial<RequestRow>, 'support_level' | 'flags' | 'lead_time_days' | 'earliest_start'> = {};
        if (r.kind === 'emergency') {
          const terms = emergencyTerms(
            c,
            {
              received_at: r.received_at,
              incident_type: next.incident_type!,
              severity: next.severity!,
              onsite_required: next.onsite_required,
            },
            localDate(now, c.time_zone),
          );
          Object.assign(derived, { support_level: terms.supportLevel, flags: terms.flags });
          await writeTargets(trx, id, terms.targets);
        } else if (c.id !== r.contract_id) {
          const today = localDate(now, c.time_zone);
          if (!contractActiveOn(termOf(c), today)) throw contractNotActive(c, today);
          const lt = await leadTimeOf(trx, c, r.catalog_item_id!, r.received_at);
          if (r.desired_start! < lt.earliestStart) throw leadTimeTooShort(lt, c, r.received_at, r.desired_start!);
          Object.assign(derived, { lead_time_days: lt.days, earliest_start: lt.earliestStart });
        }
        const { flags, ...rest } = derived;
        await requestsRepo.update(trx, id, {
          ...next,
          ...rest,
          ...(flags ? { flags: JSON.stringify(flags) } : {}),
          updated_at: now,
        });
        const changed = Object.fromEntries(
          Object.entries({ ...next, ...derived }).filter(
            ([k, v]) => JSON.stringify(v) !== JSON.stringify(r[k as keyof RequestRow]),
          ),
        );
        await audit.record(trx, ctx, {
          action: 'request.updated',
          entityType: 'service_request',
          entityId: id,
          organizationId: r.organization_id,
          before: Object.fromEntries(Object.keys(changed).map((k) => [k, r[k as keyof RequestRow]])),
          after: { ...changed, ...(patch.reason ? { reason: patch.reason } : {}) },
        });
      });
      return loadView(db.kysely, id);
    },

    /** The customer's requesters and approvers (or an IR manager on their behalf) withdraw a request before its EWO is sent for approval. */
    async withdraw(ctx: Ctx, id: string, reason?: string) {
      authorize(ctx.actor, requestsPolicy.read, 'Your role does not see service requests.');
      const actor = ctx.actor;
      await db.transaction(async (trx) => {
        const r = await lockedVisible(trx, actor, id);
        if (isCustomerUser(actor)) {
          if (!requestsPolicy.customerMayRequest(actor))
            throw new AppError('FORBIDDEN', 'Only requesters and approvers withdraw requests.');
          await assertContactMayRequest(trx, actor, r.customer_id);
        } else if (!requestsPolicy.manage(actor)) {
          throw new AppError('FORBIDDEN', 'Only the customer or an IR manager withdraws a request.');
        }
        await transitionInTx(trx, ctx, id, 'withdrawn', reason);
      });
      return loadView(db.kysely, id);
    },

    /** IR managers reject a request (duplicate, out of scope) with a reason. */
    async reject(ctx: Ctx, id: string, reason: string) {
      authorize(ctx.actor, requestsPolicy.manage, 'Only IR managers reject requests.');
      const actor = ctx.actor;
      await db.transaction(async (trx) => {
        await lockedVisible(trx, actor, id);
        await transitionInTx(trx, ctx, id, 'rejected', reason);
      });
      return loadView(db.kysely, id);
    },

    /**
     * Records when an SLA target of an emergency request was met: once per kind, at a time not in the
     * future and not before receivedAt; a correction is a new record with a reason (the old one stays).
     */
    async recordMilestone(ctx: Ctx, id: string, input: { kind: SlaKind; at?: string; reason?: string }) {
      authorize(ctx.actor, requestsPolicy.manage, 'Only IR managers record SLA milestones.');
      const actor = ctx.actor;
      const now = clock.now();
      const at = input.at ? new Date(input.at) : now;
      const milestoneId = ids.next('mil');
      await db.transaction(async (trx) => {
        const r = await lockedVisible(trx, actor, id);
        if (r.kind !== 'emergency')
          throw new AppError(
            'BUSINESS_RULE',
            `Request ${id} is proactive: SLA milestones apply to emergency requests only.`,
          );
        if (at.getTime() > now.getTime())
          throw invalid('body.at', `must not be in the future (now is ${now.toISOString()})`);
        if (at.getTime() < r.received_at.getTime())
          throw invalid('body.at', `must not be before the request was received (${r.received_at.toISOString()})`);
        const current = await requestsRepo.currentMilestone(trx, id, input.kind);
        if (current && !input.reason) {
          throw new AppError(
            'CONFLICT',
            `${input.kind} was already recorded at ${current.at.toISOString()}. To correct it, send the corrected time with a reason.`,
            { milestoneId: current.id, at: current.at.toISOString() },
          );
        }
        await requestsRepo.insertMilestone(trx, {
          id: milestoneId,
          request_id: id,
          kind: input.kind,
          at,
          reason: input.reason ?? null,
          supersedes_id: current?.id ?? null,
          recorded_by_user_id: actor.userId,
          recorded_by_label: actorLabel(actor),
          recorded_at: now,
        });
        await requestsRepo.setTargetMet(trx, id, input.kind, at);
        await audit.record(trx, ctx, {
          action: current ? 'request.milestone_corrected' : 'request.milestone_recorded',
          entityType: 'service_request',
          entityId: id,
          organizationId: r.organization_id,
          ...(current ? { before: { kind: input.kind, at: current.at.toISOString() } } : {}),
          after: {
            kind: input.kind,
            at: at.toISOString(),
            milestoneId,
            ...(input.reason ? { reason: input.reason } : {}),
          },
        });
      });
      const milestones = await requestsRepo.milestones(db.kysely, id);
      return {
        milestone: toMilestoneView(
          milestones.find((m) => m.id === milestoneId)!,
          milestones,
        ),
        request: await loadView(db.kysely, id),
      };
    },
  };
}
