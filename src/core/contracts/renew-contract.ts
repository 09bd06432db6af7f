import type { Contract } from '../../shared/contracts/contracts.ts';
import { AppError } from '../../shared/errors.ts';
import type { Ctx } from '../context.ts';
import type { ContractsDeps } from './contracts.deps.ts';
import { invalid, loadContract, lockContract } from './contracts.load.ts';
import { renewalTerm } from './contracts.rules.ts';
import { toContractView } from './contracts.views.ts';
import { insertContract, type NewContract } from './create-contract.ts';

export type RenewalInput = Omit<NewContract, 'customerId' | 'unit' | 'termStart' | 'termEnd'> & {
  termStart?: string | undefined;
  termEnd?: string | undefined;
};

/**
 * Creates the successor of an active or expired contract (one per contract): same customer and unit,
 * by default the next term of the same length and the predecessor's settings. The rollover itself
 * happens at the predecessor's term end.
 */
export async function renewContract(deps: ContractsDeps, ctx: Ctx, id: string, input: RenewalInput): Promise<Contract> {
  const successorId = await deps.db.transaction(async (trx) => {
    const contract = await lockContract(trx, ctx, id, 'manage');
    if (contract.status !== 'active' && contract.status !== 'expired') {
      throw new AppError(
        'BUSINESS_RULE',
        `Contract ${contract.number} is ${contract.status}: only active or expired contracts are renewed. Create a new contract instead.`,
      );
    }
    if (contract.successor_id)
      throw new AppError('CONFLICT', `Contract ${contract.number} is already renewed by ${contract.successor_id}.`, {
        successorId: contract.successor_id,
      });
    const term = renewalTerm(contract.term_start, contract.term_end, input.termStart);
    if (term.termStart <= contract.term_end)
      throw invalid('termStart', `the successor's term must start after ${contract.term_end}, when this one ends`);
    const created = await insertContract(deps, trx, ctx, {
      ...input,
      customerId: contract.customer_id,
      unit: contract.unit,
      unitsPerHour: input.unitsPerHour ?? contract.units_per_hour ?? undefined,
      termStart: term.termStart,
      termEnd: input.termEnd ?? term.termEnd,
      predecessorId: contract.id,
      baseSettings: contract.settings,
    });
    await deps.audit.record(trx, ctx, {
      action: 'contract.renewed',
      entityType: 'contract',
      entityId: contract.id,
      organizationId: contract.organization_id,
      after: { successorId: created, number: input.number },
    });
    return created;
  });
  return toContractView(await loadContract(deps.db.kysely, successorId));
}
