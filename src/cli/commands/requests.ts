import type { Command } from 'commander';
import type { z } from 'zod';
import type { CatalogItem } from '../../shared/contracts/catalog.ts';
import type { ServiceRequest, ServiceRequestDetail } from '../../shared/contracts/requests.ts';
import { zonedTime } from '../../shared/dates.ts';
import { AppError } from '../../shared/errors.ts';
import { label } from '../../shared/labels.ts';
import { withApi, type ApiClient } from '../client.ts';
import { printJsonOr, printTable } from '../output.ts';
import { collectList } from '../options.ts';

type RequestJson = z.output<typeof ServiceRequest>;
type DetailJson = z.output<typeof ServiceRequestDetail>;
type ItemJson = z.output<typeof CatalogItem>;

/** A catalog item given by id (cat_…) or by its name (without case). */
async function resolveItem(client: ApiClient, ref: string): Promise<string> {
  if (/^cat_/.test(ref)) return ref;
  const page = await client.request<{ items: ItemJson[] }>('GET', '/api/v1/catalog?limit=200');
  const found = page.items.find((i) => i.name.toLowerCase() === ref.trim().toLowerCase());
  if (!found)
    throw new AppError(
      'NOT_FOUND',
      `No catalog item is named "${ref}". The catalog: ${page.items.map((i) => i.name).join(', ')}.`,
    );
  return found.id;
}

const what = (request: RequestJson) =>
  request.kind === 'emergency'
    ? `${request.severity} ${label('incidentType', request.incidentType).toLowerCase()}`
    : (request.catalogItemName ?? '');
const row = (request: RequestJson) => ({
  number: request.number,
  kind: label('requestKind', request.kind),
  status: label('requestStatus', request.status),
  customer: request.customerName,
  what: what(request),
  received: request.receivedAt,
  sla: request.slaStatus ? label('slaStatus', request.slaStatus) : '',
  next:
    request.slaTargets.find((x) => x.status === 'pending' || x.status === 'at_risk')?.dueAt ??
    request.desiredStart ??
    '',
  owner: request.owner?.name ?? '',
  phone: request.requesterPhone ?? '',
  flags: request.flags.map((f) => label('requestFlag', f)).join(', '),
});

function summary(request: RequestJson): string {
  return [
    `${request.number}  ${label('requestKind', request.kind)}: ${what(request)}  ${label('requestStatus', request.status)}${request.statusReason ? ` (${request.statusReason})` : ''}`,
    `Customer: ${request.customerName}, contract ${request.contractNumber} (${request.timeZone})`,
    `Received: ${request.receivedAt} via ${label('requestChannel', request.channel)}${request.requesterName ? ` from ${request.requesterName}` : ''}`,
    ...(request.kind === 'proactive'
      ? [
          `Desired start: ${request.desiredStart} (earliest ${request.earliestStart}, lead time ${request.leadTimeDays} days)`,
        ]
      : []),
    ...(request.supportLevel
      ? [
          `Level of support: ${label('supportLevel', request.supportLevel)}${request.onsiteRequired ? ', on site needed' : ''}`,
        ]
      : []),
    ...request.notices.map((n) => `! ${n.message}`),
    ...(request.slaTargets.length
      ? [
          'SLA:',
          ...request.slaTargets.map(
            (x) =>
              `  ${label('slaKind', x.kind).padEnd(20)} due ${x.dueAt}  ${label('slaStatus', x.status)}${x.metAt ? ` (met ${x.metAt})` : ''}`,
          ),
        ]
      : []),
    `Description: ${request.description}`,
  ].join('\n');
}

export function registerRequestCommands(program: Command): void {
  const requests = program
    .command('requests')
    .description('service requests: emergency and proactive intake, SLA milestones');

  registerRequestIntakeCommands(requests);
  registerRequestFollowUpCommands(requests);
  registerTriageCommands(requests);
}

/** `imr requests list` and `imr requests create`. */
function registerRequestIntakeCommands(requests: Command): void {
  requests
    .command('list')
    .description('the requests board: emergencies first, then oldest first')
    .option('--status <status>', 'only these statuses (repeat or comma-separate)', collectList)
    .option('--kind <kind>', 'emergency | proactive')
    .option('--customer <id>', 'only this customer (cus_…)')
    .option('--sla <status>', 'pending | at_risk | met | breached')
    .option('--triage', 'the triage order: emergencies by severity (P1 first), then the earliest SLA due time')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        status?: string[];
        kind?: string;
        customer?: string;
        sla?: string;
        triage?: boolean;
        json?: boolean;
      }) =>
        withApi(async (c) => {
          const items: RequestJson[] = [];
          let cursor: string | null = null;
          do {
            const params = new URLSearchParams({
              limit: '200',
              ...(opts.status?.length ? { status: opts.status.join(',') } : {}),
              ...(opts.kind ? { kind: opts.kind } : {}),
              ...(opts.customer ? { customerId: opts.customer } : {}),
              ...(opts.sla ? { slaStatus: opts.sla } : {}),
              ...(opts.triage ? { sort: 'triage' } : {}),
              ...(cursor ? { cursor } : {}),
            });
            const page: { items: RequestJson[]; nextCursor: string | null } = await c.request(
              'GET',
              `/api/v1/requests?${params}`,
            );
            items.push(...page.items);
            cursor = page.nextCursor;
          } while (cursor);
          printTable(
            items.map(row),
            ['number', 'kind', 'status', 'customer', 'what', 'received', 'sla', 'next', 'owner', 'phone', 'flags'],
            !!opts.json,
            items,
          );
        }),
    );

  requests
    .command('create')
    .description('log a request (hotline or email intake: --channel, --received-at, --requester)')
    .requiredOption('--contract <id>', 'the retainer contract (ctr_…)')
    .requiredOption('--kind <kind>', 'emergency | proactive')
    .requiredOption('--description <text>', 'what happened, or what is wanted')
    .option('--incident-type <type>', 'emergency: ransomware, business_email_compromise, …')
    .option('--severity <P1-P4>', 'emergency: P1 critical … P4 low')
    .option('--onsite', 'on-site presence is needed')
    .option('--catalog-item <id or name>', 'proactive: the service')
    .option('--desired-start <YYYY-MM-DD>', 'proactive: the wished start date')
    .option('--channel <channel>', 'hotline | email (staff logging intake)')
    .option('--received-at <time>', 'when the call or email came in, ISO 8601 with offset (SLA clocks start here)')
    .option('--requester <contact id>', 'the contact who asked (con_…)')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        contract: string;
        kind: string;
        description: string;
        incidentType?: string;
        severity?: string;
        onsite?: boolean;
        catalogItem?: string;
        desiredStart?: string;
        channel?: string;
        receivedAt?: string;
        requester?: string;
        json?: boolean;
      }) =>
        withApi(async (c) => {
          const body = {
            contractId: opts.contract,
            kind: opts.kind,
            description: opts.description,
            onsiteRequired: !!opts.onsite,
            ...(opts.incidentType ? { incidentType: opts.incidentType } : {}),
            ...(opts.severity ? { severity: opts.severity.toUpperCase() } : {}),
            ...(opts.catalogItem ? { catalogItemId: await resolveItem(c, opts.catalogItem) } : {}),
            ...(opts.desiredStart ? { desiredStart: opts.desiredStart } : {}),
            ...(opts.channel ? { channel: opts.channel } : {}),
            ...(opts.receivedAt ? { receivedAt: opts.receivedAt } : {}),
            ...(opts.requester ? { requesterContactId: opts.requester } : {}),
          };
          const request = await c.request<RequestJson>('POST', '/api/v1/requests', body);
          printJsonOr(!!opts.json, request, () => `Recorded.\n${summary(request)}`);
        }),
    );
}

/** `imr requests contacted` and `imr requests assign` (triage). */
function registerTriageCommands(requests: Command): void {
  requests
    .command('contacted <id>')
    .description('record that the customer was contacted; the first contact of an emergency is its initial contact')
    .requiredOption('--channel <channel>', 'phone | email | video | in_person | chat')
    .option('--at <time>', 'when, ISO 8601 with offset (default now)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { channel: string; at?: string; json?: boolean }) =>
      withApi(async (c) => {
        const response = await c.request<{ initialContactRecorded: boolean; request: RequestJson }>(
          'POST',
          `/api/v1/requests/${encodeURIComponent(id)}/contacted`,
          { channel: opts.channel, ...(opts.at ? { at: opts.at } : {}) },
        );
        const target = response.request.slaTargets.find((x) => x.kind === 'initial_contact');
        const zone = response.request.timeZone;
        printJsonOr(!!opts.json, response, () =>
          response.initialContactRecorded && target?.metAt
            ? `Initial contact recorded at ${zonedTime(new Date(target.metAt), zone)}: ${target.status}.`
            : target?.metAt
              ? `Contact noted. The initial contact stays at ${zonedTime(new Date(target.metAt), zone)}, the first one.`
              : 'Contact noted.',
        );
      }),
    );

  requests
    .command('assign <id>')
    .description(
      "triage: make an IR manager or consultant the request's owner (the first owner records the initial contact)",
    )
    .requiredOption('--owner <email>', 'the owner’s e-mail address')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { owner: string; json?: boolean }) =>
      withApi(async (c) => {
        const request = await c.request<RequestJson>('POST', `/api/v1/requests/${encodeURIComponent(id)}/triage`, {
          ownerEmail: opts.owner,
        });
        printJsonOr(!!opts.json, request, () => `Owner: ${request.owner?.name ?? opts.owner}.`);
      }),
    );
}

/** `imr requests show` and `imr requests milestone`. */
function registerRequestFollowUpCommands(requests: Command): void {
  requests
    .command('show <number-or-id>')
    .description('one request (REQ-2026-0042 or its id) with its SLA targets, milestones, scoping calls and timeline')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) =>
      withApi(async (c) => {
        const detail = await c.request<DetailJson>('GET', `/api/v1/requests/${encodeURIComponent(id)}`);
        printJsonOr(!!opts.json, detail, () =>
          [
            summary(detail),
            ...(detail.scopingCalls.length
              ? [
                  'Scoping calls:',
                  ...detail.scopingCalls.map(
                    (s) =>
                      `  ${s.startsAt} ${s.durationMinutes} min ${s.status}${s.outcome ? ` → ${s.outcome}` : ''} ${s.id}`,
                  ),
                ]
              : []),
            'Timeline:',
            ...detail.timeline.map(
              (e) => `  ${zonedTime(new Date(e.at), detail.timeZone)}  ${e.summary}${e.actor ? ` (${e.actor})` : ''}`,
            ),
          ].join('\n'),
        );
      }),
    );

  requests
    .command('milestone <number-or-id> <kind>')
    .description('record when an SLA target was met: initial_contact | remote_start | onsite_arrival')
    .option('--at <time>', 'when it was met, ISO 8601 with offset (default now)')
    .option('--reason <text>', 'required to correct a milestone already recorded')
    .option('--json', 'print JSON')
    .action(async (id: string, kind: string, opts: { at?: string; reason?: string; json?: boolean }) =>
      withApi(async (c) => {
        const response = await c.request<{ milestone: { kind: string; at: string }; request: RequestJson }>(
          'POST',
          `/api/v1/requests/${encodeURIComponent(id)}/milestones`,
          {
            kind,
            ...(opts.at ? { at: opts.at } : {}),
            ...(opts.reason ? { reason: opts.reason } : {}),
          },
        );
        const target = response.request.slaTargets.find((x) => x.kind === kind);
        printJsonOr(
          !!opts.json,
          response,
          () =>
            `${label('slaKind', kind)} recorded at ${response.milestone.at}${target ? `: ${label('slaStatus', target.status)} (due ${target.dueAt})` : ' (no SLA target of this kind)'}.`,
        );
      }),
    );
}
