import type { z } from 'zod';
import { localDate } from '../../shared/dates.ts';
import type { Burn } from '../../shared/contracts/engagements.ts';
import type { CustomerEffortEntry, EngagementEffort } from '../../shared/contracts/effort.ts';
import { AppError } from '../../shared/errors.ts';
import { quantity, type ContractUnit } from '../../shared/units.ts';
import { authorize } from '../authz.ts';
import { isProvider, type Ctx } from '../context.ts';
import { engagementsPolicy } from '../engagements/engagements.policy.ts';
import { engagementsRepo } from '../engagements/engagements.repo.ts';
import { cursorOf, toPage, type Page } from '../pagination.ts';
import type { EffortDeps, EffortEntryView } from './effort.deps.ts';
import { effortRepo } from './effort.repo.ts';
import { burnSeries } from './effort.rules.ts';
import { settingsOf, toEffortView, totalsOf } from './effort.views.ts';

/** Timesheet pages continue after the last entry's (work_date, id). */
const byDay = cursorOf('date', 'id');

/** Timesheets: entries by work date; consultants read their own, IR managers, admins and account managers anyone's. */
export async function timesheet(
  deps: EffortDeps,
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
  const rows = await effortRepo.list(deps.db.kysely, {
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
      units.set(r.engagement_id, (await engagementsRepo.record(deps.db.kysely, r.engagement_id))!.unit);
  const page = toPage(rows, limit, byDay, (r) => [r.work_date, r.id]);
  return {
    items: page.items.map((r) => toEffortView(r, units.get(r.engagement_id)!)),
    nextCursor: page.nextCursor,
  };
}

/**
 * An engagement's effort: totals by status and activity for everyone who sees it; the entries for
 * provider staff, and for customers only when the contract's `customerSeesEffortDetail` is on.
 */
export async function engagementEffort(
  deps: EffortDeps,
  ctx: Ctx,
  engagementId: string,
  f: { cursor?: string; limit?: number; includeCorrected?: boolean } = {},
): Promise<z.output<typeof EngagementEffort>> {
  authorize(ctx.actor, engagementsPolicy.read);
  const engagement = await deps.engagements.visibleRecord(deps.db.kysely, ctx.actor, engagementId);
  const provider = isProvider(ctx.actor);
  const detail = provider || settingsOf(engagement).customerSeesEffortDetail;
  const totals = await totalsOf(deps.db.kysely, engagement);
  if (!detail) return { engagementId, totals, detail, items: [], nextCursor: null };
  const limit = f.limit ?? 100;
  const after = byDay.decode(f.cursor);
  const rows = await effortRepo.list(deps.db.kysely, {
    engagementId,
    ...(provider && f.includeCorrected ? { includeCorrected: true } : {}),
    ...(after ? { after } : {}),
    limit: limit + 1,
  });
  const page = toPage(rows, limit, byDay, (r) => [r.work_date, r.id]);
  const items = page.items.map((r) => toEffortView(r, engagement.unit));
  const customerItems = (entry: EffortEntryView): z.output<typeof CustomerEffortEntry> => ({
    id: entry.id,
    userName: entry.userName,
    date: entry.date,
    roundedMinutes: entry.roundedMinutes,
    activity: entry.activity,
    billingStatus: entry.billingStatus,
    unitsDrawn: entry.unitsDrawn,
    note: entry.note,
  });
  return {
    engagementId,
    totals,
    detail,
    items: provider ? items : items.map(customerItems),
    nextCursor: page.nextCursor,
  };
}

/** Consumed vs estimated over time (cumulative, per day on which either changed), for the burn chart. */
export async function burn(deps: EffortDeps, ctx: Ctx, engagementId: string): Promise<z.output<typeof Burn>> {
  authorize(ctx.actor, engagementsPolicy.read);
  const engagement = await deps.engagements.visibleRecord(deps.db.kysely, ctx.actor, engagementId);
  const [byDate, estimates] = await Promise.all([
    effortRepo.consumedByDate(deps.db.kysely, engagement.id),
    engagementsRepo.estimates(deps.db.kysely, engagement.id),
  ]);
  const closingDay = engagement.closing ? localDate(new Date(engagement.closing.at), engagement.time_zone) : null;
  const closingAmount = engagement.closing
    ? engagement.closing.fixedPrice +
      (engagement.closing.changeOrders ?? []).reduce((sum, co) => sum + co.amount, 0) +
      engagement.closing.trueUp
    : 0;
  const consumption = closingDay && closingAmount ? [...byDate, { date: closingDay, amount: closingAmount }] : byDate;
  const points = burnSeries(
    consumption,
    estimates.map((x) => ({ date: localDate(x.at, engagement.time_zone), seq: x.seq, estimate: x.estimate })),
  );
  const asQuantity = (n: number) => quantity(n, engagement.unit);
  return {
    engagementId,
    estimate: asQuantity(engagement.estimate),
    consumed: asQuantity(engagement.effort_consumed + closingAmount),
    points: points.map((p) => ({ date: p.date, consumed: asQuantity(p.consumed), estimate: asQuantity(p.estimate) })),
  };
}
