import type { Insertable } from 'kysely';
import type { Executor } from '../../db/create-db.ts';
import type { CreateRequestBody, RequestChannel } from '../../shared/contracts/requests.ts';
import { AppError } from '../../shared/errors.ts';
import { catalogRepo } from '../catalog/catalog.repo.ts';
import { isCustomerUser, type Actor, type Ctx } from '../context.ts';
import { localDate } from '../../shared/dates.ts';
import { assertContactMayRequest, visibleContract } from './requests.access.ts';
import type { RequestsDeps } from './requests.deps.ts';
import { invalid } from './requests.errors.ts';
import { notifyReceived } from './requests.notify.ts';
import { requestsPolicy } from './requests.policy.ts';
import { requestsRepo, type RequestWithNames } from './requests.repo.ts';
import type { ServiceRequestsTable } from './requests.tables.ts';
import { assertProactiveAllowed, emergencyTerms, writeTargets, type ContractInfo } from './requests.terms.ts';
import { loadRequestView } from './read-requests.ts';
import { notifyOncallOfEmergency } from '../staffing/oncall.notify.ts';
import type { DerivedTarget } from './sla.rules.ts';

type NewRequest = Omit<Insertable<ServiceRequestsTable>, 'flags'>;

/** How a request reached us when nobody says: the browser is the portal, a token is the API. */
function channelOf(ctx: Ctx): RequestChannel {
  if (ctx.channel === 'hotline' || ctx.channel === 'email') return ctx.channel;
  return ctx.channel === 'web' ? 'portal' : 'api';
}

/**
 * Staff log intake (and the product itself: an emergency by email); customers who may request ask for
 * themselves, without the intake-only fields. True for staff and the system.
 */
function assertMayCreate(actor: Actor, input: CreateRequestBody): boolean {
  const staff = requestsPolicy.logIntake(actor) || actor.type === 'system';
  if (!staff && !requestsPolicy.customerMayRequest(actor)) {
    throw new AppError(
      'FORBIDDEN',
      "Your role cannot request services: ask your organisation's point of contact or a requester.",
    );
  }
  if (!staff && (input.channel || input.receivedAt || input.requesterContactId)) {
    throw new AppError(
      'FORBIDDEN',
      'Only IR staff logging a call or an email set channel, receivedAt and requesterContactId.',
    );
  }
  return staff;
}

/** The requesting contact: the customer user's own, or the one staff name (a contact of this customer). */
async function requesterContactOf(
  trx: Executor,
  actor: Actor,
  staff: boolean,
  contract: ContractInfo,
  requesterContactId: string | undefined,
): Promise<string | null> {
  if (!staff) return assertContactMayRequest(trx, actor, contract.customer_id);
  if (!requesterContactId) return null;
  const contact = await requestsRepo.contact(trx, requesterContactId);
  if (!contact || contact.customer_id !== contract.customer_id)
    throw invalid('body.requesterContactId', 'is not a contact of this customer');
  return contact.id;
}

/** The site an emergency names: one of the customer's sites (400 otherwise). */
async function requestSiteOf(trx: Executor, contract: ContractInfo, input: CreateRequestBody): Promise<string | null> {
  if (input.kind !== 'emergency' || !input.siteId) return null;
  const site = await requestsRepo.site(trx, input.siteId);
  if (!site || site.customer_id !== contract.customer_id)
    throw invalid('body.siteId', "is not one of this customer's sites");
  return site.id;
}

/** Inserts the request with its kind's fields (proactive: lead time checked; emergency: terms derived); returns its SLA targets. */
async function insertRequest(
  deps: RequestsDeps,
  trx: Executor,
  contract: ContractInfo,
  base: NewRequest,
  input: CreateRequestBody,
  receivedAt: Date,
): Promise<DerivedTarget[]> {
  if (input.kind === 'proactive') {
    const leadTime = await assertProactiveAllowed(deps, trx, contract, {
      activeDate: localDate(receivedAt, contract.time_zone),
      catalogItemId: input.catalogItemId,
      receivedAt,
      desiredStart: input.desiredStart,
    });
    await requestsRepo.insert(trx, {
      ...base,
      catalog_item_id: leadTime.item.id,
      desired_start: input.desiredStart,
      lead_time_days: leadTime.days,
      earliest_start: leadTime.earliestStart,
      flags: '[]',
    });
    return [];
  }
  const terms = emergencyTerms(contract, {
    received_at: receivedAt,
    incident_type: input.incidentType,
    severity: input.severity,
    onsite_required: input.onsiteRequired,
  });
  const emergencyItem = await catalogRepo.activeEmergencyItem(trx);
  await requestsRepo.insert(trx, {
    ...base,
    catalog_item_id: emergencyItem?.id ?? null,
    incident_type: input.incidentType,
    severity: input.severity,
    support_level: terms.supportLevel,
    flags: JSON.stringify(terms.flags),
  });
  return terms.targets;
}

async function auditCreated(deps: RequestsDeps, trx: Executor, ctx: Ctx, row: RequestWithNames): Promise<void> {
  await deps.audit.record(trx, ctx, {
    action: 'request.created',
    entityType: 'service_request',
    entityId: row.id,
    organizationId: row.organization_id,
    after: {
      kind: row.kind,
      channel: row.channel,
      contractId: row.contract_id,
      receivedAt: row.received_at.toISOString(),
      ...(row.kind === 'emergency'
        ? {
            incidentType: row.incident_type,
            severity: row.severity,
            onsiteRequired: row.onsite_required,
            supportLevel: row.support_level,
            flags: row.flags,
          }
        : {
            catalogItemId: row.catalog_item_id,
            desiredStart: row.desired_start,
            leadTimeDays: row.lead_time_days,
            earliestStart: row.earliest_start,
          }),
    },
  });
}

/**
 * Records a request. Customer users whose contact may request ask for their own organisation;
 * IR managers log hotline and email intake for any customer. Proactive: an active contract and the
 * lead time (422 LEAD_TIME_TOO_SHORT with the earliest start). Emergency: always recorded, with the
 * contract's level of support, flags, and SLA targets from receivedAt. A refusal records nothing.
 */
export async function createRequest(deps: RequestsDeps, ctx: Ctx, input: CreateRequestBody) {
  const actor = ctx.actor;
  const userId = actor.type === 'user' ? actor.userId : null;
  const staff = assertMayCreate(actor, input);
  const now = deps.clock.now();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime())
    throw invalid(
      'body.receivedAt',
      'Give a time that has come: it must not be in the future',
      `now is ${now.toISOString()}`,
    );
  const id = deps.ids.next('req');
  await deps.db.transaction(async (trx) => {
    const contract = await visibleContract(trx, actor, input.contractId);
    const requesterContactId = await requesterContactOf(trx, actor, staff, contract, input.requesterContactId);
    const base: NewRequest = {
      id,
      number: await requestsRepo.nextNumber(trx, now.getUTCFullYear()),
      organization_id: contract.organization_id,
      customer_id: contract.customer_id,
      contract_id: contract.id,
      kind: input.kind,
      status: 'received',
      channel: input.channel ?? channelOf(ctx),
      onsite_required: input.onsiteRequired,
      description: input.description,
      received_at: receivedAt,
      site_id: await requestSiteOf(trx, contract, input),
      requester_contact_id: requesterContactId,
      requester_user_id: staff ? null : userId,
      created_by_user_id: userId,
      status_changed_at: now,
      created_at: now,
      updated_at: now,
    };
    const targets = await insertRequest(deps, trx, contract, base, input, receivedAt);
    await writeTargets(trx, id, targets);
    const row = (await requestsRepo.byId(trx, id))!;
    await auditCreated(deps, trx, ctx, row);
    await deps.outbox.emitWebhookEvent(trx, {
      type: 'request.created',
      data: {
        requestId: row.id,
        customerId: row.customer_id,
        contractId: row.contract_id,
        kind: row.kind,
        status: row.status,
        channel: row.channel,
        severity: row.severity,
        incidentType: row.incident_type,
        onsiteRequired: row.onsite_required,
        receivedAt: row.received_at.toISOString(),
      },
    });
    await notifyReceived(deps, trx, row);
    await notifyOncallOfEmergency(deps, trx, { ...row, customer_time_zone: contract.time_zone });
  });
  return loadRequestView(deps, deps.db.kysely, id, !isCustomerUser(ctx.actor));
}
