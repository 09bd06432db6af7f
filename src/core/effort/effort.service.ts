import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { z } from 'zod';
import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { Burn } from '../../shared/contracts/engagements.ts';
import type {
  CustomerEffortEntry,
  EffortEntry,
  EffortTotals,
  EngagementEffort,
} from '../../shared/contracts/effort.ts';
import type { Activity } from '../../shared/domain.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { quantity, type ContractUnit } from '../../shared/units.ts';
import type { AuditEntry, AuditService } from '../audit/audit.service.ts';
import { authorize } from '../authz.ts';
import { convertEffort, isBillableActivity } from '../billing/billing.rules.ts';
import { actorLabel, isProvider, type Ctx } from '../context.ts';
import type { CustomersService } from '../customers/customers.service.ts';
import { engagementsPolicy } from '../engagements/engagements.policy.ts';
import { engagementsRepo, type EffortContext, type EngagementRecord } from '../engagements/engagements.repo.ts';
import { isOpen, takesEffort } from '../../shared/engagements.ts';
import type { EngagementsService } from '../engagements/engagements.service.ts';
import { localDate } from '../ledger/ledger.rules.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { renderEmail } from '../mail/templates.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import { noDraftMemory, type DraftMemory } from './draft-memory.ts';
import { effortRepo, isKeyTaken, type EffortRow, type EffortWithNames } from './effort.repo.ts';
import { createEffortWriter } from './effort.writer.ts';
import {
  billingStatusFor,
  burnSeries,
  crossesEstimateShare,
  ESTIMATE_WARNING_PERCENT,
  heldThatFits,
  toleranceLimit,
} from './effort.rules.ts';

export interface EffortDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  audit: AuditService;
  outbox: Outbox;
  ledger: LedgerService;
  customers: CustomersService;
  engagements: EngagementsService;
  publicUrl: string;
  /** Servers: contexts of the optimistic path remembered after their postings (draft-memory.ts); default none. */
  drafts?: DraftMemory;
}

export interface EffortInput {
  userId?: string | undefined;
  /** Default: today in the customer's time zone. */
  date?: string | undefined;
  minutes: number;
  activity: Activity;
  afterHours?: boolean | undefined;
  note?: string | undefined;
}

export type EffortEntryView = z.output<typeof EffortEntry>;
export type EffortPosted = EffortEntryView & { warnings: { code: string; message: string }[] };

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export function toEffortView(r: EffortWithNames, unit: ContractUnit): EffortEntryView {
  return {
    id: r.id,
    engagementId: r.engagement_id,
    engagementNumber: r.engagement_number,
    userId: r.user_id,
    userName: r.user_name,
    date: r.work_date,
    minutes: r.minutes,
    roundedMinutes: r.rounded_minutes,
    weightedMinutes: r.weighted_minutes,
    activity: r.activity,
    afterHours: r.after_hours,
    billable: r.billable,
    billingStatus: r.billing_status,
    units: quantity(r.amount, unit),
    unitsDrawn: quantity(r.billing_status === 'consumed' && r.status === 'active' ? r.amount : 0, unit),
    note: r.note,
    status: r.status,
    ledgerEntryId: r.ledger_entry_id,
    reversalEntryId: r.reversal_entry_id,
    replacesId: r.replaces_id,
    replacedById: r.replaced_by_id,
    correctionReason: r.correction_reason,
    postedAt: r.posted_at ? r.posted_at.toISOString() : null,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  };
}

/** Drafts an optimistic posting may make before the locking path decides (each after a statement found its draft outdated). */
const OPTIMISTIC_ATTEMPTS = 3;

const invalidDate = (message: string) =>
  new AppError('VALIDATION_FAILED', message, { errors: [{ path: 'body.date', message }] });

export type EffortService = ReturnType<typeof createEffortService>;

/** Effort: logged by the team, converted by the contract's rate card, consumed from the reservation, held past the estimate, corrected by reversal. */
export function createEffortService(deps: EffortDeps) {
  const { db, clock, ids, audit, outbox, ledger, customers, engagements } = deps;
  const drafts = deps.drafts ?? noDraftMemory;
  const writer = createEffortWriter(db);

  const settingsOf = (e: EngagementRecord) => ContractSettings.parse(e.settings);
  const engagementUrl = (e: EngagementRecord) => `${deps.publicUrl}/engagements/${encodeURIComponent(e.id)}`;

  /** IR managers and the customer's account team, deduplicated. */
  async function managersOf(trx: Executor, e: EngagementRecord): Promise<string[]> {
    const [irms, team] = await Promise.all([
      engagementsRepo.providerUsers(trx, ['ir_manager']),
      customers.accountTeam(trx, e.customer_id),
    ]);
    return [...new Set([...irms.map((u) => u.email), ...team.map((m) => m.email)])];
  }

  /** Once per estimate value: consumption reached 90 % of it. */
  async function warnEstimateShare(trx: Executor, e: EngagementRecord, consumed: number): Promise<void> {
    const to = await managersOf(trx, e);
    if (to.length === 0) return;
    const q = (n: number) => quantity(n, e.unit).display;
    const content = renderEmail({
      heading: `${e.number}: ${ESTIMATE_WARNING_PERCENT} % of the estimate consumed`,
      paragraphs: [
        `Engagement ${e.number} (${e.title}) for ${e.customer_name} has consumed ${q(consumed)} of its ${q(e.estimate)} estimate.`,
        "If more work is expected, prepare a change order now: billable effort past the estimate plus the contract's tolerance is held until one is approved.",
      ],
      facts: [
        ['Estimate', q(e.estimate)],
        ['Consumed', q(consumed)],
        ['Held beyond', q(toleranceLimit(e.estimate, settingsOf(e).estimateTolerancePercent))],
      ],
      action: { label: 'Open the engagement', url: engagementUrl(e) },
    });
    await outbox.enqueueEmail(trx, {
      topic: 'engagement.estimate_warning',
      dedupeKey: `engagement-estimate-${ESTIMATE_WARNING_PERCENT}:${e.id}:${e.estimate}`,
      to,
      subject: `${e.number}: ${ESTIMATE_WARNING_PERCENT} % of the estimate consumed`,
      ...content,
    });
  }

  /** Once per estimate value: billable effort is held, a change order is needed. */
  async function askForChangeOrder(trx: Executor, e: EngagementRecord, held: number): Promise<void> {
    const to = await managersOf(trx, e);
    if (to.length === 0) return;
    const q = (n: number) => quantity(n, e.unit).display;
    const content = renderEmail({
      heading: `${e.number}: effort held, change order needed`,
      paragraphs: [
        `Billable effort on engagement ${e.number} (${e.title}) for ${e.customer_name} would take its consumption past the estimate plus the tolerance, so it is recorded but held: nothing is drawn from the retainer for it.`,
        "Draft a change order for the customer's approval; when it is approved the held effort is posted. Held effort still unbilled at close is written off.",
      ],
      facts: [
        ['Estimate', q(e.estimate)],
        ['Consumed', q(e.effort_consumed)],
        ['Held', q(held)],
      ],
      action: { label: 'Open the engagement', url: engagementUrl(e) },
    });
    await outbox.enqueueEmail(trx, {
      topic: 'engagement.effort_held',
      dedupeKey: `engagement-held:${e.id}:${e.estimate}`,
      to,
      subject: `${e.number}: effort held, change order needed`,
      ...content,
    });
  }

  /** Consumes `amount` of the engagement's effort on the ledger (the reservation first); the key makes a retry count once. */
  async function consume(
    trx: Executor,
    ctx: Ctx,
    e: EngagementRecord,
    entryId: string,
    amount: number,
  ): Promise<string | null> {
    if (amount <= 0) return null;
    // No ledger key: the entry id is new, and the effort's own Idempotency-Key (or the held entry's status, changed in this transaction) prevents a second posting.
    const r = await ledger.consume(trx, ctx, {
      contractId: e.contract_id,
      engagementId: e.id,
      amount,
      reference: `effort ${entryId}`,
    });
    return r.entry.id;
  }

  type EntryValues = Required<Omit<EffortInput, 'userId' | 'date'>> & { userId: string; date: string };
  type EntryOptions = { key?: string | null; requestHash?: string | null; replacesId?: string | null };

  /** One entry converted by the contract's rate card and its billing status decided, before anything is written. */
  function draftRow(
    ctx: Ctx,
    e: EngagementRecord,
    i: EntryValues,
    o: EntryOptions,
  ): { row: EffortRow; settings: ContractSettings } {
    const settings = settingsOf(e);
    const billable = isBillableActivity(i.activity, settings);
    const conversion = convertEffort(i.minutes, i.activity, i.afterHours, {
      unit: e.unit,
      unitsPerHour: e.units_per_hour,
      settings,
    });
    const amount = billable ? conversion.amount : 0;
    const billingStatus = billingStatusFor({
      billable,
      pricingMode: e.pricing_mode,
      amount,
      consumed: e.effort_consumed,
      held: e.effort_held,
      estimate: e.estimate,
      tolerancePercent: settings.estimateTolerancePercent,
    });
    const now = clock.now();
    const row: EffortRow = {
      id: ids.next('eff'),
      engagement_id: e.id,
      contract_id: e.contract_id,
      user_id: i.userId,
      work_date: i.date,
      minutes: i.minutes,
      rounded_minutes: conversion.roundedMinutes,
      weighted_minutes: conversion.weightedMinutes,
      amount,
      activity: i.activity,
      after_hours: i.afterHours,
      billable,
      billing_status: billingStatus,
      status: 'active',
      note: i.note,
      ledger_entry_id: null,
      reversal_entry_id: null,
      replaces_id: o.replacesId ?? null,
      replaced_by_id: null,
      correction_reason: null,
      corrected_at: null,
      corrected_by: null,
      posted_at: billingStatus === 'consumed' ? now : null,
      written_off_at: null,
      idempotency_key: o.key ?? null,
      request_hash: o.requestHash ?? null,
      created_by_user_id: ctx.actor.type === 'user' ? ctx.actor.userId : null,
      created_by: actorLabel(ctx.actor),
      created_at: now,
    };
    return { row, settings };
  }

  /**
   * Converts and records one entry on the locked engagement `e` (whose cached sums it moves): consumed on
   * the ledger, held, fixed price or non-billable. A ledger refusal throws before anything is written.
   */
  async function recordEntry(
    trx: Executor,
    ctx: Ctx,
    e: EngagementRecord,
    i: EntryValues,
    o: EntryOptions = {},
  ): Promise<{ row: EffortRow; warnings: EffortPosted['warnings'] }> {
    const { row, settings } = draftRow(ctx, e, i, o);
    const { amount, billing_status: billingStatus, created_at: now } = row;
    if (billingStatus === 'consumed') row.ledger_entry_id = await consume(trx, ctx, e, row.id, amount);
    await effortRepo.insert(trx, row);
    const warnings: EffortPosted['warnings'] = [];
    const before = e.effort_consumed;
    if (billingStatus === 'consumed') {
      await engagementsRepo.addEffortSums(trx, e.id, { consumed: amount }, now);
      e.effort_consumed += amount;
      if (crossesEstimateShare(before, e.effort_consumed, e.estimate))
        await warnEstimateShare(trx, e, e.effort_consumed);
    } else if (billingStatus === 'held') {
      await engagementsRepo.addEffortSums(trx, e.id, { held: amount }, now);
      e.effort_held += amount;
      const limit = toleranceLimit(e.estimate, settings.estimateTolerancePercent);
      warnings.push({
        code: 'ESTIMATE_EXCEEDED',
        message: `Recorded but held: engagement ${e.number} has consumed ${quantity(before, e.unit).display} of ${quantity(limit, e.unit).display} (estimate plus ${settings.estimateTolerancePercent} % tolerance)${e.effort_held > amount ? ' and earlier effort is already held' : ''}. Nothing was drawn; an IR manager has been asked for a change order, and held effort is posted when one is approved.`,
      });
      await askForChangeOrder(trx, e, e.effort_held);
    }
    return { row, warnings };
  }

  /** The effort's person must be on the team, or an active IR manager or admin; returns their name. */
  function assertMayLog(c: EffortContext, userId: string): string {
    const staff = c.user_organization_kind === 'provider' && c.user_status === 'active';
    if (c.user_name !== null && (c.user_member || (staff && (c.user_role === 'ir_manager' || c.user_role === 'admin'))))
      return c.user_name;
    throw new AppError(
      'BUSINESS_RULE',
      `${c.user_name ? `${c.user_name} (${c.user_email})` : `User ${userId}`} is not on the team of engagement ${c.number}: only team members and IR managers log effort. Add them to the team first.`,
      { userId },
    );
  }

  /** Not in the future (the customer's today by the clock), not before the approval day. */
  function assertWorkDate(e: EngagementRecord, date: string): void {
    const today = localDate(clock.now(), e.time_zone);
    if (date > today)
      throw invalidDate(
        `${date} is in the future: in ${e.time_zone} it is ${today}. Log effort on the day it was done or later.`,
      );
    const approved = localDate(e.created_at, e.time_zone);
    if (date < approved)
      throw invalidDate(
        `${date} is before engagement ${e.number} was approved (${approved}): work before approval is not billable (scoping and EWO drafting are free).`,
      );
  }

  function assertTakesEffort(e: EngagementRecord, what: string): void {
    if (takesEffort(e.status)) return;
    const hint =
      e.status === 'scheduled'
        ? 'Start it first (transition to in_progress).'
        : 'A closed or cancelled engagement takes no more effort; a later correction is a contract adjustment with a reason.';
    throw new AppError(
      'ENGAGEMENT_NOT_OPEN',
      `Engagement ${e.number} is ${e.status}: ${what} only while it is in progress, on hold or delivering. ${hint}`,
      { status: e.status },
    );
  }

  /** Consultants act on their own entries; IR managers and admins on anyone's. */
  function assertActsFor(ctx: Ctx, userId: string): void {
    const actor = ctx.actor;
    authorize(actor, engagementsPolicy.logEffort, 'Only team members and IR managers log effort.');
    const me = actor.userId;
    if (!engagementsPolicy.logForOthers(actor) && userId !== me)
      throw new AppError('FORBIDDEN', 'Consultants log and correct their own effort only.');
  }

  async function view(ex: Executor, id: string, unit: ContractUnit): Promise<EffortEntryView> {
    return toEffortView((await effortRepo.byId(ex, id))!, unit);
  }

  async function postHeld(
    trx: Executor,
    ctx: Ctx,
    e: EngagementRecord,
  ): Promise<{ posted: { id: string; amount: number; ledgerEntryId: string | null }[]; stillHeld: number }> {
    const held = await effortRepo.held(trx, e.id);
    if (!isOpen(e.status) || e.pricing_mode !== 'time_and_materials' || held.length === 0)
      return { posted: [], stillHeld: held.length };
    const fits = heldThatFits(
      held.map((h) => h.amount),
      e.effort_consumed,
      toleranceLimit(e.estimate, settingsOf(e).estimateTolerancePercent),
    );
    const posted: { id: string; amount: number; ledgerEntryId: string | null }[] = [];
    const before = e.effort_consumed;
    const now = clock.now();
    for (const h of held.slice(0, fits)) {
      let ledgerEntryId: string | null;
      try {
        ledgerEntryId = await consume(trx, ctx, e, h.id, h.amount);
      } catch (err) {
        // The ledger refuses before writing anything, so the transaction stays usable: the rest waits for a top-up.
        if (isAppError(err) && err.code === 'BALANCE_INSUFFICIENT') break;
        throw err;
      }
      await effortRepo.update(trx, h.id, {
        billing_status: 'consumed',
        ledger_entry_id: ledgerEntryId,
        posted_at: now,
      });
      await engagementsRepo.addEffortSums(trx, e.id, { consumed: h.amount, held: -h.amount }, now);
      e.effort_consumed += h.amount;
      e.effort_held -= h.amount;
      posted.push({ id: h.id, amount: h.amount, ledgerEntryId });
    }
    if (posted.length) {
      await audit.record(trx, ctx, {
        action: 'effort.held_posted',
        entityType: 'engagement',
        entityId: e.id,
        organizationId: e.organization_id,
        after: {
          entries: posted.map((p) => p.id),
          amount: posted.reduce((s, p) => s + p.amount, 0),
          estimate: e.estimate,
          consumed: e.effort_consumed,
        },
      });
      if (crossesEstimateShare(before, e.effort_consumed, e.estimate))
        await warnEstimateShare(trx, e, e.effort_consumed);
    }
    return { posted, stillHeld: held.length - posted.length };
  }

  /** Totals of an engagement's active effort: by billing status and by activity. */
  async function totalsOf(ex: Executor, e: EngagementRecord): Promise<z.output<typeof EffortTotals>> {
    const rows = await effortRepo.totals(ex, e.id);
    const q = (n: number) => quantity(n, e.unit);
    const sum = (f: (r: (typeof rows)[number]) => number, pred: (r: (typeof rows)[number]) => boolean = () => true) =>
      rows.filter(pred).reduce((s, r) => s + f(r), 0);
    const activities = [...new Set(rows.map((r) => r.activity))];
    return {
      entries: sum((r) => r.entries),
      minutes: sum((r) => r.rounded_minutes),
      billableMinutes: sum(
        (r) => r.rounded_minutes,
        (r) => r.billing_status !== 'non_billable',
      ),
      consumed: q(
        sum(
          (r) => r.amount,
          (r) => r.billing_status === 'consumed',
        ),
      ),
      held: q(
        sum(
          (r) => r.amount,
          (r) => r.billing_status === 'held',
        ),
      ),
      writtenOff: q(
        sum(
          (r) => r.amount,
          (r) => r.billing_status === 'written_off',
        ),
      ),
      fixedPrice: sum(
        (r) => r.rounded_minutes,
        (r) => r.billing_status === 'fixed_price',
      ),
      nonBillableMinutes: sum(
        (r) => r.rounded_minutes,
        (r) => r.billing_status === 'non_billable',
      ),
      byActivity: activities.map((activity) => ({
        activity,
        entries: sum(
          (r) => r.entries,
          (r) => r.activity === activity,
        ),
        minutes: sum(
          (r) => r.rounded_minutes,
          (r) => r.activity === activity,
        ),
        units: q(
          sum(
            (r) => r.amount,
            (r) => r.activity === activity && r.billing_status === 'consumed',
          ),
        ),
      })),
    };
  }

  const actorIdOf = (ctx: Ctx): string => (ctx.actor.type === 'user' ? ctx.actor.userId : '');

  /** Whether the actor may log on `e` for `userId` (the effort's person), and the request's values and hash (for its Idempotency-Key); refusals throw. */
  async function requestOf(
    ex: Executor,
    ctx: Ctx,
    e: EffortContext,
    userId: string,
    input: EffortInput,
    key: string | null,
  ): Promise<{ values: EntryValues; requestHash: string | null }> {
    await engagements.assertVisible(ex, ctx.actor, e, userId === actorIdOf(ctx) ? e.user_member : undefined);
    assertActsFor(ctx, userId);
    const values = {
      userId,
      date: input.date ?? localDate(clock.now(), e.time_zone),
      minutes: input.minutes,
      activity: input.activity,
      afterHours: input.afterHours ?? false,
      note: input.note?.trim() ?? '',
    };
    const requestHash = key ? sha256(canonicalize({ ...values, date: input.date ?? null }) ?? '') : null;
    return { values, requestHash };
  }

  /** New effort (not a replay) on `e` now: it takes effort, the person may log, the date fits; their name. */
  function assertMayLogNow(e: EffortContext, values: EntryValues): string {
    assertTakesEffort(e, 'effort is logged');
    const userName = assertMayLog(e, values.userId);
    assertWorkDate(e, values.date);
    return userName;
  }

  const loggedAudit = (e: EngagementRecord, row: EffortRow): AuditEntry => ({
    action: 'effort.logged',
    entityType: 'engagement',
    entityId: e.id,
    organizationId: e.organization_id,
    after: {
      entryId: row.id,
      userId: row.user_id,
      date: row.work_date,
      minutes: row.minutes,
      activity: row.activity,
      afterHours: row.after_hours,
      amount: row.amount,
      billingStatus: row.billing_status,
      ledgerEntryId: row.ledger_entry_id,
    },
  });

  /**
   * logEffort without a transaction or lock of its own, for the common case: new billable effort consumed
   * within the estimate, no notice due. Drafted on one read (effortRepo.draftContext), or on the context
   * this server's last posting there left (`drafts`, team members only), written by the group-commit writer
   * (effort.writer.ts: guarded statements shared with concurrent postings). Null whenever the locking path
   * must decide: a refusal (made again under the locks, so it is never decided on a stale read), a key seen
   * before, effort that is held, non-billable or fixed-price, a notice due (90 % of the estimate, the
   * contract's alert thresholds), or an engagement or ledger that moved between the read and the write
   * (nothing written; a remembered context that moved is read again, and a posting whose contract another
   * one of its statement took is drafted again, OPTIMISTIC_ATTEMPTS drafts at most).
   */
  async function logOptimistically(
    ctx: Ctx,
    engagementId: string,
    person: string,
    input: EffortInput,
    key: string | null,
    attempt = 0,
    recall = true,
  ): Promise<(EffortPosted & { replayed: boolean }) | null> {
    const known = recall ? drafts.recall(engagementId, person, ledger.rememberedHead) : undefined;
    const readAt = known?.readAt ?? clock.now().getTime();
    const e = known?.e ?? (await effortRepo.draftContext(db.kysely, engagementId, person, key));
    if (!e || e.prior_id) return null;
    let values: EntryValues, requestHash: string | null, userName: string;
    try {
      ({ values, requestHash } = await requestOf(db.kysely, ctx, e, person, input, key));
      userName = assertMayLogNow(e, values);
    } catch (err) {
      if (isAppError(err)) return null;
      throw err;
    }
    const { row } = draftRow(ctx, e, values, { key, requestHash });
    if (
      row.billing_status !== 'consumed' ||
      crossesEstimateShare(e.effort_consumed, e.effort_consumed + row.amount, e.estimate)
    )
      return null;
    const draft = await ledger.draftConsume(ctx, e.ledger, e.reservation, {
      engagementId: e.id,
      amount: row.amount,
      reference: `effort ${row.id}`,
    });
    if (!draft) return null;
    row.ledger_entry_id = draft.entry.id;
    const outcome = await writer.write({
      ...draft,
      effort: row,
      audit: audit.jsonRow(ctx, loggedAudit(e, row)),
      engagement: {
        id: e.id,
        status: e.status,
        consumed: e.effort_consumed,
        held: e.effort_held,
        estimate: e.estimate,
        memberUserId: e.user_member ? values.userId : null,
        unitsPerHour: e.units_per_hour,
        reservation: e.reservation,
        timeZone: e.time_zone,
      },
    });
    if (outcome === 'again' && attempt < OPTIMISTIC_ATTEMPTS)
      return logOptimistically(ctx, engagementId, person, input, key, attempt + 1);
    if (outcome === 'stale') {
      drafts.forget(e.id, person);
      ledger.forgetHead(e.contract_id);
      return known && attempt < OPTIMISTIC_ATTEMPTS
        ? logOptimistically(ctx, engagementId, person, input, key, attempt + 1, false)
        : null;
    }
    if (outcome !== 'appended') return null;
    ledger.appendedHead(draft.head);
    drafts.remember(
      { ...e, effort_consumed: e.effort_consumed + row.amount, reservation: draft.reservation, ledger: draft.head },
      person,
      readAt,
    );
    return {
      ...toEffortView({ ...row, user_name: userName, engagement_number: e.number }, e.unit),
      warnings: [],
      replayed: false,
    };
  }

  /** logEffort's locking path: one transaction under the engagement's lock; a replay when the key has an entry. */
  async function logLocked(ctx: Ctx, engagementId: string, person: string, input: EffortInput, key: string | null) {
    return db.transaction(async (trx) => {
      const e = await engagementsRepo.recordForEffort(trx, engagementId, person, key);
      if (!e) throw new AppError('NOT_FOUND', `Engagement ${engagementId} not found.`);
      const { values, requestHash } = await requestOf(trx, ctx, e, person, input, key);
      if (key && e.prior_id) {
        if (e.prior_hash !== requestHash) {
          throw new AppError(
            'IDEMPOTENCY_KEY_REUSED',
            `The Idempotency-Key "${key}" was used on engagement ${e.number} for other effort. Use a new key for new effort.`,
            { idempotencyKey: key, entryId: e.prior_id },
          );
        }
        return { entry: null, id: e.prior_id, unit: e.unit, warnings: [], replayed: true };
      }
      const userName = assertMayLogNow(e, values);
      const { row, warnings } = await recordEntry(trx, ctx, e, values, { key, requestHash });
      await audit.record(trx, ctx, loggedAudit(e, row));
      return {
        entry: toEffortView({ ...row, user_name: userName, engagement_number: e.number }, e.unit),
        id: row.id,
        unit: e.unit,
        warnings,
        replayed: false,
      };
    });
  }

  /** Timesheet pages continue after the last entry's (work_date, id). */
  const byDay = cursorOf('date', 'id');

  return {
    /**
     * Logs effort (team members for themselves, IR managers for anyone on the team) while the engagement is
     * in progress, on hold or delivering, dated neither in the future nor before approval. Billable effort
     * of a time-and-materials engagement is consumed in the same transaction, or held past estimate +
     * tolerance (warning ESTIMATE_EXCEEDED); a ledger refusal (BALANCE_INSUFFICIENT) records nothing.
     * The Idempotency-Key makes a retry return the first entry.
     */
    async logEffort(
      ctx: Ctx,
      engagementId: string,
      input: EffortInput,
      idempotencyKey?: string,
    ): Promise<EffortPosted & { replayed: boolean }> {
      const key = idempotencyKey?.trim() || null;
      const person = input.userId ?? actorIdOf(ctx);
      const fast = await logOptimistically(ctx, engagementId, person, input, key);
      if (fast) return fast;
      // The locking path may move what a remembered context holds: the next optimistic posting reads it.
      drafts.forget(engagementId, person);
      let result: Awaited<ReturnType<typeof logLocked>>;
      try {
        result = await logLocked(ctx, engagementId, person, input, key);
      } catch (e) {
        // A concurrent request with the same key committed its entry after this one's read found none (the
        // read's snapshot predates the engagement lock it waited for): read again, and answer its entry.
        if (!key || !isKeyTaken(e)) throw e;
        result = await logLocked(ctx, engagementId, person, input, key);
      }
      return {
        ...(result.entry ?? (await view(db.kysely, result.id, result.unit))),
        warnings: result.warnings,
        replayed: result.replayed,
      };
    },

    /**
     * Corrects an entry while the engagement takes effort: its consumption is reversed on the ledger (the
     * ledger keeps both), the entry is marked deleted, or superseded by a new entry with the changes (a
     * PATCH), evaluated afresh (consumed, held…). Consultants correct their own entries; IR managers any.
     */
    async correct(
      ctx: Ctx,
      entryId: string,
      change: Partial<Omit<EffortInput, 'userId'>> | null,
      reason?: string,
    ): Promise<EffortEntryView> {
      const out = await db.transaction(async (trx) => {
        const found = await effortRepo.byId(trx, entryId);
        if (!found) throw new AppError('NOT_FOUND', `Effort entry ${entryId} not found.`);
        const e = await engagements.visibleRecord(trx, ctx.actor, found.engagement_id, { lock: true });
        const entry = (await effortRepo.byId(trx, entryId))!;
        assertActsFor(ctx, entry.user_id);
        if (entry.status !== 'active')
          throw new AppError(
            'CONFLICT',
            `Effort entry ${entryId} was already ${entry.status}${entry.replaced_by_id ? ` by ${entry.replaced_by_id}` : ''}: correct the current entry instead.`,
            { status: entry.status, replacedById: entry.replaced_by_id },
          );
        assertTakesEffort(e, 'effort is corrected');
        const next = change
          ? {
              userId: entry.user_id,
              date: change.date ?? entry.work_date,
              minutes: change.minutes ?? entry.minutes,
              activity: change.activity ?? entry.activity,
              afterHours: change.afterHours ?? entry.after_hours,
              note: change.note?.trim() ?? entry.note,
            }
          : null;
        if (next && next.date !== entry.work_date) assertWorkDate(e, next.date);
        const why =
          reason?.trim() || `effort entry ${entryId} ${change ? 'corrected' : 'deleted'} by ${actorLabel(ctx.actor)}`;
        const now = clock.now();
        let reversalId: string | null = null;
        if (entry.billing_status === 'consumed' && entry.ledger_entry_id) {
          reversalId = (
            await ledger.postReversal(trx, ctx, {
              contractId: e.contract_id,
              entryId: entry.ledger_entry_id,
              reason: why,
              idempotencyKey: `imr:effort-reversal:${entry.id}`,
            })
          ).entry.id;
        }
        const undo = {
          consumed: entry.billing_status === 'consumed' ? -entry.amount : 0,
          held: entry.billing_status === 'held' ? -entry.amount : 0,
        };
        if (undo.consumed || undo.held) {
          await engagementsRepo.addEffortSums(trx, e.id, undo, now);
          e.effort_consumed += undo.consumed;
          e.effort_held += undo.held;
        }
        await effortRepo.update(trx, entry.id, {
          status: next ? 'superseded' : 'deleted',
          reversal_entry_id: reversalId,
          correction_reason: why,
          corrected_at: now,
          corrected_by: actorLabel(ctx.actor),
        });
        let resultId = entry.id;
        if (next) {
          const { row } = await recordEntry(trx, ctx, e, next, { replacesId: entry.id });
          await effortRepo.update(trx, entry.id, { replaced_by_id: row.id });
          resultId = row.id;
        }
        await audit.record(trx, ctx, {
          action: next ? 'effort.corrected' : 'effort.deleted',
          entityType: 'engagement',
          entityId: e.id,
          organizationId: e.organization_id,
          before: {
            entryId: entry.id,
            date: entry.work_date,
            minutes: entry.minutes,
            activity: entry.activity,
            amount: entry.amount,
            billingStatus: entry.billing_status,
          },
          after: { reason: why, reversalEntryId: reversalId, ...(next ? { entryId: resultId, ...next } : {}) },
        });
        return { id: resultId, unit: e.unit };
      });
      return view(db.kysely, out.id, out.unit);
    },

    /**
     * On the caller's transaction (a change order's approval, after the estimate and reservation changed):
     * posts held effort that now fits under estimate + tolerance, oldest first, stopping at the first that
     * does not fit or that the overdraft policy refuses (it stays held).
     */
    async postHeldEffortInTx(
      trx: Executor,
      ctx: Ctx,
      engagementId: string,
    ): Promise<{ posted: { id: string; amount: number; ledgerEntryId: string | null }[]; stillHeld: number }> {
      const e = await engagementsRepo.recordForUpdate(trx, engagementId);
      if (!e) throw new AppError('NOT_FOUND', `Engagement ${engagementId} not found.`);
      return postHeld(trx, ctx, e);
    },

    /** Timesheets: entries by work date; consultants read their own, IR managers, admins and account managers anyone's. */
    async timesheet(
      ctx: Ctx,
      f: {
        userId?: string;
        engagementId?: string;
        from?: string;
        to?: string;
        includeCorrected?: boolean;
        cursor?: string;
        limit?: number;
      },
    ): Promise<Page<EffortEntryView>> {
      const actor = ctx.actor;
      authorize(
        actor,
        (a) => engagementsPolicy.logEffort(a) || engagementsPolicy.readTimesheets(a),
        "Timesheets are for the IR firm's staff.",
      );
      const me = actor.userId;
      const readsAll = engagementsPolicy.readTimesheets(actor);
      const userId = f.userId ?? (readsAll && f.engagementId ? undefined : me);
      if (!readsAll && userId !== me) throw new AppError('FORBIDDEN', 'Consultants read their own timesheet only.');
      if (f.from && f.to && f.from > f.to)
        throw new AppError('VALIDATION_FAILED', '"from" is after "to".', {
          errors: [{ path: 'querystring.from', message: 'after to' }],
        });
      const limit = f.limit ?? 100;
      const after = byDay.decode(f.cursor);
      const rows = await effortRepo.list(db.kysely, {
        ...(userId ? { userId } : {}),
        ...(f.engagementId ? { engagementId: f.engagementId } : {}),
        ...(f.from ? { from: f.from } : {}),
        ...(f.to ? { to: f.to } : {}),
        ...(f.includeCorrected ? { includeCorrected: true } : {}),
        ...(after ? { after } : {}),
        limit: limit + 1,
      });
      const units = new Map<string, ContractUnit>();
      for (const r of rows)
        if (!units.has(r.engagement_id))
          units.set(r.engagement_id, (await engagementsRepo.record(db.kysely, r.engagement_id))!.unit);
      const page = toPage(rows, limit, byDay, (r) => [r.work_date, r.id]);
      return {
        items: page.items.map((r) => toEffortView(r, units.get(r.engagement_id)!)),
        nextCursor: page.nextCursor,
      };
    },

    /**
     * An engagement's effort: totals by status and activity for everyone who sees it; the entries for
     * provider staff, and for customers only when the contract's `customerSeesEffortDetail` is on.
     */
    async engagementEffort(
      ctx: Ctx,
      engagementId: string,
      f: { cursor?: string; limit?: number; includeCorrected?: boolean } = {},
    ): Promise<z.output<typeof EngagementEffort>> {
      authorize(ctx.actor, engagementsPolicy.read);
      const e = await engagements.visibleRecord(db.kysely, ctx.actor, engagementId);
      const provider = isProvider(ctx.actor);
      const detail = provider || settingsOf(e).customerSeesEffortDetail;
      const totals = await totalsOf(db.kysely, e);
      if (!detail) return { engagementId, totals, detail, items: [], nextCursor: null };
      const limit = f.limit ?? 100;
      const after = byDay.decode(f.cursor);
      const rows = await effortRepo.list(db.kysely, {
        engagementId,
        ...(provider && f.includeCorrected ? { includeCorrected: true } : {}),
        ...(after ? { after } : {}),
        limit: limit + 1,
      });
      const page = toPage(rows, limit, byDay, (r) => [r.work_date, r.id]);
      const items = page.items.map((r) => toEffortView(r, e.unit));
      const customerItems = (v: EffortEntryView): z.output<typeof CustomerEffortEntry> => ({
        id: v.id,
        userName: v.userName,
        date: v.date,
        roundedMinutes: v.roundedMinutes,
        activity: v.activity,
        billingStatus: v.billingStatus,
        unitsDrawn: v.unitsDrawn,
        note: v.note,
      });
      return {
        engagementId,
        totals,
        detail,
        items: provider ? items : items.map(customerItems),
        nextCursor: page.nextCursor,
      };
    },

    /** Consumed vs estimated over time (cumulative, per day on which either changed), for the burn chart. */
    async burn(ctx: Ctx, engagementId: string): Promise<z.output<typeof Burn>> {
      authorize(ctx.actor, engagementsPolicy.read);
      const e = await engagements.visibleRecord(db.kysely, ctx.actor, engagementId);
      const [byDate, estimates] = await Promise.all([
        effortRepo.consumedByDate(db.kysely, e.id),
        engagementsRepo.estimates(db.kysely, e.id),
      ]);
      const closingDay = e.closing ? localDate(new Date(e.closing.at), e.time_zone) : null;
      const closingAmount = e.closing ? e.closing.fixedPrice + e.closing.trueUp : 0;
      const consumption =
        closingDay && closingAmount ? [...byDate, { date: closingDay, amount: closingAmount }] : byDate;
      const points = burnSeries(
        consumption,
        estimates.map((x) => ({ date: localDate(x.at, e.time_zone), seq: x.seq, estimate: x.estimate })),
      );
      const q = (n: number) => quantity(n, e.unit);
      return {
        engagementId,
        estimate: q(e.estimate),
        consumed: q(e.effort_consumed + closingAmount),
        points: points.map((p) => ({ date: p.date, consumed: q(p.consumed), estimate: q(p.estimate) })),
      };
    },
  };
}
