import type { Executor } from '../../db/create-db.ts';
import type { UpdateRequestBody } from '../../shared/contracts/requests.ts';
import { AppError } from '../../shared/errors.ts';
import { isCorrectable } from '../../shared/requests.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { localDate } from '../../shared/dates.ts';
import { lockedVisible, visibleContract } from './requests.access.ts';
import type { RequestsDeps } from './requests.deps.ts';
import { invalid } from './requests.errors.ts';
import { requestsPolicy } from './requests.policy.ts';
import { requestsRepo, type RequestRow } from './requests.repo.ts';
import { assertProactiveAllowed, emergencyTerms, writeTargets, type ContractInfo } from './requests.terms.ts';
import { loadRequestView } from './read-requests.ts';

type Derived = Pick<Partial<RequestRow>, 'support_level' | 'flags' | 'lead_time_days' | 'earliest_start'>;
type Corrected = Pick<RequestRow, 'description' | 'severity' | 'incident_type' | 'onsite_required' | 'contract_id'>;

/** A correction applies to the revision read, to a request still correctable, and to fields of its kind. */
function assertMayCorrect(request: RequestRow, id: string, patch: UpdateRequestBody): void {
  if (patch.revision !== undefined && patch.revision !== request.revision) {
    throw new AppError(
      'STALE_REVISION',
      `Request ${id} changed since you read it (revision ${request.revision}, you edited ${patch.revision}): reload it and apply your change again.`,
      { currentRevision: request.revision },
    );
  }
  if (!isCorrectable(request.status)) {
    throw new AppError(
      'CONFLICT',
      `Request ${id} is ${request.status}: it can be corrected or moved only before its EWO is approved and while it is open.`,
      { status: request.status },
    );
  }
  if (request.kind === 'proactive' && (patch.severity || patch.incidentType)) {
    throw invalid(patch.severity ? 'body.severity' : 'body.incidentType', 'applies to emergency requests only');
  }
}

/**
 * What the contract derives again for the corrected request: an emergency's level of support, flags and
 * SLA targets (written here); a proactive request moved to another contract, its lead time (checked).
 */
async function deriveAgain(
  deps: RequestsDeps,
  trx: Executor,
  request: RequestRow,
  next: Corrected,
  contract: ContractInfo,
  now: Date,
): Promise<Derived> {
  if (request.kind === 'emergency') {
    const terms = emergencyTerms(
      contract,
      {
        received_at: request.received_at,
        incident_type: next.incident_type!,
        severity: next.severity!,
        onsite_required: next.onsite_required,
      },
      localDate(now, contract.time_zone),
    );
    await writeTargets(trx, request.id, terms.targets);
    return { support_level: terms.supportLevel, flags: terms.flags };
  }
  if (contract.id === request.contract_id) return {};
  const leadTime = await assertProactiveAllowed(deps, trx, contract, {
    activeDate: localDate(now, contract.time_zone),
    catalogItemId: request.catalog_item_id!,
    receivedAt: request.received_at,
    desiredStart: request.desired_start!,
  });
  return { lead_time_days: leadTime.days, earliest_start: leadTime.earliestStart };
}

/** The audit row of a correction: only the fields whose value changed, before and after. */
async function auditCorrection(
  deps: RequestsDeps,
  trx: Executor,
  ctx: Ctx,
  request: RequestRow,
  corrected: Corrected & Derived,
  reason: string | undefined,
): Promise<void> {
  const changed = Object.fromEntries(
    Object.entries(corrected).filter(
      ([key, value]) => JSON.stringify(value) !== JSON.stringify(request[key as keyof RequestRow]),
    ),
  );
  await deps.audit.record(trx, ctx, {
    action: 'request.updated',
    entityType: 'service_request',
    entityId: request.id,
    organizationId: request.organization_id,
    before: Object.fromEntries(Object.keys(changed).map((key) => [key, request[key as keyof RequestRow]])),
    after: { ...changed, ...(reason ? { reason } : {}) },
  });
}

/**
 * IR managers correct the description, incident type, severity or on-site need, or move the request
 * to another contract of the same customer, before its EWO is approved. Flags, lead time and SLA
 * targets are derived again (what was met stays met).
 */
export async function correctRequest(deps: RequestsDeps, ctx: Ctx, id: string, patch: UpdateRequestBody) {
  authorize(ctx.actor, requestsPolicy.manage, 'Only IR managers correct requests.');
  const actor = ctx.actor;
  await deps.db.transaction(async (trx) => {
    const request = await lockedVisible(trx, actor, id);
    assertMayCorrect(request, id, patch);
    const now = deps.clock.now();
    const contract = await visibleContract(trx, actor, patch.contractId ?? request.contract_id);
    if (contract.customer_id !== request.customer_id) {
      throw new AppError(
        'BUSINESS_RULE',
        `Contract ${contract.number} belongs to another customer: a request moves only between contracts of its own customer.`,
        { contractId: contract.id },
      );
    }
    const next: Corrected = {
      description: patch.description ?? request.description,
      severity: patch.severity ?? request.severity,
      incident_type: patch.incidentType ?? request.incident_type,
      onsite_required: patch.onsiteRequired ?? request.onsite_required,
      contract_id: contract.id,
    };
    const derived = await deriveAgain(deps, trx, request, next, contract, now);
    const { flags, ...rest } = derived;
    await requestsRepo.update(trx, id, {
      ...next,
      ...rest,
      ...(flags ? { flags: JSON.stringify(flags) } : {}),
      updated_at: now,
    });
    await auditCorrection(deps, trx, ctx, request, { ...next, ...derived }, patch.reason);
  });
  return loadRequestView(deps, deps.db.kysely, id);
}
