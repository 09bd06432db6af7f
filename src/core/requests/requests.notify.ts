import type { Executor } from '../../db/create-db.ts';
import { firmHotline } from '../channels/hotline.ts';
import type { Outbox } from '../mail/outbox.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { zonedTime } from '../../shared/dates.ts';
import { label } from '../../shared/labels.ts';
import { itemLink } from '../mail/links.ts';
import type { Audience } from '../mail/mail.rules.ts';
import { renderEmail } from '../mail/templates.ts';
import { emergencyAcknowledgement } from '../channels/acknowledgements.ts';
import { requestsRepo, type RequestWithNames } from './requests.repo.ts';

/** Tells the IR managers about a new request: an emergency's severity and type, or the proactive service asked for. */
export async function notifyReceived(
  deps: { outbox: Outbox; publicUrl: string; settings: SettingsService },
  trx: Executor,
  request: RequestWithNames,
): Promise<void> {
  if (request.kind === 'emergency' && request.requester_email) {
    const targets = await requestsRepo.targets(trx, [request.id]);
    // The requester reads the times in his own zone, else his customer's (the mail audience rule).
    const { timeZone } = await deps.outbox.audienceOf(trx, request.requester_email, { timeZone: request.time_zone });
    await deps.outbox.enqueueEmail(trx, {
      topic: 'request.acknowledged',
      dedupeKey: `request-acknowledged:${request.id}`,
      contractId: request.contract_id,
      to: [request.requester_email],
      ...emergencyAcknowledgement(
        deps.publicUrl,
        { ...request, time_zone: timeZone },
        targets,
        await firmHotline(deps.settings, trx),
      ),
      // RFC 3834: written by the product (also for an email request), so auto-responders do not answer it.
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
  }
  const to = (await requestsRepo.providerRecipients(trx, ['ir_manager'])).map((u) => u.email);
  if (to.length === 0) return;
  const emergency = request.kind === 'emergency';
  const what = emergency
    ? `${request.severity} ${label('incidentType', request.incident_type).toLowerCase()}`
    : (request.catalog_item_name ?? 'proactive service');
  const content = ({ kind, timeZone }: Audience) =>
    renderEmail({
      heading: emergency
        ? `Emergency request: ${request.customer_name}`
        : `New proactive request: ${request.customer_name}`,
      paragraphs: [
        emergency
          ? `${request.customer_name} reported a ${what} incident via ${label('requestChannel', request.channel).toLowerCase()}. The SLA clocks started at ${zonedTime(request.received_at, timeZone)}.`
          : `${request.customer_name} asked for ${what}, desired start ${request.desired_start}.`,
        request.description.length > 600 ? `${request.description.slice(0, 600)}…` : request.description,
        ...(request.flags.length ? [`Flags: ${request.flags.map((f) => label('requestFlag', f)).join(', ')}.`] : []),
      ],
      facts: [
        ['Request', request.number],
        ['Contract', request.contract_number],
        ['Requester', request.requester_name ?? 'not recorded'],
      ],
      action: {
        label: 'Open the request',
        url: itemLink(deps.publicUrl, kind, { type: 'request', number: request.number }),
      },
    });
  await deps.outbox.enqueueForRecipients(
    trx,
    to,
    (audience) => ({
      topic: 'request.received',
      contractId: request.contract_id,
      subject: emergency
        ? `[${request.severity}] Emergency request ${request.number} from ${request.customer_name}: ${what}`
        : `Proactive request ${request.number} from ${request.customer_name}: ${what}`,
      ...content(audience),
    }),
    { kind: 'staff' },
  );
}
