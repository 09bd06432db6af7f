import type { Executor } from '../../db/create-db.ts';
import type { SlaKind } from '../../shared/contracts/requests.ts';
import { slaStatus } from '../../shared/sla.ts';
import { zonedTime } from '../../shared/dates.ts';
import { label as labelOf } from '../../shared/labels.ts';
import { itemLink } from '../mail/links.ts';
import type { Audience } from '../mail/mail.rules.ts';
import { renderEmail } from '../mail/templates.ts';
import { requestsRepo } from './requests.repo.ts';
import type { SlaDeps } from './sla.deps.ts';
import { slaRepo } from './sla.repo.ts';

const labels: Record<SlaKind, string> = {
  initial_contact: 'initial contact',
  remote_start: 'remote work start',
  onsite_arrival: 'on-site arrival',
};

type Candidate = Awaited<ReturnType<typeof slaRepo.watchCandidates>>[number];

/** Who hears about SLA risks: the IR managers, or the admins when there is none. */
async function watchRecipients(trx: Executor): Promise<string[]> {
  const to = (await requestsRepo.providerRecipients(trx, ['ir_manager'])).map((u) => u.email);
  return to.length ? to : (await requestsRepo.providerRecipients(trx, ['admin'])).map((u) => u.email);
}

/** The at-risk or breach email of one target, deduplicated per target and due time. */
async function enqueueNotice(
  deps: SlaDeps,
  trx: Executor,
  target: Candidate,
  breach: boolean,
  to: string[],
): Promise<void> {
  const dueKey = target.due_at.toISOString();
  const label = labels[target.kind];
  const what = `${target.severity} ${labelOf('incidentType', target.incident_type).toLowerCase()} at ${target.customer_name}`;
  const heading = breach ? `SLA breached: ${label}` : `SLA at risk: ${label}`;
  // Times in each reader's zone (named), never an ISO instant.
  const content = ({ kind, timeZone }: Audience) => {
    const due = zonedTime(target.due_at, timeZone);
    return renderEmail({
      heading,
      paragraphs: [
        breach
          ? target.met_at
            ? `The ${label} target of request ${target.request_number} (${what}) was met late, at ${zonedTime(target.met_at, timeZone)}; it was due ${due}.`
            : `The ${label} target of request ${target.request_number} (${what}) was due ${due} and is not met.`
          : `75 % of the ${label} time of request ${target.request_number} (${what}) is gone; it is due ${due}. Record the milestone when it is met.`,
      ],
      facts: [
        ['Request', target.request_number],
        ['Contract', target.contract_number],
        ['Target', `${target.target_minutes} minutes from ${zonedTime(target.received_at, timeZone)}`],
        ['Due', due],
      ],
      action: {
        label: 'Open the request',
        url: itemLink(deps.publicUrl, kind, { type: 'request', number: target.request_number }),
      },
    });
  };
  await deps.outbox.enqueueForRecipients(
    trx,
    to,
    (audience) => ({
      topic: breach ? 'sla.breached' : 'sla.at_risk',
      dedupeKey: `sla-${breach ? 'breach' : 'at-risk'}:${target.request_id}:${target.kind}:${dueKey}`,
      subject: `${heading}, ${what}`,
      ...content(audience),
    }),
    { kind: 'staff' },
  );
}

/**
 * The SLA watch job: tells the IR managers once per target when it is at risk (75 % of its time gone,
 * unmet) and once when it is breached, even across restarts and with several workers (targets are
 * claimed with SKIP LOCKED, marked in the same transaction, and the outbox dedupe key makes a second
 * message impossible). A target found already breached gets only the breach notice.
 */
export async function watchSla(deps: SlaDeps, limit = 200): Promise<{ atRisk: number; breached: number }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (trx) => {
    const rows = await slaRepo.watchCandidates(trx, now, limit);
    if (rows.length === 0) return { atRisk: 0, breached: 0 };
    const to = await watchRecipients(trx);
    let atRisk = 0;
    let breached = 0;
    for (const target of rows) {
      const status = slaStatus(
        {
          dueAt: target.due_at,
          atRiskAt: target.at_risk_at,
          metAt: target.met_at,
          stoppedAt: target.clocks_stopped_at,
        },
        now,
      );
      const breach = status === 'breached';
      if (!breach && status !== 'at_risk') continue;
      if (to.length) await enqueueNotice(deps, trx, target, breach, to);
      await deps.outbox.emitWebhookEvent(trx, {
        type: breach ? 'request.sla_breached' : 'request.sla_at_risk',
        dedupeKey: `sla-${breach ? 'breached' : 'at-risk'}:${target.request_id}:${target.kind}:${target.due_at.toISOString()}`,
        data: {
          requestId: target.request_id,
          contractNumber: target.contract_number,
          target: target.kind,
          severity: target.severity,
          targetMinutes: target.target_minutes,
          receivedAt: target.received_at.toISOString(),
          dueAt: target.due_at.toISOString(),
          metAt: target.met_at?.toISOString() ?? null,
        },
      });
      if (breach) {
        breached++;
        await slaRepo.markNotified(trx, target.request_id, target.kind, {
          breach: now,
          ...(target.at_risk_notified_at ? {} : { atRisk: now }),
        });
      } else {
        atRisk++;
        await slaRepo.markNotified(trx, target.request_id, target.kind, { atRisk: now });
      }
    }
    return { atRisk, breached };
  });
}
