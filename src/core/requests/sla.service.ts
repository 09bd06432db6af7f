import { DateTime } from 'luxon';
import type { Db } from '../../db/create-db.ts';
import type { Clock } from '../../shared/clock.ts';
import { slaKinds, type SlaKind } from '../../shared/contracts/requests.ts';
import { AppError } from '../../shared/errors.ts';
import { authorize, canSeeTenant } from '../authz.ts';
import { isCustomerUser, type Ctx } from '../context.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import { renderEmail } from '../mail/templates.ts';
import { requestsPolicy } from './requests.policy.ts';
import { requestsRepo } from './requests.repo.ts';
import { slaStatus } from '../../shared/sla.ts';
import { addDays } from '../ledger/ledger.rules.ts';
import { slaRepo } from './sla.repo.ts';
import { median } from './sla.rules.ts';

const labels: Record<SlaKind, string> = {
  initial_contact: 'initial contact',
  remote_start: 'remote work start',
  onsite_arrival: 'on-site arrival',
};

export type SlaService = ReturnType<typeof createSlaService>;

/** SLA watch (notifications) and the SLA report. */
export function createSlaService(deps: { db: Db; clock: Clock; outbox: Outbox; publicUrl: string }) {
  const { db, clock, outbox } = deps;

  return {
    /**
     * The SLA watch job: tells the IR managers once per target when it is at risk (75 % of its time gone,
     * unmet) and once when it is breached, even across restarts and with several workers (targets are
     * claimed with SKIP LOCKED, marked in the same transaction, and the outbox dedupe key makes a second
     * message impossible). A target found already breached gets only the breach notice.
     */
    async watch(limit = 200): Promise<{ atRisk: number; breached: number }> {
      const now = clock.now();
      return db.transaction(async (trx) => {
        const rows = await slaRepo.watchCandidates(trx, now, limit);
        if (rows.length === 0) return { atRisk: 0, breached: 0 };
        let to = (await requestsRepo.providerRecipients(trx, ['ir_manager'])).map((u) => u.email);
        if (to.length === 0) to = (await requestsRepo.providerRecipients(trx, ['admin'])).map((u) => u.email);
        let atRisk = 0;
        let breached = 0;
        for (const t of rows) {
          const status = slaStatus(
            { dueAt: t.due_at, atRiskAt: t.at_risk_at, metAt: t.met_at, stoppedAt: t.clocks_stopped_at },
            now,
          );
          const breach = status === 'breached';
          if (!breach && status !== 'at_risk') continue;
          const dueKey = t.due_at.toISOString();
          const what = `${t.severity} ${t.incident_type?.replace(/_/g, ' ')} at ${t.customer_name}`;
          const url = `${deps.publicUrl}/requests/${t.request_id}`;
          const heading = breach ? `SLA breached: ${labels[t.kind]}` : `SLA at risk: ${labels[t.kind]}`;
          const content = renderEmail({
            heading,
            paragraphs: [
              breach
                ? t.met_at
                  ? `The ${labels[t.kind]} target of request ${t.request_id} (${what}) was met late, at ${t.met_at.toISOString()}; it was due ${dueKey}.`
                  : `The ${labels[t.kind]} target of request ${t.request_id} (${what}) was due ${dueKey} and is not met.`
                : `75 % of the ${labels[t.kind]} time of request ${t.request_id} (${what}) is gone; it is due ${dueKey}. Record the milestone when it is met.`,
            ],
            facts: [
              ['Request', t.request_id],
              ['Contract', t.contract_number],
              ['Target', `${t.target_minutes} minutes from ${t.received_at.toISOString()}`],
              ['Due', dueKey],
            ],
            action: { label: 'Open the request', url },
          });
          if (to.length) {
            await outbox.enqueueEmail(trx, {
              topic: breach ? 'sla.breached' : 'sla.at_risk',
              dedupeKey: `sla-${breach ? 'breach' : 'at-risk'}:${t.request_id}:${t.kind}:${dueKey}`,
              to,
              subject: `${heading}, ${what}`,
              ...content,
            });
          }
          if (breach) {
            breached++;
            await slaRepo.markNotified(trx, t.request_id, t.kind, {
              breach: now,
              ...(t.at_risk_notified_at ? {} : { atRisk: now }),
            });
          } else {
            atRisk++;
            await slaRepo.markNotified(trx, t.request_id, t.kind, { atRisk: now });
          }
        }
        return { atRisk, breached };
      });
    },

    /**
     * Met and breached counts per target and the median time to meet, for emergency requests received
     * between `from` and `to` (inclusive days in the customer's time zone); customers see their own only.
     */
    async report(ctx: Ctx, q: { contractId?: string; from?: string; to?: string }) {
      authorize(ctx.actor, requestsPolicy.report, 'Your role does not see SLA reports.');
      let timeZone = 'UTC';
      if (q.contractId) {
        const c = await requestsRepo.contractWithCustomer(db.kysely, q.contractId);
        if (!c || !canSeeTenant(ctx.actor, c.organization_id))
          throw new AppError('NOT_FOUND', `Contract ${q.contractId} not found.`);
        timeZone = c.time_zone;
      }
      if (q.from && q.to && q.to < q.from)
        throw new AppError('VALIDATION_FAILED', 'The period is invalid: to is before from.', {
          errors: [{ path: 'querystring.to', message: 'must not be before from' }],
        });
      const startOf = (date: string) => DateTime.fromISO(date, { zone: timeZone }).startOf('day').toJSDate();
      const rows = await slaRepo.reportRows(db.kysely, {
        ...(isCustomerUser(ctx.actor) ? { organizationId: ctx.actor.organizationId } : {}),
        ...(q.contractId ? { contractId: q.contractId } : {}),
        ...(q.from ? { from: startOf(q.from) } : {}),
        // The last day of year 9999 has no next day to end on: the period is then open-ended.
        ...(q.to && q.to < '9999-12-31' ? { to: startOf(addDays(q.to, 1)) } : {}),
      });
      const now = clock.now();
      return {
        contractId: q.contractId ?? null,
        from: q.from ?? null,
        to: q.to ?? null,
        timeZone,
        requests: new Set(rows.map((r) => r.request_id)).size,
        targets: slaKinds.map((kind) => {
          const mine = rows.filter((r) => r.kind === kind);
          const statuses = mine.map((r) =>
            slaStatus(
              { dueAt: r.due_at, atRiskAt: r.at_risk_at, metAt: r.met_at, stoppedAt: r.clocks_stopped_at },
              now,
            ),
          );
          const count = (s: string) => statuses.filter((x) => x === s).length;
          const toMeet = mine
            .filter((r) => r.met_at)
            .map((r) => (r.met_at!.getTime() - r.received_at.getTime()) / 60_000);
          return {
            kind,
            total: mine.length,
            met: count('met'),
            breached: count('breached'),
            atRisk: count('at_risk'),
            pending: count('pending'),
            medianMinutesToMeet: median(toMeet),
          };
        }),
      };
    },
  };
}
