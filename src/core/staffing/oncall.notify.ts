import type { Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { zonedPeriod, zonedTime as when } from '../../shared/dates.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { itemLink } from '../mail/links.ts';
import { renderEmail } from '../mail/templates.ts';
import { label } from '../../shared/labels.ts';
import { oncallRepo } from './oncall.repo.ts';
import { holdersAt } from './oncall.rules.ts';
import { oncallAt } from './oncall.read.ts';
import type { OncallDeps } from './oncall.deps.ts';

/** What the emergency notice needs of the new request. */
export interface EmergencyForOncall {
  id: string;
  /** The human number (REQ-…): the link names it, never the id. */
  number: string;
  kind: string;
  customer_name: string;
  customer_time_zone?: string | null;
  severity: string | null;
  incident_type: string | null;
  received_at: Date;
}

/** Recipients by home-base zone (UTC without a profile), each zone's addresses once, zones in order. */
function byZone(people: readonly { email: string; zone: string | null }[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const p of people) {
    const zone = p.zone ?? 'UTC';
    const list = groups.get(zone) ?? [];
    if (!list.includes(p.email)) list.push(p.email);
    groups.set(zone, list);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * A new emergency request pages the on-call responder at once (email through the outbox) with the SLA's
 * initial-contact due time; while nobody is on call, every IR manager is told that nobody holds the pager.
 * Runs in the request's transaction (requests/create-request.ts).
 */
export async function notifyOncallOfEmergency(
  deps: { outbox: Outbox; clock: Clock; publicUrl: string },
  trx: Executor,
  request: EmergencyForOncall,
): Promise<void> {
  if (request.kind !== 'emergency') return;
  const now = deps.clock.now();
  const rows = await oncallRepo.shifts(trx, { from: now, to: new Date(now.getTime() + 1) });
  const holders = holdersAt(
    rows.map((r) => ({ ...r, start: r.starts_at, end: r.ends_at })),
    now,
  );
  const due = await oncallRepo.initialContactDue(trx, request.id);
  const what =
    `${request.severity ?? ''} ${request.incident_type ? label('incidentType', request.incident_type).toLowerCase() : 'incident'}`.trim();
  const customerZone = request.customer_time_zone ?? 'UTC';
  const url = itemLink(deps.publicUrl, 'staff', { type: 'request', number: request.number });
  // Each recipient reads the times in his home-base zone (one message per zone), the customer's added.
  const mail = (zone: string) => {
    const dueText = due
      ? `Initial contact is due by ${when(due, zone)}${customerZone !== zone ? `, ${when(due, customerZone)} for the customer` : ''}.`
      : 'No initial-contact target applies to this request.';
    const facts: [string, string][] = [
      ['Customer', request.customer_name],
      ['Incident', what],
      ['Initial contact due', due ? when(due, zone) : 'no target'],
    ];
    return { dueText, facts, dueAt: due ? when(due, zone) : 'now' };
  };
  if (holders.length > 0) {
    for (const [zone, to] of byZone(holders.map((h) => ({ email: h.user_email, zone: h.user_time_zone })))) {
      const m = mail(zone);
      const content = renderEmail({
        heading: `You are on call: ${what} at ${request.customer_name}`,
        paragraphs: [`${request.customer_name} reported a ${what}. You hold the pager.`, m.dueText],
        facts: m.facts,
        action: { label: 'Open the request', url },
      });
      await deps.outbox.enqueueEmail(trx, {
        topic: 'oncall.emergency',
        to,
        subject: `[On call] ${what} at ${request.customer_name}: initial contact due ${m.dueAt}`,
        dedupeKey: `oncall.emergency:${request.id}:${zone}`,
        ...content,
      });
    }
    return;
  }
  const managers = await oncallRepo.irManagers(trx);
  for (const [zone, to] of byZone(managers.map((m) => ({ email: m.email, zone: m.time_zone })))) {
    const m = mail(zone);
    const content = renderEmail({
      heading: `Nobody is on call: ${what} at ${request.customer_name}`,
      paragraphs: [
        `${request.customer_name} reported a ${what}, and no on-call shift covers this moment. Assign a responder now.`,
        m.dueText,
      ],
      facts: m.facts,
      action: { label: 'Open the request', url },
    });
    await deps.outbox.enqueueEmail(trx, {
      topic: 'oncall.uncovered-emergency',
      to,
      subject: `[Nobody on call] ${what} at ${request.customer_name}: initial contact due ${m.dueAt}`,
      dedupeKey: `oncall.emergency:${request.id}:${zone}`,
      ...content,
    });
  }
}

/**
 * The scheduled coverage check: each gap in the next 14 days is told to the IR managers once (the outbox's
 * dedupe key is the gap's start, which stays put while the horizon moves; a gap under way is keyed by the end
 * of the shift before it).
 */
export async function notifyCoverageGaps(deps: OncallDeps): Promise<{ gaps: number; notified: number }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const view = await oncallAt(trx, now);
    const managers = byZone((await oncallRepo.irManagers(trx)).map((m) => ({ email: m.email, zone: m.time_zone })));
    let notified = 0;
    if (managers.length === 0) return { gaps: view.coverage.gaps.length, notified };
    for (const gap of view.coverage.gaps) {
      const start = new Date(gap.start);
      const end = new Date(gap.end);
      const began = start.getTime() <= now.getTime() ? await oncallRepo.lastEndBefore(trx, now) : start;
      const key = `oncall.gap:${began ? began.toISOString() : 'never-covered'}`;
      let sent = false;
      // Each manager reads the gap in his home-base zone (one message per zone).
      for (const [zone, to] of managers) {
        const content = renderEmail({
          heading: 'On-call coverage gap',
          paragraphs: [
            `Nobody is on call from ${zonedPeriod(start, end, zone)}.`,
            'Add a shift to a rota so that every emergency reaches a responder at once.',
          ],
          action: { label: 'Open the on-call rota', url: `${deps.publicUrl}/oncall` },
        });
        if (
          await deps.outbox.enqueueEmail(trx, {
            topic: 'oncall.gap',
            to,
            subject: `On-call gap from ${when(start, zone)}`,
            dedupeKey: `${key}:${zone}`,
            ...content,
          })
        )
          sent = true;
      }
      if (sent) notified++;
    }
    return { gaps: view.coverage.gaps.length, notified };
  });
}
