import { DateTime } from 'luxon';
import type { Core } from '../core/core.ts';
import type { Activity } from '../shared/domain.ts';
import { isAppError } from '../shared/errors.ts';
import type { Ctx } from '../core/context.ts';
import { engagementsRepo } from '../core/engagements/engagements.repo.ts';
import { takesEffort } from '../shared/engagements.ts';
import { demoRepo } from './demo.repo.ts';
import { userCtx } from './staff.ts';

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
  const managers = await demoRepo.activeUserIds(db.kysely, 'ir_manager', 'email');
  const consultants = await demoRepo.activeUserIds(db.kysely, 'consultant', 'email');
  if (managers.length === 0 || consultants.length === 0)
    return { summary: 'no effort history (no IR manager or consultant)', entries: 0, closed: [] };
  const ctxOf = (userId: string): Promise<Ctx> => userCtx(db.kysely, userId);
  const manager = await ctxOf(managers[0]!);
  const ids = demo.engagementIds ?? (await demoRepo.engagementIds(db.kysely));
  if (ids.length === 0) return { summary: 'no effort history (no engagements)', entries: 0, closed: [] };
  const days = demo.days ?? 12;
  const now = clock.now();
  let entries = 0;
  let held = 0;
  let keyCounter = 0;
  for (const id of ids) {
    const engagement = await engagementsRepo.record(db.kysely, id);
    if (!engagement || !takesEffort(engagement.status)) continue;
    // treat the demo engagement as approved `days` ago, so that its history spans days (it has no effort yet)
    const approved = DateTime.fromJSDate(now, { zone: engagement.time_zone }).minus({ days }).startOf('day');
    if (!(await demoRepo.engagementHasEffort(db.kysely, id)) && engagement.created_at > approved.toJSDate()) {
      await engagementsRepo.update(db.kysely, id, { created_at: approved.toJSDate() });
    }
    let team = await engagementsRepo.team(db.kysely, [id]);
    if (team.length === 0) {
      await services.engagements.addTeamMember(manager, id, {
        userId: consultants[keyCounter++ % consultants.length]!,
        role: 'lead',
      });
      team = await engagementsRepo.team(db.kysely, [id]);
    }
    const workers = team.filter((m) => m.user_status === 'active');
    for (let d = 0; d < Math.min(days, dayPlan.length * 2); d++) {
      const date = approved.plus({ days: d + 1 }).toISODate()!;
      if (date > DateTime.fromJSDate(now, { zone: engagement.time_zone }).toISODate()!) break;
      const worker = workers[d % workers.length]!;
      for (const [activity, minutes, note] of dayPlan[d % dayPlan.length]!) {
        try {
          const posted = await services.effort.logEffort(
            await ctxOf(worker.user_id),
            id,
            { date, minutes, activity, afterHours: d === 1, note },
            `demo:${id}:${d}:${activity}`,
          );
          entries += 1;
          if (posted.billingStatus === 'held') held += 1;
        } catch (err) {
          if (isAppError(err) && err.code === 'BALANCE_INSUFFICIENT') break; // the demo retainer ran dry: stop this engagement's history
          throw err;
        }
      }
    }
  }
  let toClose = demo.close;
  if (!toClose) {
    toClose = await demoRepo.engagementsBelowMinimum(db.kysely, ids, 1);
  }
  for (const id of toClose) await services.closing.close(manager, id, {});
  return {
    summary: `${entries} effort entries on ${ids.length} engagements (${held} held past their estimate), ${toClose.length} closed`,
    entries,
    closed: toClose,
  };
}
