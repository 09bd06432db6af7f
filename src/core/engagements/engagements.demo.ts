import { DateTime } from 'luxon';
import type { Core } from '../../main/core.ts';
import type { Activity } from '../../shared/domain.ts';
import { isAppError } from '../../shared/errors.ts';
import { accountsRepo } from '../accounts/accounts.repo.ts';
import { toActor } from '../accounts/accounts.service.ts';
import type { Ctx } from '../context.ts';
import { engagementsRepo } from './engagements.repo.ts';
import { takesEffort } from '../../shared/engagements.ts';

export interface EngagementsDemoInput {
  /** The engagements to give an effort history (default: every engagement in the database). */
  engagementIds?: string[];
  /** Engagements to close after their history (in progress or delivering). Default: the first with a minimum above its consumption (a true-up), else none. */
  close?: string[];
  /** How many days of history (the engagements are treated as approved that many days ago). Default 12. */
  days?: number;
}

/** One working day of a consultant: activity, minutes, note. */
const dayPlan: [Activity, number, string][][] = [
  [
    ['kickoff', 60, "Kick-off call with the customer's security team"],
    ['preparation', 95, 'Collection plan, triage scripts'],
  ],
  [
    ['analysis', 240, 'EDR telemetry and authentication logs'],
    ['status_meeting', 30, 'Daily status call'],
  ],
  [
    ['travel_time', 180, 'Travel to the primary site'],
    ['onsite_work', 300, 'Imaging of affected servers'],
  ],
  [
    ['analysis', 200, 'Timeline of the intrusion'],
    ['internal', 45, 'Peer review of findings'],
  ],
  [
    ['deliverable_preparation', 150, 'Draft of the findings report'],
    ['status_meeting', 25, 'Status call with the CISO'],
  ],
];

/**
 * Loads an effort history for engagements the work-orders demo created: each engagement in progress, on
 * hold or delivering gets a team (a demo consultant when it has none) and entries over the past days
 * through the effort service (consumed, non-billable, and held where the estimate runs out); then the
 * engagements named in `close` (or one with a minimum above its consumption) are closed with a true-up.
 */
export async function loadEngagementsDemo(
  core: Core,
  demo: EngagementsDemoInput = {},
): Promise<{ summary: string; entries: number; closed: string[] }> {
  const { db, services, clock } = core;
  const user = async (role: 'ir_manager' | 'consultant') =>
    db.kysely
      .selectFrom('users')
      .select('id')
      .where('role', '=', role)
      .where('status', '=', 'active')
      .orderBy('email')
      .execute();
  const managers = await user('ir_manager');
  const consultants = await user('consultant');
  if (managers.length === 0 || consultants.length === 0)
    return { summary: 'no effort history (no IR manager or consultant)', entries: 0, closed: [] };
  const ctxOf = async (userId: string): Promise<Ctx> => ({
    actor: toActor((await accountsRepo.userById(db.kysely, userId))!),
    channel: 'web',
  });
  const manager = await ctxOf(managers[0]!.id);
  const ids =
    demo.engagementIds ??
    (await db.kysely.selectFrom('engagements').select('id').orderBy('id').execute()).map((r) => r.id);
  if (ids.length === 0) return { summary: 'no effort history (no engagements)', entries: 0, closed: [] };
  const days = demo.days ?? 12;
  const now = clock.now();
  let entries = 0;
  let held = 0;
  let k = 0;
  for (const id of ids) {
    const e = await engagementsRepo.record(db.kysely, id);
    if (!e || !takesEffort(e.status)) continue;
    // treat the demo engagement as approved `days` ago, so that its history spans days (it has no effort yet)
    const approved = DateTime.fromJSDate(now, { zone: e.time_zone }).minus({ days }).startOf('day');
    if (
      (await db.kysely.selectFrom('effort_entries').select('id').where('engagement_id', '=', id).executeTakeFirst()) ===
        undefined &&
      e.created_at > approved.toJSDate()
    ) {
      await engagementsRepo.update(db.kysely, id, { created_at: approved.toJSDate() });
    }
    let team = await engagementsRepo.team(db.kysely, [id]);
    if (team.length === 0) {
      await services.engagements.addTeamMember(manager, id, {
        userId: consultants[k++ % consultants.length]!.id,
        role: 'lead',
      });
      team = await engagementsRepo.team(db.kysely, [id]);
    }
    const workers = team.filter((m) => m.user_status === 'active');
    for (let d = 0; d < Math.min(days, dayPlan.length * 2); d++) {
      const date = approved.plus({ days: d + 1 }).toISODate()!;
      if (date > DateTime.fromJSDate(now, { zone: e.time_zone }).toISODate()!) break;
      const worker = workers[d % workers.length]!;
      for (const [activity, minutes, note] of dayPlan[d % dayPlan.length]!) {
        try {
          const r = await services.effort.logEffort(
            await ctxOf(worker.user_id),
            id,
            { date, minutes, activity, afterHours: d === 1, note },
            `demo:${id}:${d}:${activity}`,
          );
          entries += 1;
          if (r.billingStatus === 'held') held += 1;
        } catch (err) {
          if (isAppError(err) && err.code === 'BALANCE_INSUFFICIENT') break; // the demo retainer ran dry: stop this engagement's history
          throw err;
        }
      }
    }
  }
  let toClose = demo.close;
  if (!toClose) {
    const candidates = await db.kysely
      .selectFrom('engagements')
      .select('id')
      .where('id', 'in', ids)
      .where('status', 'in', ['in_progress', 'delivering'])
      .whereRef('minimum_billable', '>', 'effort_consumed')
      .orderBy('id')
      .limit(1)
      .execute();
    toClose = candidates.map((c) => c.id);
  }
  for (const id of toClose) await services.closing.close(manager, id, {});
  return {
    summary: `${entries} effort entries on ${ids.length} engagements (${held} held past their estimate), ${toClose.length} closed`,
    entries,
    closed: toClose,
  };
}
