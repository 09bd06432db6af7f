import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type {
  Engagement,
  EngagementClosingView,
  EngagementSummary,
  UpdateEngagementBody,
} from '../../shared/contracts/engagements.ts';
import { AppError } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { quantity } from '../../shared/units.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorize } from '../authz.ts';
import { buildInvite, type InvitePerson } from '../calendar/invite.ts';
import { actorLabel, isCustomerUser, type Actor, type Ctx } from '../context.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import { adjustedEstimate, toleranceLimit } from '../effort/effort.rules.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { renderEmail } from '../mail/templates.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import { engagementsPolicy } from './engagements.policy.ts';
import { engagementsRepo, type EngagementRecord, type Person, type TeamMemberRow } from './engagements.repo.ts';
import {
  assertTransition,
  engagementNumber,
  engagementStatuses,
  isOpen,
  plannedInstant,
  scheduleWindow,
} from './engagements.rules.ts';
import type { EngagementClosing, EngagementStatus } from './engagements.tables.ts';

/** Pages of this list continue after the last item's id. */
const byId = cursorOf('id');

export interface EngagementsDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  ledger: LedgerService;
  customers: CustomersService;
  publicUrl: string;
  /** The organiser of schedule invitations (the firm's sending address). */
  organizer: InvitePerson;
}

/** What an approval creates (amounts in the contract's ledger unit). */
export interface NewEngagement {
  customerId: string;
  contractId: string;
  requestId: string;
  workOrderId: string;
  title: string;
  kind: 'emergency' | 'proactive';
  deliveryMode: 'onsite' | 'remote' | 'hybrid';
  siteIds: string[];
  pricingMode: 'time_and_materials' | 'fixed';
  estimate: number;
  fixedPrice: number | null;
  minimumBillable: number;
  /** An instant, or a calendar date in the customer's time zone (start of day / end of day). */
  plannedStart: Date | string | null;
  plannedEnd: Date | string | null;
  team: { userId: string; role: string }[];
}

export type EngagementView = z.output<typeof Engagement>;
export type EngagementSummaryView = z.output<typeof EngagementSummary>;
type ScheduleKind = 'invite' | 'update' | 'cancel';

const notFound = (id: string) => new AppError('NOT_FOUND', `Engagement ${id} not found.`);

/** Refuses changes to a closed or cancelled engagement (409 ENGAGEMENT_NOT_OPEN). */
export function assertOpen(e: Pick<EngagementRecord, 'number' | 'status'>, what: string): void {
  if (isOpen(e.status)) return;
  throw new AppError(
    'ENGAGEMENT_NOT_OPEN',
    `Engagement ${e.number} is ${e.status}: ${what} is no longer possible. A later correction is a contract adjustment with a reason.`,
    { status: e.status },
  );
}

/** The consumption an engagement has caused: effort consumed, plus the fixed price and the true-up once closed. */
export const consumedOf = (e: Pick<EngagementRecord, 'effort_consumed' | 'closing'>): number =>
  e.effort_consumed + (e.closing?.fixedPrice ?? 0) + (e.closing?.trueUp ?? 0);

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toClosingView(
  c: EngagementClosing,
  unit: EngagementRecord['unit'],
  by: string | null,
): z.output<typeof EngagementClosingView> {
  const q = (n: number) => quantity(n, unit);
  return {
    operation: c.operation,
    at: c.at,
    by,
    fixedPrice: q(c.fixedPrice),
    trueUp: q(c.trueUp),
    shortfall: q(c.shortfall),
    waived: c.waived,
    writtenOff: q(c.writtenOff),
    writtenOffEntries: c.writtenOffEntries,
    released: q(c.released),
    expired: q(c.expired),
    reason: c.reason,
    ledgerEntryIds: c.ledgerEntryIds,
  };
}

export type EngagementsService = ReturnType<typeof createEngagementsService>;

/** Engagements: created by an EWO approval, moved through their lifecycle, staffed, scheduled with iCalendar invitations. */
export function createEngagementsService(deps: EngagementsDeps) {
  const { db, clock, ids, audit, outbox, ledger, customers } = deps;
  const host = new URL(deps.publicUrl).hostname || 'localhost';

  /** Provider staff who read all see every engagement; consultants those whose team they are on; customers their own organisation's. */
  async function canSee(
    ex: Executor,
    actor: Actor,
    e: Pick<EngagementRecord, 'id' | 'organization_id'>,
    actorIsMember?: boolean,
  ): Promise<boolean> {
    if (actor.type === 'system') return true;
    if (actor.type === 'contact' || actor.organizationKind === 'customer')
      return actor.organizationId === e.organization_id;
    if (actor.organizationKind === 'provider' && actor.role === 'consultant')
      return actorIsMember ?? engagementsRepo.isTeamMember(ex, e.id, actor.userId);
    return engagementsPolicy.readAll(actor);
  }

  /** NOT_FOUND unless the actor may see this engagement; `actorIsMember`, when the caller knows it, saves a query. */
  async function assertVisible(
    ex: Executor,
    actor: Actor,
    e: Pick<EngagementRecord, 'id' | 'organization_id'>,
    actorIsMember?: boolean,
  ): Promise<void> {
    if (!(await canSee(ex, actor, e, actorIsMember))) throw notFound(e.id);
  }

  /** The engagement (locked when asked) if the actor may see it; NOT_FOUND otherwise, exactly like a missing one. */
  async function visibleRecord(
    ex: Executor,
    actor: Actor,
    id: string,
    o: { lock?: boolean } = {},
  ): Promise<EngagementRecord> {
    const e = o.lock ? await engagementsRepo.recordForUpdate(ex, id) : await engagementsRepo.record(ex, id);
    if (!e || !(await canSee(ex, actor, e))) throw notFound(id);
    return e;
  }

  async function toView(ex: Executor, e: EngagementRecord): Promise<EngagementView> {
    const q = (n: number) => quantity(n, e.unit);
    const [team, reserved] = await Promise.all([
      engagementsRepo.team(ex, [e.id]),
      ledger.openReservation(ex, e.contract_id, e.id),
    ]);
    const settings = ContractSettings.parse(e.settings);
    const consumed = consumedOf(e);
    return {
      ...summaryOf(e, team),
      statusReason: e.status_reason,
      statusBeforeHold: e.status_before_hold,
      siteIds: e.site_ids,
      fixedPrice: e.fixed_price === null ? null : q(e.fixed_price),
      minimumBillable: q(e.minimum_billable),
      estimateLimit: q(toleranceLimit(e.estimate, settings.estimateTolerancePercent)),
      reserved: q(reserved),
      held: q(e.effort_held),
      percentOfEstimate: e.estimate > 0 ? Math.round((consumed * 10_000) / e.estimate) / 100 : 0,
      revision: e.revision,
      scheduleSequence: e.schedule_sequence,
      updatedAt: e.updated_at.toISOString(),
      closedAt: iso(e.closed_at),
      closing: e.closing ? toClosingView(e.closing, e.unit, e.closed_by) : null,
    };
  }

  function summaryOf(
    e: Omit<EngagementRecord, 'organization_id' | 'time_zone' | 'contract_status' | 'units_per_hour' | 'settings'>,
    team: readonly TeamMemberRow[],
  ): EngagementSummaryView {
    const q = (n: number) => quantity(n, e.unit);
    return {
      id: e.id,
      number: e.number,
      title: e.title,
      kind: e.kind,
      status: e.status,
      requestId: e.request_id,
      workOrderId: e.work_order_id,
      contractId: e.contract_id,
      contractNumber: e.contract_number,
      customerId: e.customer_id,
      customerName: e.customer_name,
      pricingMode: e.pricing_mode,
      deliveryMode: e.delivery_mode,
      plannedStart: iso(e.planned_start),
      plannedEnd: iso(e.planned_end),
      estimate: q(e.estimate),
      consumed: q(consumedOf(e)),
      team: team
        .filter((m) => m.engagement_id === e.id)
        .map((m) => ({
          userId: m.user_id,
          name: m.name,
          email: m.email,
          role: m.role,
          addedAt: m.added_at.toISOString(),
        })),
      createdAt: e.created_at.toISOString(),
    };
  }

  /** Team members must be active provider users; each problem names the user. */
  async function assertTeamCandidates(ex: Executor, members: readonly { userId: string }[]): Promise<void> {
    const users = await engagementsRepo.users(ex, [...new Set(members.map((m) => m.userId))]);
    const problems = members.flatMap((m) => {
      const u = users.find((x) => x.id === m.userId);
      if (!u || u.organization_kind !== 'provider')
        return [`${m.userId} is not a user of the IR firm: only provider staff join an engagement team`];
      if (u.status !== 'active')
        return [`${u.name} (${u.email}) is ${u.status}: only active users join an engagement team`];
      return [];
    });
    if (problems.length) throw new AppError('BUSINESS_RULE', `${problems.join('; ')}.`, { problems });
  }

  /** Who gets schedule invitations: the customer's approving contacts and the requester (decided: not every contact), and the team. */
  async function scheduleRecipients(ex: Executor, e: EngagementRecord): Promise<Person[]> {
    const [approvers, requester, team] = await Promise.all([
      customers.approvingContacts(ex, e.customer_id),
      engagementsRepo.requester(ex, e.request_id),
      engagementsRepo.team(ex, [e.id]),
    ]);
    const all: Person[] = [
      ...approvers.map((c) => ({ id: c.id, name: c.name, email: c.email })),
      ...(requester ? [requester] : []),
      ...team.filter((m) => m.user_status === 'active').map((m) => ({ id: m.user_id, name: m.name, email: m.email })),
    ];
    const seen = new Set<string>();
    return all.filter((p) => p.email && !seen.has(p.email.toLowerCase()) && seen.add(p.email.toLowerCase()));
  }

  /**
   * One email per recipient carrying the engagement's calendar event: METHOD:REQUEST (invite or update) or
   * CANCEL, UID stable per engagement, SEQUENCE = the engagement's schedule sequence. All attendees are listed.
   */
  async function sendSchedule(trx: Executor, e: EngagementRecord, kind: ScheduleKind, only?: Person[]): Promise<void> {
    const window = scheduleWindow(e.planned_start, e.planned_end);
    if (!window) return;
    const attendees = await scheduleRecipients(trx, e);
    const recipients = only ?? attendees;
    if (recipients.length === 0) return;
    const sites = await engagementsRepo.sites(trx, e.customer_id, e.site_ids);
    const zone = e.time_zone;
    const local = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat('cccc d LLLL yyyy, HH:mm ZZZZ');
    const mode = { onsite: 'on site', remote: 'remote', hybrid: 'on site and remote' }[e.delivery_mode];
    const title = `${e.number}: ${e.title} (${e.customer_name})`;
    const where = sites.map((s) => `${s.name}, ${s.address}`).join('; ');
    const invite = buildInvite({
      uid: `${e.id}@${host}`,
      sequence: e.schedule_sequence,
      method: kind === 'cancel' ? 'CANCEL' : 'REQUEST',
      title,
      description: `Engagement ${e.number} for ${e.customer_name}, ${mode}${where ? ` at ${where}` : ''}. Work order ${e.work_order_id}.`,
      start: window.start,
      end: window.end,
      timeZone: zone,
      organizer: deps.organizer,
      attendees: (only
        ? [...attendees, ...only.filter((o) => !attendees.some((a) => a.email === o.email))]
        : attendees
      ).map((a) => ({ name: a.name, email: a.email })),
      ...(where ? { location: where } : {}),
      stamp: clock.now(),
    });
    const heading = {
      invite: `Scheduled: engagement ${e.number}`,
      update: `Rescheduled: engagement ${e.number}`,
      cancel: `Cancelled: engagement ${e.number}`,
    }[kind];
    for (const r of recipients) {
      const content = renderEmail({
        heading,
        paragraphs: [
          `Hello ${r.name},`,
          kind === 'cancel'
            ? `Engagement ${e.number} (${e.title}) for ${e.customer_name} is no longer planned for these dates; your calendar removes the event.`
            : kind === 'update'
              ? `The dates of engagement ${e.number} (${e.title}) for ${e.customer_name} have changed. Your calendar updates the existing event.`
              : `Engagement ${e.number} (${e.title}) for ${e.customer_name} is scheduled. The attached invitation adds it to your calendar.`,
        ],
        facts: [
          ['Starts', `${local(window.start)} (${zone})`],
          ['Ends', `${local(window.end)} (${zone})`],
          ['Delivery', mode],
          ...(where ? ([['Sites', where]] as [string, string][]) : []),
        ],
        action: { label: 'Open the engagement', url: `${deps.publicUrl}/engagements/${encodeURIComponent(e.id)}` },
      });
      await outbox.enqueueEmail(trx, {
        topic: `engagement.${kind === 'invite' ? 'scheduled' : kind === 'update' ? 'rescheduled' : 'schedule_cancelled'}`,
        to: [r.email],
        subject: `${kind === 'cancel' ? 'Cancelled: ' : kind === 'update' ? 'Updated: ' : ''}${title}`,
        ...content,
        icalEvent: invite,
      });
    }
  }

  async function lockedForManager(trx: Executor, ctx: Ctx, id: string, what: string): Promise<EngagementRecord> {
    const e = await visibleRecord(trx, ctx.actor, id, { lock: true });
    authorize(ctx.actor, engagementsPolicy.manage, `Only IR managers and admins ${what}.`);
    assertOpen(e, what);
    return e;
  }

  const reload = async (ex: Executor, id: string): Promise<EngagementRecord> => (await engagementsRepo.record(ex, id))!;

  return {
    /**
     * Creates the engagement of an approved EWO on the approval's transaction: status scheduled, number
     * ENG-YYYY-NNNN, the team (active provider users), audit, and a schedule invitation when dates are set.
     * It does not reserve: the approval posts the reservation.
     */
    async createFromApprovalInTx(trx: Executor, ctx: Ctx, i: NewEngagement): Promise<{ id: string; number: string }> {
      const customer = await customers.customerRecord(trx, i.customerId);
      if (!customer) throw new AppError('NOT_FOUND', `Customer ${i.customerId} not found.`);
      for (const [path, v] of [
        ['estimate', i.estimate],
        ['minimumBillable', i.minimumBillable],
        ['fixedPrice', i.fixedPrice ?? 0],
      ] as const) {
        if (!Number.isSafeInteger(v) || v < 0)
          throw new AppError('VALIDATION_FAILED', `${path} must be a non-negative integer in ledger units.`, {
            errors: [{ path, message: 'must be a non-negative integer' }],
          });
      }
      const start = plannedInstant(i.plannedStart, 'start', customer.timeZone);
      const end = plannedInstant(i.plannedEnd, 'end', customer.timeZone);
      if (start && end && end.getTime() < start.getTime())
        throw new AppError('VALIDATION_FAILED', 'The planned end is before the planned start.', {
          errors: [{ path: 'plannedEnd', message: 'before plannedStart' }],
        });
      if ((await engagementsRepo.contractCustomer(trx, i.contractId)) !== customer.id) {
        throw new AppError('BUSINESS_RULE', `Contract ${i.contractId} is not a contract of customer ${customer.name}.`);
      }
      await assertTeamCandidates(trx, i.team);
      const now = clock.now();
      const year = now.getUTCFullYear();
      const id = ids.next('eng');
      const number = engagementNumber(year, await engagementsRepo.nextNumber(trx, year));
      await engagementsRepo.insert(trx, {
        id,
        number,
        customer_id: i.customerId,
        contract_id: i.contractId,
        request_id: i.requestId,
        work_order_id: i.workOrderId,
        title: i.title,
        kind: i.kind,
        status: 'scheduled',
        delivery_mode: i.deliveryMode,
        site_ids: JSON.stringify(i.siteIds),
        pricing_mode: i.pricingMode,
        estimate: i.estimate,
        fixed_price: i.fixedPrice,
        minimum_billable: i.minimumBillable,
        planned_start: start,
        planned_end: end,
        status_before_hold: null,
        status_reason: null,
        created_at: now,
        updated_at: now,
        closed_at: null,
        closing: null,
        closed_by: null,
      });
      await engagementsRepo.insertEstimate(trx, {
        engagement_id: id,
        at: now,
        estimate: i.estimate,
        delta: i.estimate,
        reason: `approved work order ${i.workOrderId}`,
      });
      const seen = new Set<string>();
      for (const m of i.team) {
        if (seen.has(m.userId)) continue;
        seen.add(m.userId);
        await engagementsRepo.upsertTeamMember(trx, {
          engagement_id: id,
          user_id: m.userId,
          role: m.role,
          added_at: now,
        });
      }
      const e = await reload(trx, id);
      await audit.record(trx, ctx, {
        action: 'engagement.created',
        entityType: 'engagement',
        entityId: id,
        organizationId: customer.organizationId,
        after: {
          number,
          requestId: i.requestId,
          workOrderId: i.workOrderId,
          contractId: i.contractId,
          pricingMode: i.pricingMode,
          estimate: i.estimate,
          fixedPrice: i.fixedPrice,
          minimumBillable: i.minimumBillable,
          plannedStart: iso(start),
          plannedEnd: iso(end),
          team: i.team,
        },
      });
      await sendSchedule(trx, e, 'invite');
      return { id, number };
    },

    /**
     * Changes the estimate by `delta` ledger units (change orders) on the caller's transaction, under the
     * engagement's row lock; the estimate never drops below what is consumed. Lock order: call it before
     * the ledger's adjustReservation, then effort.postHeldEffortInTx.
     */
    async adjustEstimateInTx(
      trx: Executor,
      ctx: Ctx,
      engagementId: string,
      delta: number,
      o: { reason?: string } = {},
    ): Promise<{ estimate: number; previous: number; applied: number }> {
      if (!Number.isSafeInteger(delta))
        throw new AppError('VALIDATION_FAILED', 'The estimate delta must be an integer in ledger units.');
      const e = await engagementsRepo.recordForUpdate(trx, engagementId);
      if (!e) throw notFound(engagementId);
      assertOpen(e, 'changing the estimate');
      const next = adjustedEstimate(e.estimate, delta, e.effort_consumed);
      if (next !== e.estimate) {
        const now = clock.now();
        await engagementsRepo.update(trx, e.id, { estimate: next, revision: e.revision + 1, updated_at: now });
        await engagementsRepo.insertEstimate(trx, {
          engagement_id: e.id,
          at: now,
          estimate: next,
          delta: next - e.estimate,
          reason: o.reason ?? null,
        });
        await audit.record(trx, ctx, {
          action: 'engagement.estimate_adjusted',
          entityType: 'engagement',
          entityId: e.id,
          organizationId: e.organization_id,
          before: { estimate: e.estimate },
          after: {
            estimate: next,
            requestedDelta: delta,
            consumed: e.effort_consumed,
            ...(o.reason ? { reason: o.reason } : {}),
          },
        });
      }
      return { estimate: next, previous: e.estimate, applied: next - e.estimate };
    },

    /** Whether the user is on the engagement's team (SLA milestones: members of the engagement's team may record them). */
    async isTeamMember(ex: Executor, engagementId: string, userId: string): Promise<boolean> {
      return engagementsRepo.isTeamMember(ex, engagementId, userId);
    },

    /** Engagements the actor may see, newest first: staff all (consultants only theirs), customers their own; filters by status, customer, contract, mine. */
    async list(
      ctx: Ctx,
      f: { status?: string; customerId?: string; contractId?: string; mine?: boolean; cursor?: string; limit?: number },
    ): Promise<Page<EngagementSummaryView>> {
      const actor = ctx.actor;
      authorize(actor, engagementsPolicy.read);
      const statuses = f.status
        ? f.status
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined;
      const unknown = statuses?.filter((s) => !(engagementStatuses as readonly string[]).includes(s)) ?? [];
      if (unknown.length)
        throw new AppError(
          'VALIDATION_FAILED',
          `Unknown status ${unknown.join(', ')}: use ${engagementStatuses.join(', ')}.`,
          { errors: [{ path: 'querystring.status', message: `unknown status ${unknown.join(', ')}` }] },
        );
      const limit = f.limit ?? 50;
      const after = byId.decode(f.cursor);
      const member =
        actor.organizationKind === 'provider' && (f.mine || !engagementsPolicy.readAll(actor))
          ? actor.userId
          : undefined;
      const rows = await engagementsRepo.list(db.kysely, {
        ...(isCustomerUser(actor) ? { organizationId: actor.organizationId } : {}),
        ...(statuses ? { statuses: statuses as EngagementStatus[] } : {}),
        ...(f.customerId ? { customerId: f.customerId } : {}),
        ...(f.contractId ? { contractId: f.contractId } : {}),
        ...(member ? { memberUserId: member } : {}),
        ...(after ? { beforeId: after[0] } : {}),
        limit: limit + 1,
      });
      const page = toPage(rows, limit, byId, (r) => [r.id]);
      const team = await engagementsRepo.team(
        db.kysely,
        page.items.map((r) => r.id),
      );
      return { items: page.items.map((r) => summaryOf(r, team)), nextCursor: page.nextCursor };
    },

    /** One engagement with its estimate, reservation, consumption and team; another tenant's (or, for consultants, another team's) is 404. */
    async get(ctx: Ctx, id: string): Promise<EngagementView> {
      authorize(ctx.actor, engagementsPolicy.read);
      return toView(db.kysely, await visibleRecord(db.kysely, ctx.actor, id));
    },

    /** Ordinary moves (start, delivering, on hold and back) by IR managers, checked by assertTransition; close and cancel have their own operations. */
    async transition(
      ctx: Ctx,
      id: string,
      input: { to: EngagementStatus; reason?: string | undefined },
    ): Promise<EngagementView> {
      await db.transaction(async (trx) => {
        const e = await visibleRecord(trx, ctx.actor, id, { lock: true });
        authorize(ctx.actor, engagementsPolicy.manage, 'Only IR managers and admins move engagements.');
        assertTransition(e.status, input.to, 'transition', e.status_before_hold);
        const now = clock.now();
        await engagementsRepo.update(trx, id, {
          status: input.to,
          status_before_hold: input.to === 'on_hold' ? e.status : null,
          status_reason: input.reason ?? null,
          revision: e.revision + 1,
          updated_at: now,
        });
        await audit.record(trx, ctx, {
          action: 'engagement.transition',
          entityType: 'engagement',
          entityId: id,
          organizationId: e.organization_id,
          before: { status: e.status },
          after: { status: input.to, ...(input.reason ? { reason: input.reason } : {}) },
        });
      });
      return toView(db.kysely, await reload(db.kysely, id));
    },

    /** Adds (or re-roles) an active provider user on the team (IR managers); a new member gets the schedule invitation. */
    async addTeamMember(ctx: Ctx, id: string, input: { userId: string; role: string }): Promise<EngagementView> {
      await db.transaction(async (trx) => {
        const e = await lockedForManager(trx, ctx, id, 'staff engagements');
        await assertTeamCandidates(trx, [input]);
        const existing = await engagementsRepo.teamMember(trx, id, input.userId);
        if (existing?.role === input.role) return;
        await engagementsRepo.upsertTeamMember(trx, {
          engagement_id: id,
          user_id: input.userId,
          role: input.role,
          added_at: clock.now(),
        });
        await engagementsRepo.update(trx, id, { revision: e.revision + 1, updated_at: clock.now() });
        await audit.record(trx, ctx, {
          action: existing ? 'engagement.team_role_changed' : 'engagement.team_added',
          entityType: 'engagement',
          entityId: id,
          organizationId: e.organization_id,
          ...(existing ? { before: { userId: input.userId, role: existing.role } } : {}),
          after: { userId: input.userId, role: input.role },
        });
        if (!existing) {
          const [u] = await engagementsRepo.users(trx, [input.userId]);
          await sendSchedule(trx, e, 'invite', [{ id: u!.id, name: u!.name, email: u!.email }]);
        }
      });
      return toView(db.kysely, await reload(db.kysely, id));
    },

    /** Removes a member from the team (IR managers); their effort stays; they get the calendar cancellation. */
    async removeTeamMember(ctx: Ctx, id: string, input: { userId: string }): Promise<EngagementView> {
      await db.transaction(async (trx) => {
        const e = await lockedForManager(trx, ctx, id, 'staff engagements');
        const existing = await engagementsRepo.teamMember(trx, id, input.userId);
        if (!existing)
          throw new AppError('NOT_FOUND', `User ${input.userId} is not on the team of engagement ${e.number}.`);
        const [u] = await engagementsRepo.users(trx, [input.userId]);
        await sendSchedule(trx, e, 'cancel', [{ id: u!.id, name: u!.name, email: u!.email }]);
        await engagementsRepo.removeTeamMember(trx, id, input.userId);
        await engagementsRepo.update(trx, id, { revision: e.revision + 1, updated_at: clock.now() });
        await audit.record(trx, ctx, {
          action: 'engagement.team_removed',
          entityType: 'engagement',
          entityId: id,
          organizationId: e.organization_id,
          before: { userId: input.userId, role: existing.role },
        });
      });
      return toView(db.kysely, await reload(db.kysely, id));
    },

    /**
     * IR managers edit the planned dates (and title) with optimistic concurrency. Setting or changing the
     * dates sends the customer's approving and requesting contacts and the team an invitation with the
     * engagement's UID and a raised SEQUENCE; clearing them sends a cancellation.
     */
    async update(
      ctx: Ctx,
      id: string,
      patch: Omit<z.output<typeof UpdateEngagementBody>, 'revision'>,
      expectedRevision?: number,
    ): Promise<EngagementView> {
      await db.transaction(async (trx) => {
        const e = await lockedForManager(trx, ctx, id, 'plan engagements');
        if (expectedRevision !== undefined && expectedRevision !== e.revision) {
          throw new AppError(
            'STALE_REVISION',
            `Engagement ${e.number} changed since you loaded it (revision ${e.revision}, yours ${expectedRevision}). Reload it and apply your change again.`,
            { revision: e.revision },
          );
        }
        const start =
          patch.plannedStart === undefined ? e.planned_start : plannedInstant(patch.plannedStart, 'start', e.time_zone);
        const end =
          patch.plannedEnd === undefined ? e.planned_end : plannedInstant(patch.plannedEnd, 'end', e.time_zone);
        if (start && end && end.getTime() < start.getTime())
          throw new AppError('VALIDATION_FAILED', 'The planned end is before the planned start.', {
            errors: [{ path: 'body.plannedEnd', message: 'before plannedStart' }],
          });
        const datesChanged = iso(start) !== iso(e.planned_start) || iso(end) !== iso(e.planned_end);
        const invitedBefore = e.planned_start !== null || e.schedule_sequence > 0;
        const sequence = datesChanged && invitedBefore ? e.schedule_sequence + 1 : e.schedule_sequence;
        const now = clock.now();
        await engagementsRepo.update(trx, id, {
          planned_start: start,
          planned_end: end,
          schedule_sequence: sequence,
          ...(patch.title ? { title: patch.title } : {}),
          revision: e.revision + 1,
          updated_at: now,
        });
        await audit.record(trx, ctx, {
          action: datesChanged ? 'engagement.rescheduled' : 'engagement.updated',
          entityType: 'engagement',
          entityId: id,
          organizationId: e.organization_id,
          before: { plannedStart: iso(e.planned_start), plannedEnd: iso(e.planned_end), title: e.title },
          after: {
            plannedStart: iso(start),
            plannedEnd: iso(end),
            title: patch.title ?? e.title,
            scheduleSequence: sequence,
          },
        });
        if (!datesChanged) return;
        const updated = await reload(trx, id);
        if (start) await sendSchedule(trx, updated, e.planned_start ? 'update' : 'invite');
        else
          await sendSchedule(trx, { ...updated, planned_start: e.planned_start, planned_end: e.planned_end }, 'cancel');
      });
      return toView(db.kysely, await reload(db.kysely, id));
    },

    // Helpers for effort and closing (no authorization beyond visibility; on the executor given).

    /** The engagement if the actor may see it (locked when asked), else NOT_FOUND. */
    visibleRecord,
    assertVisible,
    /** The response view of an engagement record. */
    toView,
    /** Sends the schedule invitation (or its cancellation) to everyone, or to `only`. */
    sendSchedule,
    /** Who the actor is, for records. */
    label: (ctx: Ctx) => actorLabel(ctx.actor),
  };
}
