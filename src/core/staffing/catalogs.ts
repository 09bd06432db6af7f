import type { z } from 'zod';
import type {
  Certification,
  CreateCertificationBody,
  CreateSkillBody,
  Skill,
  StaffingRequirements,
  StaffingRequirementsBody,
  UpdateCertificationBody,
  UpdateSkillBody,
} from '../../shared/contracts/staffing.ts';
import { AppError } from '../../shared/errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { profilesRepo } from './profiles.repo.ts';
import type { StaffingDeps } from './staffing.deps.ts';
import { staffingPolicy } from './staffing.policy.ts';
import { toCertificationView, toSkillView } from './staffing.views.ts';

const managing = 'Only IR managers and admins edit the skill and certification catalogs.';

/** A slug from a label: "Cloud IR (AWS)" → cloud_ir_aws. */
export const slugOf = (label: string): string =>
  label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 63) || 'item';

const taken = (what: string, field: string) =>
  new AppError('NAME_TAKEN', `${what} already exists in the catalog: choose another ${field}.`, {
    errors: [{ path: field, message: 'already in the catalog' }],
  });

/** The skill catalog (provider staff). */
export async function listSkills(deps: StaffingDeps, ctx: Ctx): Promise<{ items: Skill[] }> {
  authorize(ctx.actor, staffingPolicy.readDirectory, 'Only the IR firm’s staff read the skill catalog.');
  return { items: (await profilesRepo.skills(deps.db.kysely)).map(toSkillView) };
}

/** Adds a skill (IR managers, admins); the slug and the name are unique. */
export async function createSkill(
  deps: StaffingDeps,
  ctx: Ctx,
  input: z.infer<typeof CreateSkillBody>,
): Promise<Skill> {
  authorize(ctx.actor, staffingPolicy.manage, managing);
  const id = input.id ?? slugOf(input.name);
  await deps.db.transaction(async (trx) => {
    if ((await profilesRepo.skills(trx, [id])).length) throw taken(`The skill ${id}`, 'id');
    if (await profilesRepo.skillNamed(trx, input.name)) throw taken(`A skill named ${input.name}`, 'name');
    const at = deps.clock.now();
    await profilesRepo.insertSkill(trx, {
      id,
      name: input.name,
      category: input.category ?? '',
      description: input.description ?? '',
      created_at: at,
      updated_at: at,
    });
    await deps.audit.record(trx, ctx, { action: 'skill.created', entityType: 'skill', entityId: id, after: input });
  });
  return toSkillView((await profilesRepo.skills(deps.db.kysely, [id]))[0]!);
}

/** Renames, describes or retires a skill (IR managers, admins); the revision you edited must be current. */
export async function updateSkill(
  deps: StaffingDeps,
  ctx: Ctx,
  id: string,
  input: z.infer<typeof UpdateSkillBody>,
): Promise<Skill> {
  authorize(ctx.actor, staffingPolicy.manage, managing);
  await deps.db.transaction(async (trx) => {
    const before = await profilesRepo.skillForUpdate(trx, id);
    if (!before) throw new AppError('NOT_FOUND', `Skill ${id} not found.`);
    if (before.revision !== input.revision)
      throw new AppError('STALE_REVISION', `Skill ${before.name} changed meanwhile: reload it.`, {
        currentRevision: before.revision,
      });
    if (
      input.name &&
      input.name.toLowerCase() !== before.name.toLowerCase() &&
      (await profilesRepo.skillNamed(trx, input.name))
    )
      throw taken(`A skill named ${input.name}`, 'name');
    const { revision, ...patch } = input;
    await profilesRepo.updateSkill(trx, id, { ...patch, revision: revision + 1, updated_at: deps.clock.now() });
    await deps.audit.record(trx, ctx, {
      action: 'skill.updated',
      entityType: 'skill',
      entityId: id,
      before: toSkillView(before),
      after: patch,
    });
  });
  return toSkillView((await profilesRepo.skills(deps.db.kysely, [id]))[0]!);
}

/** The certification catalog (provider staff). */
export async function listCertifications(deps: StaffingDeps, ctx: Ctx): Promise<{ items: Certification[] }> {
  authorize(ctx.actor, staffingPolicy.readDirectory, 'Only the IR firm’s staff read the certification catalog.');
  return { items: (await profilesRepo.certifications(deps.db.kysely)).map(toCertificationView) };
}

/** Adds a certification (IR managers, admins); the slug and the code are unique. */
export async function createCertification(
  deps: StaffingDeps,
  ctx: Ctx,
  input: z.infer<typeof CreateCertificationBody>,
): Promise<Certification> {
  authorize(ctx.actor, staffingPolicy.manage, managing);
  const id = input.id ?? slugOf(input.code);
  await deps.db.transaction(async (trx) => {
    if ((await profilesRepo.certifications(trx, [id])).length) throw taken(`The certification ${id}`, 'id');
    if (await profilesRepo.certificationCoded(trx, input.code)) throw taken(`A certification ${input.code}`, 'code');
    const at = deps.clock.now();
    await profilesRepo.insertCertification(trx, {
      id,
      code: input.code,
      name: input.name,
      issuer: input.issuer ?? '',
      created_at: at,
      updated_at: at,
    });
    await deps.audit.record(trx, ctx, {
      action: 'certification.created',
      entityType: 'certification',
      entityId: id,
      after: input,
    });
  });
  return toCertificationView((await profilesRepo.certifications(deps.db.kysely, [id]))[0]!);
}

/** Edits or retires a certification (IR managers, admins). */
export async function updateCertification(
  deps: StaffingDeps,
  ctx: Ctx,
  id: string,
  input: z.infer<typeof UpdateCertificationBody>,
): Promise<Certification> {
  authorize(ctx.actor, staffingPolicy.manage, managing);
  await deps.db.transaction(async (trx) => {
    const before = await profilesRepo.certificationForUpdate(trx, id);
    if (!before) throw new AppError('NOT_FOUND', `Certification ${id} not found.`);
    if (before.revision !== input.revision)
      throw new AppError('STALE_REVISION', `Certification ${before.code} changed meanwhile: reload it.`, {
        currentRevision: before.revision,
      });
    if (
      input.code &&
      input.code.toLowerCase() !== before.code.toLowerCase() &&
      (await profilesRepo.certificationCoded(trx, input.code))
    )
      throw taken(`A certification ${input.code}`, 'code');
    const { revision, ...patch } = input;
    await profilesRepo.updateCertification(trx, id, { ...patch, revision: revision + 1, updated_at: deps.clock.now() });
    await deps.audit.record(trx, ctx, {
      action: 'certification.updated',
      entityType: 'certification',
      entityId: id,
      before: toCertificationView(before),
      after: patch,
    });
  });
  return toCertificationView((await profilesRepo.certifications(deps.db.kysely, [id]))[0]!);
}

type Target = { catalogItemId: string } | { incidentType: string };

async function requirementsOf(deps: StaffingDeps, target: Target): Promise<StaffingRequirements> {
  const r = await profilesRepo.requirements(deps.db.kysely, target);
  return {
    skills: r.skills.map((s) => ({ skillId: s.skill_id, name: s.name, minLevel: s.min_level })),
    certifications: r.certifications.map((c) => ({ certificationId: c.certification_id, code: c.code, name: c.name })),
  };
}

/** What a catalog item or an incident type requires (skills with minimum level) and prefers (certifications). */
export async function getRequirements(deps: StaffingDeps, ctx: Ctx, target: Target): Promise<StaffingRequirements> {
  authorize(ctx.actor, staffingPolicy.readDirectory, 'Only the IR firm’s staff read staffing requirements.');
  if ('catalogItemId' in target && !(await profilesRepo.catalogItemExists(deps.db.kysely, target.catalogItemId)))
    throw new AppError('NOT_FOUND', `Catalog item ${target.catalogItemId} not found.`);
  return requirementsOf(deps, target);
}

/** Replaces the requirements (IR managers, admins); every skill and certification must be in the catalogs. */
export async function setRequirements(
  deps: StaffingDeps,
  ctx: Ctx,
  target: Target,
  input: z.infer<typeof StaffingRequirementsBody>,
): Promise<StaffingRequirements> {
  authorize(ctx.actor, staffingPolicy.manage, 'Only IR managers and admins set staffing requirements.');
  await deps.db.transaction(async (trx) => {
    if ('catalogItemId' in target && !(await profilesRepo.catalogItemExists(trx, target.catalogItemId)))
      throw new AppError('NOT_FOUND', `Catalog item ${target.catalogItemId} not found.`);
    const skillIds = input.skills.map((s) => s.skillId);
    const known = new Set((await profilesRepo.skills(trx, skillIds)).map((s) => s.id));
    const knownCerts = new Set((await profilesRepo.certifications(trx, input.certifications)).map((c) => c.id));
    const errors = [
      ...skillIds.flatMap((id, i) =>
        known.has(id) && skillIds.indexOf(id) === i
          ? []
          : [
              {
                path: `skills.${i}.skillId`,
                message: known.has(id) ? 'listed twice' : `${id} is not in the skill catalog`,
              },
            ],
      ),
      ...input.certifications.flatMap((id, i) =>
        knownCerts.has(id) && input.certifications.indexOf(id) === i
          ? []
          : [
              {
                path: `certifications.${i}`,
                message: knownCerts.has(id) ? 'listed twice' : `${id} is not in the catalog`,
              },
            ],
      ),
    ];
    if (errors.length)
      throw new AppError('VALIDATION_FAILED', 'Name skills and certifications of the catalogs, each once.', { errors });
    await profilesRepo.replaceRequirements(trx, target, input.skills, input.certifications);
    await deps.audit.record(trx, ctx, {
      action: 'staffing.requirements_set',
      entityType: 'catalogItemId' in target ? 'catalog_item' : 'incident_type',
      entityId: 'catalogItemId' in target ? target.catalogItemId : target.incidentType,
      after: input,
    });
  });
  return requirementsOf(deps, target);
}
