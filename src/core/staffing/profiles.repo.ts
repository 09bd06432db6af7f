import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type {
  CertificationsTable,
  ConsultantCertificationsTable,
  ConsultantProfilesTable,
  ConsultantSkillsTable,
  SkillsTable,
} from './staffing.tables.ts';

/** A provider user who may hold a consultant profile, with the profile when there is one. */
export interface ConsultantRow {
  id: string;
  name: string;
  email: string;
  role: string;
  status: string;
  profile: Selectable<ConsultantProfilesTable> | null;
}

export interface ConsultantSkillRow {
  user_id: string;
  skill_id: string;
  level: number;
  name: string;
}
export interface ConsultantCertRow {
  user_id: string;
  certification_id: string;
  obtained_on: string | null;
  expires_on: string | null;
  code: string;
  name: string;
}

/** The directory's filters, already checked (instants as Dates). */
export interface ConsultantFilter {
  userIds?: readonly string[];
  q?: string;
  skill?: string;
  minLevel?: number;
  certification?: string;
  /** Not expired on this date. */
  certValidOn?: string;
  language?: string;
  timeZone?: string;
  availableFrom?: Date;
  availableTo?: Date;
  onCall?: boolean;
}

const PROFILE_COLUMNS = [
  'p.user_id',
  'p.title',
  'p.bio',
  'p.languages',
  'p.home_city',
  'p.home_country',
  'p.home_latitude',
  'p.home_longitude',
  'p.time_zone',
  'p.working_hours',
  'p.travel_readiness',
  'p.travel_documents',
  'p.on_call_eligible',
  'p.revision',
  'p.created_at',
  'p.updated_at',
] as const;

/** Profiles, skills and certifications of consultants, and the skill and certification catalogs. */
export const profilesRepo = {
  /** Consultants: active or invited provider users with the consultant role or a profile, by name. */
  async consultants(ex: Executor, f: ConsultantFilter): Promise<ConsultantRow[]> {
    let q = ex
      .selectFrom('users as u')
      .innerJoin('organizations as o', 'o.id', 'u.organization_id')
      .leftJoin('consultant_profiles as p', 'p.user_id', 'u.id')
      .select(['u.id', 'u.name', 'u.email', 'u.role', 'u.status'])
      .select(PROFILE_COLUMNS)
      .where('o.kind', '=', 'provider')
      .where('u.status', '<>', 'disabled')
      .where((eb) => eb.or([eb('u.role', '=', 'consultant'), eb('p.user_id', 'is not', null)]));
    if (f.userIds) q = q.where('u.id', 'in', f.userIds.length ? [...f.userIds] : ['']);
    if (f.q) q = q.where(sql<boolean>`u.name ILIKE ${`%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`}`);
    if (f.skill)
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('consultant_skills as cs')
            .select('cs.user_id')
            .whereRef('cs.user_id', '=', 'u.id')
            .where('cs.skill_id', '=', f.skill!)
            .where('cs.level', '>=', f.minLevel ?? 1),
        ),
      );
    if (f.certification)
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('consultant_certifications as cc')
            .select('cc.user_id')
            .whereRef('cc.user_id', '=', 'u.id')
            .where('cc.certification_id', '=', f.certification!)
            .where((e2) =>
              f.certValidOn
                ? e2.or([e2('cc.expires_on', 'is', null), e2('cc.expires_on', '>=', f.certValidOn)])
                : e2.lit(true),
            ),
        ),
      );
    if (f.language) q = q.where(sql<boolean>`p.languages @> ${JSON.stringify([f.language])}::jsonb`);
    if (f.timeZone) q = q.where(sql<boolean>`coalesce(p.time_zone, 'UTC') = ${f.timeZone}`);
    if (f.onCall !== undefined) q = q.where(sql<boolean>`coalesce(p.on_call_eligible, false) = ${f.onCall}`);
    if (f.availableFrom && f.availableTo) {
      const range = sql`tstzrange(${f.availableFrom.toISOString()}::timestamptz, ${f.availableTo.toISOString()}::timestamptz, '[)')`;
      q = q.where(
        sql<boolean>`NOT EXISTS (SELECT 1 FROM busy_periods b WHERE b.consultant_id = u.id AND b.blocking AND b.period && ${range})`,
      );
    }
    const rows = await q.orderBy('u.name').orderBy('u.id').execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      role: r.role,
      status: r.status,
      profile:
        r.user_id === null
          ? null
          : ({
              user_id: r.user_id,
              title: r.title,
              bio: r.bio,
              languages: r.languages,
              home_city: r.home_city,
              home_country: r.home_country,
              home_latitude: r.home_latitude,
              home_longitude: r.home_longitude,
              time_zone: r.time_zone,
              working_hours: r.working_hours,
              travel_readiness: r.travel_readiness,
              travel_documents: r.travel_documents,
              on_call_eligible: r.on_call_eligible,
              revision: r.revision,
              created_at: r.created_at,
              updated_at: r.updated_at,
            } as Selectable<ConsultantProfilesTable>),
    }));
  },

  /** A provider user by id with the organisation kind (who may get a profile). */
  async user(
    ex: Executor,
    id: string,
  ): Promise<
    | { id: string; name: string; email: string; role: string; status: string; kind: string; organization_id: string }
    | undefined
  > {
    return ex
      .selectFrom('users as u')
      .innerJoin('organizations as o', 'o.id', 'u.organization_id')
      .select(['u.id', 'u.name', 'u.email', 'u.role', 'u.status', 'o.kind', 'u.organization_id'])
      .where('u.id', '=', id)
      .executeTakeFirst();
  },

  /** Whether the user is on the team of an engagement of the customer organisation. */
  async servesOrganization(ex: Executor, userId: string, organizationId: string): Promise<boolean> {
    return !!(await ex
      .selectFrom('engagement_team as t')
      .innerJoin('engagements as e', 'e.id', 't.engagement_id')
      .innerJoin('customers as c', 'c.id', 'e.customer_id')
      .select('t.user_id')
      .where('t.user_id', '=', userId)
      .where('c.organization_id', '=', organizationId)
      .executeTakeFirst());
  },

  async profileForUpdate(ex: Executor, userId: string): Promise<Selectable<ConsultantProfilesTable> | undefined> {
    return ex
      .selectFrom('consultant_profiles')
      .selectAll()
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
  },
  async insertProfile(ex: Executor, row: Insertable<ConsultantProfilesTable>): Promise<void> {
    await ex.insertInto('consultant_profiles').values(row).execute();
  },
  async updateProfile(ex: Executor, userId: string, patch: Updateable<ConsultantProfilesTable>): Promise<void> {
    await ex.updateTable('consultant_profiles').set(patch).where('user_id', '=', userId).execute();
  },

  async skillsOf(ex: Executor, userIds: readonly string[]): Promise<ConsultantSkillRow[]> {
    if (userIds.length === 0) return [];
    return ex
      .selectFrom('consultant_skills as cs')
      .innerJoin('skills as s', 's.id', 'cs.skill_id')
      .select(['cs.user_id', 'cs.skill_id', 'cs.level', 's.name'])
      .where('cs.user_id', 'in', [...userIds])
      .orderBy('cs.level', 'desc')
      .orderBy('s.name')
      .execute();
  },
  async certificationsOf(ex: Executor, userIds: readonly string[]): Promise<ConsultantCertRow[]> {
    if (userIds.length === 0) return [];
    return ex
      .selectFrom('consultant_certifications as cc')
      .innerJoin('certifications as c', 'c.id', 'cc.certification_id')
      .select(['cc.user_id', 'cc.certification_id', 'cc.obtained_on', 'cc.expires_on', 'c.code', 'c.name'])
      .where('cc.user_id', 'in', [...userIds])
      .orderBy('c.code')
      .execute();
  },
  async replaceSkills(ex: Executor, userId: string, rows: Insertable<ConsultantSkillsTable>[]): Promise<void> {
    await ex.deleteFrom('consultant_skills').where('user_id', '=', userId).execute();
    if (rows.length) await ex.insertInto('consultant_skills').values(rows).execute();
  },
  async replaceCertifications(
    ex: Executor,
    userId: string,
    rows: Insertable<ConsultantCertificationsTable>[],
  ): Promise<void> {
    await ex.deleteFrom('consultant_certifications').where('user_id', '=', userId).execute();
    if (rows.length) await ex.insertInto('consultant_certifications').values(rows).execute();
  },

  // ── catalogs ──
  async skills(ex: Executor, ids?: readonly string[]): Promise<Selectable<SkillsTable>[]> {
    let q = ex.selectFrom('skills').selectAll();
    if (ids) q = q.where('id', 'in', ids.length ? [...ids] : ['']);
    return q.orderBy('name').execute();
  },
  async skillForUpdate(ex: Executor, id: string): Promise<Selectable<SkillsTable> | undefined> {
    return ex.selectFrom('skills').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },
  async skillNamed(ex: Executor, name: string): Promise<{ id: string } | undefined> {
    return ex
      .selectFrom('skills')
      .select('id')
      .where(sql<boolean>`lower(name) = lower(${name})`)
      .executeTakeFirst();
  },
  async insertSkill(ex: Executor, row: Insertable<SkillsTable>): Promise<void> {
    await ex.insertInto('skills').values(row).execute();
  },
  async updateSkill(ex: Executor, id: string, patch: Updateable<SkillsTable>): Promise<void> {
    await ex.updateTable('skills').set(patch).where('id', '=', id).execute();
  },
  async certifications(ex: Executor, ids?: readonly string[]): Promise<Selectable<CertificationsTable>[]> {
    let q = ex.selectFrom('certifications').selectAll();
    if (ids) q = q.where('id', 'in', ids.length ? [...ids] : ['']);
    return q.orderBy('code').execute();
  },
  async certificationForUpdate(ex: Executor, id: string): Promise<Selectable<CertificationsTable> | undefined> {
    return ex.selectFrom('certifications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },
  async certificationCoded(ex: Executor, code: string): Promise<{ id: string } | undefined> {
    return ex
      .selectFrom('certifications')
      .select('id')
      .where(sql<boolean>`lower(code) = lower(${code})`)
      .executeTakeFirst();
  },
  async insertCertification(ex: Executor, row: Insertable<CertificationsTable>): Promise<void> {
    await ex.insertInto('certifications').values(row).execute();
  },
  async updateCertification(ex: Executor, id: string, patch: Updateable<CertificationsTable>): Promise<void> {
    await ex.updateTable('certifications').set(patch).where('id', '=', id).execute();
  },

  // ── requirements of catalog items and incident types ──
  async catalogItemExists(ex: Executor, id: string): Promise<boolean> {
    return !!(await ex.selectFrom('catalog_items').select('id').where('id', '=', id).executeTakeFirst());
  },
  async requirements(
    ex: Executor,
    of: { catalogItemId: string } | { incidentType: string },
  ): Promise<{
    skills: { skill_id: string; min_level: number; name: string }[];
    certifications: { certification_id: string; code: string; name: string }[];
  }> {
    if ('catalogItemId' in of) {
      const skills = await ex
        .selectFrom('catalog_item_skills as r')
        .innerJoin('skills as s', 's.id', 'r.skill_id')
        .select(['r.skill_id', 'r.min_level', 's.name'])
        .where('r.catalog_item_id', '=', of.catalogItemId)
        .orderBy('s.name')
        .execute();
      const certifications = await ex
        .selectFrom('catalog_item_certifications as r')
        .innerJoin('certifications as c', 'c.id', 'r.certification_id')
        .select(['r.certification_id', 'c.code', 'c.name'])
        .where('r.catalog_item_id', '=', of.catalogItemId)
        .orderBy('c.code')
        .execute();
      return { skills, certifications };
    }
    const skills = await ex
      .selectFrom('incident_type_skills as r')
      .innerJoin('skills as s', 's.id', 'r.skill_id')
      .select(['r.skill_id', 'r.min_level', 's.name'])
      .where('r.incident_type', '=', of.incidentType)
      .orderBy('s.name')
      .execute();
    const certifications = await ex
      .selectFrom('incident_type_certifications as r')
      .innerJoin('certifications as c', 'c.id', 'r.certification_id')
      .select(['r.certification_id', 'c.code', 'c.name'])
      .where('r.incident_type', '=', of.incidentType)
      .orderBy('c.code')
      .execute();
    return { skills, certifications };
  },
  async replaceRequirements(
    ex: Executor,
    of: { catalogItemId: string } | { incidentType: string },
    skills: { skillId: string; minLevel: number }[],
    certifications: string[],
  ): Promise<void> {
    if ('catalogItemId' in of) {
      const id = of.catalogItemId;
      await ex.deleteFrom('catalog_item_skills').where('catalog_item_id', '=', id).execute();
      await ex.deleteFrom('catalog_item_certifications').where('catalog_item_id', '=', id).execute();
      if (skills.length)
        await ex
          .insertInto('catalog_item_skills')
          .values(skills.map((s) => ({ catalog_item_id: id, skill_id: s.skillId, min_level: s.minLevel })))
          .execute();
      if (certifications.length)
        await ex
          .insertInto('catalog_item_certifications')
          .values(certifications.map((c) => ({ catalog_item_id: id, certification_id: c })))
          .execute();
      return;
    }
    const type = of.incidentType;
    await ex.deleteFrom('incident_type_skills').where('incident_type', '=', type).execute();
    await ex.deleteFrom('incident_type_certifications').where('incident_type', '=', type).execute();
    if (skills.length)
      await ex
        .insertInto('incident_type_skills')
        .values(skills.map((s) => ({ incident_type: type, skill_id: s.skillId, min_level: s.minLevel })))
        .execute();
    if (certifications.length)
      await ex
        .insertInto('incident_type_certifications')
        .values(certifications.map((c) => ({ incident_type: type, certification_id: c })))
        .execute();
  },
};
