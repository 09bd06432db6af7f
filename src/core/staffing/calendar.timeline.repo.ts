import type { Executor } from '../../db/create-db.ts';

export interface TimelineConsultantRow {
  id: string;
  name: string;
  time_zone: string | null;
  on_call_eligible: boolean | null;
}

/** The staff timeline's reads: who delivers work and who is on call (busy periods: `calendarRepo.busyPeriods`). */
export const timelineRepo = {
  /** Active provider users who deliver work: consultants, and anyone with a consultant profile; by name. */
  async consultants(ex: Executor): Promise<TimelineConsultantRow[]> {
    return ex
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .leftJoin('consultant_profiles as p', 'p.user_id', 'users.id')
      .select(['users.id', 'users.name', 'p.time_zone', 'p.on_call_eligible'])
      .where('organizations.kind', '=', 'provider')
      .where('users.status', '=', 'active')
      .where((eb) => eb.or([eb('users.role', '=', 'consultant'), eb('p.user_id', 'is not', null)]))
      .orderBy('users.name')
      .orderBy('users.id')
      .execute();
  },

  async skills(ex: Executor, userIds: string[]) {
    if (userIds.length === 0) return [];
    return ex
      .selectFrom('consultant_skills as cs')
      .innerJoin('skills', 'skills.id', 'cs.skill_id')
      .select(['cs.user_id', 'cs.skill_id', 'skills.name', 'cs.level'])
      .where('cs.user_id', 'in', userIds)
      .orderBy('cs.level', 'desc')
      .orderBy('skills.name')
      .execute();
  },

  /** On-call shifts overlapping [from, to), with their rota's name. */
  async onCallShifts(ex: Executor, from: Date, to: Date) {
    return ex
      .selectFrom('oncall_shifts as s')
      .innerJoin('oncall_rotas as r', 'r.id', 's.rota_id')
      .select(['s.id', 's.user_id', 's.starts_at', 's.ends_at', 'r.name as rota_name'])
      .where('s.starts_at', '<', to)
      .where('s.ends_at', '>', from)
      .orderBy('s.starts_at')
      .orderBy('s.id')
      .execute();
  },
};
