import { sql } from 'kysely';
import type { Executor } from '../../db/create-db.ts';

/** The reads behind staffing suggestions: a handful of set queries, never one per consultant. */
export const suggestRepo = {
  /**
   * The roster's version (migration 0037) and the busy periods' version (0035), in one query: a roster or a
   * window's busy periods read at these versions are still current.
   */
  async versions(ex: Executor): Promise<{ roster: string; busy: string }> {
    const row = await ex
      .selectFrom(['staffing_roster_version as r', 'staffing_busy_version as b'])
      .select(['r.version as roster', 'b.version as busy'])
      .executeTakeFirstOrThrow();
    return { roster: String(row.roster), busy: String(row.busy) };
  },

  /** Active provider users who deliver work: consultants, and anyone with a consultant profile. */
  async consultants(ex: Executor) {
    return ex
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .leftJoin('consultant_profiles as p', 'p.user_id', 'users.id')
      .select([
        'users.id',
        'users.name',
        'p.home_city',
        'p.home_country',
        'p.home_latitude',
        'p.home_longitude',
        'p.time_zone',
        'p.working_hours',
        'p.travel_readiness',
      ])
      .where('organizations.kind', '=', 'provider')
      .where('users.status', '=', 'active')
      .where((eb) => eb.or([eb('users.role', '=', 'consultant'), eb('p.user_id', 'is not', null)]))
      .execute();
  },

  /**
   * Each consultant's skills as [skillId, name, level] tuples: one row per consultant (JSON parses natively;
   * `json`, not `jsonb`: built as text, never converted to binary and back).
   */
  async skills(ex: Executor) {
    return ex
      .selectFrom('consultant_skills as cs')
      .innerJoin('skills', 'skills.id', 'cs.skill_id')
      .select([
        'cs.user_id',
        sql<[string, string, number][]>`json_agg(json_build_array(cs.skill_id, skills.name, cs.level))`.as('items'),
      ])
      .groupBy('cs.user_id')
      .execute();
  },

  /** Each consultant's certifications as [certificationId, code, expiresOn] tuples, one row per consultant. */
  async certifications(ex: Executor) {
    return ex
      .selectFrom('consultant_certifications as cc')
      .innerJoin('certifications', 'certifications.id', 'cc.certification_id')
      .select([
        'cc.user_id',
        sql<
          [string, string, string | null][]
        >`json_agg(json_build_array(cc.certification_id, certifications.code, cc.expires_on))`.as('items'),
      ])
      .groupBy('cc.user_id')
      .execute();
  },

  /**
   * Bookings (not cancelled) and time off overlapping [from, to), one row per consultant with
   * [kind, blocking, engagement number, start ms, end ms] tuples: no Date parsing per period. Only the
   * window's periods are read, through the partial GiST index on the period of live rows (migration 0029).
   */
  async busy(ex: Executor, from: Date, to: Date) {
    return ex
      .selectFrom('busy_periods as b')
      .leftJoin('engagements', 'engagements.id', 'b.engagement_id')
      .select([
        'b.consultant_id',
        sql<[string, boolean, string | null, number, number][]>`json_agg(json_build_array(
          b.kind, b.blocking, engagements.number,
          extract(epoch from lower(b.period)) * 1000, extract(epoch from upper(b.period)) * 1000))`.as('items'),
      ])
      .where(sql<boolean>`b.period && tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')`)
      .where('b.cancelled_at', 'is', null)
      .groupBy('b.consultant_id')
      .execute();
  },

  async site(ex: Executor, id: string) {
    return ex.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async firstSite(ex: Executor, customerId: string) {
    return ex
      .selectFrom('sites')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('created_at')
      .orderBy('id')
      .executeTakeFirst();
  },

  async catalogRequirements(ex: Executor, catalogItemId: string) {
    const [skills, certs] = await Promise.all([
      ex
        .selectFrom('catalog_item_skills as r')
        .innerJoin('skills', 'skills.id', 'r.skill_id')
        .select(['r.skill_id', 'skills.name', 'r.min_level'])
        .where('r.catalog_item_id', '=', catalogItemId)
        .orderBy('r.skill_id')
        .execute(),
      ex
        .selectFrom('catalog_item_certifications as r')
        .innerJoin('certifications', 'certifications.id', 'r.certification_id')
        .select(['r.certification_id', 'certifications.code'])
        .where('r.catalog_item_id', '=', catalogItemId)
        .orderBy('r.certification_id')
        .execute(),
    ]);
    return { skills, certs };
  },

  async incidentRequirements(ex: Executor, incidentType: string) {
    const [skills, certs] = await Promise.all([
      ex
        .selectFrom('incident_type_skills as r')
        .innerJoin('skills', 'skills.id', 'r.skill_id')
        .select(['r.skill_id', 'skills.name', 'r.min_level'])
        .where('r.incident_type', '=', incidentType)
        .orderBy('r.skill_id')
        .execute(),
      ex
        .selectFrom('incident_type_certifications as r')
        .innerJoin('certifications', 'certifications.id', 'r.certification_id')
        .select(['r.certification_id', 'certifications.code'])
        .where('r.incident_type', '=', incidentType)
        .orderBy('r.certification_id')
        .execute(),
    ]);
    return { skills, certs };
  },

  async engagement(ex: Executor, id: string) {
    return ex
      .selectFrom('engagements')
      .innerJoin('customers as c', 'c.id', 'engagements.customer_id')
      .leftJoin('service_requests as r', 'r.id', 'engagements.request_id')
      .select([
        'c.time_zone as customer_time_zone',
        'engagements.id',
        'engagements.number',
        'engagements.customer_id',
        'engagements.delivery_mode',
        'engagements.site_ids',
        'engagements.planned_start',
        'engagements.planned_end',
        'engagements.window_start',
        'engagements.window_end',
        'engagements.status',
        'engagements.kind',
        'r.incident_type',
        'r.catalog_item_id',
        'r.site_id as request_site_id',
      ])
      .where((eb) => eb.or([eb('engagements.id', '=', id), eb('engagements.number', '=', id)]))
      .executeTakeFirst();
  },

  /** The draft (or latest) version of an EWO, with its request's kind and incident type. */
  async workOrder(ex: Executor, id: string) {
    return ex
      .selectFrom('work_orders as w')
      .innerJoin('work_order_versions as v', (j) =>
        j.onRef('v.work_order_id', '=', 'w.id').onRef('v.version', '=', 'w.current_version'),
      )
      .innerJoin('service_requests as r', 'r.id', 'w.request_id')
      .innerJoin('customers as c', 'c.id', 'w.customer_id')
      .select([
        'c.time_zone as customer_time_zone',
        'w.id',
        'w.number',
        'w.customer_id',
        'v.status',
        'v.content',
        'r.kind',
        'r.incident_type',
        'r.catalog_item_id',
        'r.site_id as request_site_id',
      ])
      .where((eb) => eb.or([eb('w.id', '=', id), eb('w.number', '=', id)]))
      .executeTakeFirst();
  },

  async request(ex: Executor, id: string) {
    return ex
      .selectFrom('service_requests as r')
      .innerJoin('customers as c', 'c.id', 'r.customer_id')
      .select([
        'r.id',
        'r.customer_id',
        'c.name as customer_name',
        'c.time_zone as customer_time_zone',
        'r.kind',
        'r.incident_type',
        'r.catalog_item_id',
        'r.site_id',
        'r.onsite_required',
        'r.received_at',
        'r.desired_start',
      ])
      .where('r.id', '=', id)
      .executeTakeFirst();
  },
};
