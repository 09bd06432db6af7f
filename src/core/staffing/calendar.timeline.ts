import { AppError } from '../../shared/errors.ts';
import type { Timeline } from '../../shared/contracts/calendar.ts';
import { regionOfZone, TIMELINE_MAX_DAYS } from '../../shared/timeline.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import type { CalendarDeps } from './calendar.deps.ts';
import { calendarPolicy } from './calendar.policy.ts';
import { calendarRepo } from './calendar.repo.ts';
import { timelineRepo } from './calendar.timeline.repo.ts';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The staff timeline of [from, to) (at most 92 days): consultants (zone, region, skills), their bookings
 * (not cancelled, tentative ones marked), time off (when, never why) and on-call shifts. Provider staff.
 */
export async function readTimeline(
  deps: Pick<CalendarDeps, 'db'>,
  ctx: Ctx,
  input: { from: string; to: string },
): Promise<Timeline> {
  authorize(ctx.actor, calendarPolicy.readTimeline, 'The staff timeline is for the firm’s staff.');
  const from = new Date(input.from);
  const to = new Date(input.to);
  if (to.getTime() <= from.getTime())
    throw new AppError('VALIDATION_FAILED', 'The timeline must end after it starts: give a `to` later than `from`.', {
      field: 'to',
    });
  if (to.getTime() - from.getTime() > TIMELINE_MAX_DAYS * DAY)
    throw new AppError(
      'VALIDATION_FAILED',
      `The timeline shows at most ${TIMELINE_MAX_DAYS} days at once: choose a shorter window.`,
      { field: 'to' },
    );
  const ex = deps.db.kysely;
  const [people, periods, shifts] = await Promise.all([
    timelineRepo.consultants(ex),
    calendarRepo.busyPeriods(ex, from, to),
    timelineRepo.onCallShifts(ex, from, to),
  ]);
  const skills = await timelineRepo.skills(
    ex,
    people.map((person) => person.id),
  );
  const shown = new Set(people.map((person) => person.id));
  const inView = periods.filter((period) => shown.has(period.consultant_id));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    consultants: people.map((person) => {
      const zone = person.time_zone ?? 'UTC';
      return {
        userId: person.id,
        name: person.name,
        timeZone: zone,
        region: regionOfZone(zone),
        onCallEligible: person.on_call_eligible ?? false,
        skills: skills
          .filter((skill) => skill.user_id === person.id)
          .map((skill) => ({ skillId: skill.skill_id, name: skill.name, level: skill.level })),
      };
    }),
    bookings: inView
      .filter((period) => period.kind === 'booking')
      .map((period) => ({
        id: period.id,
        consultantId: period.consultant_id,
        engagementId: period.engagement_id ?? '',
        engagementNumber: period.engagement_number ?? '',
        engagementTitle: period.engagement_title ?? '',
        customerName: period.customer_name ?? '',
        start: period.start.toISOString(),
        end: period.end.toISOString(),
        mode: period.mode ?? 'remote',
        status: period.status ?? 'confirmed',
        revision: period.revision,
      })),
    timeOff: inView
      .filter((period) => period.kind === 'time_off')
      .map((period) => ({
        id: period.id,
        consultantId: period.consultant_id,
        start: period.start.toISOString(),
        end: period.end.toISOString(),
      })),
    onCall: shifts
      .filter((shift) => shown.has(shift.user_id))
      .map((shift) => ({
        id: shift.id,
        consultantId: shift.user_id,
        start: shift.starts_at.toISOString(),
        end: shift.ends_at.toISOString(),
        label: `On call: ${shift.rota_name}`,
      })),
    skills: [
      ...new Map(skills.map((skill) => [skill.skill_id, { id: skill.skill_id, name: skill.name }])).values(),
    ].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
