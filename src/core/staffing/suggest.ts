import { DateTime } from 'luxon';
import type { Db, Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import type { FirmSettings } from '../../shared/contracts/settings.ts';
import type { StaffingSuggestions } from '../../shared/contracts/staffing-suggest.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { authorize, providerWith } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { createStaffingCache, readCandidates, type CandidateSource } from './suggest.cache.ts';
import { suggestRepo } from './suggest.repo.ts';
import { rankCandidates, type StaffingWeights, type SuggestTarget } from './suggest.rules.ts';

export interface SuggestDeps {
  db: Db;
  clock: Clock;
  settings: { firmSettings(ex: Executor): Promise<FirmSettings> };
  /** The candidates' read: cached at the versions by the service (createStaffingCache), afresh without one. */
  candidates?: CandidateSource;
}

/** Staff who staff engagements see suggestions; consultants and customers do not. */
export const suggestPolicy = { read: providerWith('admin', 'ir_manager', 'account_manager') };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Without a planned end, availability is measured over this many days from the start. */
const DEFAULT_WINDOW_DAYS = 14;
/** An emergency before any EWO: the next three days. */
const EMERGENCY_WINDOW_HOURS = 72;

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
  const start = e.planned_start ?? (e.window_start ? instantOf(e.window_start, e.customer_time_zone) : null);
  const end = e.planned_end ?? (e.window_end ? instantOf(e.window_end, e.customer_time_zone, true) : null);
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
  const c = w.content;
  return {
    kind: 'work_order',
    id: w.id,
    label: w.number,
    customerId: w.customer_id,
    mode: c.deliveryMode,
    siteId: c.siteIds[0] ?? w.request_site_id,
    window: windowFrom(
      c.proposedStart ? instantOf(c.proposedStart, w.customer_time_zone) : null,
      c.proposedEnd ? instantOf(c.proposedEnd, w.customer_time_zone, true) : null,
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
  const emergency = r.kind === 'emergency';
  const start = emergency
    ? new Date(Math.max(now.getTime(), r.received_at.getTime()))
    : r.desired_start
      ? instantOf(r.desired_start, r.customer_time_zone)
      : null;
  return {
    kind: 'request',
    id: r.id,
    label: `${emergency ? 'emergency' : 'proactive'} request of ${r.customer_name}`,
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
  const loadEnd = new Date(now.getTime() + 14 * DAY);
  const from = new Date(Math.min(now.getTime(), s.window.start.getTime()));
  const to = new Date(Math.max(loadEnd.getTime(), s.window.end.getTime()));
  // Everything after the subject at once: none of these reads depends on another.
  const [site, req, candidates, firm] = await Promise.all([
    s.siteId ? suggestRepo.site(ex, s.siteId) : suggestRepo.firstSite(ex, s.customerId),
    s.requirements.catalogItemId
      ? suggestRepo.catalogRequirements(ex, s.requirements.catalogItemId)
      : s.requirements.incidentType
        ? suggestRepo.incidentRequirements(ex, s.requirements.incidentType)
        : { skills: [], certs: [] },
    (deps.candidates ?? readCandidates)(ex, from, to),
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
  const deps: SuggestDeps = { ...base, candidates: base.candidates ?? createStaffingCache() };
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
