import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { OncallRotasTable, OncallShiftsTable } from './oncall.tables.ts';

export interface ShiftRow {
  id: string;
  rota_id: string;
  rota_name: string;
  user_id: string;
  user_name: string;
  user_email: string;
  /** The holder's home-base zone (his profile's), null without one. */
  user_time_zone: string | null;
  starts_at: Date;
  ends_at: Date;
  note: string;
}

const shiftColumns = [
  'oncall_shifts.id',
  'oncall_shifts.rota_id',
  'oncall_rotas.name as rota_name',
  'oncall_shifts.user_id',
  'users.name as user_name',
  'users.email as user_email',
  'consultant_profiles.time_zone as user_time_zone',
  'oncall_shifts.starts_at',
  'oncall_shifts.ends_at',
  'oncall_shifts.note',
] as const;

export const oncallRepo = {
  async rotas(ex: Executor) {
    return ex.selectFrom('oncall_rotas').selectAll().orderBy('name').orderBy('id').execute();
  },

  async rota(ex: Executor, id: string, forUpdate = false) {
    let q = ex.selectFrom('oncall_rotas').selectAll().where('id', '=', id);
    if (forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  },

  async rotaByName(ex: Executor, name: string) {
    return ex
      .selectFrom('oncall_rotas')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .executeTakeFirst();
  },

  async insertRota(ex: Executor, row: Insertable<OncallRotasTable>): Promise<void> {
    await ex.insertInto('oncall_rotas').values(row).execute();
  },

  async updateRota(ex: Executor, id: string, patch: Updateable<OncallRotasTable>): Promise<void> {
    await ex
      .updateTable('oncall_rotas')
      .set((eb) => ({ ...patch, revision: eb('revision', '+', 1) }))
      .where('id', '=', id)
      .execute();
  },

  async deleteRota(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('oncall_rotas').where('id', '=', id).execute();
  },

  async shift(ex: Executor, id: string): Promise<ShiftRow | undefined> {
    return ex
      .selectFrom('oncall_shifts')
      .innerJoin('oncall_rotas', 'oncall_rotas.id', 'oncall_shifts.rota_id')
      .innerJoin('users', 'users.id', 'oncall_shifts.user_id')
      .leftJoin('consultant_profiles', 'consultant_profiles.user_id', 'oncall_shifts.user_id')
      .select(shiftColumns)
      .where('oncall_shifts.id', '=', id)
      .executeTakeFirst();
  },

  /** Shifts overlapping [from, to): of one rota, or of every active rota. */
  async shifts(ex: Executor, range: { from: Date; to: Date; rotaId?: string }): Promise<ShiftRow[]> {
    let q = ex
      .selectFrom('oncall_shifts')
      .innerJoin('oncall_rotas', 'oncall_rotas.id', 'oncall_shifts.rota_id')
      .innerJoin('users', 'users.id', 'oncall_shifts.user_id')
      .leftJoin('consultant_profiles', 'consultant_profiles.user_id', 'oncall_shifts.user_id')
      .select(shiftColumns)
      .where('oncall_shifts.starts_at', '<', range.to)
      .where('oncall_shifts.ends_at', '>', range.from);
    q = range.rotaId ? q.where('oncall_shifts.rota_id', '=', range.rotaId) : q.where('oncall_rotas.active', '=', true);
    return q.orderBy('oncall_shifts.starts_at').orderBy('oncall_shifts.id').execute();
  },

  /** Shifts of a rota overlapping [start, end), other than `exceptId`: what a new or moved shift would clash with. */
  async overlapping(ex: Executor, rotaId: string, start: Date, end: Date, exceptId?: string): Promise<ShiftRow[]> {
    let q = ex
      .selectFrom('oncall_shifts')
      .innerJoin('oncall_rotas', 'oncall_rotas.id', 'oncall_shifts.rota_id')
      .innerJoin('users', 'users.id', 'oncall_shifts.user_id')
      .leftJoin('consultant_profiles', 'consultant_profiles.user_id', 'oncall_shifts.user_id')
      .select(shiftColumns)
      .where('oncall_shifts.rota_id', '=', rotaId)
      .where('oncall_shifts.starts_at', '<', end)
      .where('oncall_shifts.ends_at', '>', start);
    if (exceptId) q = q.where('oncall_shifts.id', '<>', exceptId);
    return q.orderBy('oncall_shifts.starts_at').execute();
  },

  /** The end of the latest shift of an active rota that ended at or before an instant (where a current gap began). */
  async lastEndBefore(ex: Executor, at: Date): Promise<Date | null> {
    const row = await ex
      .selectFrom('oncall_shifts')
      .innerJoin('oncall_rotas', 'oncall_rotas.id', 'oncall_shifts.rota_id')
      .select((eb) => eb.fn.max('oncall_shifts.ends_at').as('end'))
      .where('oncall_rotas.active', '=', true)
      .where('oncall_shifts.ends_at', '<=', at)
      .executeTakeFirst();
    return row?.end ? new Date(row.end) : null;
  },

  async insertShift(ex: Executor, row: Insertable<OncallShiftsTable>): Promise<void> {
    await ex.insertInto('oncall_shifts').values(row).execute();
  },

  async updateShift(ex: Executor, id: string, patch: Updateable<OncallShiftsTable>): Promise<void> {
    await ex.updateTable('oncall_shifts').set(patch).where('id', '=', id).execute();
  },

  async deleteShift(ex: Executor, id: string): Promise<void> {
    await ex.deleteFrom('oncall_shifts').where('id', '=', id).execute();
  },

  /** An active provider user, with role (eligibility is checked by the caller). */
  async providerUser(ex: Executor, id: string) {
    return ex
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select(['users.id', 'users.name', 'users.email', 'users.role', 'users.status'])
      .where('users.id', '=', id)
      .where('organizations.kind', '=', 'provider')
      .executeTakeFirst();
  },

  /** Whether the user's consultant profile marks him eligible for on call (no profile: not eligible). */
  async onCallEligible(ex: Executor, userId: string): Promise<boolean> {
    const row = await ex
      .selectFrom('consultant_profiles')
      .select('on_call_eligible')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.on_call_eligible ?? false;
  },

  /** Active IR managers' addresses (told about gaps and about emergencies while nobody is on call). */
  async irManagers(ex: Executor): Promise<{ email: string; name: string; time_zone: string | null }[]> {
    return ex
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .leftJoin('consultant_profiles', 'consultant_profiles.user_id', 'users.id')
      .select(['users.email', 'users.name', 'consultant_profiles.time_zone'])
      .where('organizations.kind', '=', 'provider')
      .where('users.role', '=', 'ir_manager')
      .where('users.status', '=', 'active')
      .orderBy('users.email')
      .execute();
  },

  /** The initial-contact SLA due time of a request, if it has one. */
  async initialContactDue(ex: Executor, requestId: string): Promise<Date | null> {
    const row = await ex
      .selectFrom('request_sla_targets')
      .select('due_at')
      .where('request_id', '=', requestId)
      .where('kind', '=', 'initial_contact')
      .executeTakeFirst();
    return row?.due_at ?? null;
  },
};
