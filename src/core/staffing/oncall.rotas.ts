import type { Executor } from '../../db/create-db.ts';
import { zonedPeriod } from '../../shared/dates.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { fieldProblem, fieldRefusal } from '../../shared/plain-errors.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import type { OncallDeps } from './oncall.deps.ts';
import { oncallPolicy, pagerRoles } from './oncall.policy.ts';
import { oncallRepo, type ShiftRow } from './oncall.repo.ts';
import { toRotaView, toShiftView } from './oncall.views.ts';

const MANAGE = 'Only IR managers and administrators edit the on-call rota.';

export interface RotaInput {
  name?: string | undefined;
  description?: string | undefined;
  active?: boolean | undefined;
}
export interface ShiftInput {
  userId?: string | undefined;
  start?: string | undefined;
  end?: string | undefined;
  note?: string | undefined;
}

async function assertNameFree(trx: Executor, name: string, exceptId?: string): Promise<void> {
  const other = await oncallRepo.rotaByName(trx, name);
  if (other && other.id !== exceptId)
    throw new AppError('NAME_TAKEN', `A rota named "${name}" exists already: choose another name.`);
}

/** Creates a rota (IR managers, admins); names are unique regardless of case. */
export async function createRota(deps: OncallDeps, ctx: Ctx, input: RotaInput & { name: string }) {
  authorize(ctx.actor, oncallPolicy.manage, MANAGE);
  const id = deps.ids.next('rot');
  const at = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    await assertNameFree(trx, input.name);
    await oncallRepo.insertRota(trx, {
      id,
      name: input.name,
      description: input.description ?? '',
      active: input.active ?? true,
      created_at: at,
      updated_at: at,
    });
    await deps.audit.record(trx, ctx, {
      action: 'oncall.rota.created',
      entityType: 'oncall_rota',
      entityId: id,
      after: { name: input.name, active: input.active ?? true },
    });
    return toRotaView((await oncallRepo.rota(trx, id))!);
  });
}

/** Renames, describes, activates or deactivates a rota (an inactive rota covers nothing). */
export async function updateRota(deps: OncallDeps, ctx: Ctx, id: string, input: RotaInput) {
  authorize(ctx.actor, oncallPolicy.manage, MANAGE);
  return deps.db.transaction(async (trx) => {
    const before = await oncallRepo.rota(trx, id, true);
    if (!before) throw notFound('On-call rota');
    if (input.name !== undefined) await assertNameFree(trx, input.name, id);
    const patch = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    };
    await oncallRepo.updateRota(trx, id, { ...patch, updated_at: deps.clock.now() });
    await deps.audit.record(trx, ctx, {
      action: 'oncall.rota.updated',
      entityType: 'oncall_rota',
      entityId: id,
      before: { name: before.name, description: before.description, active: before.active },
      after: patch,
    });
    return toRotaView((await oncallRepo.rota(trx, id))!);
  });
}

/** Deletes a rota with its shifts. */
export async function deleteRota(deps: OncallDeps, ctx: Ctx, id: string) {
  authorize(ctx.actor, oncallPolicy.manage, MANAGE);
  await deps.db.transaction(async (trx) => {
    const before = await oncallRepo.rota(trx, id, true);
    if (!before) throw notFound('On-call rota');
    await oncallRepo.deleteRota(trx, id);
    await deps.audit.record(trx, ctx, {
      action: 'oncall.rota.deleted',
      entityType: 'oncall_rota',
      entityId: id,
      before: { name: before.name },
    });
  });
  return { ok: true as const };
}

/** The holder must be an active provider consultant or IR manager whose profile is marked on-call eligible. */
async function assertEligible(trx: Executor, userId: string): Promise<{ name: string }> {
  const user = await oncallRepo.providerUser(trx, userId);
  if (!user || user.status !== 'active')
    throw fieldRefusal(
      fieldProblem('body.userId', 'Choose an active consultant or IR manager of the firm', 'not an active member'),
    );
  if (!(pagerRoles as readonly string[]).includes(user.role))
    throw new AppError('BUSINESS_RULE', `${user.name} cannot hold the pager: choose a consultant or an IR manager.`);
  if (!(await oncallRepo.onCallEligible(trx, userId)))
    throw new AppError(
      'BUSINESS_RULE',
      `${user.name} is not eligible for on call: mark the profile on-call eligible first, or choose someone who is.`,
    );
  return user;
}

/** The refusal names the shift it runs into in its holder's home-base zone (UTC without one), the zone named. */
function overlapError(clash: ShiftRow[]): AppError {
  const first = clash[0]!;
  const period = zonedPeriod(first.starts_at, first.ends_at, first.user_time_zone ?? 'UTC');
  return new AppError(
    'ONCALL_SHIFT_OVERLAP',
    `The shift overlaps ${first.user_name}'s shift ${period.includes(' to ') ? 'from' : 'on'} ${period} in rota ${first.rota_name}: ` +
      'move or shorten one of them (shifts of one rota never overlap).',
    { conflicts: clash.map(toShiftView) },
  );
}

/** The exclusion constraint refused a shift that a concurrent write made overlap. */
const isExclusionViolation = (e: unknown) =>
  typeof e === 'object' && e !== null && (e as { code?: string }).code === '23P01';

async function writeShift(
  trx: Executor,
  rotaId: string,
  window: { start: Date; end: Date },
  exceptId: string | undefined,
  write: () => Promise<void>,
): Promise<void> {
  const clash = await oncallRepo.overlapping(trx, rotaId, window.start, window.end, exceptId);
  if (clash.length) throw overlapError(clash);
  try {
    await write();
  } catch (e) {
    if (!isExclusionViolation(e)) throw e;
    throw new AppError(
      'ONCALL_SHIFT_OVERLAP',
      'The shift overlaps another shift of the rota saved at the same time: reload the rota and try again.',
    );
  }
}

function windowOf(start: string | Date, end: string | Date) {
  const w = { start: new Date(start), end: new Date(end) };
  if (w.end.getTime() <= w.start.getTime())
    throw fieldRefusal(fieldProblem('body.end', 'Choose an end after the start', 'must be after start'));
  return w;
}

/** Adds a shift to a rota; a shift overlapping another of the same rota is refused (409), nothing written. */
export async function addShift(
  deps: OncallDeps,
  ctx: Ctx,
  rotaId: string,
  input: Required<Pick<ShiftInput, 'userId' | 'start' | 'end'>> & ShiftInput,
) {
  authorize(ctx.actor, oncallPolicy.manage, MANAGE);
  const window = windowOf(input.start, input.end);
  const id = deps.ids.next('shf');
  const at = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const rota = await oncallRepo.rota(trx, rotaId, true);
    if (!rota) throw notFound('On-call rota');
    await assertEligible(trx, input.userId);
    await writeShift(trx, rotaId, window, undefined, () =>
      oncallRepo.insertShift(trx, {
        id,
        rota_id: rotaId,
        user_id: input.userId,
        starts_at: window.start,
        ends_at: window.end,
        note: input.note ?? '',
        created_by_user_id: ctx.actor.type === 'user' ? ctx.actor.userId : null,
        created_at: at,
        updated_at: at,
      }),
    );
    await deps.audit.record(trx, ctx, {
      action: 'oncall.shift.created',
      entityType: 'oncall_shift',
      entityId: id,
      after: { rotaId, userId: input.userId, start: window.start.toISOString(), end: window.end.toISOString() },
    });
    return toShiftView((await oncallRepo.shift(trx, id))!);
  });
}

/** Moves, reassigns or annotates a shift; the same no-overlap rule applies. */
export async function updateShift(deps: OncallDeps, ctx: Ctx, id: string, input: ShiftInput) {
  authorize(ctx.actor, oncallPolicy.manage, MANAGE);
  return deps.db.transaction(async (trx) => {
    const before = await oncallRepo.shift(trx, id);
    if (!before) throw notFound('On-call shift');
    await oncallRepo.rota(trx, before.rota_id, true);
    const window = windowOf(input.start ?? before.starts_at, input.end ?? before.ends_at);
    if (input.userId !== undefined) await assertEligible(trx, input.userId);
    await writeShift(trx, before.rota_id, window, id, () =>
      oncallRepo.updateShift(trx, id, {
        user_id: input.userId ?? before.user_id,
        starts_at: window.start,
        ends_at: window.end,
        note: input.note ?? before.note,
        updated_at: deps.clock.now(),
      }),
    );
    await deps.audit.record(trx, ctx, {
      action: 'oncall.shift.updated',
      entityType: 'oncall_shift',
      entityId: id,
      before: { userId: before.user_id, start: before.starts_at.toISOString(), end: before.ends_at.toISOString() },
      after: {
        userId: input.userId ?? before.user_id,
        start: window.start.toISOString(),
        end: window.end.toISOString(),
      },
    });
    return toShiftView((await oncallRepo.shift(trx, id))!);
  });
}

/** Removes a shift. */
export async function deleteShift(deps: OncallDeps, ctx: Ctx, id: string) {
  authorize(ctx.actor, oncallPolicy.manage, MANAGE);
  await deps.db.transaction(async (trx) => {
    const before = await oncallRepo.shift(trx, id);
    if (!before) throw notFound('On-call shift');
    await oncallRepo.deleteShift(trx, id);
    await deps.audit.record(trx, ctx, {
      action: 'oncall.shift.deleted',
      entityType: 'oncall_shift',
      entityId: id,
      before: { userId: before.user_id, start: before.starts_at.toISOString(), end: before.ends_at.toISOString() },
    });
  });
  return { ok: true as const };
}
