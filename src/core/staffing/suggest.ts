import { DateTime } from 'luxon';
import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { FirmSettings } from '../../shared/contracts/settings.ts';
import type { StaffingSuggestions } from '../../shared/contracts/staffing-suggest.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { authorize, providerWith } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { suggestRepo } from './suggest.repo.ts';
import {
  rankCandidates,
  type BusyPeriod,
  type Candidate,
  type DailyHours,
  type StaffingWeights,
  type SuggestTarget,
} from './suggest.rules.ts';

export interface SuggestDeps {
  db: Db;
  clock: Clock;
  settings: { firmSettings(ex: Executor): Promise<FirmSettings> };
  /** The roster read: cached at its version by the service (createRosterCache), read afresh without one. */
  roster?: (ex: Executor) => Promise<RosterEntry[]>;
}

/** Staff who staff engagements see suggestions; consultants and customers do not. */
export const suggestPolicy = { read: providerWith('admin', 'ir_manager', 'account_manager') };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Without a planned end, availability is measured over this many days from the start. */
const DEFAULT_WINDOW_DAYS = 14;
/** An emergency before any EWO: the next three days. */
const EMERGENCY_WINDOW_HOURS = 72;

const minuteOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

type SiteRow = NonNullable<Awaited<ReturnType<typeof suggestRepo.site>>>;

interface Subject {
  kind: 'engagement' | 'work_order' | 'request';
  id: string;
  label: string;
  customerId: string;
  mode: SuggestTarget['mode'];
  siteId: string | null;
  window: { start: Date; end: Date };
  requirements: { catalogItemId: string | null; incidentType: string | null };
}

/** A date (start of that day in the zone) or an instant. */
function instantOf(value: string, zone: string, endOfDay = false): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = DateTime.fromISO(value, { zone }).startOf('day');
    return (endOfDay ? day.plus({ days: 1 }) : day).toJSDate();
  }
  return new Date(value);
}

function windowFrom(start: Date | null, end: Date | null, now: Date): { start: Date; end: Date } {
  const s = start && start.getTime() > now.getTime() ? start : now;
  const e = end && end.getTime() > s.getTime() ? end : new Date(s.getTime() + DEFAULT_WINDOW_DAYS * DAY);
  return { start: s, end: e };
}

const weightsOf = (f: FirmSettings): StaffingWeights => ({
  skills: f.staffingWeightSkills,
  availability: f.staffingWeightAvailability,
  timeZone: f.staffingWeightTimeZone,
  distance: f.staffingWeightDistance,
  load: f.staffingWeightLoad,
  certifications: f.staffingWeightCertifications,
});

async function engagementSubject(ex: Executor, id: string, now: Date): Promise<Subject> {
  const e = await suggestRepo.engagement(ex, id);
  if (!e) throw notFound('Engagement');
  const customer = (await suggestRepo.customer(ex, e.customer_id))!;
  const start = e.planned_start ?? (e.window_start ? instantOf(e.window_start, customer.time_zone) : null);
  const end = e.planned_end ?? (e.window_end ? instantOf(e.window_end, customer.time_zone, true) : null);
  return {
    kind: 'engagement',
    id: e.id,
    label: e.number,
    customerId: e.customer_id,
    mode: e.delivery_mode,
    siteId: e.site_ids[0] ?? e.request_site_id,
    window: windowFrom(start, end, now),
    requirements: {
      catalogItemId: e.kind === 'proactive' ? e.catalog_item_id : null,
      incidentType: e.kind === 'emergency' ? e.incident_type : null,
    },
  };
}

async function workOrderSubject(ex: Executor, id: string, now: Date): Promise<Subject> {
  const w = await suggestRepo.workOrder(ex, id);
  if (!w) throw notFound('Work order');
  const customer = (await suggestRepo.customer(ex, w.customer_id))!;
  const c = w.content;
  return {
    kind: 'work_order',
    id: w.id,
    label: w.number,
    customerId: w.customer_id,
    mode: c.deliveryMode,
    siteId: c.siteIds[0] ?? w.request_site_id,
    window: windowFrom(
      c.proposedStart ? instantOf(c.proposedStart, customer.time_zone) : null,
      c.proposedEnd ? instantOf(c.proposedEnd, customer.time_zone, true) : null,
      now,
    ),
    requirements: {
      // An emergency's needs come from its incident type, not from the generic emergency catalog item.
      catalogItemId: w.kind === 'proactive' ? (c.catalogItemId ?? w.catalog_item_id) : null,
      incidentType: w.kind === 'emergency' ? w.incident_type : null,
    },
  };
}

async function requestSubject(ex: Executor, id: string, now: Date): Promise<Subject> {
  const r = await suggestRepo.request(ex, id);
  if (!r) throw notFound('Request');
  const customer = (await suggestRepo.customer(ex, r.customer_id))!;
  const emergency = r.kind === 'emergency';
  const start = emergency
    ? new Date(Math.max(now.getTime(), r.received_at.getTime()))
    : r.desired_start
      ? instantOf(r.desired_start, customer.time_zone)
      : null;
  return {
    kind: 'request',
    id: r.id,
    label: `${emergency ? 'emergency' : 'proactive'} request of ${customer.name}`,
    customerId: r.customer_id,
    mode: r.onsite_required ? 'hybrid' : 'remote',
    siteId: r.site_id,
    window: emergency
      ? { start: start!, end: new Date(start!.getTime() + EMERGENCY_WINDOW_HOURS * HOUR) }
      : windowFrom(start, null, now),
    requirements: { catalogItemId: emergency ? null : r.catalog_item_id, incidentType: r.incident_type },
  };
}

function siteTarget(site: SiteRow | undefined): SuggestTarget['site'] {
  if (!site) return null;
  return {
    name: site.name,
    country: site.country,
    latitude: site.latitude,
    longitude: site.longitude,
    businessHours: {
      startMinute: site.business_start_minute,
      endMinute: site.business_end_minute,
      weekdays: [1, 2, 3, 4, 5],
      timeZone: site.time_zone,
    },
  };
}

type RosterEntry = Omit<Candidate, 'busy'>;

/** Everyone who delivers work with profile, skills and certifications: three set reads, no busy periods. */
async function loadRoster(ex: Executor): Promise<RosterEntry[]> {
  const [people, skills, certs] = await Promise.all([
    suggestRepo.consultants(ex),
    suggestRepo.skills(ex),
    suggestRepo.certifications(ex),
  ]);
  const skillMap = new Map(skills.map((r) => [r.user_id, r.items]));
  const certMap = new Map(certs.map((r) => [r.user_id, r.items]));
  return people.map((p): RosterEntry => {
    const wh = p.working_hours ?? { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
    const hours: DailyHours = {
      startMinute: minuteOf(wh.start),
      endMinute: minuteOf(wh.end),
      weekdays: wh.days,
      timeZone: p.time_zone ?? 'UTC',
    };
    return {
      consultantId: p.id,
      name: p.name,
      skills: (skillMap.get(p.id) ?? []).map(([skillId, name, level]) => ({ skillId, name, level })),
      certifications: (certMap.get(p.id) ?? []).map(([certificationId, name, expiresOn]) => ({
        certificationId,
        name,
        expiresOn,
      })),
      homeBase: p.home_city
        ? {
            city: p.home_city,
            country: p.home_country ?? '',
            latitude: p.home_latitude,
            longitude: p.home_longitude,
          }
        : null,
      workingHours: hours,
      travel: p.travel_readiness ?? 'domestic',
    };
  });
}

/**
 * The roster kept in memory at the version it was read at: each ranking reads the one-row version (migration
 * 0037, raised by triggers in every changing transaction) and reloads only when it moved, so a profile edit on
 * any node is seen by the next ranking. The version is read before the roster: a change committed in between
 * gives a newer roster under an older version, which the next call reloads (never an older one).
 */
export function createRosterCache() {
  let cached: { version: string; roster: Promise<RosterEntry[]> } | null = null;
  return async (ex: Executor): Promise<RosterEntry[]> => {
    const version = await suggestRepo.rosterVersion(ex);
    if (cached?.version !== version) {
      const roster = loadRoster(ex);
      cached = { version, roster };
      roster.catch(() => {
        if (cached?.roster === roster) cached = null;
      });
    }
    return cached.roster;
  };
}

async function loadCandidates(
  ex: Executor,
  roster: (ex: Executor) => Promise<RosterEntry[]>,
  from: Date,
  to: Date,
): Promise<Candidate[]> {
  const [people, busy] = await Promise.all([roster(ex), suggestRepo.busy(ex, from, to)]);
  const busyMap = new Map<string, BusyTuple[]>();
  for (const r of busy) busyMap.set(r.consultant_id, r.items);
  // Plain loops with indexed tuples: array destructuring walks an iterator, and under tsx every closure made
  // per consultant is wrapped by __name; both showed in the profile of a 500-consultant ranking.
  const out: Candidate[] = [];
  for (const p of people) {
    const periods: BusyPeriod[] = [];
    for (const item of busyMap.get(p.consultantId) ?? []) periods.push(busyPeriodOf(item));
    out.push({ ...p, busy: periods });
  }
  return out;
}

type BusyTuple = Awaited<ReturnType<typeof suggestRepo.busy>>[number]['items'][number];

function busyPeriodOf(item: BusyTuple): BusyPeriod {
  return {
    start: new Date(Number(item[3])),
    end: new Date(Number(item[4])),
    kind: item[0] as BusyPeriod['kind'],
    blocking: item[1],
    label: item[2] ?? 'time off',
  };
}

/**
 * Ranks the consultants for an engagement, an EWO (draft) or a request before any EWO: skills against the
 * requirements of the catalog item or incident type, availability in the planned window, time-zone overlap
 * with the site (remote), distance (on site), load and certifications, weighted by the firm settings; those
 * who cannot serve are listed apart with the reason. Staff who staff engagements only.
 */
export async function suggestStaff(
  deps: SuggestDeps,
  ctx: Ctx,
  subject: { kind: Subject['kind']; id: string },
  options: { limit?: number | undefined } = {},
): Promise<StaffingSuggestions> {
  authorize(ctx.actor, suggestPolicy.read, 'Only admins, IR managers and account managers see staffing suggestions.');
  const ex = deps.db.kysely;
  const now = deps.clock.now();
  const s =
    subject.kind === 'engagement'
      ? await engagementSubject(ex, subject.id, now)
      : subject.kind === 'work_order'
        ? await workOrderSubject(ex, subject.id, now)
        : await requestSubject(ex, subject.id, now);
  if (s.window.end.getTime() - s.window.start.getTime() > 366 * DAY)
    throw new AppError('BUSINESS_RULE', 'The planned window is longer than a year: set planned dates first.');
  const site = s.siteId ? await suggestRepo.site(ex, s.siteId) : await suggestRepo.firstSite(ex, s.customerId);
  const req = s.requirements.catalogItemId
    ? await suggestRepo.catalogRequirements(ex, s.requirements.catalogItemId)
    : s.requirements.incidentType
      ? await suggestRepo.incidentRequirements(ex, s.requirements.incidentType)
      : { skills: [], certs: [] };
  const loadEnd = new Date(now.getTime() + 14 * DAY);
  const from = new Date(Math.min(now.getTime(), s.window.start.getTime()));
  const to = new Date(Math.max(loadEnd.getTime(), s.window.end.getTime()));
  const [candidates, firm] = await Promise.all([
    loadCandidates(ex, deps.roster ?? loadRoster, from, to),
    deps.settings.firmSettings(ex),
  ]);
  const target: SuggestTarget = {
    window: s.window,
    mode: s.mode,
    site: siteTarget(site),
    requiredSkills: req.skills.map((r) => ({ skillId: r.skill_id, name: r.name, minLevel: r.min_level })),
    preferredCertifications: req.certs.map((c) => ({ id: c.certification_id, name: c.code })),
    now,
  };
  const ranked = rankCandidates(candidates, target, weightsOf(firm), options.limit ?? 20);
  return {
    subject: { kind: s.kind, id: s.id, label: s.label },
    window: { start: s.window.start.toISOString(), end: s.window.end.toISOString() },
    mode: s.mode,
    site: site?.name ?? null,
    requiredSkills: target.requiredSkills,
    preferredCertifications: target.preferredCertifications.map((c) => c.name),
    suggestions: ranked.suggestions,
    excluded: ranked.excluded,
  };
}

export type SuggestService = ReturnType<typeof createSuggestService>;

/** Staffing suggestions for an engagement, an EWO draft or a request (suggest.ts). */
export function createSuggestService(base: SuggestDeps) {
  const deps: SuggestDeps = { ...base, roster: base.roster ?? createRosterCache() };
  return {
    /** For an engagement (id or ENG number). */
    forEngagement: (ctx: Ctx, id: string, o?: { limit?: number | undefined }) =>
      suggestStaff(deps, ctx, { kind: 'engagement', id }, o),
    /** For an EWO (id or EWO number): its current version, a draft usually. */
    forWorkOrder: (ctx: Ctx, id: string, o?: { limit?: number | undefined }) =>
      suggestStaff(deps, ctx, { kind: 'work_order', id }, o),
    /** For a request before any EWO exists. */
    forRequest: (ctx: Ctx, id: string, o?: { limit?: number | undefined }) =>
      suggestStaff(deps, ctx, { kind: 'request', id }, o),
  };
}
