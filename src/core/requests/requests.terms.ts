import type { Executor } from '../../db/create-db.ts';
import { ContractSettings } from '../../shared/contracts/contract-settings.ts';
import type { SlaKind } from '../../shared/contracts/requests.ts';
import { AppError } from '../../shared/errors.ts';
import { catalogRepo } from '../catalog/catalog.repo.ts';
import { localDate } from '../../shared/dates.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { invalid } from './requests.errors.ts';
import { requestsRepo, type RequestRow } from './requests.repo.ts';
import {
  contractActiveOn,
  earliestStart,
  emergencyFlags,
  inactiveReason,
  leadTimeFor,
  type ContractTerm,
} from './requests.rules.ts';
import { deriveTargets } from './sla.rules.ts';

/** A contract with what intake needs of its customer (tenant, name, time zone). */
export type ContractInfo = NonNullable<Awaited<ReturnType<typeof requestsRepo.contractWithCustomer>>>;

export const termOf = (contract: ContractInfo): ContractTerm => ({
  number: contract.number,
  status: contract.status,
  termStart: contract.term_start,
  termEnd: contract.term_end,
});

/** Proactive work needs an active retainer on `date`: 422 CONTRACT_NOT_ACTIVE naming the term. */
export function contractNotActive(contract: ContractInfo, date: string): AppError {
  return new AppError(
    'CONTRACT_NOT_ACTIVE',
    `Proactive services need an active retainer, and ${inactiveReason(termOf(contract), date)}. Ask your account manager to renew or activate it; emergencies are accepted at any time.`,
    {
      contractId: contract.id,
      contractNumber: contract.number,
      status: contract.status,
      termStart: contract.term_start,
      termEnd: contract.term_end,
    },
  );
}

/** The proactive lead time of a contract and catalog item, and the earliest start for a request received at `receivedAt`. */
export async function leadTimeOf(
  deps: { settings: SettingsService },
  ex: Executor,
  contract: ContractInfo,
  catalogItemId: string,
  receivedAt: Date,
) {
  const item = await catalogRepo.byId(ex, catalogItemId);
  if (!item || !item.active || item.kind !== 'proactive')
    throw invalid('body.catalogItemId', 'is not an active proactive service of the catalog');
  const firm = await deps.settings.firmSettings(ex);
  const leadTime = leadTimeFor({
    contractOverride: ContractSettings.parse(contract.settings).leadTimeDaysOverride,
    catalogItemDays: item.lead_time_days,
    firmDays: firm.leadTimeDays,
  });
  return { item, ...leadTime, earliestStart: earliestStart(receivedAt, leadTime.days, contract.time_zone) };
}
export type LeadTimeOf = Awaited<ReturnType<typeof leadTimeOf>>;

/** A desired start before the earliest allowed one: 422 LEAD_TIME_TOO_SHORT with the earliest start. */
export function leadTimeTooShort(
  leadTime: LeadTimeOf,
  contract: ContractInfo,
  receivedAt: Date,
  desiredStart: string,
): AppError {
  return new AppError(
    'LEAD_TIME_TOO_SHORT',
    `The earliest allowed start is ${leadTime.earliestStart}: ${leadTime.item.name} needs ${leadTime.days} days' lead time, counted in ${contract.time_zone} from ${localDate(receivedAt, contract.time_zone)}. Choose ${leadTime.earliestStart} or later.`,
    {
      earliestStart: leadTime.earliestStart,
      leadTimeDays: leadTime.days,
      leadTimeSource: leadTime.source,
      timeZone: contract.time_zone,
      desiredStart,
    },
  );
}

/** The proactive checks of a request under `contract`: active on `activeDate`, and the lead time respected. */
export async function assertProactiveAllowed(
  deps: { settings: SettingsService },
  ex: Executor,
  contract: ContractInfo,
  check: { activeDate: string; catalogItemId: string; receivedAt: Date; desiredStart: string },
): Promise<LeadTimeOf> {
  if (!contractActiveOn(termOf(contract), check.activeDate)) throw contractNotActive(contract, check.activeDate);
  const leadTime = await leadTimeOf(deps, ex, contract, check.catalogItemId, check.receivedAt);
  if (check.desiredStart < leadTime.earliestStart)
    throw leadTimeTooShort(leadTime, contract, check.receivedAt, check.desiredStart);
  return leadTime;
}

/** The emergency fields derived from the contract: level of support, flags and SLA targets. */
export function emergencyTerms(
  contract: ContractInfo,
  request: {
    received_at: Date;
    incident_type: NonNullable<RequestRow['incident_type']>;
    severity: NonNullable<RequestRow['severity']>;
    onsite_required: boolean;
  },
  extraActiveDate?: string,
) {
  const settings = ContractSettings.parse(contract.settings);
  const active =
    contractActiveOn(termOf(contract), localDate(request.received_at, contract.time_zone)) ||
    (extraActiveDate !== undefined && contractActiveOn(termOf(contract), extraActiveDate));
  const supportLevel = settings.coverage[request.incident_type];
  const targets = deriveTargets({
    receivedAt: request.received_at,
    targets: settings.slaTargets[request.severity],
    onsiteRequired: request.onsite_required,
    supportLevel,
    contractActive: active,
  });
  return { supportLevel, flags: emergencyFlags(active, supportLevel), targets };
}

/** Replaces the SLA targets, keeping what was met (the current milestones) and what was notified for an unchanged due time. */
export async function writeTargets(
  trx: Executor,
  requestId: string,
  targets: ReturnType<typeof deriveTargets>,
): Promise<void> {
  const [old, milestones] = await Promise.all([
    requestsRepo.targets(trx, [requestId]),
    requestsRepo.milestones(trx, requestId),
  ]);
  const current = new Map<SlaKind, Date>();
  for (const milestone of milestones)
    if (!milestones.some((other) => other.supersedes_id === milestone.id)) current.set(milestone.kind, milestone.at);
  await requestsRepo.replaceTargets(
    trx,
    requestId,
    targets.map((target) => {
      const prev = old.find(
        (stored) => stored.kind === target.kind && stored.due_at.getTime() === target.dueAt.getTime(),
      );
      return {
        request_id: requestId,
        kind: target.kind,
        target_minutes: target.minutes,
        due_at: target.dueAt,
        at_risk_at: target.atRiskAt,
        met_at: current.get(target.kind) ?? null,
        at_risk_notified_at: prev?.at_risk_notified_at ?? null,
        breach_notified_at: prev?.breach_notified_at ?? null,
      };
    }),
  );
}
