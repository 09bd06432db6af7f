import type { Executor } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { zonedPeriod, zonedTime as when } from '../../shared/dates.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { itemLink } from '../mail/links.ts';
import type { Audience } from '../mail/mail.rules.ts';
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
  // Each recipient reads the times in his own zone (the mail audience rule), the customer's added.
  const mail = ({ kind, timeZone: zone }: Audience) => {
    const dueText = due
      ? `Initial contact is due by ${when(due, zone)}${customerZone !== zone ? `, ${when(due, customerZone)} for the customer` : ''}.`
      : 'No initial-contact target applies to this request.';
    const facts: [string, string][] = [
      ['Customer', request.customer_name],
      ['Incident', what],
      ['Initial contact due', due ? when(due, zone) : 'no target'],
    ];
    const action = {
      label: 'Open the request',
      url: itemLink(deps.publicUrl, kind, { type: 'request', number: request.number }),
    };
    return { dueText, facts, action, dueAt: due ? when(due, zone) : 'now' };
  };
  const dedupeKey = `oncall.emergency:${request.id}`;
  if (holders.length > 0) {
    const to = [...new Set(holders.map((h) => h.user_email))];
    await deps.outbox.enqueueForRecipients(
      trx,
      to,
      (audience) => {
        const m = mail(audience);
        return {
          topic: 'oncall.emergency',
          subject: `[On call] ${what} at ${request.customer_name}: initial contact due ${m.dueAt}`,
          dedupeKey,
          ...renderEmail({
            heading: `You are on call: ${what} at ${request.customer_name}`,
            paragraphs: [`${request.customer_name} reported a ${what}. You hold the pager.`, m.dueText],
            facts: m.facts,
            action: m.action,
          }),
        };
      },
      { kind: 'staff' },
    );
    return;
  }
  const managers = (await oncallRepo.irManagers(trx)).map((m) => m.email);
  if (managers.length === 0) return;
  await deps.outbox.enqueueForRecipients(
    trx,
    managers,
    (audience) => {
      const m = mail(audience);
      return {
        topic: 'oncall.uncovered-emergency',
        subject: `[Nobody on call] ${what} at ${request.customer_name}: initial contact due ${m.dueAt}`,
        dedupeKey,
        ...renderEmail({
          heading: `Nobody is on call: ${what} at ${request.customer_name}`,
          paragraphs: [
            `${request.customer_name} reported a ${what}, and no on-call shift covers this moment. Assign a responder now.`,
            m.dueText,
          ],
          facts: m.facts,
          action: m.action,
        }),
      };
    },
    { kind: 'staff' },
  );
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
    const managers = (await oncallRepo.irManagers(trx)).map((m) => m.email);
    let notified = 0;
    if (managers.length === 0) return { gaps: view.coverage.gaps.length, notified };
    for (const gap of view.coverage.gaps) {
      const start = new Date(gap.start);
      const end = new Date(gap.end);
      const began = start.getTime() <= now.getTime() ? await oncallRepo.lastEndBefore(trx, now) : start;
      const dedupeKey = `oncall.gap:${began ? began.toISOString() : 'never-covered'}`;
      // Each manager reads the gap in his own zone (the mail audience rule), one message per zone.
      const sent = await deps.outbox.enqueueForRecipients(
        trx,
        managers,
        ({ timeZone: zone }) => ({
          topic: 'oncall.gap',
          subject: `On-call gap from ${when(start, zone)}`,
          dedupeKey,
          ...renderEmail({
            heading: 'On-call coverage gap',
            paragraphs: [
              `Nobody is on call from ${zonedPeriod(start, end, zone)}.`,
              'Add a shift to a rota so that every emergency reaches a responder at once.',
            ],
            action: { label: 'Open the on-call rota', url: `${deps.publicUrl}/oncall` },
          }),
        }),
        { kind: 'staff' },
      );
      if (sent) notified++;
    }
    return { gaps: view.coverage.gaps.length, notified };
  });
}
