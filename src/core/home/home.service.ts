import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type {
  AccountManagerHome,
  ConsultantHome,
  CustomerHome,
  Home,
  HomeApproval,
  HomeContractAlert,
  ManagerHome,
} from '../../shared/contracts/home.ts';
import type { RequestStatus } from '../../shared/contracts/requests.ts';
import { addDays, localDate } from '../../shared/dates.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import type { CoreServices } from '../core.ts';
import { readFirmProfile } from '../settings/settings.service.ts';
import { homeCardsOf, homePolicy } from './home.policy.ts';
import { homeRepo } from './home.repo.ts';
import {
  activeEngagementStatuses,
  daysWithoutTime,
  inWeek,
  MISSING_DAYS_LOOKBACK,
  openRequestStatuses,
  termEndNear,
  thresholdNear,
  triageOrder,
  triageStatuses,
  WEEK_DAYS,
} from './home.rules.ts';
import {
  atRiskTargetsOf,
  byDeadline,
  changeOrderApprovalOf,
  homeEngagementOf,
  homeRequestOf,
  triageRequestOf,
  workOrderApprovalOf,
} from './home.views.ts';
import type { z } from 'zod';

/** What the home pages read: the other features' services (their authorization and tenant filters apply). */
export interface HomeDeps {
  db: Db;
  clock: Clock;
  services: Pick<
    CoreServices,
    'requests' | 'engagements' | 'workOrders' | 'changeOrders' | 'statements' | 'contracts' | 'ledger' | 'staffing'
  >;
}

/** How many items a card lists at most. */
const CARD_LIMIT = 50;

/** EWOs and change orders sent to the customer and not decided, the nearest deadline first. */
async function awaitingApproval(deps: HomeDeps, ctx: Ctx): Promise<HomeApproval[]> {
  const { workOrders, changeOrders } = deps.services;
  const [ewos, cos] = await Promise.all([
    workOrders.list(ctx, { status: 'sent', limit: CARD_LIMIT }),
    changeOrders.list(ctx, { status: 'sent', limit: CARD_LIMIT }),
  ]);
  return [...ewos.items.map(workOrderApprovalOf), ...cos.items.map(changeOrderApprovalOf)].sort(byDeadline);
}

/** Requests in these statuses that the actor may see, in board order (emergencies first, then the oldest). */
const requestsIn = async (deps: HomeDeps, ctx: Ctx, statuses: readonly RequestStatus[]) =>
  (await deps.services.requests.list(ctx, { status: [...statuses], limit: CARD_LIMIT })).items;

/** Engagements under way that the actor may see (consultants: those whose team they are on). */
const activeEngagements = async (deps: HomeDeps, ctx: Ctx, status = activeEngagementStatuses) =>
  (await deps.services.engagements.list(ctx, { status, limit: CARD_LIMIT })).items.map(homeEngagementOf);

/** The customer's home: open requests, engagements under way, approvals waiting, the latest statement. */
async function customerHome(deps: HomeDeps, ctx: Ctx): Promise<z.infer<typeof CustomerHome>> {
  const { contracts, statements } = deps.services;
  const [requests, engagements, approvals, active] = await Promise.all([
    requestsIn(deps, ctx, openRequestStatuses),
    activeEngagements(deps, ctx),
    awaitingApproval(deps, ctx),
    contracts.list(ctx, { status: 'active', limit: CARD_LIMIT }),
  ]);
  const latest = [];
  for (const contract of active.items) {
    const first = (await statements.list(ctx, contract.id)).items[0];
    if (first) latest.push({ ...first, contractNumber: contract.number });
  }
  const newest = latest.sort((a, b) => b.period.localeCompare(a.period))[0];
  return {
    openRequests: requests.map(homeRequestOf),
    engagements,
    approvals,
    latestStatement: newest
      ? {
          id: newest.id,
          number: newest.number,
          contractNumber: newest.contractNumber,
          period: newest.period,
          closing: newest.closing,
          available: newest.available,
        }
      : null,
  };
}

/** The IR manager's home: the triage queue, targets at risk, approvals waiting, engagements without a booking. */
async function managerHome(deps: HomeDeps, ctx: Ctx): Promise<z.infer<typeof ManagerHome>> {
  const now = deps.clock.now();
  const [requests, awaitingCustomer, engagements, bookings] = await Promise.all([
    requestsIn(deps, ctx, openRequestStatuses),
    awaitingApproval(deps, ctx),
    activeEngagements(deps, ctx, 'scheduled,in_progress'),
    deps.services.staffing.listBookings(ctx, { from: now.toISOString() }),
  ]);
  const booked = new Set(bookings.items.map((b) => b.engagementId));
  return {
    triage: requests
      .filter((r) => (triageStatuses as readonly string[]).includes(r.status))
      .map(triageRequestOf)
      .sort(triageOrder),
    atRisk: requests.flatMap(atRiskTargetsOf).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)),
    awaitingCustomer,
    unbooked: engagements.filter((e) => !booked.has(e.id)),
  };
}

/** The consultant's home: the engagements whose team they are on, this week's bookings, days without time. */
async function consultantHome(deps: HomeDeps, ctx: Ctx, userId: string): Promise<z.infer<typeof ConsultantHome>> {
  const now = deps.clock.now();
  const ex = deps.db.kysely;
  const timeZone = (await homeRepo.consultantTimeZone(ex, userId)) ?? (await readFirmProfile(ex)).timeZone;
  const today = localDate(now, timeZone);
  // A day either side in UTC covers the seven local days in any zone; inWeek keeps those that touch them.
  const [engagements, bookings, logged] = await Promise.all([
    activeEngagements(deps, ctx),
    deps.services.staffing.listBookings(ctx, {
      consultant: userId,
      from: `${addDays(today, -1)}T00:00:00Z`,
      to: `${addDays(today, WEEK_DAYS + 1)}T00:00:00Z`,
    }),
    homeRepo.effortDates(ex, userId, addDays(today, -MISSING_DAYS_LOOKBACK), today),
  ]);
  return {
    engagements,
    week: bookings.items
      .filter((b) => inWeek(new Date(b.start), new Date(b.end), today, timeZone))
      .map((b) => ({
        id: b.id,
        engagementId: b.engagementId,
        engagementNumber: b.engagementNumber,
        engagementTitle: b.engagementTitle,
        start: b.start,
        end: b.end,
        mode: b.mode,
        siteName: b.siteName,
      })),
    weekFrom: today,
    timeZone,
    daysWithoutTime: daysWithoutTime(now, timeZone, new Set(logged)),
  };
}

/** The account manager's home: active retainers near an alert threshold or the end of their term. */
async function accountManagerHome(deps: HomeDeps, ctx: Ctx): Promise<z.infer<typeof AccountManagerHome>> {
  const { contracts, ledger } = deps.services;
  const active = await contracts.list(ctx, { status: 'active', limit: 200 });
  const alerts: HomeContractAlert[] = [];
  for (const contract of active.items) {
    const balance = await ledger.balance(ctx, contract.id);
    const threshold = thresholdNear(balance.percentConsumed, contract.settings.alertThresholds);
    const nearEnd = termEndNear(balance.daysLeft);
    if (threshold === null && !nearEnd) continue;
    alerts.push({
      id: contract.id,
      number: contract.number,
      customerName: contract.customerName,
      unit: contract.unit,
      percentConsumed: balance.percentConsumed,
      available: balance.available,
      threshold,
      termEnd: contract.termEnd,
      daysLeft: balance.daysLeft,
      termEndNear: nearEnd,
    });
  }
  alerts.sort((a, b) => b.percentConsumed - a.percentConsumed || a.daysLeft - b.daysLeft);
  return { contracts: alerts };
}

export type HomeService = ReturnType<typeof createHomeService>;

/** The home pages by role: each card read through the feature that owns its data. */
export function createHomeService(deps: HomeDeps) {
  return {
    /** The caller's home page: the cards of its role, the others null. */
    async home(ctx: Ctx): Promise<Home> {
      authorize(ctx.actor, homePolicy.read, 'Only signed-in users have a home page.');
      const cards = homeCardsOf(ctx.actor);
      const userId = ctx.actor.type === 'user' ? ctx.actor.userId : '';
      const [customer, manager, consultant, accountManager] = await Promise.all([
        cards.customer ? customerHome(deps, ctx) : null,
        cards.manager ? managerHome(deps, ctx) : null,
        cards.consultant ? consultantHome(deps, ctx, userId) : null,
        cards.accountManager ? accountManagerHome(deps, ctx) : null,
      ]);
      return { customer, manager, consultant, accountManager };
    },
  };
}
