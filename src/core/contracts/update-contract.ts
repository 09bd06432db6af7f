import type { ContractSettingsPatch } from '../../shared/contracts/contract-settings.ts';
import type { Contract } from '../../shared/contracts/contracts.ts';
import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import type { ContractsDeps } from './contracts.deps.ts';
import { assertNumberFree, invalid, loadContract, lockContract, normaliseUnitsPerHour } from './contracts.load.ts';
import { contractsRepo } from './contracts.repo.ts';
import { mergeSettings, termProblem, unitsPerHourProblem } from './contracts.rules.ts';
import { toContractView } from './contracts.views.ts';

export interface ContractPatch {
  number?: string | undefined;
  termStart?: string | undefined;
  termEnd?: string | undefined;
  unitsPerHour?: string | undefined;
  settings?: ContractSettingsPatch | undefined;
}

/**
 * Edits number, term, units per hour and settings (merged) of a draft or active contract, if the caller
 * edited the current revision (otherwise 409 STALE_REVISION).
 */
export async function updateContract(
  deps: ContractsDeps,
  ctx: Ctx,
  id: string,
  patch: ContractPatch,
  expectedRevision?: number,
): Promise<Contract> {
  await deps.db.transaction(async (trx) => {
    const contract = await lockContract(trx, ctx, id, 'manage');
    if (expectedRevision !== undefined && expectedRevision !== contract.revision) {
      throw new AppError(
        'STALE_REVISION',
        `Contract ${contract.number} changed since you read it (revision ${contract.revision}, you edited ${expectedRevision}). Reload it and apply your change again.`,
        { currentRevision: contract.revision },
      );
    }
    if (contract.status === 'expired' || contract.status === 'terminated') {
      throw new AppError(
        'CONTRACT_NOT_ACTIVE',
        `Contract ${contract.number} is ${contract.status} (term ${contract.term_start} to ${contract.term_end}) and can no longer be edited. Renew it to continue.`,
        { status: contract.status },
      );
    }
    const next = {
      number: patch.number?.trim() ?? contract.number,
      term_start: patch.termStart ?? contract.term_start,
      term_end: patch.termEnd ?? contract.term_end,
      units_per_hour:
        patch.unitsPerHour !== undefined ? normaliseUnitsPerHour(patch.unitsPerHour) : contract.units_per_hour,
    };
    const term = termProblem(next.term_start, next.term_end);
    if (term) throw invalid(patch.termEnd ? 'termEnd' : 'termStart', term);
    const unitsPerHour = unitsPerHourProblem(contract.unit, next.units_per_hour);
    if (unitsPerHour) throw invalid('unitsPerHour', unitsPerHour);
    if (next.number.toLowerCase() !== contract.number.toLowerCase()) await assertNumberFree(trx, next.number, id);
    const settings = mergeSettings(contract.settings, patch.settings);
    await contractsRepo.update(trx, id, {
      ...next,
      settings: JSON.stringify(settings),
      revision: contract.revision + 1,
      updated_at: deps.clock.now(),
    });
    deps.ledger.forgetContract(id);
    await deps.audit.record(trx, ctx, {
      action: 'contract.updated',
      entityType: 'contract',
      entityId: id,
      organizationId: contract.organization_id,
      before: {
        number: contract.number,
        termStart: contract.term_start,
        termEnd: contract.term_end,
        unitsPerHour: contract.units_per_hour,
        settings: contract.settings,
      },
      after: {
        number: next.number,
        termStart: next.term_start,
        termEnd: next.term_end,
        unitsPerHour: next.units_per_hour,
        settings,
      },
    });
  });
  return toContractView(await loadContract(deps.db.kysely, id));
}
