import type { ConsultantListQuery, ConsultantProfile, PatchConsultantBody } from '../../shared/contracts/staffing.ts';
import { defaultWorkingHours } from '../../shared/contracts/staffing.ts';
import { localDate } from '../../shared/dates.ts';
import { AppError, forbidden } from '../../shared/errors.ts';
import { fieldProblem, fieldRefusal } from '../../shared/plain-errors.ts';
import { authorize } from '../authz.ts';
import { isCustomerUser, type Actor, type Ctx } from '../context.ts';
import { profilesRepo, type ConsultantRow } from './profiles.repo.ts';
import type { StaffingDeps } from './staffing.deps.ts';
import { selfEditableFields, staffingPolicy } from './staffing.policy.ts';
import { assertPeriod, isTimeZone } from './staffing.rules.ts';
import { toProfileView, type ProfileAudience } from './staffing.views.ts';
import type { Executor } from '../../db/create-db.ts';

const notFound = (userId: string) => new AppError('NOT_FOUND', `Consultant ${userId} not found.`);

function audienceOf(deps: StaffingDeps, actor: Actor, userId: string): ProfileAudience {
  const staff = staffingPolicy.readDirectory(actor);
  return {
    staff,
    privileged: staffingPolicy.manage(actor) || staffingPolicy.isSelf(actor, userId),
    today: localDate(deps.clock.now(), 'UTC'),
  };
}

async function viewsOf(
  ex: Executor,
  rows: ConsultantRow[],
  audience: (row: ConsultantRow) => ProfileAudience,
): Promise<ConsultantProfile[]> {
  const ids = rows.map((r) => r.id);
  const [skills, certs] = await Promise.all([profilesRepo.skillsOf(ex, ids), profilesRepo.certificationsOf(ex, ids)]);
  return rows.map((r) => toProfileView(r, skills, certs, audience(r)));
}

/**
 * One consultant's profile. Provider staff read any; a customer user reads only a consultant on the team of
 * one of his organisation's engagements, without home base or travel documents; anyone else: 404.
 */
export async function getConsultant(deps: StaffingDeps, ctx: Ctx, userId: string): Promise<ConsultantProfile> {
  const ex = deps.db.kysely;
  const [row] = await profilesRepo.consultants(ex, { userIds: [userId] });
  if (!row) throw notFound(userId);
  const actor = ctx.actor;
  const customerOrg = isCustomerUser(actor) ? actor.organizationId : null;
  if (!staffingPolicy.readDirectory(actor)) {
    if (!customerOrg || !(await profilesRepo.servesOrganization(ex, userId, customerOrg))) throw notFound(userId);
  }
  const [view] = await viewsOf(ex, [row], () => audienceOf(deps, ctx.actor, userId));
  return view!;
}

/** The directory (provider staff): consultants matching every filter given, by name. */
export async function listConsultants(
  deps: StaffingDeps,
  ctx: Ctx,
  query: ConsultantListQuery,
): Promise<{ items: ConsultantProfile[] }> {
  authorize(ctx.actor, staffingPolicy.readDirectory, 'Only the IR firm’s staff read the consultant directory.');
  const from = query.availableFrom ? new Date(query.availableFrom) : undefined;
  const to = query.availableTo ? new Date(query.availableTo) : undefined;
  if ((from === undefined) !== (to === undefined))
    throw fieldRefusal(
      fieldProblem(
        from ? 'availableTo' : 'availableFrom',
        'Give both ends of the availability, or neither',
        'required with the other one',
      ),
    );
  if (from && to) assertPeriod(from, to, 'availableTo');
  const today = localDate(deps.clock.now(), 'UTC');
  const rows = await profilesRepo.consultants(deps.db.kysely, {
    ...(query.q ? { q: query.q } : {}),
    ...(query.skill ? { skill: query.skill, minLevel: query.minLevel ?? 1 } : {}),
    ...(query.certification ? { certification: query.certification, certValidOn: today } : {}),
    ...(query.language ? { language: query.language } : {}),
    ...(query.timeZone ? { timeZone: query.timeZone } : {}),
    ...(query.onCall !== undefined ? { onCall: query.onCall } : {}),
    ...(from && to ? { availableFrom: from, availableTo: to } : {}),
  });
  return { items: await viewsOf(deps.db.kysely, rows, (r) => audienceOf(deps, ctx.actor, r.id)) };
}

/** Refuses what the actor may not change: managers anything, the consultant his own skills and the like. */
function assertMayEdit(actor: Actor, userId: string, input: PatchConsultantBody): void {
  if (staffingPolicy.manage(actor)) return;
  if (!staffingPolicy.isSelf(actor, userId))
    throw forbidden('Only IR managers and admins edit another consultant’s profile.');
  const managed = Object.keys(input).filter(
    (k) =>
      !(selfEditableFields as readonly string[]).includes(k) && input[k as keyof PatchConsultantBody] !== undefined,
  );
  if (managed.length)
    throw forbidden(
      `You may edit your own skills, certifications, languages, title and bio; ${managed.join(', ')} are set by an IR manager.`,
    );
}

/** Checks the catalog references and the home base before anything is written. */
async function assertReferences(ex: Executor, input: PatchConsultantBody): Promise<void> {
  const problems: { path: string; message: string }[] = [];
  const skillIds = (input.skills ?? []).map((s) => s.skillId);
  const certIds = (input.certifications ?? []).map((c) => c.certificationId);
  const skills = new Set((await profilesRepo.skills(ex, skillIds)).map((s) => s.id));
  const certs = new Set((await profilesRepo.certifications(ex, certIds)).map((c) => c.id));
  skillIds.forEach((id, i) => {
    if (!skills.has(id)) problems.push({ path: `skills.${i}.skillId`, message: `${id} is not in the skill catalog` });
    if (skillIds.indexOf(id) !== i) problems.push({ path: `skills.${i}.skillId`, message: `${id} is listed twice` });
  });
  certIds.forEach((id, i) => {
    if (!certs.has(id))
      problems.push({
        path: `certifications.${i}.certificationId`,
        message: `${id} is not in the certification catalog`,
      });
    if (certIds.indexOf(id) !== i)
      problems.push({ path: `certifications.${i}.certificationId`, message: `${id} is listed twice` });
  });
  (input.certifications ?? []).forEach((c, i) => {
    if (c.obtainedOn && c.expiresOn && c.expiresOn < c.obtainedOn)
      problems.push({ path: `certifications.${i}.expiresOn`, message: 'must not be before the date obtained' });
  });
  const zone = input.homeBase?.timeZone;
  if (zone !== undefined && !isTimeZone(zone))
    problems.push({ path: 'homeBase.timeZone', message: 'must be an IANA time zone such as Europe/Berlin' });
  const hb = input.homeBase;
  // Both or neither: a latitude without a longitude (missing or null) cannot place the home base.
  if (hb && ((hb.latitude ?? null) === null) !== ((hb.longitude ?? null) === null))
    problems.push({ path: 'homeBase.longitude', message: 'give latitude and longitude together' });
  if (problems.length) throw fieldRefusal(...problems.map((p) => fieldProblem(p.path, p.message)));
}

/** Edits a profile (created on first edit); lists replace the stored ones; audited with before and after. */
export async function patchConsultant(
  deps: StaffingDeps,
  ctx: Ctx,
  userId: string,
  input: PatchConsultantBody,
): Promise<ConsultantProfile> {
  const actor = ctx.actor;
  if (!staffingPolicy.readDirectory(actor)) throw notFound(userId);
  assertMayEdit(actor, userId, input);
  await deps.db.transaction(async (trx) => {
    const user = await profilesRepo.user(trx, userId);
    if (!user || user.kind !== 'provider' || user.status === 'disabled') throw notFound(userId);
    await assertReferences(trx, input);
    const before = await profilesRepo.profileForUpdate(trx, userId);
    if ((before?.revision ?? 0) !== input.revision)
      throw new AppError(
        'STALE_REVISION',
        `The profile of ${user.name} changed meanwhile: reload it and apply your change again.`,
        {
          currentRevision: before?.revision ?? 0,
        },
      );
    const at = deps.clock.now();
    const hb = input.homeBase;
    const fields = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.bio !== undefined ? { bio: input.bio } : {}),
      ...(input.languages !== undefined ? { languages: JSON.stringify([...new Set(input.languages)]) } : {}),
      ...(hb?.city !== undefined ? { home_city: hb.city } : {}),
      ...(hb?.country !== undefined ? { home_country: hb.country } : {}),
      ...(hb?.latitude !== undefined ? { home_latitude: hb.latitude, home_longitude: hb.longitude ?? null } : {}),
      ...(hb?.timeZone !== undefined ? { time_zone: hb.timeZone } : {}),
      ...(input.workingHours !== undefined ? { working_hours: JSON.stringify(input.workingHours) } : {}),
      ...(input.travelReadiness !== undefined ? { travel_readiness: input.travelReadiness } : {}),
      ...(input.travelDocuments !== undefined ? { travel_documents: input.travelDocuments } : {}),
      ...(input.onCallEligible !== undefined ? { on_call_eligible: input.onCallEligible } : {}),
    };
    if (before) {
      await profilesRepo.updateProfile(trx, userId, { ...fields, revision: before.revision + 1, updated_at: at });
    } else {
      await profilesRepo.insertProfile(trx, {
        user_id: userId,
        languages: '[]',
        working_hours: JSON.stringify(defaultWorkingHours),
        home_city: null,
        home_country: null,
        home_latitude: null,
        home_longitude: null,
        ...fields,
        created_at: at,
        updated_at: at,
      });
    }
    if (input.skills)
      await profilesRepo.replaceSkills(
        trx,
        userId,
        input.skills.map((s) => ({ user_id: userId, skill_id: s.skillId, level: s.level })),
      );
    if (input.certifications)
      await profilesRepo.replaceCertifications(
        trx,
        userId,
        input.certifications.map((c) => ({
          user_id: userId,
          certification_id: c.certificationId,
          obtained_on: c.obtainedOn ?? null,
          expires_on: c.expiresOn ?? null,
        })),
      );
    const { revision: _r, travelDocuments, ...changed } = input;
    await deps.audit.record(trx, ctx, {
      action: before ? 'consultant.profile_updated' : 'consultant.profile_created',
      entityType: 'consultant',
      entityId: userId,
      organizationId: user.organization_id,
      after: { ...changed, ...(travelDocuments !== undefined ? { travelDocuments: '(changed)' } : {}) },
    });
  });
  return getConsultant(deps, ctx, userId);
}
